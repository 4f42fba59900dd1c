// SpState, the key cache, the dispatch of route() and the shared helpers.
#include "sp/server/server.hpp"

#include <nlohmann/json.hpp>

#include "core/bindings.hpp"
#include "sp/server/pages.hpp"
#include "sp/server/reason_http.hpp"
#include "sp/server/routes.hpp"
#include "sp/server/style.hpp"

namespace samlh::sp {

void add_auditor(SpOptions& options, std::string_view token, std::string name) {
  options.auditors[sha256_hex(token)] = std::move(name);
}

SpState::SpState(Store& s, const core::Clock& c, TokenSource& t, SpOptions o, AccountsOptions a, core::KeyCache* k)
    : store(s),
      clock(c),
      tokens(t),
      options(o),
      accounts(s, c, t, a),
      audit(s),
      replay(s),
      rng(o.seed ? core::Rng(*o.seed) : core::Rng::unseeded()),
      limiters(o.limits),
      own_keys_(k == nullptr ? std::make_unique<core::KeyCache>() : nullptr),
      keys(k == nullptr ? *own_keys_ : *k),
      acs(s, accounts, replay, keys, c, rng, AcsOptions{o.max_form_bytes, o.max_xml_bytes}),
      scim(s, c, t, o.scim),
      demo(o.demo ? std::make_unique<DemoLog>(o.demo_logins) : nullptr) {}

namespace routes {

Response error_page(const HttpError& e) {
  Response res = Response::html(http_status(e), pages::error(e));
  res.set("Cache-Control", "no-store");
  return res;
}

Response json_error(const HttpError& e, std::string extra_members) {
  nlohmann::json j{{"error", core::spelling(e)}, {"message", core::sentence(e)}};
  std::string body = j.dump();
  if (!extra_members.empty()) body.insert(body.size() - 1, "," + extra_members);
  return Response::json(http_status(e), body + "\n");
}

bool wants_json(const Request& req) {
  const std::string* accept = req.header("accept");
  return accept != nullptr && accept->find("application/json") != std::string::npos;
}

std::optional<std::string> field(std::string_view urlencoded, std::string_view name) {
  auto f = core::parse_form(urlencoded);
  if (!f) return std::nullopt;
  const std::string* v = core::form_get(*f, name);
  return v == nullptr ? std::nullopt : std::optional<std::string>(*v);
}

LoginResult<Organization> find_org(SpState& st, const std::string& slug) {
  auto db = st.store.lock();
  try {
    if (auto o = db->org_by_slug(slug)) return *o;
    return core::fail(LoginReason::login_org_unknown, slug);
  } catch (const sql::Error& e) {
    return core::fail(LoginReason::login_store_failed, e.what());
  }
}

std::string set_cookie(const core::http::SetCookie& c) { return core::http::format_set_cookie(c); }

Response too_many(const Request& req, std::chrono::seconds wait) {
  const std::string after = std::to_string(wait.count());
  Response res = wants_json(req)
                     ? Response::json(429, "{\"error\":\"rate_limited\",\"retry_after\":" + after + "}\n")
                     : Response::html(429, pages::message("Too many attempts",
                                                          "Too many attempts from this address. Try again in " +
                                                              after + " seconds."));
  res.set("Retry-After", after);
  res.set("Cache-Control", "no-store");
  return res;
}

}  // namespace routes

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return out;
}

core::http::Response not_found() {
  return core::http::Response::html(404, pages::message("Not found", "There is no page at this address."));
}

core::http::Response method_not_allowed(std::string allow) {
  auto r = core::http::Response::html(405, pages::message("Method not allowed", "This address does not accept that."));
  r.set("Allow", std::move(allow));
  return r;
}

core::http::Response dispatch(const core::http::Request& req, SpState& st) {
  const auto seg = split_path(req.path);
  const bool get = req.method == "GET" || req.method == "HEAD";
  const bool post = req.method == "POST";
  if (seg.empty()) return get ? routes::index(req, st) : method_not_allowed("GET");
  if (req.path == style::kStylesheetPath) {
    if (!get) return method_not_allowed("GET");
    core::http::Response css{200, {{"Content-Type", "text/css; charset=utf-8"}, {"Cache-Control", "max-age=300"}},
                             std::string(style::stylesheet())};
    return css;
  }
  if (seg[0] == "sso" && seg.size() >= 3) {
    const std::string& org = seg[1];
    const std::string& what = seg[2];
    if (seg.size() == 3 && what == "login") return get ? routes::sso_login(req, st, org, std::nullopt) : method_not_allowed("GET");
    if (seg.size() == 4 && what == "invite") return get ? routes::sso_login(req, st, org, seg[3]) : method_not_allowed("GET");
    if (seg.size() == 3 && what == "acs") return post ? routes::acs(req, st, org) : method_not_allowed("POST");
    if (seg.size() == 3 && what == "metadata") return get ? routes::metadata(req, st, org) : method_not_allowed("GET");
    if (seg.size() == 4 && what == "metadata" && seg[3] == "view") {
      return get ? routes::metadata_view(req, st, org) : method_not_allowed("GET");
    }
    if (seg.size() == 3 && what == "slo") return get || post ? routes::slo(req, st, org) : method_not_allowed("GET, POST");
    return not_found();
  }
  // /app/<anything> is the product behind the login (a deep link target).
  if (seg[0] == "app" || (seg.size() == 1 && seg[0] == "app.json")) {
    return get ? routes::app(req, st, seg[0] == "app.json" || routes::wants_json(req)) : method_not_allowed("GET");
  }
  if (seg.size() == 1 && seg[0] == "login") return get || post ? routes::password_login(req, st) : method_not_allowed("GET, POST");
  if (seg.size() == 1 && seg[0] == "signup") return get || post ? routes::signup(req, st) : method_not_allowed("GET, POST");
  if (seg.size() == 1 && seg[0] == "logout") return post ? routes::logout(req, st) : method_not_allowed("POST");
  if (seg[0] == "api") return routes::admin(req, st, seg);
  if (seg[0] == "scim") return routes::scim(req, st, seg);
  if (seg[0] == "demo" && st.demo) return get ? routes::demo(req, st, seg) : method_not_allowed("GET");
  return not_found();
}

}  // namespace

core::http::Response route(const core::http::Request& req, SpState& st) {
  try {
    core::http::Response r = dispatch(req, st);
    if (st.demo) routes::demo_banner(r);
    r.set("X-Content-Type-Options", "nosniff");
    r.set("X-Frame-Options", "DENY");  // why: the pages hold session actions (clickjacking)
    return r;
  } catch (const sql::Error&) {
    return routes::error_page(LoginReason::login_store_failed);
  }
}

bool hashes_password(const core::http::Request& req) {
  return req.method == "POST" && (req.path == "/login" || req.path == "/signup");
}

std::vector<std::string> describe_urls(SpState& st, const std::string& base_url) {
  std::vector<std::string> out{"home:      " + base_url + "/", "who am I:  " + base_url + "/app"};
  auto db = st.store.lock();
  for (const Organization& o : db->orgs()) {
    if (!o.sso.sso_enabled) continue;
    out.push_back(o.slug + " login:    " + base_url + "/sso/" + o.slug + "/login");
    out.push_back(o.slug + " acs:      " + o.sso.acs_url);
    out.push_back(o.slug + " metadata: " + base_url + "/sso/" + o.slug + "/metadata");
  }
  out.push_back("admin API: " + base_url + "/api/ (Authorization: Bearer <token>)");
  return out;
}

}  // namespace samlh::sp
