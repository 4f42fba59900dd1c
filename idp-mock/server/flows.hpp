// The browser flows of the IdP (okta-hotjar.md B.10, B.11): SP-initiated SSO
// (HTTP-Redirect and HTTP-POST AuthnRequests), IdP-initiated SSO, the
// sign-in form, SP-initiated Single Logout, metadata and the home page.
// Each handler runs with the Idp lock held and returns a whole response.
#pragma once

#include <optional>
#include <string>

#include "core/http/http_server.hpp"
#include "core/result.hpp"
#include "idp-mock/server/idp.hpp"

namespace samlh::idp {

// What the IdP reads from an AuthnRequest (SAML Core 3.4.1).
struct AuthnRequestInfo {
  std::string id;
  std::string issuer;
  std::string acs_url;
  std::optional<int> acs_index;
  bool force_authn = false;
  bool is_passive = false;
  bool signed_ok = false;  // a signature verified with the app's Signature Certificate
  std::string binding;     // HTTP-Redirect | HTTP-POST
  std::string xml;         // as decoded
};

// Decodes and reads the AuthnRequest of a Redirect (GET query) or POST (form)
// request, verifying its signature when the app has Signed Requests on.
// Reasons: binding_* (decoding), xml_* (parsing), idp_request_invalid (not
// an AuthnRequest, no ID), idp_request_unsigned (Signed Requests on and no
// signature, or a POST-binding signature that does not verify),
// binding_signature (a Redirect signature that is refused or does not verify).
IdpResult<AuthnRequestInfo> read_authn_request(const core::http::Request& req, const AppSettings& s);

// B.10 ACS choice. Reason idp_request_invalid when the request names an ACS
// URL or index the app does not allow.
IdpResult<std::string> choose_acs(const AuthnRequestInfo& r, const AppSettings& s);

// The HTTP status for an IdP refusal: 400 a request it cannot read
// (binding_*, xml_*, idp_request_invalid), 401 bad credentials, 403 not
// assigned or a request signature missing or refused, 200 NoPassive (a SAML
// status Response still goes to the SP), 500 its own failure.
int http_status(const IdpError& e);

namespace flows {
core::http::Response sso(Idp::Locked& idp, const core::http::Request& req, AppRuntime& app);
core::http::Response login(Idp::Locked& idp, const core::http::Request& req);
core::http::Response login_page(Idp::Locked& idp, const core::http::Request& req);
core::http::Response slo(Idp::Locked& idp, const core::http::Request& req, AppRuntime& app);
core::http::Response home(Idp::Locked& idp, const core::http::Request& req);
}  // namespace flows

inline constexpr const char* kSessionCookie = "sid";  // Okta's session cookie name

}  // namespace samlh::idp
