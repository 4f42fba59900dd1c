#include <gtest/gtest.h>

#include "core/keys.hpp"
#include "core/metadata.hpp"
#include "tests/support/test_keys.hpp"

namespace samlh::core {
namespace {

TEST(Certificates, ReadOktaShapedIdpCertificate) {
  const Certificate c = test::cert("idp.crt");
  EXPECT_EQ(c.key_type(), KeyType::rsa);
  EXPECT_EQ(c.key_bits(), 2048);
  EXPECT_NE(c.subject().find("OU = SSOProvider"), std::string::npos) << c.subject();
  EXPECT_NE(c.subject().find("O = Okta"), std::string::npos);
  auto back = Certificate::from_base64(c.base64(76));
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->same_public_key(c.public_key()));
  EXPECT_LT(c.not_before(), c.not_after());
}

TEST(Certificates, CloneSharesSubjectButNotKey) {
  const Certificate idp = test::cert("idp.crt");
  const Certificate clone = test::cert("attacker-clone.crt");
  EXPECT_EQ(idp.subject(), clone.subject());
  EXPECT_FALSE(idp.same_public_key(clone.public_key()));
  EXPECT_NE(idp.sha256_fingerprint(), clone.sha256_fingerprint());
}

TEST(Certificates, GarbageIsUnreadable) {
  EXPECT_EQ(Certificate::from_pem("nope").reason(), Reason::cert_unreadable);
  EXPECT_EQ(Certificate::from_base64("AAAA").reason(), Reason::cert_unreadable);
}

// A file that cannot be read is the tool's failure, not a certificate's.
TEST(Files, MissingFileIsFileUnreadable) {
  auto r = read_file("/nonexistent/file");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), ToolError::file_unreadable);
  EXPECT_NE(r.failure().detail.find("/nonexistent/file"), std::string::npos);
}

TEST(PrivateKeys, CertificateMustMatchKey) {
  auto bad = PrivateKey::from_pem(test::slurp(test::source_path("certs/idp.key")),
                                  test::slurp(test::source_path("certs/attacker.crt")));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.reason(), Reason::cert_unreadable);
}

TEST(Metadata, ReadsIdpMetadata) {
  const Certificate c = test::cert("idp.crt");
  const std::string xml =
      R"(<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.okta.com/exk1">)"
      R"(<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">)"
      R"(<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>)" +
      c.base64(76) +
      R"(</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>)"
      R"(<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>)"
      R"(<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="http://127.0.0.1:7000/sso"/>)"
      R"(</md:IDPSSODescriptor></md:EntityDescriptor>)";
  auto md = parse_idp_metadata(xml);
  ASSERT_TRUE(md.ok()) << md.failure().detail;
  EXPECT_EQ(md->entity_id, "http://www.okta.com/exk1");
  ASSERT_EQ(md->signing_certificates.size(), 1u);
  EXPECT_TRUE(md->signing_certificates[0].same_public_key(c.public_key()));
  ASSERT_EQ(md->sso.size(), 1u);
  EXPECT_EQ(md->sso[0].binding, kBindingPost);
  EXPECT_FALSE(md->want_authn_requests_signed);
  EXPECT_EQ(parse_idp_metadata("<x/>").reason(), Reason::struct_schema);
  EXPECT_EQ(parse_idp_metadata("<!DOCTYPE x><x/>").reason(), Reason::xml_doctype);
}

// The KeyInfo text is encoded once and kept with the certificate (no cache
// elsewhere); copies share it.
TEST(Certificates, Base64LinesAreEncodedOnceAndShared) {
  const Certificate c = test::cert("idp.crt");
  const std::string& text = c.base64_76();
  EXPECT_EQ(text, c.base64(76));
  EXPECT_EQ(&c.base64_76(), &text);
  const Certificate copy = c;  // NOLINT(performance-unnecessary-copy-initialization): the copy is the point
  EXPECT_EQ(&copy.base64_76(), &text);
  EXPECT_NE(text.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace samlh::core
