#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/dsig.hpp"
#include "core/xml.hpp"
#include "tests/support/test_keys.hpp"

namespace samlh::core {
namespace {

using test::cert;
using test::key;

constexpr const char* kAssertion =
    R"(<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="id123" IssueInstant="2026-03-01T12:00:00.000Z" Version="2.0">)"
    R"(<saml2:Issuer>http://www.okta.com/exk1</saml2:Issuer><saml2:Subject><saml2:NameID>alice@acme.test</saml2:NameID></saml2:Subject></saml2:Assertion>)";

struct Signed {
  XmlDocPtr doc;
  xmlNode* root;
  xmlNode* sig;
};

Signed sign(const SignOptions& opt = {}, const std::string& base = "idp") {
  auto doc = parse_untrusted(kAssertion);
  EXPECT_TRUE(doc.ok());
  xmlNode* root = xmlDocGetRootElement(doc->get());
  auto st = sign_enveloped(root, key(base), opt);
  EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.failure().detail);
  // Round-trip through bytes, as a real SP receives it.
  auto reparsed = parse_untrusted(serialize(doc->get()));
  EXPECT_TRUE(reparsed.ok());
  XmlDocPtr d = std::move(reparsed).value();
  xmlNode* r = xmlDocGetRootElement(d.get());
  EXPECT_TRUE(register_id(d.get(), r).ok());
  return Signed{std::move(d), r, child(r, ns::kDs, "Signature")};
}

TEST(Dsig, SignThenVerifyWithThePinnedKey) {
  Signed s = sign();
  ASSERT_NE(s.sig, nullptr);
  // Okta places the Signature right after the Issuer (B.3).
  EXPECT_EQ(s.sig, next_element(child(s.root, ns::kSaml, "Issuer")));
  const std::vector<Certificate> keys{cert("idp.crt")};
  auto v = verify_enveloped(s.sig, s.root, keys, {});
  ASSERT_TRUE(v.ok()) << v.failure().detail;
  EXPECT_EQ(v->key_index, 0u);
  EXPECT_EQ(v->facts.reference_uri, "#id123");
  EXPECT_TRUE(v->facts.weak.empty());
}

TEST(Dsig, RolloverTriesEveryPinnedKey) {
  Signed s = sign();
  const std::vector<Certificate> keys{cert("idp-next.crt"), cert("idp.crt")};
  auto v = verify_enveloped(s.sig, s.root, keys, {});
  ASSERT_TRUE(v.ok()) << v.failure().detail;
  EXPECT_EQ(v->key_index, 1u);
}

TEST(Dsig, SX2_EditedContentIsSigInvalid) {
  Signed s = sign();
  xmlNode* name_id = child(child(s.root, ns::kSaml, "Subject"), ns::kSaml, "NameID");
  xmlNodeSetContent(name_id, as_xml("admin@acme.test"));
  const std::vector<Certificate> keys{cert("idp.crt")};
  auto v = verify_enveloped(s.sig, s.root, keys, {});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.reason(), Reason::sig_invalid);
}

TEST(Dsig, CF1_SignatureByAnotherKeyIsUntrustedKey) {
  Signed s = sign({}, "attacker");
  const std::vector<Certificate> keys{cert("idp.crt")};
  auto v = verify_enveloped(s.sig, s.root, keys, {});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.reason(), Reason::sig_untrusted_key);
}

TEST(Dsig, CF2_ClonedCertificateDoesNotHelp) {
  Signed s = sign({}, "attacker");
  (void)s;
  auto clone = key("attacker", "attacker-clone.crt");
  auto doc = parse_untrusted(kAssertion);
  ASSERT_TRUE(doc.ok());
  xmlNode* root = xmlDocGetRootElement(doc->get());
  ASSERT_TRUE(sign_enveloped(root, clone, {}).ok());
  const std::vector<Certificate> keys{cert("idp.crt")};
  auto v = verify_enveloped(child(root, ns::kDs, "Signature"), root, keys, {});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.reason(), Reason::sig_untrusted_key);
}

TEST(Dsig, Sha1IsRefusedUnlessAllowedThenWeak) {
  SignOptions opt;
  opt.signature = SignatureAlgorithm::rsa_sha1;
  opt.digest = DigestAlgorithm::sha1;
  Signed s = sign(opt);
  const std::vector<Certificate> keys{cert("idp.crt")};
  auto refused = verify_enveloped(s.sig, s.root, keys, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.reason(), Reason::sig_algorithm);
  auto allowed = verify_enveloped(s.sig, s.root, keys, SignaturePolicy{true});
  ASSERT_TRUE(allowed.ok()) << allowed.failure().detail;
  EXPECT_EQ(allowed->facts.weak, (std::vector<Weakness>{Weakness::sha1_signature, Weakness::sha1_digest}));
}

TEST(Dsig, EcdsaAndSha512RoundTrip) {
  SignOptions ec;
  ec.signature = SignatureAlgorithm::ecdsa_sha256;
  Signed s = sign(ec, "ec");
  const std::vector<Certificate> eckeys{cert("ec.crt")};
  EXPECT_TRUE(verify_enveloped(s.sig, s.root, eckeys, {}).ok());
  SignOptions rsa512;
  rsa512.signature = SignatureAlgorithm::rsa_sha512;
  rsa512.digest = DigestAlgorithm::sha512;
  rsa512.inclusive_prefixes = "xs";
  Signed t = sign(rsa512);
  const std::vector<Certificate> keys{cert("idp.crt")};
  EXPECT_TRUE(verify_enveloped(t.sig, t.root, keys, {}).ok());
}

TEST(Dsig, KeyTypeMustFitAlgorithm) {
  auto doc = parse_untrusted(kAssertion);
  ASSERT_TRUE(doc.ok());
  SignOptions ec;
  ec.signature = SignatureAlgorithm::ecdsa_sha256;
  auto st = sign_enveloped(xmlDocGetRootElement(doc->get()), key("idp"), ec);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.reason(), ToolError::key_mismatch);
}

// The pinned key is handed to xmlsec through a keys manager that checks it is
// of the signature method's kind; a key of the other kind never verifies,
// and with rollover the key that fits is still found.
TEST(Dsig, PinnedKeyOfTheOtherKindNeverVerifies) {
  Signed rsa = sign();
  const std::vector<Certificate> ec_only{cert("ec.crt")};
  auto refused = verify_enveloped(rsa.sig, rsa.root, ec_only, {});
  ASSERT_FALSE(refused.ok());
  // The message names its own certificate in KeyInfo: that is the diagnosis.
  EXPECT_EQ(refused.reason(), Reason::sig_untrusted_key) << refused.failure().detail;
  const std::vector<Certificate> ec_then_rsa{cert("ec.crt"), cert("idp.crt")};
  auto found = verify_enveloped(rsa.sig, rsa.root, ec_then_rsa, {});
  ASSERT_TRUE(found.ok()) << found.failure().detail;
  EXPECT_EQ(found->key_index, 1u);

  SignOptions ec;
  ec.signature = SignatureAlgorithm::ecdsa_sha256;
  Signed ecs = sign(ec, "ec");
  const std::vector<Certificate> rsa_only{cert("idp.crt")};
  auto refused_ec = verify_enveloped(ecs.sig, ecs.root, rsa_only, {});
  ASSERT_FALSE(refused_ec.ok());
  EXPECT_EQ(refused_ec.reason(), Reason::sig_untrusted_key) << refused_ec.failure().detail;
}

TEST(Dsig, AlgorithmUrisMatchExactly) {
  EXPECT_TRUE(signature_algorithm_from_uri("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256").has_value());
  EXPECT_FALSE(signature_algorithm_from_uri("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256 ").has_value());
  EXPECT_FALSE(signature_algorithm_from_uri("http://www.w3.org/2001/04/xmldsig-more#RSA-SHA256").has_value());
  EXPECT_FALSE(signature_algorithm_from_uri("http://www.w3.org/2000/09/xmldsig#hmac-sha1").has_value());
}

}  // namespace
}  // namespace samlh::core
