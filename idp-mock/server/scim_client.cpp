#include "idp-mock/server/scim_client.hpp"

#include <algorithm>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/http/http_client.hpp"
#include "core/http/url.hpp"

namespace samlh::idp {

using nlohmann::json;
using std::chrono::milliseconds;

namespace {

constexpr const char* kUserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
constexpr const char* kGroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group";
constexpr const char* kPatchUrn = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
constexpr const char* kUserAgent = "Okta SCIM Client 1.0.0";

// A SCIM filter's string literal (RFC 7644 §3.4.2.2: JSON string rules).
std::string filter_eq(const std::string& attr, const std::string& value) {
  return attr + " eq " + json(value).dump();
}

json user_body(const ScimUser& u, bool active) {
  json name = {{"givenName", u.given_name}, {"familyName", u.family_name}};
  json j = {{"schemas", {kUserUrn}},
            {"userName", u.user_name},
            {"externalId", u.okta_id},
            {"name", name},
            {"displayName", u.display_name},
            {"active", active}};
  if (!u.email.empty()) j["emails"] = json::array({{{"primary", true}, {"value", u.email}, {"type", "work"}}});
  return j;
}

json active_patch(bool active) {
  return {{"schemas", {kPatchUrn}}, {"Operations", json::array({{{"op", "replace"}, {"value", {{"active", active}}}}})}};
}

std::optional<long> retry_after_ms(const core::http::ClientResponse& r) {
  const std::string* v = r.header("retry-after");
  if (v == nullptr || v->empty() || v->size() > 6 || v->find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stol(*v) * 1000;  // delta-seconds only; an HTTP-date falls back to the backoff
}

}  // namespace

// The worker thread's state: the HTTP client and the SCIM IDs it learned.
struct ScimProvisioner::Worker {
  ScimProvisioner& owner;
  std::shared_ptr<ScimTransport> transport;
  std::map<std::string, std::string> user_ids;    // app \n okta id -> SCIM id
  std::map<std::string, std::string> group_ids;   // app \n okta group id -> SCIM id
  std::map<std::string, std::set<std::string>> group_members;  // same key -> SCIM member ids last pushed

  struct Reply {
    int status = 0;
    json body;  // discarded unless an object
  };

  explicit Worker(ScimProvisioner& o)
      : owner(o),
        transport(o.options_.transport != nullptr
                      ? o.options_.transport
                      : std::make_shared<HttpScimTransport>(
                            core::http::ClientOptions{o.options_.timeout, o.options_.body_limit, {}})) {}

  static std::string key(const ScimJob& j, const std::string& id) { return j.app + "\n" + id; }

  void note(const ScimJob& j, const std::string& action, const std::string& target, const std::string& outcome,
            const std::string& detail) {
    owner.record({0, j.app, action, target, "", "", 0, 0, outcome, detail});
  }

  // One request with its retries. Status 0: gave up on transport errors.
  Reply send(const ScimJob& j, const std::string& action, const std::string& target, const std::string& method,
             const std::string& path, const std::string& query, const json* body) {
    auto base = core::http::parse_url(j.base_url);
    if (!base || base->scheme != "http") {
      note(j, action, target, "failed", "scim_connector_base_url is not an http:// URL");
      return {};
    }
    core::http::Url url = *base;
    std::string prefix = url.path;
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    url.path = prefix + path;
    url.query = query.empty() ? std::nullopt : std::optional<std::string>(query);
    url.fragment.reset();
    core::http::Headers headers = {{"Authorization", "Bearer " + j.token},
                                   {"Accept", "application/scim+json"},
                                   {"User-Agent", kUserAgent}};
    std::string payload;
    if (body != nullptr) {
      headers.emplace_back("Content-Type", "application/scim+json; charset=utf-8");
      payload = body->dump();
    }
    const std::string shown = path + (query.empty() ? "" : "?" + query);
    const auto& o = owner.options_;
    milliseconds waited{0};
    for (int attempt = 1;; ++attempt) {
      auto r = transport->request(method, url, headers, payload);
      const bool retryable = r.status == 0 || r.status == 429 || r.status >= 500;
      milliseconds delay{0};
      if (retryable) {
        auto after = r.status == 429 ? retry_after_ms(r) : std::nullopt;
        delay = after ? milliseconds(*after) : o.base_delay * (1L << std::min(attempt - 1, 10));
        delay = std::min(delay, o.max_delay);
      }
      const bool again = retryable && attempt < o.max_attempts && waited + delay <= o.max_total;
      std::string outcome = !retryable && r.status < 400 ? "ok" : again ? "retry" : "failed";
      std::string detail = r.status == 0 ? r.error : "";
      if (again) detail += (detail.empty() ? "" : "; ") + std::string("retry in ") + std::to_string(delay.count()) + " ms";
      owner.record({0, j.app, action, target, method, shown, r.status, attempt, outcome, detail});
      if (!again) {
        Reply out{r.status, json::parse(r.body, nullptr, false)};
        if (!out.body.is_object()) out.body = json::object();
        return out;
      }
      waited += delay;
      if (!owner.wait(delay)) return {};
    }
  }

  // GET /Users?filter=userName eq "..." [O20]: the first match's id and active.
  std::optional<std::pair<std::string, bool>> lookup_user(const ScimJob& j) {
    std::string q = "filter=" + core::http::percent_encode(filter_eq("userName", j.user.user_name));
    Reply r = send(j, "user.lookup", j.user.user_name, "GET", "/Users", q, nullptr);
    if (r.status != 200) return std::nullopt;
    const json& res = r.body.contains("Resources") ? r.body["Resources"] : json::array();
    if (!res.is_array() || res.empty() || !res[0].is_object() || !res[0].contains("id") || !res[0]["id"].is_string())
      return std::pair<std::string, bool>{"", false};
    const json& first = res[0];
    return std::pair<std::string, bool>{first["id"].get<std::string>(), first.value("active", true)};
  }

  std::string known_user(const ScimJob& j) {
    auto it = user_ids.find(key(j, j.user.okta_id));
    if (it != user_ids.end()) return it->second;
    auto found = lookup_user(j);
    if (found && !found->first.empty()) user_ids[key(j, j.user.okta_id)] = found->first;
    return found ? found->first : "";
  }

  void assign(const ScimJob& j) {
    auto found = lookup_user(j);
    if (!found) return note(j, "user.assign", j.user.user_name, "failed", "the look-up failed");
    if (found->first.empty()) {
      if (!j.create_users) return note(j, "user.create", j.user.user_name, "skipped", "Create Users is off");
      json body = user_body(j.user, true);
      Reply r = send(j, "user.create", j.user.user_name, "POST", "/Users", "", &body);
      if (r.status == 201 && r.body.contains("id") && r.body["id"].is_string())
        user_ids[key(j, j.user.okta_id)] = r.body["id"].get<std::string>();
      return;
    }
    user_ids[key(j, j.user.okta_id)] = found->first;
    if (found->second) return note(j, "user.link", j.user.user_name, "ok", "found active: linked, nothing sent");
    json body = active_patch(true);
    send(j, "user.reactivate", j.user.user_name, "PATCH", "/Users/" + core::http::percent_encode(found->first), "", &body);
  }

  void update(const ScimJob& j) {
    std::string id = known_user(j);
    if (id.empty()) return note(j, "user.update", j.user.user_name, "skipped", "not provisioned");
    json body = user_body(j.user, true);
    body["id"] = id;
    send(j, "user.update", j.user.user_name, "PUT", "/Users/" + core::http::percent_encode(id), "", &body);
  }

  void deactivate(const ScimJob& j) {
    std::string id = known_user(j);
    if (id.empty()) return note(j, "user.deactivate", j.user.user_name, "skipped", "not provisioned");
    json body = active_patch(false);
    send(j, "user.deactivate", j.user.user_name, "PATCH", "/Users/" + core::http::percent_encode(id), "", &body);
  }

  void push_group(const ScimJob& j) {
    const std::string k = key(j, j.group_id);
    std::set<std::string> want;
    json members = json::array();
    for (const auto& [okta_id, name] : j.members) {
      auto it = user_ids.find(key(j, okta_id));
      if (it == user_ids.end()) {
        note(j, "group.member", j.group_name, "skipped", name + " is not provisioned");
        continue;
      }
      want.insert(it->second);
      members.push_back({{"value", it->second}, {"display", name}});
    }
    if (!group_ids.count(k)) {
      json body = {{"schemas", {kGroupUrn}}, {"displayName", j.group_name}, {"members", members}};
      Reply r = send(j, "group.create", j.group_name, "POST", "/Groups", "", &body);
      if (r.status == 201 && r.body.contains("id") && r.body["id"].is_string()) {
        group_ids[k] = r.body["id"].get<std::string>();
        group_members[k] = want;
      }
      return;
    }
    const std::set<std::string>& had = group_members[k];
    json ops = json::array();
    json added = json::array();
    for (const auto& m : members)
      if (!had.count(m["value"].get<std::string>())) added.push_back(m);
    if (!added.empty()) ops.push_back({{"op", "add"}, {"path", "members"}, {"value", added}});
    for (const auto& id : had)
      if (!want.count(id)) ops.push_back({{"op", "remove"}, {"path", "members[value eq " + json(id).dump() + "]"}});
    if (ops.empty()) return;
    json body = {{"schemas", {kPatchUrn}}, {"Operations", ops}};
    Reply r = send(j, "group.update", j.group_name, "PATCH", "/Groups/" + core::http::percent_encode(group_ids[k]), "",
                   &body);
    if (r.status == 200 || r.status == 204) group_members[k] = want;
  }

  void run(const ScimJob& j) {
    switch (j.kind) {
      case ScimJob::Kind::assign: return assign(j);
      case ScimJob::Kind::update: return update(j);
      case ScimJob::Kind::deactivate: return deactivate(j);
      case ScimJob::Kind::push_group: return push_group(j);
    }
  }
};

ScimProvisioner::ScimProvisioner(ScimClientOptions options) : options_(options) {}

ScimProvisioner::~ScimProvisioner() {
  {
    std::lock_guard l(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool ScimProvisioner::enqueue(ScimJob job) {
  {
    std::lock_guard l(mu_);
    if (queue_.size() >= options_.queue_limit) {
      ++dropped_;
    } else {
      queue_.push_back(std::move(job));
      if (!thread_.joinable()) {
        worker_ = std::make_unique<Worker>(*this);
        thread_ = std::thread([this] { run(); });
      }
      cv_.notify_all();
      return true;
    }
  }
  record({0, job.app, "queue", job.user.user_name.empty() ? job.group_name : job.user.user_name, "", "", 0, 0,
          "dropped", "queue full (" + std::to_string(options_.queue_limit) + " jobs)"});
  return false;
}

ScimProvisioner::Status ScimProvisioner::status(std::uint64_t since) const {
  std::lock_guard l(mu_);
  Status s;
  s.pending = queue_.size() + (busy_ ? 1 : 0);
  s.dropped = dropped_;
  for (const auto& e : log_)
    if (e.seq > since) s.log.push_back(e);
  return s;
}

bool ScimProvisioner::wait_idle(milliseconds timeout) {
  std::unique_lock l(mu_);
  return cv_.wait_for(l, timeout, [this] { return stop_ || (queue_.empty() && !busy_); });
}

void ScimProvisioner::record(ScimLogEntry e) {
  std::lock_guard l(mu_);
  e.seq = next_seq_++;
  log_.push_back(std::move(e));
  while (log_.size() > options_.log_limit) log_.pop_front();
}

bool ScimProvisioner::wait(milliseconds d) {
  std::unique_lock l(mu_);
  return !cv_.wait_for(l, d, [this] { return stop_; });
}

void ScimProvisioner::run() {
  for (;;) {
    ScimJob job;
    {
      std::unique_lock l(mu_);
      busy_ = false;
      cv_.notify_all();  // wait_idle
      cv_.wait(l, [this] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
    }
    try {
      worker_->run(job);
    } catch (const std::exception& e) {  // a malformed answer no rule above foresaw: logged, the worker goes on
      record({0, job.app, "job", job.user.user_name, "", "", 0, 0, "failed", e.what()});
    }
  }
}

}  // namespace samlh::idp
