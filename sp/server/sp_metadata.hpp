// The SP's SAML 2.0 metadata for one organization (Metadata 2.4.4): what an
// IdP admin pastes into Okta's App Integration Wizard (A.3: Hotjar's own
// values are [U], so every URL comes from the organization's settings).
#pragma once

#include <string>

#include "sp/model/model.hpp"

namespace samlh::sp {

// EntityDescriptor entityID = sp_entity_id, one SPSSODescriptor with
// AuthnRequestsSigned (sign_authn_requests), WantAssertionsSigned="true"
// (the validator requires a signature covering the assertion),
// NameIDFormat emailAddress, the ACS (HTTP-POST, index 0, default), the
// SingleLogoutService (HTTP-Redirect and HTTP-POST) at sp_slo_url(), and,
// when the SP certificate is configured, KeyDescriptors use="signing" and
// use="encryption" carrying it. Unsigned: metadata is configuration the IdP
// admin chooses to trust.
std::string sp_metadata_xml(const SsoSettings& sso);

// The SP's Single Logout URL: the ACS URL with its last segment "acs"
// replaced by "slo" ("/sso/acme/acs" -> "/sso/acme/slo"); empty when the ACS
// URL does not end in "/acs".
std::string sp_slo_url(const SsoSettings& sso);

}  // namespace samlh::sp
