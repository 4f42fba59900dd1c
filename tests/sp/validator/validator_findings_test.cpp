// Validator findings made while building `sp validate`.
//
// PR-5 variant: an IdP-initiated assertion (signed; no InResponseTo in its
// bearer SubjectConfirmationData) wrapped in an unsigned Response that claims
// InResponseTo = the SP's request ID. Only the signed bearer value may decide
// that a response was solicited (Profiles 4.1.4.2); the unsigned Response
// attribute must not, or the unsolicited-response policy is bypassed.
//
// RL-4 variant: the SP sent a RelayState with its request and the response
// comes back without one (Bindings 3.5.3: the responder MUST return the exact
// RelayState). Disabled: fails today (the relay_state check is skipped when
// the response has none); see the report.
#include <gtest/gtest.h>

#include "core/bindings.hpp"
#include "sp/validator/validator.hpp"
#include "tests/support/signed_okta_response.hpp"
#include "tests/support/test_keys.hpp"

namespace samlh::sp {
namespace {

struct Unsolicited {
  test::OktaShape shape;
  std::string xml;  // signed Assertion, no InResponseTo anywhere
  ValidatorSettings settings;
  core::FixedClock clock{*core::parse_rfc3339("2026-03-01T12:01:00Z")};

  Unsolicited() {
    shape.request_id.clear();
    xml = *test::sign_okta_assertion(test::okta_response(shape), test::key("idp"));
    settings.idp_certificates = {test::cert("idp.crt")};
    settings.idp_entity_id = shape.issuer;
    settings.sp_entity_id = shape.audience;
    settings.acs_url = shape.acs;
  }
};

TEST(ValidatorFindings, UnsolicitedAssertionRewrappedWithAnUnsignedInResponseToIsRefused) {
  Unsolicited u;
  const std::string response_id = "ID=\"" + u.shape.response_id + "\"";
  std::string wrapped = u.xml;
  wrapped.insert(wrapped.find(response_id), "InResponseTo=\"id_victim_request\" ");
  u.settings.request_id = "id_victim_request";
  u.settings.allow_idp_initiated = false;
  const Verdict v = validate(wrapped, InputEncoding::xml, u.settings, u.clock, nullptr);
  EXPECT_FALSE(v.accepted);
  ASSERT_TRUE(v.reason);
  EXPECT_EQ(*v.reason, core::Reason::inresp_unsolicited);
  // Control: the same assertion is fine as what it is, an unsolicited response.
  u.settings.request_id.reset();
  u.settings.allow_idp_initiated = true;
  EXPECT_TRUE(validate(u.xml, InputEncoding::xml, u.settings, u.clock, nullptr).accepted);
}

TEST(ValidatorFindings, RelayStateSentWithTheRequestButDroppedIsRefused) {
  Unsolicited u;
  u.settings.allow_idp_initiated = true;
  u.settings.expected_relay_state = "/dashboard";
  const std::string body = "SAMLResponse=" + core::url_encode(core::base64_encode(u.xml));
  const Verdict v = validate(body, InputEncoding::form, u.settings, u.clock, nullptr);
  EXPECT_FALSE(v.accepted);
  ASSERT_TRUE(v.reason);
  EXPECT_EQ(*v.reason, core::Reason::binding_relay_state);
}

}  // namespace
}  // namespace samlh::sp
