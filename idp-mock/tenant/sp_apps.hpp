// Okta-shaped apps made from what an SP publishes (issue 22): its SAML
// metadata (`--sp-metadata`), or an ACS URL and an audience (`--acs
// --audience`, as saml-idp takes them), on Okta's defaults (README.md "One
// command for your own SP" lists each default with its source).
//
// Metadata is untrusted input: read by core's hardened parser, and every
// missing piece is a ConfigError naming it and the source; an app is either
// whole or not made.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "idp-mock/tenant/config.hpp"

namespace samlh::idp {

struct SpAppOptions {
  // Assertion Encryption with Okta's default algorithms when the SP
  // publishes an encryption certificate. Okta does not encrypt unless
  // configured (B.3 [X6]), so this is off unless asked for.
  bool encrypt = false;
};

// One app from an SP's metadata document; `origin` (the URL or file) names
// the source in errors. The app's name and keys come from the entity ID.
AppConfig app_from_sp_metadata(std::string_view xml, const std::string& origin, const std::string& org,
                               const SpAppOptions& options);
// One app for an SP without metadata: Single sign-on URL and Audience URI.
AppConfig app_from_acs(const std::string& acs, const std::string& audience, const std::string& org);

// Deterministic from the entity ID: "exk" + 17 characters of its SHA-256
// (B.1's shape), and a name of its letters and digits (at most 40).
std::string external_key_for(std::string_view entity_id);
std::string app_name_for(std::string_view entity_id);

// A tenant of `apps` over `directory` (users and groups only), each app
// assigned to Okta's built-in Everyone group: every user is assigned, and
// the directory's statuses still refuse deactivated and suspended users.
// Two apps for one entity ID are an error; two names alike get "_2", "_3".
TenantConfig tenant_for_apps(std::string org, KeyFiles signing, const Directory& directory,
                             std::vector<AppConfig> apps);

// A directory file (`--users FILE`): `users:` and `groups:` as a tenant
// YAML writes them (config.hpp).
Directory load_directory(const std::string& path);

}  // namespace samlh::idp
