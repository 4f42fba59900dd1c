// Elements whose schema type is simple content carry no child element
// (issue 18): each is refused as struct_schema inside an assertion signed
// after the child was inserted, so no other check can be what refuses it;
// elements whose types allow children stay accepted the same way.
#include <gtest/gtest.h>

#include <string>

#include "core/clock.hpp"
#include "sp/validator/validator.hpp"
#include "tests/support/signed_okta_response.hpp"
#include "tests/support/test_keys.hpp"

namespace samlh::sp {
namespace {

const test::OktaShape kShape{};
constexpr std::string_view kChild = "<x:b xmlns:x=\"urn:example:any\">admin@acme.test</x:b>";

ValidatorSettings settings() {
  ValidatorSettings s;
  s.idp_certificates = {test::cert("idp.crt")};
  s.idp_entity_id = kShape.issuer;
  s.sp_entity_id = kShape.audience;
  s.acs_url = kShape.acs;
  s.request_id = kShape.request_id;
  return s;
}

// The unsigned Response with the first `from` inside the Assertion replaced
// by `to`, then the Assertion signed.
std::string signed_replacing(std::string_view from, const std::string& to) {
  std::string xml = test::okta_response(kShape);
  const std::size_t assertion = xml.find("<saml2:Assertion ");
  const std::size_t pos = xml.find(from, assertion);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) xml.replace(pos, from.size(), to);
  auto s = test::sign_okta_assertion(xml, test::key("idp"));
  EXPECT_TRUE(s.ok());
  return s.ok() ? *s : std::string{};
}

// ... with `insert` placed right after the first `at`.
std::string signed_with(std::string_view at, std::string_view insert) {
  return signed_replacing(at, std::string(at) + std::string(insert));
}

Verdict validate_now(const std::string& xml) {
  const core::FixedClock clock{kShape.issue_instant};
  return validate(xml, InputEncoding::xml, settings(), clock, nullptr);
}

TEST(SimpleContent, TheUnchangedSignedResponseIsAccepted) {
  const Verdict v = validate_now(signed_with("<saml2:Subject>", ""));
  ASSERT_TRUE(v.accepted) << core::spelling(*v.reason) << ": " << v.reason_detail;
  EXPECT_EQ(v.identity->name_id, kShape.name_id);
}

TEST(SimpleContent, ANameIdWithAnElementChildIsRefusedThoughSigned) {
  const Verdict v = validate_now(signed_with("<saml2:NameID Format=\"" + kShape.name_id_format + "\">",
                                             std::string(kChild)));
  ASSERT_FALSE(v.accepted);
  EXPECT_EQ(*v.reason, core::Reason::struct_schema) << v.reason_detail;
  EXPECT_FALSE(v.identity.has_value());
  EXPECT_NE(v.reason_detail.find("NameID"), std::string::npos);
  // The same place with a comment instead of an element is accepted and
  // read whole: only the element child is what refuses it.
  const Verdict c = validate_now(signed_with("<saml2:NameID Format=\"" + kShape.name_id_format + "\">", "<!--x-->"));
  ASSERT_TRUE(c.accepted) << core::spelling(*c.reason) << ": " << c.reason_detail;
  EXPECT_EQ(c.identity->name_id, kShape.name_id);
}

class SimpleContentElement : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(SimpleContentElement, AChildElementInAnyNamespaceIsStructSchema) {
  const auto& [at, child] = GetParam();
  const Verdict v = validate_now(signed_with(at, child));
  ASSERT_FALSE(v.accepted) << at;
  EXPECT_EQ(*v.reason, core::Reason::struct_schema) << at << ": " << v.reason_detail;
}

INSTANTIATE_TEST_SUITE_P(
    Elements, SimpleContentElement,
    ::testing::Values(
        std::pair<std::string, std::string>{"<saml2:Issuer Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:entity\">",
                                            std::string(kChild)},
        std::pair<std::string, std::string>{"<saml2:Audience>",
                                            "<saml2:Audience>http://127.0.0.1:8081/sso/acme/metadata</saml2:Audience>"},
        std::pair<std::string, std::string>{"<saml2:AuthnContextClassRef>", std::string(kChild)},
        std::pair<std::string, std::string>{
            "</saml2:AuthnContextClassRef>",
            "<saml2:AuthnContextDeclRef>urn:x<x:b xmlns:x=\"urn:example:any\"/></saml2:AuthnContextDeclRef>"},
        std::pair<std::string, std::string>{
            "</saml2:AuthnContextClassRef>",
            "<saml2:AuthenticatingAuthority>https://a.test<x:b xmlns:x=\"urn:example:any\"/></saml2:AuthenticatingAuthority>"},
        std::pair<std::string, std::string>{"<saml2:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">",
                                            "<saml2:NameID>carol@acme.test</saml2:NameID>"}));

// The ds: values the validator reads, and samlp:StatusMessage: a child
// inserted after signing (the structure check runs before any signature).
TEST(SimpleContent, DsValuesAndStatusMessageWithAChildAreStructSchema) {
  const std::string signed_xml = signed_with("<saml2:Subject>", "");
  for (const std::string tag : {"<ds:DigestValue>", "<ds:SignatureValue>", "<ds:X509Certificate>"}) {
    std::string xml = signed_xml;
    const std::size_t pos = xml.find(tag);
    ASSERT_NE(pos, std::string::npos) << tag;
    xml.insert(pos + tag.size(), kChild);
    const Verdict v = validate_now(xml);
    ASSERT_FALSE(v.accepted) << tag;
    EXPECT_EQ(*v.reason, core::Reason::struct_schema) << tag << ": " << v.reason_detail;
  }
  std::string xml = signed_xml;
  const std::string code = "<saml2p:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/>";
  const std::size_t pos = xml.find(code);
  ASSERT_NE(pos, std::string::npos);
  xml.insert(pos + code.size(), "<saml2p:StatusMessage>ok" + std::string(kChild) + "</saml2p:StatusMessage>");
  const Verdict v = validate_now(xml);
  ASSERT_FALSE(v.accepted);
  EXPECT_EQ(*v.reason, core::Reason::struct_schema) << v.reason_detail;
}

// Types that allow element content stay accepted, signed after the insertion.
TEST(SimpleContent, AttributeValueAndSubjectConfirmationDataMayCarryElements) {
  const Verdict a = validate_now(signed_with("xsi:type=\"xs:string\">", "<x:b xmlns:x=\"urn:example:any\"/>"));
  EXPECT_TRUE(a.accepted) << (a.reason ? core::spelling(*a.reason) : "") << ": " << a.reason_detail;
  const std::string recipient = "Recipient=\"" + kShape.acs + "\"";
  const Verdict s = validate_now(signed_replacing(
      recipient + "/>", recipient + "><x:b xmlns:x=\"urn:example:any\"/></saml2:SubjectConfirmationData>"));
  EXPECT_TRUE(s.accepted) << (s.reason ? core::spelling(*s.reason) : "") << ": " << s.reason_detail;
}

}  // namespace
}  // namespace samlh::sp
