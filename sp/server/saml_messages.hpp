// The messages the SP sends to the IdP (AuthnRequest, LogoutRequest), how it
// sends them (HTTP-Redirect or HTTP-POST, optionally signed), and reading the
// IdP's LogoutResponse. Pure functions: the caller supplies IDs and time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/http/http_server.hpp"
#include "core/keys.hpp"
#include "core/result.hpp"
#include "core/tool_error.hpp"
#include "sp/model/model.hpp"

namespace samlh::sp {

inline constexpr std::string_view kNameIdFormatEmail = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

// Profiles 4.1.4.1: ID, Version, IssueInstant, Destination, the ACS URL with
// ProtocolBinding HTTP-POST (the only response binding of the Web SSO
// profile), Issuer = SP entity ID, NameIDPolicy emailAddress (the membership
// key is the email, A.3) with AllowCreate="false" (no JIT, A.5).
struct AuthnRequestParams {
  std::string id;  // "_" + hex: an NCName
  core::Instant issue_instant{};
  std::string destination;  // the IdP SSO URL
  std::string acs_url;
  std::string sp_entity_id;
  bool is_passive = false;  // IsPassive="true": the IdP must not prompt (silent SSO)
};
std::string authn_request_xml(const AuthnRequestParams& p);

// Core 3.7.1: SP-initiated logout of one NameID (Okta requires it signed, B.11).
struct LogoutRequestParams {
  std::string id;
  core::Instant issue_instant{};
  std::string destination;  // the IdP SLO URL
  std::string sp_entity_id;
  std::string name_id;
  std::string name_id_format{kNameIdFormatEmail};
};
std::string logout_request_xml(const LogoutRequestParams& p);

// The browser's next step carrying `xml` (a request) to `destination`:
// Redirect: a 302 to destination?SAMLRequest=...&RelayState=... with, when
// `key` is set, SigAlg and Signature over the query string (Bindings 3.4.4.1);
// POST: an auto-submitting form, the XML carrying an enveloped signature when
// `key` is set (Bindings 3.5.4). Fails (ToolError::key_mismatch or
// sign_failed) only when signing fails: the SP's own key, not a message.
core::ToolResult<core::http::Response> send_request(std::string_view xml, std::string_view destination,
                                                RequestBinding binding, const std::optional<std::string>& relay_state,
                                                const core::PrivateKey* key);

struct LogoutResponseInfo {
  std::string in_response_to;
  std::string status;  // StatusCode Value
  bool success = false;
};

// A LogoutResponse by POST (form body) or Redirect (query): decoded with the
// binding limits, parsed hardened, Issuer = `idp_entity_id` (issuer_mismatch),
// and its signature, when present (enveloped, or over the Redirect query),
// verified with the pinned IdP certificates only (sig_*, binding_signature).
// An unsigned LogoutResponse is refused (sig_missing): it would let anyone
// tell this SP that the IdP ended a session.
core::Result<LogoutResponseInfo> read_logout_response(const core::http::Request& req, std::string_view idp_entity_id,
                                                      const std::vector<core::Certificate>& idp_certificates);

}  // namespace samlh::sp
