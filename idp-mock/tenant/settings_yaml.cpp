// The `settings:` mapping of one app (Okta AIW names, see README.md).
#include "idp-mock/tenant/config.hpp"

#include <yaml-cpp/yaml.h>

#include "idp-mock/tenant/yaml_util.hpp"

namespace samlh::idp {
namespace {

using core::DataCipher;
using core::DigestAlgorithm;
using core::KeyTransport;
using core::SignatureAlgorithm;
using namespace yaml;

std::string name_id_format(const YAML::Node& n, const SettingsSource& src) {
  std::string v = str(n, src, "name_id_format");
  if (v.rfind("urn:", 0) == 0) return v;
  std::string k = norm(v);
  if (k == "unspecified") return urn::kNameIdUnspecified;
  if (k == "email_address" || k == "emailaddress" || k == "email") return urn::kNameIdEmail;
  if (k == "x509_subject_name" || k == "x509subjectname") return urn::kNameIdX509;
  if (k == "persistent") return urn::kNameIdPersistent;
  if (k == "transient") return urn::kNameIdTransient;
  fail(src, n, "name_id_format: unknown value '" + v + "'");
}

std::string attr_name_format(const YAML::Node& n, const SettingsSource& src) {
  std::string v = str(n, src, "name_format");
  if (v.rfind("urn:", 0) == 0) return v;
  std::string k = norm(v);
  if (k == "unspecified") return urn::kAttrUnspecified;
  if (k == "uri_reference" || k == "uri") return urn::kAttrUri;
  if (k == "basic") return urn::kAttrBasic;
  fail(src, n, "name_format: unknown value '" + v + "'");
}

SignatureAlgorithm signature_algorithm(const YAML::Node& n, const SettingsSource& src) {
  std::string k = norm(str(n, src, "signature_algorithm"));
  if (k == "rsa_sha1") return SignatureAlgorithm::rsa_sha1;
  if (k == "rsa_sha256") return SignatureAlgorithm::rsa_sha256;
  if (k == "rsa_sha384") return SignatureAlgorithm::rsa_sha384;
  if (k == "rsa_sha512") return SignatureAlgorithm::rsa_sha512;
  if (k == "ecdsa_sha256") return SignatureAlgorithm::ecdsa_sha256;
  if (k == "ecdsa_sha384") return SignatureAlgorithm::ecdsa_sha384;
  if (k == "ecdsa_sha512") return SignatureAlgorithm::ecdsa_sha512;
  fail(src, n, "signature_algorithm: one of RSA_SHA1, RSA_SHA256, RSA_SHA384, RSA_SHA512, ECDSA_SHA256/384/512");
}

DigestAlgorithm digest_algorithm(const YAML::Node& n, const SettingsSource& src) {
  std::string k = norm(str(n, src, "digest_algorithm"));
  if (k == "sha1") return DigestAlgorithm::sha1;
  if (k == "sha256") return DigestAlgorithm::sha256;
  if (k == "sha384") return DigestAlgorithm::sha384;
  if (k == "sha512") return DigestAlgorithm::sha512;
  fail(src, n, "digest_algorithm: one of SHA1, SHA256, SHA384, SHA512");
}

DataCipher cipher(const YAML::Node& n, const SettingsSource& src) {
  std::string k = norm(str(n, src, "encryption_algorithm"));
  if (k == "aes128_cbc") return DataCipher::aes128_cbc;
  if (k == "aes256_cbc") return DataCipher::aes256_cbc;
  if (k == "aes128_gcm") return DataCipher::aes128_gcm;
  if (k == "aes256_gcm") return DataCipher::aes256_gcm;
  fail(src, n, "encryption_algorithm: one of AES128_CBC, AES256_CBC, AES128_GCM, AES256_GCM");
}

KeyTransport transport(const YAML::Node& n, const SettingsSource& src) {
  std::string k = norm(str(n, src, "key_transport_algorithm"));
  // B.12: Okta's "RSA-OAEP" is rsa-oaep-mgf1p (SHA-1 digest) in captures.
  if (k == "rsa_oaep" || k == "rsa_oaep_mgf1p") return KeyTransport::rsa_oaep_mgf1p;
  if (k == "rsa_oaep_11" || k == "rsa_oaep_xmlenc11") return KeyTransport::rsa_oaep;
  if (k == "rsa_15" || k == "rsa1_5" || k == "rsa_1_5" || k == "rsa_v1_5") return KeyTransport::rsa_1_5;
  fail(src, n, "key_transport_algorithm: one of RSA_OAEP, RSA_15");
}

void apply_encryption(AssertionEncryption& e, const YAML::Node& n, const SettingsSource& src) {
  check_keys(n, {"enabled", "encryption_algorithm", "key_transport_algorithm", "encryption_certificate"}, src,
             "assertion_encryption");
  e.enabled = n["enabled"] ? boolean(n["enabled"], src, "enabled") : true;
  if (n["encryption_algorithm"]) e.encryption_algorithm = cipher(n["encryption_algorithm"], src);
  if (n["key_transport_algorithm"]) e.key_transport_algorithm = transport(n["key_transport_algorithm"], src);
  if (n["encryption_certificate"])
    e.encryption_certificate =
        certificate(n["encryption_certificate"], src, "encryption_certificate", &e.encryption_certificate_path);
  // B.12: the algorithm fields only exist once a certificate is uploaded.
  if (e.enabled && !e.encryption_certificate) fail(src, n, "assertion_encryption needs encryption_certificate");
}

void apply_slo(SingleLogout& s, const YAML::Node& n, const SettingsSource& src) {
  check_keys(n, {"enabled", "url", "sp_issuer", "signature_certificate"}, src, "single_logout");
  s.enabled = n["enabled"] ? boolean(n["enabled"], src, "enabled") : true;
  if (n["url"]) s.url = str(n["url"], src, "url");
  if (n["sp_issuer"]) s.sp_issuer = str(n["sp_issuer"], src, "sp_issuer");
  if (n["signature_certificate"])
    s.signature_certificate =
        certificate(n["signature_certificate"], src, "signature_certificate", &s.signature_certificate_path);
  // B.11 [O4]: SLO needs the SP's URL, issuer and a certificate (requests must be signed).
  if (s.enabled && (s.url.empty() || s.sp_issuer.empty() || !s.signature_certificate))
    fail(src, n, "single_logout needs url, sp_issuer and signature_certificate");
}

Expression expression(const YAML::Node& n, const SettingsSource& src, const std::string& what) {
  std::string err;
  auto e = Expression::compile(str(n, src, what), &err);
  if (!e) fail(src, n, what + ": " + err);
  return *e;
}

GroupFilter group_filter(const YAML::Node& n, const SettingsSource& src) {
  std::string k = norm(str(n, src, "filter"));
  if (k == "starts_with") return GroupFilter::starts_with;
  if (k == "equals") return GroupFilter::equals;
  if (k == "contains") return GroupFilter::contains;
  if (k == "regex" || k == "matches_regex") return GroupFilter::regex;
  fail(src, n, "filter: one of starts_with, equals, contains, regex");
}

}  // namespace

void apply_settings(AppSettings& s, const YAML::Node& n, const SettingsSource& src) {
  check_keys(n,
             {"single_sign_on_url", "recipient_url", "destination_url", "audience_uri", "default_relay_state",
              "name_id_format", "application_username", "custom_template", "update_application_username_on",
              "response_signed", "assertion_signed", "signature_algorithm", "digest_algorithm",
              "assertion_encryption", "honor_force_authn", "signed_requests", "signature_certificate",
              "other_requestable_sso_urls", "attribute_statements", "group_attribute_statements", "saml_issuer_id",
              "assertion_lifetime_seconds", "single_logout", "authn_context_class_ref"},
             src, "settings");
  auto s_ = [&](const char* k, std::string& out) {
    if (n[k]) out = str(n[k], src, k);
  };
  auto b_ = [&](const char* k, bool& out) {
    if (n[k]) out = boolean(n[k], src, k);
  };
  s_("single_sign_on_url", s.single_sign_on_url);
  s_("recipient_url", s.recipient_url);
  s_("destination_url", s.destination_url);
  s_("audience_uri", s.audience_uri);
  s_("default_relay_state", s.default_relay_state);
  s_("saml_issuer_id", s.saml_issuer_id);
  s_("authn_context_class_ref", s.authn_context_class_ref);
  if (n["name_id_format"]) s.name_id_format = name_id_format(n["name_id_format"], src);
  if (n["application_username"]) {
    std::string k = norm(str(n["application_username"], src, "application_username"));
    if (k == "okta_username") s.application_username = AppUsername::okta_username;
    else if (k == "email") s.application_username = AppUsername::email;
    else if (k == "custom") s.application_username = AppUsername::custom;
    else fail(src, n["application_username"], "application_username: one of okta_username, email, custom");
  }
  if (n["custom_template"]) s.custom_template = expression(n["custom_template"], src, "custom_template");
  if (s.application_username == AppUsername::custom && !s.custom_template)
    fail(src, n, "application_username custom needs custom_template");
  if (n["update_application_username_on"]) {
    std::string k = norm(str(n["update_application_username_on"], src, "update_application_username_on"));
    if (k == "create_and_update") s.update_application_username_on = UpdateUsernameOn::create_and_update;
    else if (k == "create_only") s.update_application_username_on = UpdateUsernameOn::create_only;
    else fail(src, n["update_application_username_on"], "one of create_and_update, create_only");
  }
  // B.5 [O1]: "If Application username is Custom, you can choose ... Create
  // only"; Okta offers it for no other username format.
  if (s.update_application_username_on == UpdateUsernameOn::create_only &&
      s.application_username != AppUsername::custom) {
    fail(src, n,
         "update_application_username_on: create_only needs application_username: custom (with a "
         "custom_template); Okta offers \"Create only\" only for a Custom application username (B.5 [O1])");
  }
  b_("response_signed", s.response_signed);
  b_("assertion_signed", s.assertion_signed);
  if (n["signature_algorithm"]) s.signature_algorithm = signature_algorithm(n["signature_algorithm"], src);
  if (n["digest_algorithm"]) s.digest_algorithm = digest_algorithm(n["digest_algorithm"], src);
  if (n["assertion_encryption"]) apply_encryption(s.assertion_encryption, n["assertion_encryption"], src);
  b_("honor_force_authn", s.honor_force_authn);
  b_("signed_requests", s.signed_requests);
  if (n["signature_certificate"])
    s.signature_certificate =
        certificate(n["signature_certificate"], src, "signature_certificate", &s.signature_certificate_path);
  // B.10 [O1]: Signed Requests is only available after a certificate upload.
  if (s.signed_requests && !s.signature_certificate) fail(src, n, "signed_requests needs signature_certificate");
  if (n["other_requestable_sso_urls"]) {
    const auto& l = n["other_requestable_sso_urls"];
    if (!l.IsSequence()) fail(src, l, "other_requestable_sso_urls must be a list");
    s.other_requestable_sso_urls.clear();
    for (const auto& e : l) {
      check_keys(e, {"url", "index"}, src, "other_requestable_sso_urls");
      RequestableUrl r;
      r.url = str(e["url"], src, "url");
      r.index = e["index"] ? static_cast<int>(integer(e["index"], src, "index")) : 0;
      s.other_requestable_sso_urls.push_back(r);
    }
    if (s.other_requestable_sso_urls.size() > 100) fail(src, l, "at most 100 ACS URLs (B.10 [O6])");
  }
  if (n["attribute_statements"]) {
    const auto& l = n["attribute_statements"];
    if (!l.IsSequence()) fail(src, l, "attribute_statements must be a list");
    s.attribute_statements.clear();
    for (const auto& e : l) {
      check_keys(e, {"name", "name_format", "value"}, src, "attribute_statements");
      AttributeStatement a{str(e["name"], src, "name"), urn::kAttrUnspecified, expression(e["value"], src, "value")};
      if (e["name_format"]) a.name_format = attr_name_format(e["name_format"], src);
      if (a.name.size() > 512) fail(src, e, "attribute name longer than 512 (B.9 [O2])");
      s.attribute_statements.push_back(std::move(a));
    }
  }
  if (n["group_attribute_statements"]) {
    const auto& l = n["group_attribute_statements"];
    if (!l.IsSequence()) fail(src, l, "group_attribute_statements must be a list");
    s.group_attribute_statements.clear();
    for (const auto& e : l) {
      check_keys(e, {"name", "name_format", "filter", "value"}, src, "group_attribute_statements");
      GroupAttributeStatement g;
      g.name = str(e["name"], src, "name");
      if (e["name_format"]) g.name_format = attr_name_format(e["name_format"], src);
      g.filter = group_filter(e["filter"], src);
      g.value = str(e["value"], src, "value");
      if (g.filter == GroupFilter::regex) {
        try {
          g.compiled = std::regex(g.value, std::regex::ECMAScript);
        } catch (const std::regex_error& ex) {
          fail(src, e["value"], std::string("bad regex: ") + ex.what());
        }
      }
      s.group_attribute_statements.push_back(std::move(g));
    }
  }
  // B.9 [O2]: names are unique across user and group attribute statements.
  for (std::size_t i = 0; i < s.attribute_statements.size() + s.group_attribute_statements.size(); ++i)
    for (std::size_t j = i + 1; j < s.attribute_statements.size() + s.group_attribute_statements.size(); ++j) {
      auto name = [&](std::size_t k) -> const std::string& {
        return k < s.attribute_statements.size() ? s.attribute_statements[k].name
                                                 : s.group_attribute_statements[k - s.attribute_statements.size()].name;
      };
      if (name(i) == name(j)) fail(src, n, "attribute name '" + name(i) + "' is used twice");
    }
  if (n["assertion_lifetime_seconds"]) {
    auto v = integer(n["assertion_lifetime_seconds"], src, "assertion_lifetime_seconds");
    if (v <= 0 || v > 86400 * 365) fail(src, n["assertion_lifetime_seconds"], "assertion_lifetime_seconds out of range");
    s.assertion_lifetime_seconds = static_cast<int>(v);
  }
  if (n["single_logout"]) apply_slo(s.single_logout, n["single_logout"], src);
}

bool GroupAttributeStatement::matches(const std::string& group) const {
  switch (filter) {
    case GroupFilter::starts_with: return group.rfind(value, 0) == 0;
    case GroupFilter::equals: return group == value;
    case GroupFilter::contains: return group.find(value) != std::string::npos;
    case GroupFilter::regex: return std::regex_match(group, compiled);
  }
  return false;
}

}  // namespace samlh::idp
