// Apps from SP metadata and from --acs/--audience, the tenant of them, and
// the tenant YAML `init` writes (idp-mock/tenant/sp_apps.hpp, tenant_writer.hpp).
#include <gtest/gtest.h>

#include <string>

#include "idp-mock/tenant/sp_apps.hpp"
#include "idp-mock/tenant/tenant_writer.hpp"
#include "tests/support/test_keys.hpp"

using namespace samlh;
using namespace samlh::idp;

namespace {

const std::string kPost = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

std::string cert_b64() {
  std::string pem = test::slurp(test::source_path("certs/sp.crt")), out;
  const auto a = pem.find('\n', pem.find("BEGIN")) + 1;
  const auto b = pem.find("-----END");
  for (char c : pem.substr(a, b - a))
    if (c != '\n' && c != '\r') out += c;
  return out;
}

std::string key_descriptor(const std::string& use, const std::string& b64) {
  return "<md:KeyDescriptor" + (use.empty() ? "" : " use=\"" + use + "\"") +
         "><ds:KeyInfo><ds:X509Data><ds:X509Certificate>" + b64 +
         "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>";
}

std::string metadata(const std::string& role_attrs, const std::string& inner,
                     const std::string& entity = "https://sp.example/saml/metadata") {
  return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
         "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + entity +
         "\"><md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\" " + role_attrs +
         ">" + inner + "</md:SPSSODescriptor></md:EntityDescriptor>";
}

std::string acs(const std::string& binding, const std::string& url, int index, bool is_default = false) {
  return "<md:AssertionConsumerService Binding=\"" + binding + "\" Location=\"" + url + "\" index=\"" +
         std::to_string(index) + "\"" + (is_default ? " isDefault=\"true\"" : "") + "/>";
}

AppConfig from(const std::string& xml, bool encrypt = false) {
  return app_from_sp_metadata(xml, "test.xml", "acme", SpAppOptions{encrypt});
}

// The message of the ConfigError `xml` gives ("" when none).
std::string error_of(const std::string& xml, bool encrypt = false) {
  try {
    from(xml, encrypt);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(SpApps, OktaDefaultsFromMetadata) {
  const auto a = from(metadata("WantAssertionsSigned=\"true\"",
                               acs("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact", "https://sp.example/art", 0) +
                                   acs(kPost, "https://sp.example/acs1", 1) +
                                   acs(kPost, "https://sp.example/acs2", 2, true)));
  const AppSettings& s = a.app.settings;
  EXPECT_EQ(s.audience_uri, "https://sp.example/saml/metadata");
  EXPECT_EQ(s.single_sign_on_url, "https://sp.example/acs2");  // isDefault wins over order
  ASSERT_EQ(s.other_requestable_sso_urls.size(), 2u);           // the POST ones, with their indexes
  EXPECT_EQ(s.other_requestable_sso_urls[0].url, "https://sp.example/acs1");
  EXPECT_EQ(s.other_requestable_sso_urls[0].index, 1);
  EXPECT_EQ(s.other_requestable_sso_urls[1].index, 2);
  EXPECT_TRUE(s.response_signed);
  EXPECT_TRUE(s.assertion_signed);
  EXPECT_EQ(s.signature_algorithm, core::SignatureAlgorithm::rsa_sha256);
  EXPECT_EQ(s.digest_algorithm, core::DigestAlgorithm::sha256);
  EXPECT_EQ(s.name_id_format, urn::kNameIdUnspecified);
  EXPECT_FALSE(s.assertion_encryption.enabled);
  EXPECT_FALSE(s.signed_requests);
  EXPECT_FALSE(s.signature_certificate);
}

TEST(SpApps, FirstPostAcsWithoutDefaultAndNoListForOne) {
  const auto a = from(metadata("", acs(kPost, "http://127.0.0.1:9/acs", 0)));
  EXPECT_EQ(a.app.settings.single_sign_on_url, "http://127.0.0.1:9/acs");
  EXPECT_TRUE(a.app.settings.other_requestable_sso_urls.empty());
}

TEST(SpApps, NamesAndKeysAreDeterministicFromTheEntityId) {
  const auto a = from(metadata("", acs(kPost, "https://sp.example/acs", 0)));
  const auto b = from(metadata("", acs(kPost, "https://sp.example/other", 0)));
  EXPECT_EQ(a.app.external_key, b.app.external_key);
  EXPECT_EQ(a.app.external_key.size(), 20u);
  EXPECT_EQ(a.app.external_key.rfind("exk", 0), 0u);
  EXPECT_NE(a.app.external_key, external_key_for("https://sp.example/other"));
  EXPECT_EQ(a.app.name, "sp_example_saml_metadata");
  EXPECT_EQ(a.app.app_name, "acme_sp_example_saml_metadata_1");
  EXPECT_EQ(a.app.issuer(), "http://www.okta.com/" + a.app.external_key);
  EXPECT_EQ(app_name_for("urn:Foo::Bar/"), "foo_bar");
  EXPECT_EQ(app_name_for("://"), "sp");
  EXPECT_LE(app_name_for(std::string(200, 'a')).size(), 40u);
}

TEST(SpApps, EncryptionOnlyWithEncrypt) {
  const std::string xml = metadata("", key_descriptor("", cert_b64()) + acs(kPost, "https://sp.example/acs", 0));
  EXPECT_FALSE(from(xml).app.settings.assertion_encryption.enabled);  // Okta: off unless configured
  const auto e = from(xml, true).app.settings.assertion_encryption;
  EXPECT_TRUE(e.enabled);
  EXPECT_EQ(e.encryption_algorithm, core::DataCipher::aes256_cbc);
  EXPECT_EQ(e.key_transport_algorithm, core::KeyTransport::rsa_oaep_mgf1p);
  ASSERT_TRUE(e.encryption_certificate);
  EXPECT_EQ(e.encryption_certificate->pem(), test::cert("sp.crt").pem());
  // a signing-only certificate is not an encryption certificate
  const std::string signing_only =
      metadata("", key_descriptor("signing", cert_b64()) + acs(kPost, "https://sp.example/acs", 0));
  EXPECT_NE(error_of(signing_only, true).find("--encrypt needs an encryption certificate"), std::string::npos);
}

TEST(SpApps, SignedRequestsWithTheSigningCertificate) {
  const auto a = from(metadata("AuthnRequestsSigned=\"true\"",
                               key_descriptor("signing", cert_b64()) + acs(kPost, "https://sp.example/acs", 0)));
  EXPECT_TRUE(a.app.settings.signed_requests);
  ASSERT_TRUE(a.app.settings.signature_certificate);
  EXPECT_EQ(a.app.settings.signature_certificate->pem(), test::cert("sp.crt").pem());
  const std::string unsigned_md = metadata("AuthnRequestsSigned=\"true\"", acs(kPost, "https://sp.example/acs", 0));
  EXPECT_NE(error_of(unsigned_md).find("AuthnRequestsSigned=\"true\" but no signing certificate"),
            std::string::npos);
}

TEST(SpApps, EveryMissingPieceIsNamed) {
  const std::string post = acs(kPost, "https://sp.example/acs", 0);
  struct Case {
    std::string xml;
    std::string needle;
  };
  const Case cases[] = {
      {"<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\"><md:IDPSSODescriptor "
       "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"/></md:EntityDescriptor>",
       "no EntityDescriptor with an SPSSODescriptor"},
      {metadata("", acs("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", "https://sp.example/acs", 0)),
       "no AssertionConsumerService with Binding"},
      {metadata("", key_descriptor("", "bm90IGEgY2VydGlmaWNhdGU=") + post), "unreadable certificate"},
      {metadata("", post, ""), "EntityDescriptor without entityID"},
      {metadata("", acs(kPost, "javascript:alert(1)", 0)), "not an http(s) URL"},
      {metadata("", acs(kPost, "https://a/1", 1) + acs(kPost, "https://a/2", 1)), "two AssertionConsumerServices"},
      {"<!DOCTYPE md [<!ENTITY x \"y\">]>" + metadata("", post), "xml_doctype"},
      {metadata("", post) + "<x", "refused by the hardened XML parser: xml_malformed"},
  };
  for (const auto& c : cases) EXPECT_NE(error_of(c.xml).find(c.needle), std::string::npos) << c.needle;
  EXPECT_NE(error_of("not xml").find("SP metadata test.xml: "), std::string::npos);
}

TEST(SpApps, DepthIsCapped) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<md:Extensions>";
  for (int i = 0; i < 100; ++i) deep += "</md:Extensions>";
  EXPECT_NE(error_of(metadata("", deep + acs(kPost, "https://sp.example/acs", 0))).find("xml_too_deep"),
            std::string::npos);
}

TEST(SpApps, AcsAndAudienceWithoutMetadata) {
  const auto a = app_from_acs("http://127.0.0.1:3000/saml/acs", "my-sp", "acme");
  EXPECT_EQ(a.app.settings.single_sign_on_url, "http://127.0.0.1:3000/saml/acs");
  EXPECT_EQ(a.app.settings.audience_uri, "my-sp");
  EXPECT_EQ(a.app.external_key, external_key_for("my-sp"));
  EXPECT_THROW(app_from_acs("ftp://x/acs", "my-sp", "acme"), ConfigError);
  EXPECT_THROW(app_from_acs("http://x/acs", "", "acme"), ConfigError);
}

Directory two_users() {
  Directory d;
  User a{"00u1", "ann@x.test", "ann@x.test", "pw", {{"firstName", "Ann"}, {"team", "a \"b\": c"}}, UserStatus::active};
  User b{"", "ben@x.test", "ben@y.test", "", {}, UserStatus::suspended};
  EXPECT_FALSE(d.add_user(a));
  EXPECT_FALSE(d.add_user(b));
  EXPECT_FALSE(d.add_group(Group{"00g1", "Team: one", "yes", {"ann@x.test"}}));
  return d;
}

KeyFiles demo_keys() {
  return KeyFiles{test::slurp(test::source_path("certs/idp.key")), test::slurp(test::source_path("certs/idp.crt")),
                  test::source_path("certs/idp.key"), test::source_path("certs/idp.crt")};
}

TEST(SpApps, TenantAssignsEveryoneAndRefusesTwoAppsForOneEntity) {
  std::vector<AppConfig> apps = {app_from_acs("http://a/acs", "urn:a", "acme"),
                                 app_from_acs("http://b/acs", "urn:a/", "acme")};  // same name "a"
  const auto t = tenant_for_apps("acme", demo_keys(), two_users(), apps);
  ASSERT_EQ(t.apps.size(), 2u);
  EXPECT_EQ(t.apps[0].app.name, "a");
  EXPECT_EQ(t.apps[1].app.name, "a_2");
  EXPECT_EQ(t.apps[1].app.app_name, "acme_a_2_1");
  EXPECT_TRUE(t.directory.is_assigned("a", "ann@x.test"));
  EXPECT_TRUE(t.directory.is_assigned("a_2", "ben@x.test"));
  apps.push_back(app_from_acs("http://c/acs", "urn:a", "acme"));
  EXPECT_THROW(tenant_for_apps("acme", demo_keys(), two_users(), apps), ConfigError);
}

// `init`'s YAML loads back to the same directory and apps.
TEST(SpApps, TenantYamlLoadsBackToTheSameApps) {
  const std::string md = metadata(
      "AuthnRequestsSigned=\"true\"",
      key_descriptor("", cert_b64()) + acs(kPost, "https://sp.example/acs1", 3) +
          acs(kPost, "https://sp.example/a2", 7));
  std::vector<AppConfig> apps = {from(md, true), app_from_acs("http://127.0.0.1:3000/acs", "my-sp", "acme")};
  const TenantConfig t = tenant_for_apps("acme", demo_keys(), two_users(), apps);
  TenantYamlOptions o;
  o.header = {"a header"};
  o.signing_key = test::source_path("certs/idp.key");
  o.signing_certificate = test::source_path("certs/idp.crt");
  const std::string yaml = tenant_yaml(t, o);
  EXPECT_EQ(yaml.rfind("# a header\n", 0), 0u);
  EXPECT_NE(yaml.find("# Audience URI (SP Entity ID)"), std::string::npos);
  EXPECT_NE(yaml.find("# Signed Requests"), std::string::npos);
  const TenantConfig back = parse_config(yaml, SettingsSource{"init.yaml", "/"});
  EXPECT_EQ(back.signing.key_pem, t.signing.key_pem);
  ASSERT_EQ(back.directory.users().size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const User &u = t.directory.users()[i], &v = back.directory.users()[i];
    EXPECT_EQ(std::tie(u.id, u.login, u.email, u.password, u.profile, u.status),
              std::tie(v.id, v.login, v.email, v.password, v.profile, v.status));
  }
  ASSERT_EQ(back.directory.groups().size(), 1u);
  EXPECT_EQ(back.directory.groups()[0].name, "Team: one");
  EXPECT_EQ(back.directory.groups()[0].description, "yes");
  ASSERT_EQ(back.apps.size(), t.apps.size());
  for (std::size_t i = 0; i < t.apps.size(); ++i) {
    const App &a = t.apps[i].app, &b = back.apps[i].app;
    EXPECT_EQ(std::tie(a.name, a.label, a.app_name, a.external_key),
              std::tie(b.name, b.label, b.app_name, b.external_key));
    const AppSettings &s = a.settings, &r = b.settings;
    EXPECT_EQ(s.single_sign_on_url, r.single_sign_on_url);
    ASSERT_EQ(s.other_requestable_sso_urls.size(), r.other_requestable_sso_urls.size());
    for (std::size_t k = 0; k < s.other_requestable_sso_urls.size(); ++k) {
      EXPECT_EQ(s.other_requestable_sso_urls[k].url, r.other_requestable_sso_urls[k].url);
      EXPECT_EQ(s.other_requestable_sso_urls[k].index, r.other_requestable_sso_urls[k].index);
    }
    EXPECT_EQ(std::tie(s.audience_uri, s.name_id_format, s.response_signed, s.assertion_signed, s.signed_requests,
                       s.honor_force_authn, s.assertion_lifetime_seconds, s.authn_context_class_ref),
              std::tie(r.audience_uri, r.name_id_format, r.response_signed, r.assertion_signed, r.signed_requests,
                       r.honor_force_authn, r.assertion_lifetime_seconds, r.authn_context_class_ref));
    EXPECT_EQ(s.signature_algorithm, r.signature_algorithm);
    EXPECT_EQ(s.digest_algorithm, r.digest_algorithm);
    EXPECT_EQ(s.application_username, r.application_username);
    EXPECT_EQ(s.assertion_encryption.enabled, r.assertion_encryption.enabled);
    EXPECT_EQ(s.assertion_encryption.encryption_algorithm, r.assertion_encryption.encryption_algorithm);
    EXPECT_EQ(s.assertion_encryption.key_transport_algorithm, r.assertion_encryption.key_transport_algorithm);
    EXPECT_EQ(s.assertion_encryption.encryption_certificate.has_value(),
              r.assertion_encryption.encryption_certificate.has_value());
    EXPECT_EQ(s.signature_certificate.has_value(), r.signature_certificate.has_value());
    if (s.signature_certificate) {
      EXPECT_EQ(s.signature_certificate->pem(), r.signature_certificate->pem());
    }
    for (const auto& u : t.directory.users())
      EXPECT_EQ(t.directory.is_assigned(a.name, u.login), back.directory.is_assigned(b.name, u.login));
  }
  EXPECT_TRUE(back.apps[0].app.settings.assertion_encryption.enabled);
  EXPECT_TRUE(back.apps[0].app.settings.signed_requests);
}

}  // namespace
