// The `settings:` mapping of one app (Okta AIW names, see README.md).
#include "idp-mock/tenant/config.hpp"

#include <yaml-cpp/yaml.h>

#include "idp-mock/tenant/tenant_yaml.hpp"

namespace samlh::idp {
namespace {

using core::DataCipher;
using core::DigestAlgorithm;
using core::KeyTransport;
using core::SignatureAlgorithm;

std::string name_id_format(const YAML::Node& n, const Reader& r) {
  std::string v = r.str(n, "name_id_format");
  if (v.rfind("urn:", 0) == 0) return v;
  std::string k = norm(v);
  if (k == "unspecified") return urn::kNameIdUnspecified;
  if (k == "email_address" || k == "emailaddress" || k == "email") return urn::kNameIdEmail;
  if (k == "x509_subject_name" || k == "x509subjectname") return urn::kNameIdX509;
  if (k == "persistent") return urn::kNameIdPersistent;
  if (k == "transient") return urn::kNameIdTransient;
  r.fail(n, "name_id_format: unknown value '" + v +
                "' (one of unspecified, email_address, x509_subject_name, persistent, transient, or a urn:)");
}

std::string attr_name_format(const YAML::Node& n, const Reader& r) {
  std::string v = r.str(n, "name_format");
  if (v.rfind("urn:", 0) == 0) return v;
  std::string k = norm(v);
  if (k == "unspecified") return urn::kAttrUnspecified;
  if (k == "uri_reference" || k == "uri") return urn::kAttrUri;
  if (k == "basic") return urn::kAttrBasic;
  r.fail(n, "name_format: unknown value '" + v + "' (one of unspecified, uri_reference, basic, or a urn:)");
}

SignatureAlgorithm signature_algorithm(const YAML::Node& n, const Reader& r) {
  if (auto a = okta_value(kOktaSignatureAlgorithms, r.str(n, "signature_algorithm"))) return *a;
  r.fail(n, "signature_algorithm: one of RSA_SHA1, RSA_SHA256, RSA_SHA384, RSA_SHA512, ECDSA_SHA256/384/512");
}

DigestAlgorithm digest_algorithm(const YAML::Node& n, const Reader& r) {
  if (auto d = okta_value(kOktaDigestAlgorithms, r.str(n, "digest_algorithm"))) return *d;
  r.fail(n, "digest_algorithm: one of SHA1, SHA256, SHA384, SHA512");
}

// B.12: the four ciphers Okta's UI offers.
DataCipher cipher(const YAML::Node& n, const Reader& r) {
  const auto c = okta_value(kOktaCiphers, r.str(n, "encryption_algorithm"));
  if (c == DataCipher::aes128_cbc || c == DataCipher::aes256_cbc || c == DataCipher::aes128_gcm ||
      c == DataCipher::aes256_gcm) {
    return *c;
  }
  r.fail(n, "encryption_algorithm: one of AES128_CBC, AES256_CBC, AES128_GCM, AES256_GCM");
}

KeyTransport transport(const YAML::Node& n, const Reader& r) {
  const std::string v = r.str(n, "key_transport_algorithm");
  if (auto t = okta_value(kOktaKeyTransports, v)) return *t;
  // the XML Encryption names too
  const std::string k = norm(v);
  if (k == "rsa_oaep_mgf1p") return KeyTransport::rsa_oaep_mgf1p;
  if (k == "rsa_oaep_xmlenc11") return KeyTransport::rsa_oaep;
  if (k == "rsa1_5" || k == "rsa_1_5" || k == "rsa_v1_5") return KeyTransport::rsa_1_5;
  r.fail(n, "key_transport_algorithm: one of RSA_OAEP, RSA_15");
}

void apply_encryption(AssertionEncryption& e, const YAML::Node& n, const Reader& r) {
  r.keys(n, {"enabled", "encryption_algorithm", "key_transport_algorithm", "encryption_certificate"}, "assertion_encryption");
  e.enabled = n["enabled"] ? r.boolean(n["enabled"], "enabled") : true;
  if (n["encryption_algorithm"]) e.encryption_algorithm = cipher(n["encryption_algorithm"], r);
  if (n["key_transport_algorithm"]) e.key_transport_algorithm = transport(n["key_transport_algorithm"], r);
  if (n["encryption_certificate"])
    e.encryption_certificate =
        certificate(r, n["encryption_certificate"], "encryption_certificate", &e.encryption_certificate_path);
  // B.12: the algorithm fields only exist once a certificate is uploaded.
  if (e.enabled && !e.encryption_certificate) r.fail(n, "assertion_encryption needs encryption_certificate");
}

void apply_slo(SingleLogout& s, const YAML::Node& n, const Reader& r) {
  r.keys(n, {"enabled", "url", "sp_issuer", "signature_certificate"}, "single_logout");
  s.enabled = n["enabled"] ? r.boolean(n["enabled"], "enabled") : true;
  if (n["url"]) s.url = r.str(n["url"], "url");
  if (n["sp_issuer"]) s.sp_issuer = r.str(n["sp_issuer"], "sp_issuer");
  if (n["signature_certificate"])
    s.signature_certificate =
        certificate(r, n["signature_certificate"], "signature_certificate", &s.signature_certificate_path);
  // B.11 [O4]: SLO needs the SP's URL, issuer and a certificate (requests must be signed).
  if (s.enabled && (s.url.empty() || s.sp_issuer.empty() || !s.signature_certificate))
    r.fail(n, "single_logout needs url, sp_issuer and signature_certificate");
}

void apply_provisioning(Provisioning& p, const YAML::Node& n, const Reader& r) {
  r.keys(n, {"enabled", "scim_connector_base_url", "bearer_token", "create_users", "update_user_attributes",
             "deactivate_users", "push_groups"}, "provisioning");
  p.enabled = n["enabled"] ? r.boolean(n["enabled"], "enabled") : true;
  if (n["scim_connector_base_url"]) p.scim_connector_base_url = r.str(n["scim_connector_base_url"], "scim_connector_base_url");
  if (n["bearer_token"]) p.bearer_token = r.str(n["bearer_token"], "bearer_token");
  for (auto [k, out] : {std::pair{"create_users", &p.create_users}, std::pair{"update_user_attributes", &p.update_user_attributes},
                        std::pair{"deactivate_users", &p.deactivate_users}})
    if (n[k]) *out = r.boolean(n[k], k);
  if (n["push_groups"]) {
    const auto& l = n["push_groups"];
    if (!l.IsSequence()) r.fail(l, "push_groups must be a list of group names");
    p.push_groups.clear();
    for (const auto& g : l) p.push_groups.push_back(r.str(g, "push_groups"));
  }
  // The SCIM server's base URL; http:// only (core's client speaks no TLS).
  if (p.enabled) {
    const std::string& u = p.scim_connector_base_url;
    if (u.rfind("http://", 0) != 0 || u.size() > 1024 || u.find_first_of("?# ") != std::string::npos)
      r.fail(n, "provisioning needs scim_connector_base_url, an http:// URL without query (at most 1024 characters, e.g. http://127.0.0.1:9000/scim/v2)");
    if (p.bearer_token.empty() || p.bearer_token.size() > 4096) r.fail(n, "provisioning needs bearer_token (1 to 4096 characters)");
  }
}

Expression expression(const YAML::Node& n, const Reader& r, const std::string& what) {
  std::string err;
  auto e = Expression::compile(r.str(n, what), &err);
  if (!e) r.fail(n, what + ": " + err);
  return *e;
}

GroupFilter group_filter(const YAML::Node& n, const Reader& r) {
  const std::string v = r.str(n, "filter");
  if (auto f = okta_value(kGroupFilterSpellings, v)) return *f;
  if (norm(v) == "matches_regex") return GroupFilter::regex;
  r.fail(n, "filter: one of starts_with, equals, contains, regex");
}

}  // namespace

void read_settings(AppSettings& s, const YAML::Node& n, const Reader& r) {
  r.keys(n, {"single_sign_on_url", "recipient_url", "destination_url", "audience_uri", "default_relay_state",
              "name_id_format", "application_username", "custom_template", "update_application_username_on",
              "response_signed", "assertion_signed", "signature_algorithm", "digest_algorithm",
              "assertion_encryption", "honor_force_authn", "signed_requests", "signature_certificate",
              "other_requestable_sso_urls", "attribute_statements", "group_attribute_statements", "saml_issuer_id",
              "assertion_lifetime_seconds", "single_logout", "authn_context_class_ref", "provisioning"}, "settings");
  auto s_ = [&](const char* k, std::string& out) {
    if (n[k]) out = r.str(n[k], k);
  };
  auto b_ = [&](const char* k, bool& out) {
    if (n[k]) out = r.boolean(n[k], k);
  };
  s_("single_sign_on_url", s.single_sign_on_url);
  s_("recipient_url", s.recipient_url);
  s_("destination_url", s.destination_url);
  s_("audience_uri", s.audience_uri);
  s_("default_relay_state", s.default_relay_state);
  s_("saml_issuer_id", s.saml_issuer_id);
  s_("authn_context_class_ref", s.authn_context_class_ref);
  if (n["name_id_format"]) s.name_id_format = name_id_format(n["name_id_format"], r);
  if (n["application_username"]) {
    auto u = okta_value(kAppUsernameSpellings, r.str(n["application_username"], "application_username"));
    if (!u) r.fail(n["application_username"], "application_username: one of okta_username, email, custom");
    s.application_username = *u;
  }
  if (n["custom_template"]) s.custom_template = expression(n["custom_template"], r, "custom_template");
  if (s.application_username == AppUsername::custom && !s.custom_template)
    r.fail(n, "application_username custom needs custom_template");
  if (n["update_application_username_on"]) {
    const YAML::Node v = n["update_application_username_on"];
    auto u = okta_value(kUpdateUsernameOnSpellings, r.str(v, "update_application_username_on"));
    if (!u) r.fail(v, "one of create_and_update, create_only");
    s.update_application_username_on = *u;
  }
  // B.5 [O1]: "If Application username is Custom, you can choose ... Create
  // only"; Okta offers it for no other username format.
  if (s.update_application_username_on == UpdateUsernameOn::create_only &&
      s.application_username != AppUsername::custom) {
    r.fail(n,
         "update_application_username_on: create_only needs application_username: custom (with a "
         "custom_template); Okta offers \"Create only\" only for a Custom application username (B.5 [O1])");
  }
  b_("response_signed", s.response_signed);
  b_("assertion_signed", s.assertion_signed);
  if (n["signature_algorithm"]) s.signature_algorithm = signature_algorithm(n["signature_algorithm"], r);
  if (n["digest_algorithm"]) s.digest_algorithm = digest_algorithm(n["digest_algorithm"], r);
  if (n["assertion_encryption"]) apply_encryption(s.assertion_encryption, n["assertion_encryption"], r);
  b_("honor_force_authn", s.honor_force_authn);
  b_("signed_requests", s.signed_requests);
  if (n["signature_certificate"])
    s.signature_certificate =
        certificate(r, n["signature_certificate"], "signature_certificate", &s.signature_certificate_path);
  // B.10 [O1]: Signed Requests is only available after a certificate upload.
  if (s.signed_requests && !s.signature_certificate) r.fail(n, "signed_requests needs signature_certificate");
  if (n["other_requestable_sso_urls"]) {
    const auto& l = n["other_requestable_sso_urls"];
    if (!l.IsSequence()) r.fail(l, "other_requestable_sso_urls must be a list");
    s.other_requestable_sso_urls.clear();
    for (const auto& e : l) {
      r.keys(e, {"url", "index"}, "other_requestable_sso_urls");
      RequestableUrl u;
      u.url = r.str(e["url"], "url");
      // SAML's AttributeConsumingServiceIndex/AssertionConsumerServiceIndex: an unsigned short.
      u.index = e["index"] ? static_cast<int>(r.integer(e["index"], "index", 0, 65535)) : 0;
      s.other_requestable_sso_urls.push_back(u);
    }
    if (s.other_requestable_sso_urls.size() > 100) r.fail(l, "at most 100 ACS URLs (B.10 [O6])");
  }
  if (n["attribute_statements"]) {
    const auto& l = n["attribute_statements"];
    if (!l.IsSequence()) r.fail(l, "attribute_statements must be a list");
    s.attribute_statements.clear();
    for (const auto& e : l) {
      r.keys(e, {"name", "name_format", "value"}, "attribute_statements");
      AttributeStatement a{r.str(e["name"], "name"), urn::kAttrUnspecified, expression(e["value"], r, "value")};
      if (e["name_format"]) a.name_format = attr_name_format(e["name_format"], r);
      if (a.name.size() > 512) r.fail(e, "attribute name longer than 512 (B.9 [O2])");
      s.attribute_statements.push_back(std::move(a));
    }
  }
  if (n["group_attribute_statements"]) {
    const auto& l = n["group_attribute_statements"];
    if (!l.IsSequence()) r.fail(l, "group_attribute_statements must be a list");
    s.group_attribute_statements.clear();
    for (const auto& e : l) {
      r.keys(e, {"name", "name_format", "filter", "value"}, "group_attribute_statements");
      GroupAttributeStatement g;
      g.name = r.str(e["name"], "name");
      if (e["name_format"]) g.name_format = attr_name_format(e["name_format"], r);
      g.filter = group_filter(e["filter"], r);
      g.value = r.str(e["value"], "value");
      if (g.filter == GroupFilter::regex) {
        try {
          g.compiled = GroupRegex::compile(g.value);
        } catch (const std::invalid_argument& ex) {
          r.fail(e["value"], std::string("bad regex: ") + ex.what());
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
      if (name(i) == name(j)) r.fail(n, "attribute name '" + name(i) + "' is used twice");
    }
  if (n["assertion_lifetime_seconds"]) {
    s.assertion_lifetime_seconds =
        static_cast<int>(r.integer(n["assertion_lifetime_seconds"], "assertion_lifetime_seconds", 1, 86400 * 365));
  }
  if (n["single_logout"]) apply_slo(s.single_logout, n["single_logout"], r);
  if (n["provisioning"]) apply_provisioning(s.provisioning, n["provisioning"], r);
}

void apply_settings(AppSettings& s, const YAML::Node& node, const SettingsSource& src) {
  core::yaml::rethrow_as<ConfigError>(src.file, [&] { read_settings(s, node, Reader(src.file, src.base_dir)); });
}

IdpResult<bool> GroupAttributeStatement::matches(const std::string& group) const {
  switch (filter) {
    case GroupFilter::starts_with: return group.rfind(value, 0) == 0;
    case GroupFilter::equals: return group == value;
    case GroupFilter::contains: return group.find(value) != std::string::npos;
    case GroupFilter::regex: return compiled.matches(group);
  }
  return false;
}

}  // namespace samlh::idp
