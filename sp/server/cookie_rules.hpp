// The SP's two cookies and the rules for their attributes.
//
// Session cookie `samlh_session` (Path=/): HttpOnly, SameSite=Lax, Max-Age =
// the session lifetime; Secure unless the SP is served on plain loopback
// (http://127.0.0.1, http://[::1], http://localhost): there is no TLS there
// for Secure to require, and the demo and the tests run on it.
//
// Binding cookie `samlh_authn` (Path=/sso/<org>/, Max-Age = the AuthnRequest
// lifetime): binds the outstanding AuthnRequest to this browser. The IdP
// answers with a form POSTed to the ACS from the IdP's page, a cross-site
// POST when the IdP is another site, and browsers withhold SameSite=Lax (and
// unset, which counts as Lax) cookies from cross-site POSTs. So:
//   - IdP SSO URL on another site than the ACS URL -> SameSite=None; Secure
//     (None is only accepted with Secure);
//   - same site (same scheme and host; ports do not make a site) -> Lax, and
//     Secure unless plain loopback, like the session cookie.
// "Same site" is approximated by an exact host match: hosts that differ only
// below a registrable domain (a.example.com, b.example.com) are treated as
// cross-site, which errs on the side of a cookie that still arrives.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/http/cookies.hpp"
#include "sp/model/model.hpp"

namespace samlh::sp {

inline constexpr std::string_view kSessionCookie = "samlh_session";
inline constexpr std::string_view kBindingCookie = "samlh_authn";

// http:// and a loopback host (127.0.0.0/8, [::1], localhost).
bool plain_loopback(std::string_view url);
// Same scheme and host (case-insensitive); false when either is unparsable.
bool same_site(std::string_view url_a, std::string_view url_b);

core::http::SetCookie session_cookie(const SsoSettings& sso, std::string value, core::Millis lifetime);
core::http::SetCookie binding_cookie(std::string_view org_slug, const SsoSettings& sso, std::string value,
                                     core::Millis lifetime);
// A Set-Cookie that deletes `c` (same name, path and attributes, Max-Age=0).
core::http::SetCookie expired(core::http::SetCookie c);

}  // namespace samlh::sp
