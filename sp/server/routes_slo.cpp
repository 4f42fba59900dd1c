// Single Logout, SP-initiated (Okta supports only that, B.11 [O4]): the SP
// ends its own session first, then, when the organization names an IdP SLO
// URL and has a key, sends a signed LogoutRequest by Redirect; the IdP's
// LogoutResponse comes back here by POST (or Redirect).
#include "sp/server/cookie_rules.hpp"
#include "sp/server/pages.hpp"
#include "sp/server/routes.hpp"
#include "sp/server/saml_messages.hpp"

namespace samlh::sp::routes {

namespace {

bool carries_response(const Request& req) {
  const std::string_view src = req.method == "GET" ? std::string_view(req.query) : std::string_view(req.body);
  return src.find("SAMLResponse=") != std::string_view::npos;
}

void record(SpState& st, const std::string& slug, core::Instant now, std::optional<core::Reason> refusal,
            std::string detail) {
  AuditEntry e(AuditEvent::slo_response, now);
  e.org(slug).note(detail);
  if (refusal) e.refused(*refusal);
  (void)st.audit.append(std::move(e).take());  // a failed write leaves the page as it is
}

Response logout_response(const Request& req, SpState& st, const Organization& org) {
  auto certs = st.keys.certificates(org.sso.idp_certificates);
  if (!certs) return error_page(certs.reason());
  auto info = read_logout_response(req, org.sso.idp_entity_id, *certs);
  const core::Instant now = st.clock.now();
  if (!info) {
    record(st, org.slug, now, info.reason(), info.failure().detail);
    return error_page(info.reason());
  }
  record(st, org.slug, now, std::nullopt,
         "LogoutResponse to " + info->in_response_to + ", status " + info->status);
  return Response::html(200, pages::signed_out(org.slug));
}

}  // namespace

Response slo(const Request& req, SpState& st, const std::string& slug) {
  auto org = find_org(st, slug);
  if (!org) return error_page(org.reason());
  if (carries_response(req)) return logout_response(req, st, *org);
  if (req.method != "GET") return error_page(core::Reason::binding_missing);

  const std::string token = req.cookie(kSessionCookie);
  std::optional<SessionInfo> who;
  if (!token.empty()) {
    auto s = st.accounts.validate_session(token);
    if (s.ok() && s.result->org == slug) who = *s.result;
    (void)st.accounts.end_session(token);  // audited as "logout"; an unknown token changes nothing
  }
  const core::http::SetCookie gone = expired(session_cookie(org->sso, "", core::Millis{0}));
  const SsoSettings& sso = org->sso;
  if (!who || sso.idp_slo_url.empty() || sso.sp_private_key.empty()) {
    Response r = Response::html(200, pages::signed_out(slug));
    r.set("Set-Cookie", set_cookie(gone));
    return r;
  }
  auto key = st.keys.key(sso.sp_private_key, sso.sp_certificate);
  if (!key) return Response::html(500, pages::message("SSO is misconfigured", "The SP's signing key cannot be read."));
  LogoutRequestParams p;
  p.id = "_" + st.rng.hex(32);
  p.issue_instant = st.clock.now();
  p.destination = sso.idp_slo_url;
  p.sp_entity_id = sso.sp_entity_id;
  p.name_id = who->email;
  // B.11: Okta requires the LogoutRequest signed; Redirect signs the query.
  auto res = send_request(logout_request_xml(p), sso.idp_slo_url, RequestBinding::redirect, std::nullopt, &*key);
  if (!res) return Response::html(500, pages::message("SSO is misconfigured", "The logout request cannot be signed."));
  res->set("Set-Cookie", set_cookie(gone));
  return std::move(res).value();
}

}  // namespace samlh::sp::routes
