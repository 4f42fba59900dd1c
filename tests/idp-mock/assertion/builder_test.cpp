// The Okta-shaped Response: shape against the real Okta outline
// (okta-hotjar.md B.14), values (B.5-B.9), signing and encryption round trips
// with core, determinism.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "idp-mock/assertion/exc_c14n.hpp"
#include "idp-mock/assertion/minter.hpp"
#include "idp-mock/assertion/okta_signer.hpp"
#include "idp-mock/assertion/response_builder.hpp"
#include "tests/idp-mock/idp_fixture.hpp"

using namespace samlh;
using namespace samlh::test;

namespace {

// One line per element: depth, namespace, local name, attribute names
// (namespaced ones as uri|name), namespace declarations (prefix=uri). The
// contents of ds:Signature are left out: core::sign_enveloped owns them.
std::string outline(const xmlNode* n, int depth = 0) {
  std::ostringstream out;
  out << depth << " {" << core::ns_uri(n) << "}" << core::local_name(n) << " @";
  std::vector<std::string> attrs;
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next)
    attrs.push_back((a->ns != nullptr ? std::string(core::as_view(a->ns->href)) + "|" : "") +
                    std::string(core::as_view(a->name)));
  std::sort(attrs.begin(), attrs.end());
  for (const auto& a : attrs) out << " " << a;
  out << " xmlns:";
  std::vector<std::string> decls;
  for (const xmlNs* ns = n->nsDef; ns != nullptr; ns = ns->next)
    decls.push_back(std::string(core::as_view(ns->prefix)) + "=" + std::string(core::as_view(ns->href)));
  std::sort(decls.begin(), decls.end());
  for (const auto& d : decls) out << " " << d;
  out << "\n";
  if (core::is_element(n, core::ns::kDs, "Signature")) return out.str();
  for (xmlNode* c : core::elements(n)) out << outline(c, depth + 1);
  return out.str();
}

// The outline of the real 2016 Okta capture with three attributes
// (okta-hotjar.md B.14 from [X1]: goxmldsig test data, issuer
// http://www.okta.com/exk5zt0r12Edi4rD20h7), transcribed element by element.
const char* kOktaOutline = R"(0 {urn:oasis:names:tc:SAML:2.0:protocol}Response @ Destination ID InResponseTo IssueInstant Version xmlns: saml2p=urn:oasis:names:tc:SAML:2.0:protocol xs=http://www.w3.org/2001/XMLSchema
1 {urn:oasis:names:tc:SAML:2.0:assertion}Issuer @ Format xmlns: saml2=urn:oasis:names:tc:SAML:2.0:assertion
1 {http://www.w3.org/2000/09/xmldsig#}Signature @ xmlns: ds=http://www.w3.org/2000/09/xmldsig#
1 {urn:oasis:names:tc:SAML:2.0:protocol}Status @ xmlns: saml2p=urn:oasis:names:tc:SAML:2.0:protocol
2 {urn:oasis:names:tc:SAML:2.0:protocol}StatusCode @ Value xmlns:
1 {urn:oasis:names:tc:SAML:2.0:assertion}Assertion @ ID IssueInstant Version xmlns: saml2=urn:oasis:names:tc:SAML:2.0:assertion xs=http://www.w3.org/2001/XMLSchema
2 {urn:oasis:names:tc:SAML:2.0:assertion}Issuer @ Format xmlns: saml2=urn:oasis:names:tc:SAML:2.0:assertion
2 {http://www.w3.org/2000/09/xmldsig#}Signature @ xmlns: ds=http://www.w3.org/2000/09/xmldsig#
2 {urn:oasis:names:tc:SAML:2.0:assertion}Subject @ xmlns: saml2=urn:oasis:names:tc:SAML:2.0:assertion
3 {urn:oasis:names:tc:SAML:2.0:assertion}NameID @ Format xmlns:
3 {urn:oasis:names:tc:SAML:2.0:assertion}SubjectConfirmation @ Method xmlns:
4 {urn:oasis:names:tc:SAML:2.0:assertion}SubjectConfirmationData @ InResponseTo NotOnOrAfter Recipient xmlns:
2 {urn:oasis:names:tc:SAML:2.0:assertion}Conditions @ NotBefore NotOnOrAfter xmlns: saml2=urn:oasis:names:tc:SAML:2.0:assertion
3 {urn:oasis:names:tc:SAML:2.0:assertion}AudienceRestriction @ xmlns:
4 {urn:oasis:names:tc:SAML:2.0:assertion}Audience @ xmlns:
2 {urn:oasis:names:tc:SAML:2.0:assertion}AuthnStatement @ AuthnInstant SessionIndex xmlns: saml2=urn:oasis:names:tc:SAML:2.0:assertion
3 {urn:oasis:names:tc:SAML:2.0:assertion}AuthnContext @ xmlns:
4 {urn:oasis:names:tc:SAML:2.0:assertion}AuthnContextClassRef @ xmlns:
2 {urn:oasis:names:tc:SAML:2.0:assertion}AttributeStatement @ xmlns: saml2=urn:oasis:names:tc:SAML:2.0:assertion
3 {urn:oasis:names:tc:SAML:2.0:assertion}Attribute @ Name NameFormat xmlns:
4 {urn:oasis:names:tc:SAML:2.0:assertion}AttributeValue @ http://www.w3.org/2001/XMLSchema-instance|type xmlns: xs=http://www.w3.org/2001/XMLSchema xsi=http://www.w3.org/2001/XMLSchema-instance
3 {urn:oasis:names:tc:SAML:2.0:assertion}Attribute @ Name NameFormat xmlns:
4 {urn:oasis:names:tc:SAML:2.0:assertion}AttributeValue @ http://www.w3.org/2001/XMLSchema-instance|type xmlns: xs=http://www.w3.org/2001/XMLSchema xsi=http://www.w3.org/2001/XMLSchema-instance
3 {urn:oasis:names:tc:SAML:2.0:assertion}Attribute @ Name NameFormat xmlns:
4 {urn:oasis:names:tc:SAML:2.0:assertion}AttributeValue @ http://www.w3.org/2001/XMLSchema-instance|type xmlns: xs=http://www.w3.org/2001/XMLSchema xsi=http://www.w3.org/2001/XMLSchema-instance
)";

const char* kThreeAttributes = R"(
attribute_statements:
  - {name: FirstName, value: user.firstName}
  - {name: LastName, value: user.lastName}
  - {name: Email, value: user.email}
group_attribute_statements: []
)";

idp::IdpResult<idp::Minted> mint_carol(IdpHarness& h, std::optional<std::string> irt = "_8a64888e-req") {
  idp::MintParams p;
  p.in_response_to = std::move(irt);
  return h.idp->mint("hotjar", "carol@acme.test", p);
}

TEST(Builder, StructureMatchesTheRealOktaOutline) {
  IdpHarness h(acme_with(kThreeAttributes));
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok()) << m.failure().detail;
  auto p = parse(m->xml);
  EXPECT_EQ(outline(p.response), kOktaOutline);
}

TEST(Builder, IdpInitiatedHasNoInResponseTo) {
  IdpHarness h(acme());
  auto m = mint_carol(h, std::nullopt);
  ASSERT_TRUE(m.ok());
  auto p = parse(m->xml);
  EXPECT_FALSE(core::has_attr(p.response, "InResponseTo"));
  xmlNode* scd = core::child(core::child(core::child(p.assertion, core::ns::kSaml, "Subject"), core::ns::kSaml,
                                         "SubjectConfirmation"),
                             core::ns::kSaml, "SubjectConfirmationData");
  EXPECT_FALSE(core::has_attr(scd, "InResponseTo"));
  // B.8: IdP-initiated SessionIndex is id<epoch-ms>.<digits>.
  xmlNode* as = core::child(p.assertion, core::ns::kSaml, "AuthnStatement");
  EXPECT_EQ(core::attr(as, "SessionIndex").rfind("id1772366400000.", 0), 0u);
}

TEST(Builder, OktaValuesAndWindows) {
  IdpHarness h(acme());
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok());
  const auto& md = m->model;
  EXPECT_EQ(md.issuer, "http://www.okta.com/exk1acmeH0tjar5Sx0h7");  // B.1
  EXPECT_EQ(md.destination, "http://127.0.0.1:8081/sso/acme/acs");   // B.7
  EXPECT_EQ(md.recipient, md.destination);
  EXPECT_EQ(md.audience, "http://127.0.0.1:8081/sso/acme/metadata");
  EXPECT_EQ(md.session_index, "_8a64888e-req");  // B.8: equals the AuthnRequest ID
  EXPECT_EQ(md.not_before, t0() - std::chrono::minutes{5});  // B.6
  EXPECT_EQ(md.not_on_or_after, t0() + std::chrono::minutes{5});
  EXPECT_EQ(md.subject_not_on_or_after, t0() + std::chrono::minutes{5});
  EXPECT_EQ(md.authn_context_class_ref, "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport");
  for (const auto& id : {md.response_id, md.assertion_id}) {  // B.6: id + 25-27 digits
    EXPECT_EQ(id.rfind("id", 0), 0u);
    EXPECT_GE(id.size(), 27u);
    EXPECT_LE(id.size(), 29u);
    EXPECT_TRUE(std::all_of(id.begin() + 2, id.end(), [](char c) { return c >= '0' && c <= '9'; }));
  }
  EXPECT_NE(md.response_id, md.assertion_id);
  EXPECT_NE(m->xml.find("IssueInstant=\"2026-03-01T12:00:00.000Z\""), std::string::npos);
}

TEST(Builder, AssertionLifetimeSetting) {
  IdpHarness h(acme_with("assertion_lifetime_seconds: 3600"));
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->model.not_on_or_after, t0() + std::chrono::hours{1});
  EXPECT_EQ(m->model.not_before, t0() - std::chrono::minutes{5});
}

TEST(Builder, RecipientDestinationAndIssuerOverrides) {
  IdpHarness h(acme_with(
      "recipient_url: http://r.test/acs\ndestination_url: http://d.test/acs\nsaml_issuer_id: http://issuer.test"));
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->model.recipient, "http://r.test/acs");
  EXPECT_EQ(m->model.destination, "http://d.test/acs");
  EXPECT_EQ(m->model.issuer, "http://issuer.test");
}

TEST(Builder, GroupAttributeFilters) {
  IdpHarness h(acme_with(R"(
group_attribute_statements:
  - {name: g_starts, filter: starts_with, value: hotjar-}
  - {name: g_equals, filter: equals, value: Engineering}
  - {name: g_contains, filter: contains, value: admin}
  - {name: g_regex, filter: regex, value: "hotjar-.*|Eng.*"}
  - {name: g_none, filter: equals, value: Nope}
)"));
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok());
  std::map<std::string, std::vector<std::string>> got;
  for (const auto& a : m->model.attributes) got[a.name] = a.values;
  EXPECT_EQ(got["g_starts"], std::vector<std::string>{"hotjar-admins"});
  EXPECT_EQ(got["g_equals"], std::vector<std::string>{"Engineering"});
  EXPECT_EQ(got["g_contains"], std::vector<std::string>{"hotjar-admins"});
  EXPECT_EQ(got["g_regex"], (std::vector<std::string>{"Engineering", "hotjar-admins"}));
  EXPECT_EQ(got.count("g_none"), 0u);  // nothing matched: attribute left out
}

TEST(Builder, RegexFilterMatchesTheWholeGroupName) {
  IdpHarness h(acme_with("group_attribute_statements: [{name: g, filter: regex, value: admin}]"));
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok());
  for (const auto& a : m->model.attributes) EXPECT_NE(a.name, "g");
}

TEST(Builder, ApplicationUsernameOptions) {
  {
    IdpHarness h(acme_with("application_username: custom\ncustom_template: String.substringBefore(user.login, \"@\")"));
    EXPECT_EQ(mint_carol(h)->model.name_id, "carol");
  }
  {
    IdpHarness h(acme_with("application_username: okta_username\nname_id_format: unspecified"));
    auto m = mint_carol(h);
    EXPECT_EQ(m->model.name_id, "carol@acme.test");
    EXPECT_EQ(m->model.name_id_format, "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
  }
}

TEST(Builder, UsernameFollowsEmailChangeUnlessCreateOnly) {
  for (bool create_only : {false, true}) {
    // Create only exists for a Custom application username only (B.5 [O1]).
    IdpHarness h(acme_with(create_only ? "application_username: custom\ncustom_template: user.email\n"
                                         "update_application_username_on: create_only"
                                       : ""));
    {
      h.idp->lock().state().directory.find_user("carol@acme.test")->email = "carol.chen@acme.test";
    }
    auto m = mint_carol(h);
    ASSERT_TRUE(m.ok());
    // B.5: by default the NameID changes at the next SSO.
    EXPECT_EQ(m->model.name_id, create_only ? "carol@acme.test" : "carol.chen@acme.test");
  }
}

TEST(Builder, UnassignedDeactivatedAndSuspendedUsersGetNoResponse) {
  IdpHarness h(acme());
  for (const char* login : {"erin@acme.test", "nobody@acme.test"}) {
    auto m = h.idp->mint("hotjar", login, {});
    ASSERT_FALSE(m.ok()) << login;
    EXPECT_EQ(m.reason(), idp::IdpReason::idp_app_not_assigned) << login;
  }
  // Not active: no sign-in at all (C row 4), whatever the assignments.
  for (const char* login : {"dave@acme.test", "heidi@acme.test"}) {
    auto m = h.idp->mint("hotjar", login, {});
    ASSERT_FALSE(m.ok()) << login;
    EXPECT_EQ(m.reason(), idp::IdpReason::idp_user_inactive) << login;
  }
}

TEST(Config, CreateOnlyNeedsACustomApplicationUsername) {
  try {
    (void)acme_with("update_application_username_on: create_only");
    FAIL() << "create_only with application_username email was accepted";
  } catch (const idp::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("create_only needs application_username: custom"), std::string::npos)
        << e.what();
  }
}

TEST(Config, ADeactivatedUserAmongAssignedUsersIsAnError) {
  std::string text = slurp(acme_path());
  const std::string from = "assigned_users: [mallory@acme.test]";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "assigned_users: [mallory@acme.test, dave@acme.test]");
  try {
    (void)idp::parse_config(text, idp::SettingsSource{acme_path(), source_path("idp-mock/examples")});
    FAIL() << "a deactivated user in assigned_users was accepted";
  } catch (const idp::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("assigned_users: dave@acme.test is deactivated"), std::string::npos)
        << e.what();
  }
}

TEST(Builder, SameSeedSameBytes) {
  IdpHarness a(acme(), 7), b(acme(), 7), c(acme(), 8);
  auto ma = mint_carol(a), mb = mint_carol(b), mc = mint_carol(c);
  ASSERT_TRUE(ma.ok() && mb.ok() && mc.ok());
  EXPECT_EQ(ma->xml, mb->xml);
  EXPECT_NE(ma->model.response_id, mc->model.response_id);
}

struct SignCase {
  const char* settings;
  bool response_signed;
  bool assertion_signed;
};

class SigningModes : public ::testing::TestWithParam<SignCase> {};

TEST_P(SigningModes, SignaturesVerifyWithTheIdpCertificate) {
  const auto& c = GetParam();
  IdpHarness h(acme_with(c.settings));
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok()) << m.failure().detail;
  auto p = parse(m->xml);
  auto crt = cert("idp.crt");
  EXPECT_EQ(p.response_sig != nullptr, c.response_signed);
  EXPECT_EQ(p.assertion_sig != nullptr, c.assertion_signed);
  if (c.response_signed) {
    EXPECT_TRUE(verifies(p.response_sig, p.response, crt));
  }
  if (c.assertion_signed) {
    EXPECT_TRUE(verifies(p.assertion_sig, p.assertion, crt));
  }
  // B.3: the signature is the element right after Issuer.
  if (c.response_signed) {
    EXPECT_EQ(core::next_element(core::first_element(p.response)), p.response_sig);
  }
  if (c.assertion_signed) {
    EXPECT_EQ(core::next_element(core::first_element(p.assertion)), p.assertion_sig);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Okta, SigningModes,
    ::testing::Values(SignCase{"", true, true}, SignCase{"response_signed: false", false, true},
                      SignCase{"assertion_signed: false", true, false},
                      SignCase{"response_signed: false\nassertion_signed: false", false, false},
                      SignCase{"signature_algorithm: RSA_SHA1\ndigest_algorithm: SHA1", true, true},
                      SignCase{"signature_algorithm: RSA_SHA512\ndigest_algorithm: SHA512", true, true},
                      SignCase{"signature_algorithm: RSA_SHA384\ndigest_algorithm: SHA384", true, true}));

TEST(Signing, AlgorithmsAreThoseConfigured) {
  IdpHarness h(acme_with("signature_algorithm: RSA_SHA512\ndigest_algorithm: SHA512"));
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok());
  EXPECT_NE(m->xml.find("http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"), std::string::npos);
  EXPECT_NE(m->xml.find("http://www.w3.org/2001/04/xmlenc#sha512"), std::string::npos);
  EXPECT_NE(m->xml.find("PrefixList=\"xs\""), std::string::npos);  // B.3
}

TEST(Signing, EcdsaWithAnEcKey) {
  auto cfg = acme_with("signature_algorithm: ECDSA_SHA256");
  cfg.apps[0].signing =
      idp::KeyFiles{slurp(source_path("certs/ec.key")), slurp(source_path("certs/ec.crt")), "ec", "ec.crt"};
  IdpHarness h(std::move(cfg));
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok()) << m.failure().detail;
  auto p = parse(m->xml);
  EXPECT_TRUE(verifies(p.response_sig, p.response, cert("ec.crt")));
  EXPECT_TRUE(verifies(p.assertion_sig, p.assertion, cert("ec.crt")));
}

TEST(Signing, EcdsaWithAnRsaKeyFails) {
  IdpHarness h(acme_with("signature_algorithm: ECDSA_SHA256"));
  auto m = mint_carol(h);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.reason(), core::ToolError::key_mismatch);
}

struct EncCase {
  const char* algorithm;
  const char* transport;
  core::DataCipher cipher;
  core::KeyTransport kt;
};

class Encryption : public ::testing::TestWithParam<EncCase> {};

TEST_P(Encryption, EncryptedAssertionDecryptsAndBothSignaturesVerify) {
  const auto& c = GetParam();
  IdpHarness h(acme_with(std::string("assertion_encryption: {encryption_algorithm: ") + c.algorithm +
                         ", key_transport_algorithm: " + c.transport + ", encryption_certificate: ../../certs/sp.crt}"));
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok()) << m.failure().detail;
  auto p = parse(m->xml);
  ASSERT_EQ(p.assertion, nullptr);
  xmlNode* ea = core::child(p.response, core::ns::kSaml, "EncryptedAssertion");
  ASSERT_NE(ea, nullptr);
  // B.12: the Response signature covers the EncryptedAssertion.
  EXPECT_TRUE(verifies(p.response_sig, p.response, cert("idp.crt")));
  core::DecryptPolicy policy;
  policy.allow_rsa_1_5 = true;
  auto d = core::decrypt_assertion(ea, key("sp"), policy);
  ASSERT_TRUE(d.ok()) << core::spelling(d.reason()) << " " << d.failure().detail;
  EXPECT_EQ(d->cipher, c.cipher);
  EXPECT_EQ(d->transport, c.kt);
  ASSERT_TRUE(core::register_id(p.doc.get(), d->assertion).ok());
  xmlNode* sig = core::child(d->assertion, core::ns::kDs, "Signature");
  EXPECT_TRUE(verifies(sig, d->assertion, cert("idp.crt")));
}

INSTANTIATE_TEST_SUITE_P(
    Okta, Encryption,
    ::testing::Values(EncCase{"AES256_CBC", "RSA_OAEP", core::DataCipher::aes256_cbc, core::KeyTransport::rsa_oaep_mgf1p},
                      EncCase{"AES128_CBC", "RSA_OAEP", core::DataCipher::aes128_cbc, core::KeyTransport::rsa_oaep_mgf1p},
                      EncCase{"AES256_GCM", "RSA_OAEP", core::DataCipher::aes256_gcm, core::KeyTransport::rsa_oaep_mgf1p},
                      EncCase{"AES128_GCM", "RSA_15", core::DataCipher::aes128_gcm, core::KeyTransport::rsa_1_5}));

TEST(Stages, MutationsCanEditTheTreeBetweenStagesAndResign) {
  // The attack pack's hooks: (a) edit the unsigned tree, (b) edit after
  // signing (breaks the signature), (c) re-sign with another key.
  IdpHarness h(acme());
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok());
  auto doc = idp::build_response(m->model);
  xmlNode* a = idp::find_assertion(doc.get());
  ASSERT_NE(a, nullptr);
  auto o = idp::okta_sign_options(core::SignatureAlgorithm::rsa_sha256, core::DigestAlgorithm::sha256, true);
  ASSERT_TRUE(idp::sign_assertion(doc.get(), key("attacker"), o).ok());
  ASSERT_TRUE(idp::sign_response(doc.get(), key("attacker"), o).ok());
  auto p = parse(idp::serialize_response(doc.get()));
  std::vector<core::Certificate> idp_keys{cert("idp.crt")};
  auto v = core::verify_enveloped(p.assertion_sig, p.assertion, idp_keys, {});
  EXPECT_FALSE(v.ok());
  EXPECT_TRUE(verifies(p.assertion_sig, p.assertion, cert("attacker.crt")));
}

TEST(Config, UnknownKeyNamesFileLineAndKey) {
  try {
    idp::parse_config("org: a\nsigning: {key: x, certificate: y}\nbogus: 1\n", {"t.yaml", "."});
    FAIL() << "no error";
  } catch (const idp::ConfigError& e) {
    std::string what = e.what();
    // signing paths are read before 'bogus' is reached only if the key check passes first
    EXPECT_NE(what.find("t.yaml:3"), std::string::npos) << what;
    EXPECT_NE(what.find("bogus"), std::string::npos) << what;
  }
}

TEST(Config, UnknownSettingKeyIsAnError) {
  try {
    acme_with("single_sign_on_url: http://x\nresponse_sigend: true");
    FAIL() << "no error";
  } catch (const idp::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("response_sigend"), std::string::npos);
  }
}

TEST(Config, OktaPreconditionsAreEnforced) {
  EXPECT_THROW(acme_with("signed_requests: true\nsignature_certificate: ../../certs/sp.crt\n"
                         "single_logout: {enabled: true, url: http://x}"),
               idp::ConfigError);  // SLO needs sp_issuer and a certificate (B.11)
  EXPECT_THROW(acme_with("assertion_encryption: {encryption_algorithm: AES256_CBC}"), idp::ConfigError);
  EXPECT_THROW(acme_with("application_username: custom"), idp::ConfigError);
  EXPECT_THROW(acme_with("attribute_statements: [{name: a, value: Runtime.exec(1)}]"), idp::ConfigError);
  EXPECT_THROW(acme_with("group_attribute_statements: [{name: g, filter: regex, value: \"([\"}]"), idp::ConfigError);
  EXPECT_THROW(acme_with("attribute_statements: [{name: a, value: user.email}]\n"
                         "group_attribute_statements: [{name: a, filter: equals, value: x}]"),
               idp::ConfigError);  // names unique (B.9)
}

TEST(Config, AcmeDefaults) {
  auto cfg = acme();
  EXPECT_EQ(cfg.org, "acme");
  EXPECT_EQ(cfg.port, 7000);
  ASSERT_EQ(cfg.apps.size(), 1u);
  EXPECT_EQ(cfg.apps[0].app.issuer(), "http://www.okta.com/exk1acmeH0tjar5Sx0h7");
  EXPECT_EQ(cfg.apps[0].app.external_key.size(), 20u);  // exk + 17 (B.1)
  EXPECT_EQ(cfg.directory.users().size(), 12u);
  EXPECT_TRUE(cfg.directory.is_assigned("hotjar", "carol@acme.test"));
  EXPECT_TRUE(cfg.directory.is_assigned("hotjar", "alice@acme.test"));
  EXPECT_TRUE(cfg.directory.is_assigned("hotjar", "bob@acme.test"));
  EXPECT_TRUE(cfg.directory.is_assigned("hotjar", "mallory@acme.test"));
  EXPECT_FALSE(cfg.directory.is_assigned("hotjar", "dave@acme.test"));  // deactivated: no assignments [O18]
  EXPECT_TRUE(cfg.directory.is_assigned("hotjar", "heidi@acme.test"));  // suspended: kept [O19]
  EXPECT_FALSE(cfg.directory.is_assigned("hotjar", "erin@acme.test"));
  EXPECT_EQ(cfg.directory.find_user("dave@acme.test")->status, idp::UserStatus::deactivated);
}

}  // namespace

namespace {

// Every element of the tree, canonicalised by both writers, with and without "xs".
void expect_same_c14n(xmlNode* n) {
  for (const char* incl : {"", "xs"}) {
    std::string fast, ref;
    std::vector<std::string> l;
    if (*incl != '\0') l.emplace_back(incl);
    ASSERT_TRUE(idp::exc_c14n_fast(n, l, fast)) << core::local_name(n);
    ASSERT_TRUE(idp::exc_c14n_libxml2(n, incl, ref));
    EXPECT_EQ(fast, ref) << "element " << core::local_name(n) << " PrefixList '" << incl << "'";
  }
  for (xmlNode* c : core::elements(n)) expect_same_c14n(c);
}

TEST(ExcC14n, FastWriterMatchesLibxml2OnSignedResponses) {
  IdpHarness h(acme());
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok());
  auto p = parse(m->xml);
  expect_same_c14n(p.response);
}

TEST(ExcC14n, FastWriterMatchesLibxml2OnEncryptedResponses) {
  IdpHarness h(acme_with("assertion_encryption: {encryption_certificate: ../../certs/sp.crt}"));
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok());
  auto p = parse(m->xml);
  expect_same_c14n(p.response);  // EncryptedData uses a default namespace
}

TEST(ExcC14n, FastWriterMatchesLibxml2OnTrickyNamespacesAndEscapes) {
  const char* xml =
      "<a:r xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" xmlns=\"urn:d\" xmlns:xs=\"urn:xs\" z=\"1\" b:y=\"&lt;&amp;&quot;\t\n\" "
      "a:x=\"2\"><c>t&amp;&lt;&gt;\r</c><b:c xmlns:b=\"urn:b2\"/><e xmlns=\"\"><f xmlns=\"urn:d\"/></e>"
      "<a:g xmlns:xs=\"urn:xs\"><h xmlns:xs=\"urn:other\"/></a:g></a:r>";
  auto doc = core::parse_untrusted(xml);
  ASSERT_TRUE(doc.ok()) << doc.failure().detail;
  expect_same_c14n(xmlDocGetRootElement(doc->get()));
}

TEST(ExcC14n, UnsupportedContentFallsBackToLibxml2) {
  auto doc = core::parse_untrusted("<r><!-- c --><x/></r>");
  ASSERT_TRUE(doc.ok());
  std::string out;
  EXPECT_FALSE(idp::exc_c14n_fast(xmlDocGetRootElement(doc->get()), {}, out));
}

}  // namespace

namespace {

TEST(Stages, CoreXmlsecSignerAlsoSignsTheBuiltTree) {
  // The stages accept any signer: core::sign_enveloped (xmlsec templates)
  // on the unsigned tree verifies like idp-mock's Okta-exact signer.
  IdpHarness h(acme());
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok());
  auto doc = idp::build_response(m->model);
  auto o = idp::okta_sign_options(core::SignatureAlgorithm::rsa_sha256, core::DigestAlgorithm::sha256, true);
  ASSERT_TRUE(core::sign_enveloped(idp::find_assertion(doc.get()), key("idp"), o).ok());
  ASSERT_TRUE(core::sign_enveloped(xmlDocGetRootElement(doc.get()), key("idp"), o).ok());
  auto p = parse(idp::serialize_response(doc.get()));
  EXPECT_TRUE(verifies(p.assertion_sig, p.assertion, cert("idp.crt")));
  EXPECT_TRUE(verifies(p.response_sig, p.response, cert("idp.crt")));
}

TEST(Signing, OktaSignatureIsCompactWithEcPrefix) {
  // B.3 [X1]: no whitespace inside ds:Signature; ec:InclusiveNamespaces.
  IdpHarness h(acme());
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok());
  EXPECT_NE(m->xml.find("<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"><ec:InclusiveNamespaces "
                        "xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\" PrefixList=\"xs\"/></ds:Transform>"),
            std::string::npos);
  EXPECT_NE(m->xml.find("<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo>"
                        "<ds:CanonicalizationMethod"),
            std::string::npos);
  EXPECT_EQ(m->xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?><saml2p:Response ", 0), 0u);
}

// Issue 17 item 1: the group filter regex on hostile group names, through the
// control API as a tester would create them.
void add_group_with_carol(IdpHarness& h, const std::string& name) {
  ASSERT_EQ(h.idp->route(api("POST", "/api/v1/groups", nlohmann::json{{"name", name}}.dump())).status, 201);
  ASSERT_EQ(h.idp->route(api("PUT", "/api/v1/groups/" + name + "/users/carol@acme.test")).status, 204);
}

TEST(GroupFilter, AThirtyThousandCharacterGroupMintsWithDotStar) {
  // acme's hotjar app filters groups with regex ".*" (the demo tenant's).
  IdpHarness h(acme());
  const std::string name(30'000, 'g');
  add_group_with_carol(h, name);
  auto m = mint_carol(h);
  ASSERT_TRUE(m.ok()) << m.failure().detail;
  bool found = false;
  for (const auto& a : m->model.attributes)
    for (const auto& v : a.values) found = found || v == name;
  EXPECT_TRUE(found);
}

TEST(GroupFilter, ARunawayRegexFailsThatMintOnlyWithATypedReason) {
  IdpHarness h(acme_with("group_attribute_statements:\n"
                         "  - {name: groups, filter: regex, value: \"(a|aa)+b\"}\n"));
  add_group_with_carol(h, std::string(35, 'a') + "cb");
  auto m = mint_carol(h);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.reason(), idp::IdpReason::idp_group_filter_limit);
  // The control API's mint says so, and the IdP keeps serving others.
  auto r = h.idp->route(api("POST", "/api/v1/apps/hotjar/mint", R"({"login":"carol@acme.test"})"));
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("idp_group_filter_limit"), std::string::npos) << r.body;
  EXPECT_TRUE(h.idp->mint("hotjar", "alice@acme.test", {}).ok());
}

}  // namespace
