#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/dsig.hpp"
#include "core/enc.hpp"
#include "core/rng.hpp"
#include "core/xml.hpp"
#include "tests/support/test_keys.hpp"

namespace samlh::core {
namespace {

using test::cert;
using test::key;

constexpr const char* kResponse =
    R"(<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" ID="idR" Version="2.0" IssueInstant="2026-03-01T12:00:00.000Z">)"
    R"(<saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">http://www.okta.com/exk1</saml2:Issuer>)"
    R"(<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="idA" IssueInstant="2026-03-01T12:00:00.000Z" Version="2.0">)"
    R"(<saml2:Issuer>http://www.okta.com/exk1</saml2:Issuer><saml2:Subject><saml2:NameID>alice@acme.test</saml2:NameID></saml2:Subject></saml2:Assertion>)"
    R"(</saml2p:Response>)";

struct Case {
  DataCipher cipher;
  KeyTransport transport;
  bool beside;
};

class EncRoundTrip : public ::testing::TestWithParam<Case> {};

TEST_P(EncRoundTrip, EncryptThenDecryptInPlaceKeepsTheSignatureValid) {
  const Case c = GetParam();
  auto doc = parse_untrusted(kResponse);
  ASSERT_TRUE(doc.ok());
  xmlNode* assertion = child(xmlDocGetRootElement(doc->get()), ns::kSaml, "Assertion");
  SignOptions so;
  so.inclusive_prefixes = "xs";
  ASSERT_TRUE(sign_enveloped(assertion, key("idp"), so).ok());
  Rng rng{7};
  auto wrapped = encrypt_assertion(assertion, cert("sp.crt"), EncryptOptions{c.cipher, c.transport, c.beside, std::nullopt}, rng);
  ASSERT_TRUE(wrapped.ok()) << wrapped.failure().detail;

  // As received by an SP: bytes, hardened parse.
  auto rx = parse_untrusted(serialize(doc->get()));
  ASSERT_TRUE(rx.ok()) << rx.failure().detail;
  xmlNode* ea = child(xmlDocGetRootElement(rx->get()), ns::kSaml, "EncryptedAssertion");
  ASSERT_NE(ea, nullptr);
  EXPECT_EQ(child(xmlDocGetRootElement(rx->get()), ns::kSaml, "Assertion"), nullptr);
  DecryptPolicy policy;
  policy.allow_rsa_1_5 = true;
  policy.allow_3des = true;
  auto dec = decrypt_assertion(ea, key("sp"), policy);
  ASSERT_TRUE(dec.ok()) << dec.failure().detail;
  EXPECT_EQ(dec->cipher, c.cipher);
  EXPECT_EQ(dec->transport, c.transport);
  ASSERT_TRUE(register_id(rx->get(), dec->assertion).ok());
  const std::vector<Certificate> keys{cert("idp.crt")};
  auto v = verify_enveloped(child(dec->assertion, ns::kDs, "Signature"), dec->assertion, keys, {});
  EXPECT_TRUE(v.ok()) << v.failure().detail;
}

INSTANTIATE_TEST_SUITE_P(
    AllCiphers, EncRoundTrip,
    ::testing::Values(Case{DataCipher::aes256_cbc, KeyTransport::rsa_oaep_mgf1p, true},
                      Case{DataCipher::aes128_cbc, KeyTransport::rsa_oaep_mgf1p, false},
                      Case{DataCipher::aes192_cbc, KeyTransport::rsa_oaep_mgf1p, true},
                      Case{DataCipher::aes128_gcm, KeyTransport::rsa_oaep_mgf1p, true},
                      Case{DataCipher::aes256_gcm, KeyTransport::rsa_oaep_mgf1p, false},
                      Case{DataCipher::tripledes_cbc, KeyTransport::rsa_oaep_mgf1p, true},
                      Case{DataCipher::aes256_cbc, KeyTransport::rsa_1_5, true}));

class EncPolicy : public ::testing::Test {
 protected:
  XmlDocPtr encrypted(DataCipher c, KeyTransport k) {
    auto doc = parse_untrusted(kResponse);
    EXPECT_TRUE(doc.ok());
    xmlNode* assertion = child(xmlDocGetRootElement(doc->get()), ns::kSaml, "Assertion");
    Rng rng{1};
    EXPECT_TRUE(encrypt_assertion(assertion, cert("sp.crt"), EncryptOptions{c, k, true, std::nullopt}, rng).ok());
    auto rx = parse_untrusted(serialize(doc->get()));
    EXPECT_TRUE(rx.ok());
    return std::move(rx).value();
  }
  static xmlNode* ea(const XmlDocPtr& d) { return child(xmlDocGetRootElement(d.get()), ns::kSaml, "EncryptedAssertion"); }
};

TEST_F(EncPolicy, EA3_Rsa15IsRefusedByDefault) {
  auto d = encrypted(DataCipher::aes256_cbc, KeyTransport::rsa_1_5);
  auto r = decrypt_assertion(ea(d), key("sp"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), Reason::enc_algorithm);
}

TEST_F(EncPolicy, EA4_CbcIsRefusedWhenGcmIsRequired) {
  auto d = encrypted(DataCipher::aes128_cbc, KeyTransport::rsa_oaep_mgf1p);
  DecryptPolicy p;
  p.require_gcm = true;
  auto r = decrypt_assertion(ea(d), key("sp"), p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), Reason::enc_algorithm);
}

TEST_F(EncPolicy, TripleDesIsRefusedByDefault) {
  auto d = encrypted(DataCipher::tripledes_cbc, KeyTransport::rsa_oaep_mgf1p);
  auto r = decrypt_assertion(ea(d), key("sp"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), Reason::enc_algorithm);
}

TEST_F(EncPolicy, TripleDesIsAcceptedButWeakWhenAllowed) {
  auto d = encrypted(DataCipher::tripledes_cbc, KeyTransport::rsa_oaep_mgf1p);
  DecryptPolicy p;
  p.allow_3des = true;
  auto r = decrypt_assertion(ea(d), key("sp"), p);
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_EQ(r->weak, std::vector<Weakness>{Weakness::tripledes_cbc});
}

TEST_F(EncPolicy, OktaDefaultsStayAcceptedWithoutWeakness) {
  // okta-hotjar.md B.12: AES-CBC data, RSA-OAEP (MGF1-SHA1) key transport.
  auto d = encrypted(DataCipher::aes256_cbc, KeyTransport::rsa_oaep_mgf1p);
  auto r = decrypt_assertion(ea(d), key("sp"), {});
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_TRUE(r->weak.empty());
}

TEST_F(EncPolicy, WrongSpKeyIsTheUniformDecryptFailure) {
  auto d = encrypted(DataCipher::aes256_gcm, KeyTransport::rsa_oaep_mgf1p);
  auto r = decrypt_assertion(ea(d), key("attacker"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), Reason::enc_decrypt_failed);
}

TEST_F(EncPolicy, EA2_FlippedCiphertextBytesGiveTheSameUniformReason) {
  for (int block = 1; block <= 2; ++block) {
    auto d = encrypted(DataCipher::aes128_cbc, KeyTransport::rsa_oaep_mgf1p);
    xmlNode* data = child(ea(d), ns::kXenc, "EncryptedData");
    xmlNode* cv = child(child(data, ns::kXenc, "CipherData"), ns::kXenc, "CipherValue");
    std::string b64 = text(cv);
    // flip one base64 character inside the last or second-to-last block
    const std::size_t pos = b64.size() - 4 - static_cast<std::size_t>(block) * 22;
    b64[pos] = b64[pos] == 'A' ? 'B' : 'A';
    xmlNodeSetContent(cv, as_xml(b64.c_str()));
    auto r = decrypt_assertion(ea(d), key("sp"), {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.reason(), Reason::enc_decrypt_failed) << "block " << block;
  }
}

TEST_F(EncPolicy, EA5_CipherReferenceIsRefusedBeforeDecrypting) {
  auto d = encrypted(DataCipher::aes256_cbc, KeyTransport::rsa_oaep_mgf1p);
  xmlNode* data = child(ea(d), ns::kXenc, "EncryptedData");
  xmlNode* cd = child(data, ns::kXenc, "CipherData");
  xmlNode* cv = first_element(cd);
  xmlNodeSetName(cv, as_xml("CipherReference"));
  xmlSetProp(cv, as_xml("URI"), as_xml("http://127.0.0.1:9/steal"));
  auto r = decrypt_assertion(ea(d), key("sp"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), Reason::enc_structure);
}

TEST_F(EncPolicy, EA5_ForeignRetrievalMethodIsRefused) {
  auto d = encrypted(DataCipher::aes256_cbc, KeyTransport::rsa_oaep_mgf1p);
  xmlNode* data = child(ea(d), ns::kXenc, "EncryptedData");
  xmlNode* rm = child(child(data, ns::kDs, "KeyInfo"), ns::kDs, "RetrievalMethod");
  ASSERT_NE(rm, nullptr);
  xmlSetProp(rm, as_xml("URI"), as_xml("http://127.0.0.1:9/key.xml"));
  auto r = decrypt_assertion(ea(d), key("sp"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), Reason::enc_structure);
}

TEST_F(EncPolicy, EA9_TwoEncryptedDataAreRefused) {
  auto d = encrypted(DataCipher::aes256_cbc, KeyTransport::rsa_oaep_mgf1p);
  xmlNode* data = child(ea(d), ns::kXenc, "EncryptedData");
  xmlAddNextSibling(data, xmlCopyNode(data, 1));
  auto r = decrypt_assertion(ea(d), key("sp"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), Reason::enc_structure);
}

}  // namespace
}  // namespace samlh::core
