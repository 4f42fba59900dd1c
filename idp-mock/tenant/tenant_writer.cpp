#include "idp-mock/tenant/tenant_writer.hpp"

#include <yaml-cpp/yaml.h>

namespace samlh::idp {
namespace {

// One setting: its key, its value and Okta's label as a comment.
template <class V>
void setting(YAML::Emitter& out, const char* key, const V& value, const std::string& label) {
  out << YAML::Key << key << YAML::Value << value << YAML::Comment(label);
}

void certificate(YAML::Emitter& out, const char* key, const core::Certificate& c, const std::string& label) {
  out << YAML::Key << key << YAML::Comment(label) << YAML::Value << YAML::Literal << c.pem();
}

void user(YAML::Emitter& out, const User& u) {
  out << YAML::Flow << YAML::BeginMap;
  if (!u.id.empty()) out << YAML::Key << "id" << YAML::Value << u.id;
  out << YAML::Key << "login" << YAML::Value << u.login;
  if (u.email != u.login) out << YAML::Key << "email" << YAML::Value << u.email;
  if (!u.password.empty()) out << YAML::Key << "password" << YAML::Value << u.password;
  for (const char* k : {"firstName", "lastName", "displayName"}) {
    auto it = u.profile.find(k);
    if (it != u.profile.end()) out << YAML::Key << k << YAML::Value << it->second;
  }
  if (u.status == UserStatus::suspended) out << YAML::Key << "status" << YAML::Value << "suspended";
  if (u.status == UserStatus::deactivated) out << YAML::Key << "status" << YAML::Value << "deactivated";
  bool other = false;
  for (const auto& [k, v] : u.profile) other = other || (k != "firstName" && k != "lastName" && k != "displayName");
  if (other) {
    out << YAML::Key << "profile" << YAML::Value << YAML::BeginMap;
    for (const auto& [k, v] : u.profile)
      if (k != "firstName" && k != "lastName" && k != "displayName") out << YAML::Key << k << YAML::Value << v;
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

void group(YAML::Emitter& out, const Group& g) {
  out << YAML::Flow << YAML::BeginMap;
  if (!g.id.empty()) out << YAML::Key << "id" << YAML::Value << g.id;
  out << YAML::Key << "name" << YAML::Value << g.name;
  if (!g.description.empty()) out << YAML::Key << "description" << YAML::Value << g.description;
  out << YAML::Key << "members" << YAML::Value << YAML::Flow << g.members;
  out << YAML::EndMap;
}

void encryption(YAML::Emitter& out, const AssertionEncryption& e) {
  out << YAML::Key << "assertion_encryption"
      << YAML::Comment("Assertion Encryption: Okta encrypts only when set to Encrypted (B.3 [X6], B.12 [O1])")
      << YAML::Value << YAML::BeginMap;
  setting(out, "enabled", e.enabled, "Encrypted / Unencrypted");
  setting(out, "encryption_algorithm", std::string(kOktaCiphers.spelling(e.encryption_algorithm)),
          "Encryption Algorithm");
  setting(out, "key_transport_algorithm", std::string(kOktaKeyTransports.spelling(e.key_transport_algorithm)),
          "Key Transport Algorithm");
  certificate(out, "encryption_certificate", *e.encryption_certificate, "Encryption Certificate");
  out << YAML::EndMap;
}

void settings(YAML::Emitter& out, const AppSettings& s) {
  out << YAML::Key << "settings" << YAML::Value << YAML::BeginMap;
  setting(out, "single_sign_on_url", s.single_sign_on_url, "Single sign-on URL");
  if (!s.other_requestable_sso_urls.empty()) {
    out << YAML::Key << "other_requestable_sso_urls" << YAML::Comment("Other Requestable SSO URLs (URL, Index)")
        << YAML::Value << YAML::BeginSeq;
    for (const auto& u : s.other_requestable_sso_urls)
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "url" << YAML::Value << u.url << YAML::Key << "index"
          << YAML::Value << u.index << YAML::EndMap;
    out << YAML::EndSeq;
  }
  setting(out, "audience_uri", s.audience_uri, "Audience URI (SP Entity ID)");
  setting(out, "default_relay_state", s.default_relay_state, "Default RelayState");
  setting(out, "name_id_format", s.name_id_format, "Name ID format");
  setting(out, "application_username", std::string(kAppUsernameSpellings.spelling(s.application_username)),
          "Application username");
  setting(out, "update_application_username_on",
          std::string(kUpdateUsernameOnSpellings.spelling(s.update_application_username_on)),
          "Update application username on");
  setting(out, "response_signed", s.response_signed, "Response: Signed");
  setting(out, "assertion_signed", s.assertion_signed, "Assertion Signature: Signed");
  setting(out, "signature_algorithm", std::string(kOktaSignatureAlgorithms.spelling(s.signature_algorithm)),
          "Signature Algorithm");
  setting(out, "digest_algorithm", std::string(kOktaDigestAlgorithms.spelling(s.digest_algorithm)),
          "Digest Algorithm");
  if (s.assertion_encryption.encryption_certificate) encryption(out, s.assertion_encryption);
  setting(out, "honor_force_authn", s.honor_force_authn, "Honor Force Authentication");
  setting(out, "signed_requests", s.signed_requests, "Signed Requests");
  if (s.signature_certificate) {
    certificate(out, "signature_certificate", *s.signature_certificate, "Signature Certificate");
  }
  setting(out, "saml_issuer_id", s.saml_issuer_id, "SAML Issuer ID (empty: http://www.okta.com/<external key>)");
  setting(out, "assertion_lifetime_seconds", s.assertion_lifetime_seconds, "assertion lifetime (API)");
  setting(out, "authn_context_class_ref", s.authn_context_class_ref, "Authentication context class");
  out << YAML::Key << "attribute_statements"
      << YAML::Comment("Attribute Statements, e.g. {name: email, value: user.email}")
      << YAML::Value << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
  out << YAML::Key << "group_attribute_statements"
      << YAML::Comment("Group Attribute Statements, e.g. {name: groups, filter: regex, value: \".*\"}")
      << YAML::Value << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
  out << YAML::EndMap;
}

void app(YAML::Emitter& out, const AppConfig& ac) {
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << ac.app.name;
  out << YAML::Key << "label" << YAML::Value << ac.app.label;
  out << YAML::Key << "app_name" << YAML::Value << ac.app.app_name;
  out << YAML::Key << "external_key" << YAML::Value << ac.app.external_key;
  if (!ac.assigned_users.empty())
    out << YAML::Key << "assigned_users" << YAML::Value << YAML::Flow << ac.assigned_users;
  if (!ac.assigned_groups.empty())
    out << YAML::Key << "assigned_groups" << YAML::Value << YAML::Flow << ac.assigned_groups;
  settings(out, ac.app.settings);
  out << YAML::EndMap;
}

}  // namespace

std::string tenant_yaml(const TenantConfig& t, const TenantYamlOptions& options) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "org" << YAML::Value << t.org;
  out << YAML::Key << "listen" << YAML::Value << YAML::BeginMap << YAML::Key << "address" << YAML::Value << t.address
      << YAML::Key << "port" << YAML::Value << t.port;
  if (t.max_connections != 0) out << YAML::Key << "max_connections" << YAML::Value << t.max_connections;
  out << YAML::EndMap;
  out << YAML::Key << "signing" << YAML::Value << YAML::BeginMap << YAML::Key << "key" << YAML::Value
      << options.signing_key << YAML::Key << "certificate" << YAML::Value << options.signing_certificate
      << YAML::EndMap;
  out << YAML::Key << "users" << YAML::Value << YAML::BeginSeq;
  for (const User& u : t.directory.users()) user(out, u);
  out << YAML::EndSeq;
  out << YAML::Key << "groups" << YAML::Value << YAML::BeginSeq;
  for (const Group& g : t.directory.groups()) group(out, g);
  out << YAML::EndSeq;
  out << YAML::Key << "apps" << YAML::Value << YAML::BeginSeq;
  for (const AppConfig& ac : t.apps) app(out, ac);
  out << YAML::EndSeq;
  out << YAML::EndMap;
  if (!out.good()) throw ConfigError(std::string("cannot write the tenant YAML: ") + out.GetLastError());
  std::string text;
  for (const std::string& line : options.header) text += "# " + line + "\n";
  return text + out.c_str() + "\n";
}

}  // namespace samlh::idp
