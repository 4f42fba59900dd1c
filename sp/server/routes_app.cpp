// The pages around the login: index, who am I, password login, self
// sign-up and logout (the non-SSO flows of the account model).
#include <nlohmann/json.hpp>

#include "sp/model/email.hpp"
#include "sp/server/cookie_rules.hpp"
#include "sp/server/demo_pages.hpp"
#include "sp/server/pages.hpp"
#include "sp/server/reason_http.hpp"
#include "sp/server/routes.hpp"

namespace samlh::sp::routes {

namespace {

std::string form_value(const Request& req, std::string_view name) {
  const std::string_view src = req.method == "GET" ? std::string_view(req.query) : std::string_view(req.body);
  return field(src, name).value_or("");
}

}  // namespace

Response index(const Request&, SpState& st) {
  std::vector<pages::OrgLink> links;
  {
    auto db = st.store.lock();
    for (const Organization& o : db->orgs()) links.push_back({o.slug, o.name, o.sso.sso_enabled});
  }
  return Response::html(200, pages::index(links));
}

Response app(const Request& req, SpState& st, bool json) {
  const std::string token = req.cookie(kSessionCookie);
  auto s = token.empty() ? Outcome<SessionInfo>{core::fail(LoginReason::login_session_expired, "no session cookie"), {}, 0}
                         : st.accounts.validate_session(token);
  if (!s.ok()) return json ? json_error(s.reason()) : error_page(s.reason());
  const SessionInfo& who = s.result.value();
  if (!json) {
    std::string html = pages::app(who);
    if (st.demo) {
      // A session used after the IdP deactivated its user records a gap:
      // the class sees it on the page that still lets the leaver in.
      std::string extra = demo_pages::gaps_recorded(s.gaps, "this page view");
      if (auto id = st.demo->login_of_session(sha256_hex(token))) extra += demo_pages::inspector_link(*id);
      html = demo_pages::decorate(std::move(html), extra);
    }
    return Response::html(200, std::move(html));
  }
  // The harness's oracle: who the browser is signed in as, nothing more.
  nlohmann::json j{{"org", who.org},
                   {"email", who.email},
                   {"role", spelling(who.role)},
                   {"role_name", display_name(who.role)},
                   {"via", spelling(who.via)},
                   {"expires", core::format_saml_time(who.expires)}};
  return Response::json(200, j.dump() + "\n");
}

Response password_login(const Request& req, SpState& st) {
  const std::string org = form_value(req, "org");
  const std::string email = form_value(req, "email");
  if (req.method == "GET") return Response::html(200, pages::login_form(org, email, ""));
  // Limits before the hash: every attempt per address, and failures per
  // (email, address), so guessing one account's password from elsewhere
  // never locks its owner out.
  if (auto wait = st.limiters.login_per_address.take(req.remote)) return too_many(req, *wait);
  const std::string account = req.remote + " " + ascii_lower(email);
  if (auto wait = st.limiters.login_failures_per_account.peek(account)) return too_many(req, *wait);
  auto out = st.accounts.password_login(org, email, form_value(req, "password"));
  if (out.ok()) st.limiters.login_failures_per_account.forget(account);
  if (!out.ok()) {
    const Refusal r = out.reason();
    if (r == LoginReason::login_bad_password) (void)st.limiters.login_failures_per_account.take(account);
    if (wants_json(req)) return json_error(r);
    return Response::html(http_status(r), pages::login_form(org, email, std::string(user_message(r))));
  }
  auto o = find_org(st, org);
  if (!o) return error_page(o.reason());
  const LoginOutcome& login = out.result.value();
  Response res = Response::redirect("/app", 303);
  res.set("Set-Cookie", set_cookie(session_cookie(o->sso, login.session.token, o->sso.session_lifetime)));
  return res;
}

Response signup(const Request& req, SpState& st) {
  const std::string email = form_value(req, "email");
  if (req.method == "GET") return Response::html(200, pages::signup_form(email, ""));
  // A sign-up hashes a password too: it counts as a login attempt.
  if (auto wait = st.limiters.login_per_address.take(req.remote)) return too_many(req, *wait);
  auto out = st.accounts.self_signup(email, form_value(req, "password"));
  if (!out.ok()) {
    const Refusal r = out.reason();
    if (wants_json(req)) return json_error(r);
    return Response::html(http_status(r), pages::signup_form(email, std::string(user_message(r))));
  }
  return Response::html(201, pages::signed_up(out.result.value()));
}

Response logout(const Request& req, SpState& st) {
  const std::string token = req.cookie(kSessionCookie);
  std::string org;
  if (!token.empty()) {
    if (auto s = st.accounts.validate_session(token); s.ok()) org = s.result->org;
    (void)st.accounts.end_session(token);  // audited as "logout"
  }
  Response r = Response::html(200, pages::signed_out(org));
  SsoSettings plain;
  if (!org.empty()) {
    if (auto o = find_org(st, org)) plain = o->sso;
  }
  r.set("Set-Cookie", set_cookie(expired(session_cookie(plain, "", core::Millis{0}))));
  return r;
}

}  // namespace samlh::sp::routes
