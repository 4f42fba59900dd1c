#include "idp-mock/server/control_api.hpp"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "core/bindings.hpp"
#include "core/http/url.hpp"
#include "core/yaml/json_bridge.hpp"
#include "idp-mock/assertion/certgen.hpp"
#include "idp-mock/server/api_json.hpp"
#include "idp-mock/server/assignment_report.hpp"
#include "idp-mock/server/provisioning.hpp"

namespace samlh::idp {

using core::http::Request;
using core::http::Response;
using nlohmann::json;

namespace {

Response ok(const json& j, int status = 200) { return Response::json(status, j.dump(2) + "\n"); }

Response err(int status, const std::string& code, const std::string& summary) {
  return ok(json{{"errorCode", code}, {"errorSummary", summary}}, status);
}

Response csv(std::string body) { return Response{200, {{"Content-Type", "text/csv; charset=utf-8"}}, std::move(body)}; }

Response dir_err(const DirError& e) {
  return err(e.status, e.status == 404 ? "E0000007" : "E0000001", e.message);  // Okta's codes: not found / invalid
}

// A segment with a malformed escape stays as it came (it then names nothing).
std::string pct_decode(std::string_view s) { return core::http::percent_decode(s).value_or(std::string(s)); }

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    auto j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out.push_back(pct_decode(std::string_view(path).substr(i, j - i)));
    i = j + 1;
  }
  return out;
}

std::string query_param(const Request& req, const std::string& name) {
  const auto params = core::http::query_params(req.query);
  if (!params) return {};
  for (const auto& [n, v] : *params) {
    if (n == name) return v;
  }
  return {};
}

void end_sessions_of(Idp::Locked& idp, const std::string& login) {
  std::erase_if(idp.state().sessions, [&](const auto& kv) { return kv.second.login == login; });
}

void apply_user_fields(User& u, const json& j) {
  const json& p = j.contains("profile") && j["profile"].is_object() ? j["profile"] : json::object();
  for (const json* src : {&j, &p}) {
    if (src->contains("email") && (*src)["email"].is_string()) u.email = (*src)["email"];
    for (const char* k : {"firstName", "lastName", "displayName"})
      if (src->contains(k) && (*src)[k].is_string()) u.profile[k] = (*src)[k];
  }
  for (auto& [k, v] : p.items())
    if (v.is_string() && k != "login" && k != "email") u.profile[k] = v.get<std::string>();
  if (j.contains("password") && j["password"].is_string()) u.password = j["password"];
  // Okta's shape: {"credentials": {"password": {"value": "..."}}}
  if (j.contains("credentials") && j["credentials"].contains("password"))
    u.password = j["credentials"]["password"].value("value", u.password);
}

Response users(Idp::Locked& idp, const Request& req, const std::vector<std::string>& seg) {
  auto& s = idp.state();
  auto& d = s.directory;
  if (seg.size() == 3) {
    if (req.method == "GET") {
      json out = json::array();
      for (const auto& u : d.users()) out.push_back(user_json(u, d));
      return ok(out);
    }
    if (req.method != "POST") return err(405, "E0000022", "method not allowed");
    auto j = json::parse(req.body, nullptr, false);
    if (!j.is_object()) return err(400, "E0000003", "body must be a JSON object");
    User u;
    u.login = j.value("login", j.contains("profile") ? j["profile"].value("login", "") : "");
    u.email = u.login;
    apply_user_fields(u, j);
    u.id = "00u" + s.rng.alnum(17);
    if (j.contains("status")) {
      auto st = user_status_from(j.value("status", ""));
      if (!st) return err(400, "E0000001", "status: active, suspended or deactivated");
      u.status = *st;
    }
    if (auto e = d.add_user(u)) return dir_err(*e);
    idp.log("change", "user.lifecycle.create", u.login, "");
    return ok(user_json(*d.find_user(u.login), d), 201);
  }
  const std::string& login = seg[3];
  User* u = d.find_user(login);
  if (u == nullptr) return err(404, "E0000007", "Not found: user " + login);
  if (seg.size() == 4) {
    if (req.method == "GET") return ok(user_json(*u, d));
    if (req.method == "DELETE") {
      end_sessions_of(idp, login);
      auto e = d.remove_user(login);
      idp.log("change", "user.lifecycle.delete", login, "");
      return e ? dir_err(*e) : Response{204, {}, {}};
    }
    if (req.method != "POST" && req.method != "PATCH" && req.method != "PUT")
      return err(405, "E0000022", "method not allowed");
    auto j = json::parse(req.body, nullptr, false);
    if (!j.is_object()) return err(400, "E0000003", "body must be a JSON object");
    std::string old_email = u->email;
    apply_user_fields(*u, j);
    std::string detail;
    if (u->email != old_email) detail += "email " + old_email + " -> " + u->email + " ";
    std::string new_login = j.value("login", j.contains("profile") ? j["profile"].value("login", login) : login);
    if (new_login != login) {
      if (auto e = d.rename_user(login, new_login)) return dir_err(*e);
      rename_in_assignments(s, login, new_login);
      for (auto& [id, sess] : s.sessions)
        if (sess.login == login) sess.login = new_login;
      detail += "login " + login + " -> " + new_login;
    }
    idp.log("change", "user.account.update_profile", new_login, detail);
    return ok(user_json(*d.find_user(new_login), d));
  }
  if (seg.size() == 5 && seg[4] == "sessions" && req.method == "DELETE") {
    end_sessions_of(idp, login);
    idp.log("change", "user.session.clear", login, "");
    return Response{204, {}, {}};
  }
  if (seg.size() == 6 && seg[4] == "lifecycle" && req.method == "POST") {
    const std::string& op = seg[5];
    UserStatus st;
    if (op == "deactivate") st = UserStatus::deactivated;
    else if (op == "suspend") st = UserStatus::suspended;
    else if (op == "activate" || op == "reactivate" || op == "unsuspend") st = UserStatus::active;
    else return err(404, "E0000007", "unknown lifecycle operation " + op);
    // Okta ends a user's sessions when it deactivates or suspends them.
    if (st != UserStatus::active) end_sessions_of(idp, login);
    (void)d.set_status(login, st);
    idp.log("change", "user.lifecycle." + op, login, std::string(spelling(st)));
    return ok(user_json(*d.find_user(login), d));
  }
  return err(404, "E0000007", "Not found: " + req.path);
}

Response groups(Idp::Locked& idp, const Request& req, const std::vector<std::string>& seg) {
  auto& d = idp.state().directory;
  if (seg.size() == 3) {
    if (req.method == "GET") {
      json out = json::array();
      for (const auto& g : d.groups()) out.push_back(group_json(g));
      return ok(out);
    }
    if (req.method != "POST") return err(405, "E0000022", "method not allowed");
    auto j = json::parse(req.body, nullptr, false);
    if (!j.is_object()) return err(400, "E0000003", "body must be a JSON object");
    Group g;
    g.name = j.value("name", j.contains("profile") ? j["profile"].value("name", "") : "");
    g.description = j.value("description", "");
    g.id = "00g" + idp.state().rng.alnum(17);
    if (j.contains("members") && j["members"].is_array())
      for (const auto& m : j["members"]) g.members.push_back(m.get<std::string>());
    if (auto e = d.add_group(g)) return dir_err(*e);
    idp.log("change", "group.lifecycle.create", g.name, "");
    return ok(group_json(*d.find_group(g.name)), 201);
  }
  const std::string& name = seg[3];
  if (seg.size() == 4 && req.method == "GET") {
    const Group* g = d.find_group(name);
    return g == nullptr ? err(404, "E0000007", "Not found: group " + name) : ok(group_json(*g));
  }
  if (seg.size() == 4 && req.method == "DELETE") {
    if (auto e = d.remove_group(name)) return dir_err(*e);
    idp.log("change", "group.lifecycle.delete", name, "");
    return Response{204, {}, {}};
  }
  if (seg.size() == 6 && seg[4] == "users" && (req.method == "PUT" || req.method == "DELETE")) {
    bool add = req.method == "PUT";
    auto e = add ? d.add_member(name, seg[5]) : d.remove_member(name, seg[5]);
    if (e) return dir_err(*e);
    idp.log("change", add ? "group.user_membership.add" : "group.user_membership.remove", seg[5], "group=" + name);
    return Response{204, {}, {}};
  }
  return err(404, "E0000007", "Not found: " + req.path);
}

Response credentials(Idp::Locked& idp, const Request& req, AppRuntime& rt, const std::vector<std::string>& seg) {
  auto& s = idp.state();
  // seg: api v1 apps {app} credentials keys [generate | {kid} activate]
  if (seg.size() == 6 && req.method == "GET") {
    json out = json::array();
    for (const auto& k : rt.keys) out.push_back(credential_json(k));
    return ok(out);
  }
  if (seg.size() == 7 && seg[6] == "generate" && req.method == "POST") {
    int years = 10;
    std::string y = query_param(req, "validityYears");
    if (!y.empty()) years = std::atoi(y.c_str());
    if (years < 2 || years > 10) return err(400, "E0000001", "validityYears must be 2 to 10 (B.4)");
    std::string kid = "kid-" + rt.app.name + "-" + std::to_string(rt.keys.size() + 1);
    core::Instant created = s.clock.now();
    std::optional<core::PrivateKey> key;
    if (s.next_signing) {
      // The configured next key keeps rotations reproducible; used once.
      auto k = core::PrivateKey::from_pem(s.next_signing->key_pem, s.next_signing->cert_pem);
      if (!k) return err(500, "E0000009", k.failure().detail);
      key = *k;
      s.next_signing.reset();
    } else {
      auto k = generate_okta_certificate(s.org, created, years);
      if (!k) return err(500, "E0000009", k.failure().detail);
      key = *k;
    }
    // B.4 [O7]: a new certificate starts INACTIVE.
    Credential c{kid, *key, false, created};
    rt.keys.push_back(c);
    idp.log("change", "app.keys.generate", rt.app.name, "kid=" + c.kid + " status=INACTIVE");
    return ok(credential_json(rt.keys.back()), 201);
  }
  if (seg.size() == 8 && seg[7] == "activate" && req.method == "POST") {
    auto it = std::find_if(rt.keys.begin(), rt.keys.end(), [&](const Credential& k) { return k.kid == seg[6]; });
    if (it == rt.keys.end()) return err(404, "E0000007", "Not found: key " + seg[6]);
    for (auto& k : rt.keys) k.active = false;
    it->active = true;
    idp.log("change", "app.keys.activate", rt.app.name, "kid=" + it->kid);
    return ok(credential_json(*it));
  }
  return err(404, "E0000007", "Not found: " + req.path);
}

Response apps(Idp::Locked& idp, const Request& req, const std::vector<std::string>& seg) {
  auto& s = idp.state();
  if (seg.size() == 3 && req.method == "GET") {
    json out = json::array();
    for (const auto& a : s.apps) out.push_back(app_json(a, s.base_url));
    return ok(out);
  }
  if (seg.size() < 4) return err(404, "E0000007", "Not found: " + req.path);
  AppRuntime* rt = s.app_by_name(seg[3]);
  if (rt == nullptr) return err(404, "E0000007", "Not found: app " + seg[3]);
  const std::string& app = rt->app.name;
  if (seg.size() == 4 && req.method == "GET") return ok(app_json(*rt, s.base_url));
  if (seg.size() == 5 && seg[4] == "settings" && (req.method == "POST" || req.method == "PATCH" || req.method == "PUT")) {
    auto j = json::parse(req.body, nullptr, false);
    if (!j.is_object()) return err(400, "E0000003", "body must be a JSON object");
    AppSettings next = rt->app.settings;
    try {
      auto base = std::filesystem::absolute(idp.config().source_file.empty() ? "." : idp.config().source_file);
      apply_settings(next, core::yaml::from_json(j), SettingsSource{"request body", base.parent_path()});
    } catch (const ConfigError& e) {
      return err(400, "E0000001", e.what());
    }
    rt->app.settings = std::move(next);
    idp.log("change", "application.lifecycle.update", app, j.dump());
    return ok(app_json(*rt, s.base_url));
  }
  if (seg.size() == 5 && seg[4] == "users" && req.method == "GET") {
    json out = json::array();
    for (const auto& u : s.directory.users())
      if (s.directory.is_assigned(app, u.login)) out.push_back(user_json(u, s.directory));
    return ok(out);
  }
  if (seg.size() == 6 && (seg[4] == "users" || seg[4] == "groups") && (req.method == "PUT" || req.method == "DELETE")) {
    bool add = req.method == "PUT";
    bool user = seg[4] == "users";
    DirStatus e = user ? (add ? s.directory.assign_user(app, seg[5]) : s.directory.unassign_user(app, seg[5]))
                       : (add ? s.directory.assign_group(app, seg[5]) : s.directory.unassign_group(app, seg[5]));
    if (e) return dir_err(*e);
    // A new app user freezes its username now (B.5 "Create only").
    auto& a = s.directory.assignments_mut(app);
    for (const auto& u : s.directory.users())
      if (s.directory.is_assigned(app, u.login) && !a.frozen_usernames.count(u.login))
        a.frozen_usernames[u.login] =
            application_username(rt->app.settings, u, s.directory.groups_of(u.login), std::nullopt);
    for (auto it = a.frozen_usernames.begin(); it != a.frozen_usernames.end();)
      it = s.directory.is_assigned(app, it->first) ? std::next(it) : a.frozen_usernames.erase(it);
    idp.log("change", std::string("application.user_membership.") + (add ? "add" : "remove"), seg[5],
            std::string(user ? "user" : "group") + " app=" + app);
    return Response{204, {}, {}};
  }
  if (seg.size() >= 6 && seg[4] == "credentials" && seg[5] == "keys") return credentials(idp, req, *rt, seg);
  // idp-mock's equivalent of Okta's assignment reports [O21] (assignment_report.hpp).
  if (seg.size() == 6 && seg[4] == "reports" && req.method == "GET") {
    if (seg[5] == "current_assignments") return csv(current_assignments_csv(s, *rt));
    if (seg[5] == "recent_unassignments") return csv(recent_unassignments_csv(s, *rt));
  }
  if (seg.size() == 5 && seg[4] == "mint" && req.method == "POST") {
    auto j = json::parse(req.body, nullptr, false);
    if (!j.is_object()) return err(400, "E0000003", "body must be a JSON object");
    MintParams p;
    p.acs = j.value("acs", "");
    if (j.contains("in_response_to") && j["in_response_to"].is_string()) p.in_response_to = j["in_response_to"];
    auto m = idp.mint(app, j.value("login", ""), p);
    if (!m) {
      const bool refused =
          m.reason() == IdpReason::idp_app_not_assigned || m.reason() == IdpReason::idp_user_inactive;
      return err(refused ? 403 : 500, "E0000006", std::string(core::spelling(m.reason())) + ": " + m.failure().detail);
    }
    idp.log("sso", "app.mint", j.value("login", ""), "app=" + app + " response=" + m->model.response_id);
    return ok(json{{"response_id", m->model.response_id}, {"assertion_id", m->model.assertion_id},
                   {"xml", m->xml}, {"base64", core::base64_encode(m->xml)}});
  }
  return err(404, "E0000007", "Not found: " + req.path);
}

Response clock(Idp::Locked& idp, const Request& req) {
  auto& s = idp.state();
  if (req.method == "PUT" || req.method == "POST") {
    auto j = json::parse(req.body, nullptr, false);
    if (!j.is_object()) return err(400, "E0000003", "body must be a JSON object");
    // Bounded (100 years either way) before any arithmetic: no overflow.
    const auto bounded = [](long long v, long long unit_ms) {
      return v >= -kMaxClockOffsetMs / unit_ms && v <= kMaxClockOffsetMs / unit_ms;
    };
    core::Millis off = s.clock.offset();
    if (j.contains("offset_ms")) {
      const long long v = j["offset_ms"].get<long long>();
      if (!bounded(v, 1)) return err(400, "E0000001", "offset_ms must be within 100 years either way");
      off = core::Millis{v};
    }
    if (j.contains("offset_seconds")) {
      const long long v = j["offset_seconds"].get<long long>();
      if (!bounded(v, 1000)) return err(400, "E0000001", "offset_seconds must be within 100 years either way");
      off = core::Millis{v * 1000};
    }
    if (j.contains("now")) {
      auto t = core::parse_rfc3339(j["now"].get<std::string>());
      if (!t) return err(400, "E0000001", "now must be RFC 3339");
      off = *t - (s.clock.now() - s.clock.offset());
      if (!bounded(off.count(), 1)) return err(400, "E0000001", "now must be within 100 years of the real time");
    }
    s.clock.set_offset(off);
    idp.log("change", "system.clock.offset", "clock", std::to_string(off.count()) + " ms");
  }
  return ok(json{{"now", core::format_saml_time(s.clock.now())}, {"offset_ms", s.clock.offset().count()}});
}

// GET /api/v1/provisioning[?since=SEQ]: the SCIM client's queue and log.
Response provisioning_json(Idp::State& s, const std::string& since) {
  std::uint64_t from = 0;
  if (!since.empty()) {
    if (since.size() > 19 || since.find_first_not_of("0123456789") != std::string::npos)
      return err(400, "E0000001", "since must be a sequence number");
    from = std::stoull(since);
  }
  auto st = s.scim->status(from);
  json log = json::array();
  for (const auto& e : st.log)
    log.push_back({{"seq", e.seq}, {"app", e.app}, {"action", e.action}, {"target", e.target}, {"method", e.method},
                   {"path", e.path}, {"status", e.status}, {"attempt", e.attempt}, {"outcome", e.outcome},
                   {"detail", e.detail}});
  return ok(json{{"pending", st.pending}, {"dropped", st.dropped}, {"requests", log}});
}

Response dispatch(Idp::Locked& idp, const Request& req) {
  auto seg = segments(req.path);
  auto& s = idp.state();
  if (seg.size() < 3) return err(404, "E0000007", "Not found: " + req.path);
  const std::string& what = seg[2];
  if (what == "users") return users(idp, req, seg);
  if (what == "groups") return groups(idp, req, seg);
  if (what == "apps") return apps(idp, req, seg);
  if (what == "clock") return clock(idp, req);
  if (what == "reset" && req.method == "POST") {
    idp.reset();
    idp.log("change", "system.reset", "config", idp.config().source_file);
    return ok(json{{"reset", true}});
  }
  if (what == "sessions") {
    if (req.method == "DELETE") {
      s.sessions.clear();
      idp.log("change", "user.session.clear", "*", "");
      return Response{204, {}, {}};
    }
    json out = json::array();
    for (const auto& [id, sess] : s.sessions)
      out.push_back({{"id", id}, {"login", sess.login}, {"authnInstant", core::format_saml_time(sess.authn_instant)}});
    return ok(out);
  }
  if (what == "provisioning" && seg.size() == 3 && req.method == "GET") return provisioning_json(s, query_param(req, "since"));
  if (what == "logs" || what == "changes") {
    std::string kind = what == "changes" ? "change" : query_param(req, "kind");
    json out = json::array();
    for (const auto& e : s.events)
      if (kind.empty() || e.kind == kind) out.push_back(event_json(e));
    return ok(out);
  }
  return err(404, "E0000007", "Not found: " + req.path);
}

}  // namespace

Response control_api(Idp::Locked& idp, const Request& req) {
  if (auto refused = guard_control_api(idp.api_guard(), req)) return *refused;
  if (auto wrong = wrong_field_type(req)) return err(400, "E0000003", *wrong);
  Response r = [&] {
    try {
      return dispatch(idp, req);
    } catch (const json::exception& e) {  // a shape no rule above foresaw: the caller's error, never a 500
      return err(400, "E0000003", std::string("malformed request body: ") + e.what());
    }
  }();
  // Any change may begin or end a grant: the reports' dates follow the clock.
  // ... and any change may be one to provision (provisioning.hpp).
  if (req.method != "GET" && req.method != "HEAD") {
    track_assignments(idp.state());
    sync_provisioning(idp.state());
  }
  return r;
}

}  // namespace samlh::idp
