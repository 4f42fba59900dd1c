// One Okta SAML app's settings, by the names of Okta's App Integration
// Wizard (okta-hotjar.md B.1-B.12, [O1]); YAML keys are their snake_case.
// Defaults are Okta's UI defaults as documented (B.3 [X6]) unless noted.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/dsig.hpp"
#include "core/enc.hpp"
#include "core/keys.hpp"
#include "core/spelling.hpp"
#include "idp-mock/tenant/expr.hpp"
#include "idp-mock/tenant/group_regex.hpp"

namespace samlh::idp {

namespace urn {
inline constexpr const char* kNameIdUnspecified = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
inline constexpr const char* kNameIdEmail = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
inline constexpr const char* kNameIdX509 = "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName";
inline constexpr const char* kNameIdPersistent = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
inline constexpr const char* kNameIdTransient = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";
inline constexpr const char* kNameIdEntity = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity";
inline constexpr const char* kAttrUnspecified = "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified";
inline constexpr const char* kAttrUri = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";
inline constexpr const char* kAttrBasic = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic";
inline constexpr const char* kPasswordProtectedTransport =
    "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
inline constexpr const char* kBearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
inline constexpr const char* kStatusSuccess = "urn:oasis:names:tc:SAML:2.0:status:Success";
inline constexpr const char* kStatusResponder = "urn:oasis:names:tc:SAML:2.0:status:Responder";
inline constexpr const char* kStatusRequester = "urn:oasis:names:tc:SAML:2.0:status:Requester";
inline constexpr const char* kStatusNoPassive = "urn:oasis:names:tc:SAML:2.0:status:NoPassive";
}  // namespace urn

enum class AppUsername { okta_username, email, custom };     // B.5 [O13]
enum class UpdateUsernameOn { create_and_update, create_only };  // B.5 [O1]
enum class GroupFilter { starts_with, equals, contains, regex };  // B.9 [O3]

// The settings' values as the YAML configuration and the control API's JSON
// write them; the YAML reader also takes them in any case, with '-' or ' '
// for '_' (tenant_yaml.hpp, okta_value).
inline constexpr auto kAppUsernameSpellings = core::spellings<AppUsername>(
    {{AppUsername::okta_username, "okta_username"}, {AppUsername::email, "email"}, {AppUsername::custom, "custom"}});
inline constexpr auto kUpdateUsernameOnSpellings = core::spellings<UpdateUsernameOn>(
    {{UpdateUsernameOn::create_and_update, "create_and_update"}, {UpdateUsernameOn::create_only, "create_only"}});
inline constexpr auto kGroupFilterSpellings = core::spellings<GroupFilter>({{GroupFilter::starts_with, "starts_with"},
                                                                           {GroupFilter::equals, "equals"},
                                                                           {GroupFilter::contains, "contains"},
                                                                           {GroupFilter::regex, "regex"}});
// Okta's names of the algorithms (B.3, B.12).
inline constexpr auto kOktaSignatureAlgorithms =
    core::spellings<core::SignatureAlgorithm>({{core::SignatureAlgorithm::rsa_sha1, "RSA_SHA1"},
                                               {core::SignatureAlgorithm::rsa_sha256, "RSA_SHA256"},
                                               {core::SignatureAlgorithm::rsa_sha384, "RSA_SHA384"},
                                               {core::SignatureAlgorithm::rsa_sha512, "RSA_SHA512"},
                                               {core::SignatureAlgorithm::ecdsa_sha256, "ECDSA_SHA256"},
                                               {core::SignatureAlgorithm::ecdsa_sha384, "ECDSA_SHA384"},
                                               {core::SignatureAlgorithm::ecdsa_sha512, "ECDSA_SHA512"}});
inline constexpr auto kOktaDigestAlgorithms = core::spellings<core::DigestAlgorithm>(
    {{core::DigestAlgorithm::sha1, "SHA1"},
     {core::DigestAlgorithm::sha256, "SHA256"},
     {core::DigestAlgorithm::sha384, "SHA384"},
     {core::DigestAlgorithm::sha512, "SHA512"}});
inline constexpr auto kOktaCiphers = core::spellings<core::DataCipher>({{core::DataCipher::aes128_cbc, "AES128_CBC"},
                                                                       {core::DataCipher::aes192_cbc, "AES192_CBC"},
                                                                       {core::DataCipher::aes256_cbc, "AES256_CBC"},
                                                                       {core::DataCipher::aes128_gcm, "AES128_GCM"},
                                                                       {core::DataCipher::aes192_gcm, "AES192_GCM"},
                                                                       {core::DataCipher::aes256_gcm, "AES256_GCM"},
                                                                       {core::DataCipher::tripledes_cbc, "TRIPLEDES_CBC"}});
// B.12: Okta's "RSA-OAEP" is rsa-oaep-mgf1p (SHA-1 digest) in captures.
inline constexpr auto kOktaKeyTransports = core::spellings<core::KeyTransport>(
    {{core::KeyTransport::rsa_oaep_mgf1p, "RSA_OAEP"},
     {core::KeyTransport::rsa_oaep, "RSA_OAEP_11"},
     {core::KeyTransport::rsa_1_5, "RSA_15"}});

struct AttributeStatement {  // B.9 [O2]
  std::string name;
  std::string name_format = urn::kAttrUnspecified;  // B.9: captures show unspecified
  Expression value;
};

struct GroupAttributeStatement {  // B.9 [O3]
  std::string name;
  std::string name_format = urn::kAttrUnspecified;
  GroupFilter filter = GroupFilter::regex;
  std::string value;
  GroupRegex compiled;  // for GroupFilter::regex, whole-name match (Java matches())
  // Whether `group` passes the filter; idp_group_filter_limit when the regex
  // hits a limit (group_regex.hpp).
  IdpResult<bool> matches(const std::string& group) const;
};

struct RequestableUrl {  // "Other Requestable SSO URLs", B.10
  std::string url;
  int index = 0;
};

struct AssertionEncryption {  // B.12
  bool enabled = false;
  core::DataCipher encryption_algorithm = core::DataCipher::aes256_cbc;
  core::KeyTransport key_transport_algorithm = core::KeyTransport::rsa_oaep_mgf1p;
  std::string encryption_certificate_path;
  std::optional<core::Certificate> encryption_certificate;
};

struct SingleLogout {  // B.11 [O4]
  bool enabled = false;
  std::string url;        // the SP's Single Logout URL (LogoutResponse is POSTed there)
  std::string sp_issuer;  // the SP's entity ID in its LogoutRequest
  std::string signature_certificate_path;
  std::optional<core::Certificate> signature_certificate;
};

// Provisioning > To App (issue 20, a what-if: Hotjar offers no SCIM, E.4): Okta's
// SCIM 2.0 client [O20], off by default. The SCIM connector base URL and its
// bearer token ("Authentication Mode: HTTP Header"), the three To App
// toggles by Okta's names, and the groups Group Push pushes.
struct Provisioning {
  bool enabled = false;  // "Enable API integration" / Provisioning: SCIM
  std::string scim_connector_base_url;  // e.g. http://127.0.0.1:9000/scim/v2
  std::string bearer_token;
  bool create_users = false;            // "Create Users"
  bool update_user_attributes = false;  // "Update User Attributes"
  bool deactivate_users = false;        // "Deactivate Users"
  std::vector<std::string> push_groups;  // Push Groups: Okta group names
};

struct AppSettings {
  std::string single_sign_on_url;
  // "Use this for Recipient URL and Destination URL" is on by default (B.7);
  // a non-empty override replaces it.
  std::string recipient_url;
  std::string destination_url;
  bool allow_other_requestable_urls = false;  // "Allow this app to request other SSO URLs"
  std::vector<RequestableUrl> other_requestable_sso_urls;
  std::string audience_uri;
  std::string default_relay_state;  // IdP-initiated only (B.10 [O11])
  std::string name_id_format = urn::kNameIdUnspecified;  // B.5: default Unspecified
  AppUsername application_username = AppUsername::okta_username;
  std::optional<Expression> custom_template;
  UpdateUsernameOn update_application_username_on = UpdateUsernameOn::create_and_update;
  bool response_signed = true;   // B.3 [X6][X7]
  bool assertion_signed = true;  // B.3
  core::SignatureAlgorithm signature_algorithm = core::SignatureAlgorithm::rsa_sha256;
  core::DigestAlgorithm digest_algorithm = core::DigestAlgorithm::sha256;
  AssertionEncryption assertion_encryption;
  bool honor_force_authn = false;  // B.10: Terraform default false [O6]; UI default [U]
  bool signed_requests = false;    // B.10: unsigned requests accepted when off
  std::string signature_certificate_path;
  std::optional<core::Certificate> signature_certificate;
  std::vector<AttributeStatement> attribute_statements;
  std::vector<GroupAttributeStatement> group_attribute_statements;
  std::string saml_issuer_id;  // empty: http://www.okta.com/<external key> (B.1)
  int assertion_lifetime_seconds = 300;  // B.6: 5 minutes
  SingleLogout single_logout;
  Provisioning provisioning;
  std::string authn_context_class_ref = urn::kPasswordProtectedTransport;  // B.8
};

// The Okta app instance: identity plus settings.
struct App {
  std::string name;          // config key, e.g. "hotjar"
  std::string label;         // shown on pages, e.g. "Hotjar"
  std::string app_name;      // Okta appName in the SSO URL, e.g. acme_hotjar_1
  std::string external_key;  // exk + 17 characters (B.1)
  AppSettings settings;

  std::string issuer() const {
    return settings.saml_issuer_id.empty() ? "http://www.okta.com/" + external_key : settings.saml_issuer_id;
  }
  std::string recipient() const {
    return settings.recipient_url.empty() ? settings.single_sign_on_url : settings.recipient_url;
  }
  std::string destination() const {
    return settings.destination_url.empty() ? settings.single_sign_on_url : settings.destination_url;
  }
};

}  // namespace samlh::idp
