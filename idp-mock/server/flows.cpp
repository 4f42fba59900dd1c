#include "idp-mock/server/flows.hpp"

#include <charconv>

#include "core/bindings.hpp"
#include "core/dsig.hpp"
#include "core/http/cookies.hpp"
#include "core/inspect_form.hpp"
#include "core/xml.hpp"
#include "idp-mock/server/pages.hpp"

namespace samlh::idp {

using core::http::Request;
using core::http::Response;

namespace {

constexpr auto kSessionLifetime = std::chrono::hours{2};  // Okta's default session policy [U]

bool parse_bool(const std::string& v) { return v == "true" || v == "1"; }

// The SAMLRequest of either binding, with its RelayState.
struct Incoming {
  std::string xml;
  std::optional<std::string> relay_state;
  std::optional<core::RedirectMessage> redirect;
};

core::Result<std::optional<Incoming>> incoming(const Request& req, std::string_view param) {
  if (req.method == "GET") {
    if (req.query.find(std::string(param) + "=") == std::string::npos) return std::optional<Incoming>{};
    auto m = core::decode_redirect(req.query, param);
    if (!m) return std::move(m).failure();
    Incoming in{m->xml, m->relay_state, *m};
    return std::optional<Incoming>{std::move(in)};
  }
  auto form = core::parse_form(req.body);
  if (!form) return std::move(form).failure();
  const std::string* v = core::form_get(*form, param);
  if (v == nullptr) return std::optional<Incoming>{};
  auto xml = core::decode_post_value(*v);
  if (!xml) return std::move(xml).failure();
  Incoming in;
  in.xml = std::move(*xml);
  if (const std::string* rs = core::form_get(*form, "RelayState")) in.relay_state = *rs;
  return std::optional<Incoming>{std::move(in)};
}

// An enveloped signature on the root, verified with `cert` (POST binding).
IdpStatus verify_embedded(xmlDoc* doc, const core::Certificate& cert) {
  xmlNode* root = xmlDocGetRootElement(doc);
  xmlNode* sig = core::child(root, core::ns::kDs, "Signature");
  if (sig == nullptr) return core::fail(IdpReason::idp_request_unsigned, "no ds:Signature");
  if (auto s = core::register_id(doc, root); !s) return core::fail(IdpReason::idp_request_unsigned, "no ID");
  // Okta accepts RSA-SHA1 request signatures (its own RSA_SHA1 option, B.3).
  std::vector<core::Certificate> keys{cert};
  auto v = core::verify_enveloped(sig, root, keys, core::SignaturePolicy{true});
  if (!v) return core::fail(IdpReason::idp_request_unsigned, std::string(core::spelling(v.reason())));
  return {};
}

std::optional<std::string> relay_param(const Request& req) {
  std::string_view src = req.method == "GET" ? std::string_view(req.query) : std::string_view(req.body);
  auto form = core::parse_form(src);
  if (!form) return std::nullopt;
  const std::string* v = core::form_get(*form, "RelayState");
  return v == nullptr ? std::nullopt : std::optional<std::string>(*v);
}

const IdpSession* current_session(Idp::Locked& idp, const Request& req) {
  auto& s = idp.state();
  std::string sid = req.cookie(kSessionCookie);
  if (sid.empty()) return nullptr;
  auto it = s.sessions.find(sid);
  if (it == s.sessions.end()) return nullptr;
  const User* u = s.directory.find_user(it->second.login);
  if (s.clock.now() - it->second.authn_instant >= kSessionLifetime || u == nullptr ||
      u->status != UserStatus::active) {
    s.sessions.erase(it);
    return nullptr;
  }
  return &it->second;
}

Response error_page(Idp::Locked& idp, const IdpError& r, const std::string& title, const std::string& detail) {
  idp.log("sso", "app.sso.error", std::string(core::spelling(r)), detail);
  return Response::html(http_status(r), pages::error(idp.state().org, title, detail));
}

std::vector<pages::DemoUser> demo_users(Idp::Locked& idp) {
  std::vector<pages::DemoUser> out;
  if (!idp.state().demo) return out;
  for (const auto& u : idp.state().directory.users()) {
    auto fn = u.attribute("firstName").value_or("");
    auto ln = u.attribute("lastName").value_or("");
    out.push_back({u.login, fn + " " + ln, std::string(spelling(u.status))});
  }
  return out;
}

Response sign_in_page(Idp::Locked& idp, const std::string& token, const std::string& app_label, const std::string& error,
                      const std::string& username, int status) {
  return Response::html(status,
                        pages::sign_in(idp.state().org, app_label, token, error, username, demo_users(idp)));
}

// The POST binding's auto-submitting form to the ACS (B.10 [O1]); in demo
// mode the page shows the decoded Response and waits for its button.
Response post_form(Idp::Locked& idp, const std::string& acs, const std::string& xml,
                   const std::optional<std::string>& relay_state) {
  core::FormFields f{{"SAMLResponse", core::base64_encode(xml)}};
  if (relay_state) f.emplace_back("RelayState", *relay_state);
  return Response::html(200, idp.state().demo ? core::inspect_post_form(acs, f, "Continue to the SP")
                                              : core::auto_post_form(acs, f, "Continue"));
}

// After authentication: the assignment gate, then the Response.
Response complete(Idp::Locked& idp, const PendingLogin& p, const IdpSession& session) {
  auto& s = idp.state();
  AppRuntime* rt = s.app_by_name(p.app);
  if (rt == nullptr) return Response::redirect("/");
  const User* u = s.directory.find_user(session.login);
  // C row 4: a user who is not ACTIVE cannot use Okta at all (its sessions
  // end with the deactivation or suspension; this is the belt to that).
  if (u == nullptr || u->status != UserStatus::active) {
    return error_page(idp, IdpReason::idp_user_inactive, "Unable to sign in",
                      session.login + " is not active in Okta");
  }
  // B.10 [O10]: an active user without an assignment gets Okta's 403 page and
  // the System Log line "User attempted unauthorized access to app"; no
  // SAMLResponse is ever sent to the SP.
  if (!s.directory.is_assigned(p.app, session.login)) {
    idp.log("sso", "app.generic.unauth_app_access_attempt", session.login,
            "User attempted unauthorized access to app " + rt->app.label);
    return Response::html(403, pages::app_not_assigned(s.org, rt->app.label));
  }
  MintParams mp;
  mp.acs = p.acs;
  mp.in_response_to = p.request_id;
  mp.authn_instant = session.authn_instant;
  mp.via = "SSO flow";
  mp.request = p.demo_request;
  mp.relay_state = p.relay_state;
  auto minted = idp.mint(p.app, u->login, mp);
  if (!minted) return error_page(idp, minted.reason(), "Error", minted.failure().detail);
  idp.log("sso", "user.authentication.sso", u->login,
          "app=" + p.app + " acs=" + p.acs + " response=" + minted->model.response_id);
  return post_form(idp, p.acs, minted->xml, p.relay_state);
}

Response no_passive(Idp::Locked& idp, AppRuntime& rt, const PendingLogin& p) {
  auto& s = idp.state();
  auto m = make_status_model(rt.app, p.acs, p.request_id, s.clock.now(), urn::kStatusNoPassive,
                             "The user has no Okta session.", s.rng);
  auto xml = finish(m, rt.app.settings, rt.active().key, s.rng);
  if (!xml) return error_page(idp, xml.reason(), "Error", xml.failure().detail);
  idp.log("sso", "app.sso.no_passive", rt.app.name, std::string(spelling(IdpReason::idp_no_passive)));
  return post_form(idp, p.acs, *xml, p.relay_state);
}

}  // namespace

namespace {

int status_of(core::Reason r) {
  if (r == core::Reason::binding_signature) return 403;
  const auto st = core::stage(r);
  return st == "binding" || st == "xml" ? 400 : 500;
}

int status_of(IdpReason r) {
  switch (r) {
    case IdpReason::idp_app_not_assigned: return 403;
    case IdpReason::idp_bad_credentials: return 401;
    case IdpReason::idp_user_inactive: return 401;
    case IdpReason::idp_request_unsigned: return 403;
    case IdpReason::idp_no_passive: return 200;  // a SAML status Response still goes to the SP
    case IdpReason::idp_request_invalid: return 400;
    case IdpReason::idp_group_filter_limit: return 500;  // the app's own settings fail
  }
  return 500;  // not reached: the switch names every IdP reason
}

int status_of(core::ToolError) { return 500; }

}  // namespace

int http_status(const IdpError& e) {
  return e.visit([](auto c) { return status_of(c); });
}

IdpResult<AuthnRequestInfo> read_authn_request(const Request& req, const AppSettings& s) {
  auto in = incoming(req, "SAMLRequest");
  if (!in) return std::move(in).failure();
  if (!*in) return core::fail(core::Reason::binding_missing, "no SAMLRequest");
  auto doc = core::parse_untrusted((*in)->xml);
  if (!doc) return std::move(doc).failure();
  xmlNode* root = xmlDocGetRootElement(doc->get());
  if (!core::is_element(root, core::ns::kSamlp, "AuthnRequest"))
    return core::fail(IdpReason::idp_request_invalid, "root is not samlp:AuthnRequest");
  AuthnRequestInfo r;
  r.id = core::attr(root, "ID");
  if (r.id.empty() || core::attr(root, "Version") != "2.0")
    return core::fail(IdpReason::idp_request_invalid, "AuthnRequest without ID or Version 2.0");
  if (xmlNode* iss = core::child(root, core::ns::kSaml, "Issuer")) r.issuer = core::text(iss);
  r.acs_url = core::attr(root, "AssertionConsumerServiceURL");
  if (core::has_attr(root, "AssertionConsumerServiceIndex")) {
    std::string v = core::attr(root, "AssertionConsumerServiceIndex");
    int idx = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), idx);
    if (ec != std::errc{} || p != v.data() + v.size())
      return core::fail(IdpReason::idp_request_invalid, "bad AssertionConsumerServiceIndex");
    r.acs_index = idx;
  }
  r.force_authn = parse_bool(core::attr(root, "ForceAuthn"));
  r.binding = (*in)->redirect ? "HTTP-Redirect" : "HTTP-POST";
  r.xml = (*in)->xml;
  r.is_passive = parse_bool(core::attr(root, "IsPassive"));
  if (s.signed_requests) {
    // B.10 [O1]: with Signed Requests on, every request must verify with the
    // uploaded Signature Certificate; Redirect signatures cover the raw query.
    std::vector<core::Certificate> keys{*s.signature_certificate};
    if ((*in)->redirect) {
      // Why two reasons: no Signature at all is an unsigned request
      // (idp_request_unsigned); a Signature that uses a refused algorithm or
      // does not verify over the raw query is a tampered or mis-signed
      // request (binding_signature), e.g. an ACS URL edited in transit.
      if (!(*in)->redirect->signature) {
        return core::fail(IdpReason::idp_request_unsigned, "no Signature in the query string");
      }
      if (auto v = core::verify_redirect_signature(*(*in)->redirect, keys, true); !v) return std::move(v).failure();
    } else if (auto v = verify_embedded(doc->get(), *s.signature_certificate); !v) {
      return std::move(v).failure();
    }
    r.signed_ok = true;
  }
  return r;
}

IdpResult<std::string> choose_acs(const AuthnRequestInfo& r, const AppSettings& s) {
  // B.10 [O1]: with Signed Requests on, Okta reads the ACS URL from the
  // signed request itself.
  if (s.signed_requests && r.signed_ok && !r.acs_url.empty()) return r.acs_url;
  if (!r.acs_url.empty()) {
    if (r.acs_url == s.single_sign_on_url) return r.acs_url;
    for (const auto& u : s.other_requestable_sso_urls)
      if (u.url == r.acs_url) return r.acs_url;
    // [I] An ACS URL the app does not list is refused, never trusted.
    return core::fail(IdpReason::idp_request_invalid, "ACS URL not allowed: " + r.acs_url);
  }
  if (r.acs_index) {
    for (const auto& u : s.other_requestable_sso_urls)
      if (u.index == *r.acs_index) return u.url;
    return core::fail(IdpReason::idp_request_invalid, "unknown ACS index " + std::to_string(*r.acs_index));
  }
  // "Some SAML AuthnRequest messages don't specify an index or URL. In these
  // cases, the SAML Response is sent to the ACS specified in the Single sign
  // on URL field." (B.10 [O1])
  return s.single_sign_on_url;
}

namespace flows {

Response sso(Idp::Locked& idp, const Request& req, AppRuntime& rt) {
  auto& s = idp.state();
  const AppSettings& settings = rt.app.settings;
  PendingLogin p;
  p.app = rt.app.name;
  bool passive = false;
  bool has_request = (req.method == "GET" && req.query.find("SAMLRequest=") != std::string::npos) ||
                     (req.method == "POST" && req.body.find("SAMLRequest=") != std::string::npos);
  if (has_request) {
    auto r = read_authn_request(req, settings);
    if (!r) return error_page(idp, r.reason(), "Bad Request", r.failure().detail);
    auto acs = choose_acs(*r, settings);
    if (!acs) return error_page(idp, acs.reason(), "Bad Request", acs.failure().detail);
    p.acs = *acs;
    p.request_id = r->id;
    // SP-initiated: the RelayState received is echoed back (B.10 [I]).
    auto in = incoming(req, "SAMLRequest");
    if (in && *in) p.relay_state = (*in)->relay_state;
    // B.10 [O1]: ForceAuthn is ignored unless Honor Force Authentication is on.
    p.force_authn = r->force_authn && settings.honor_force_authn;
    passive = r->is_passive;
    if (s.demo) {
      IssuedRequest d{r->id, r->issuer, r->acs_url, r->binding, r->force_authn, r->is_passive, r->signed_ok,
                      r->xml.substr(0, kMaxShownRequest)};
      p.demo_request = std::move(d);
    }
  } else {
    // IdP-initiated: always the Single sign-on URL (B.10 [O1]); RelayState
    // from ?RelayState= or the Default RelayState (B.1 [O12], B.10 [O11]).
    p.acs = settings.single_sign_on_url;
    p.relay_state = relay_param(req);
    if (!p.relay_state && !settings.default_relay_state.empty()) p.relay_state = settings.default_relay_state;
  }
  const IdpSession* session = current_session(idp, req);
  if (session != nullptr && !p.force_authn) return complete(idp, p, *session);
  if (passive) return no_passive(idp, rt, p);
  std::string token = "st" + s.rng.alnum(30);
  s.pending[token] = p;
  return sign_in_page(idp, token, rt.app.label, "", "", 200);
}

Response login_page(Idp::Locked& idp, const Request&) {
  auto& s = idp.state();
  std::string token = "st" + s.rng.alnum(30);
  s.pending[token] = PendingLogin{};
  return sign_in_page(idp, token, "", "", "", 200);
}

Response login(Idp::Locked& idp, const Request& req) {
  auto& s = idp.state();
  auto form = core::parse_form(req.body);
  if (!form) return error_page(idp, form.reason(), "Bad Request", form.failure().detail);
  auto field = [&](const char* n) {
    const std::string* v = core::form_get(*form, n);
    return v == nullptr ? std::string() : *v;
  };
  std::string token = field("stateToken");
  auto pit = s.pending.find(token);
  if (pit == s.pending.end())
    return Response::html(400, pages::error(s.org, "Session expired", "Your sign-in session expired. Start again."));
  std::string username = field("username");
  const User* u = s.directory.find_user(username);
  bool picked = s.demo && field("demo_pick") == "1";
  const bool credentials_ok = u != nullptr && (picked || u->password == field("password"));
  // C row 4 [O18][O19]: a deactivated (DEPROVISIONED) or suspended user
  // cannot sign in to Okta at all; the page says the same as for a wrong
  // password, so it tells nobody which accounts exist or are active.
  if (!credentials_ok || u->status != UserStatus::active) {
    idp.log("sso", "user.session.start", username,
            credentials_ok ? std::string(kSignInInactivePrefix) + std::string(spelling(u->status))
                           : std::string(kSignInBadCredentials));
    AppRuntime* rt = s.app_by_name(pit->second.app);
    return sign_in_page(idp, token, rt != nullptr ? rt->app.label : "", "Unable to sign in", username, 401);
  }
  PendingLogin p = pit->second;
  s.pending.erase(pit);
  IdpSession session{"", u->login, s.clock.now()};
  // Why from the Rng: a seeded run repeats cookies too; this is a test IdP.
  session.id = "102" + s.rng.alnum(22);
  s.sessions[session.id] = session;
  idp.log("sso", "user.session.start", u->login, "SUCCESS");
  core::http::SetCookie c;
  c.name = kSessionCookie;
  c.value = session.id;
  Response r = p.app.empty() ? Response::redirect("/") : complete(idp, p, session);
  r.set("Set-Cookie", core::http::format_set_cookie(c));
  return r;
}

Response home(Idp::Locked& idp, const Request& req) {
  auto& s = idp.state();
  std::vector<pages::AppLink> links;
  for (const auto& a : s.apps)
    links.push_back({a.app.label, s.base_url + sso_path(a.app), s.base_url + metadata_path(a.app), a.app.issuer()});
  const IdpSession* session = current_session(idp, req);
  return Response::html(200, pages::home(s.org, links, session != nullptr ? session->login : ""));
}

}  // namespace flows
}  // namespace samlh::idp
