// Each protocol check of sp::validate called alone (STYLE.md: checks are
// unit-tested one at a time): a ValidationContext built by hand from a small
// Response, with a fixed clock, as the earlier checks would leave it (parsed,
// Response and Assertion found, signatures already decided), then the check
// under test, for its pass and for each of its failure reasons. The
// signature and structure checks are covered message by message by the
// vectors and attacks tests beside this one.
#include <gtest/gtest.h>

#include <libxml/tree.h>

#include <optional>
#include <string>

#include "core/xml.hpp"
#include "sp/validator/validator_context.hpp"

namespace samlh::sp {
namespace {

using core::Reason;
using detail::CheckFn;
using detail::Outcome;
using detail::ValidationContext;

// 2026-03-01T12:00:00Z, the instant every check runs at.
const core::Instant kNow = *core::parse_saml_time("2026-03-01T12:00:00Z");

// A Response as the IdP of these tests writes it; tests replace parts of it.
constexpr std::string_view kResponse =
    R"(<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" )"
    R"(xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="r1" Version="2.0" )"
    R"(IssueInstant="2026-03-01T12:00:00Z" Destination="https://sp.test/acs" InResponseTo="req-1">)"
    R"(<saml:Issuer>http://idp.test</saml:Issuer>)"
    R"(<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>)"
    R"(<saml:Assertion ID="a1" Version="2.0" IssueInstant="2026-03-01T12:00:00Z">)"
    R"(<saml:Issuer>http://idp.test</saml:Issuer>)"
    R"(<saml:Conditions NotBefore="2026-03-01T11:59:00Z" NotOnOrAfter="2026-03-01T12:05:00Z">)"
    R"(<saml:AudienceRestriction><saml:Audience>https://sp.test/metadata</saml:Audience></saml:AudienceRestriction>)"
    R"(</saml:Conditions>)"
    R"(<saml:AuthnStatement AuthnInstant="2026-03-01T11:59:30Z" SessionIndex="s1"/>)"
    R"(</saml:Assertion></samlp:Response>)";

std::string with(std::string_view from, std::string_view to, std::string xml = std::string(kResponse)) {
  const auto at = xml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) xml.replace(at, from.size(), to);
  return xml;
}

class Checks : public ::testing::Test {
 protected:
  Checks() {
    settings_.idp_entity_id = "http://idp.test";
    settings_.sp_entity_id = "https://sp.test/metadata";
    settings_.acs_url = "https://sp.test/acs";
    settings_.request_id = "req-1";
  }

  // `check` alone on a context built from `xml`. `signed_response`: the
  // earlier checks found (and verified) a Response signature; the protocol
  // checks only ask whether there is one, so the Status stands in for it.
  Outcome run(CheckFn check, const std::string& xml = std::string(kResponse)) {
    ctx_.emplace(std::string_view{}, InputEncoding::xml, settings_, clock_, replay_);
    ctx_->now = clock_.now();
    auto doc = core::parse_untrusted(xml);
    EXPECT_TRUE(doc.ok());
    if (!doc.ok()) return Outcome::fail(Reason::xml_malformed, "test message does not parse");
    ctx_->doc = std::move(doc).value();
    ctx_->response = xmlDocGetRootElement(ctx_->doc.get());
    ctx_->assertion = core::child(ctx_->response, core::ns::kSaml, "Assertion");
    if (signed_response_) {
      ctx_->response_signature = core::child(ctx_->response, core::ns::kSamlp, "Status");
      ctx_->response_verified = true;
    }
    ctx_->relay_state = relay_state_;
    ctx_->in_response_to = bearer_in_response_to_;
    ctx_->expires = kNow + std::chrono::minutes{5};
    return check(*ctx_);
  }

  static void expect_fail(const Outcome& o, Reason r) {
    EXPECT_EQ(o.status, CheckStatus::failed) << o.detail;
    EXPECT_EQ(o.reason, r) << o.detail;
  }
  static void expect_pass(const Outcome& o) {
    EXPECT_EQ(o.status, CheckStatus::passed) << o.detail;
    EXPECT_EQ(o.reason, std::nullopt);
  }

  core::FixedClock clock_{kNow};
  ValidatorSettings settings_;
  ReplayCache* replay_ = nullptr;
  bool signed_response_ = false;
  std::optional<std::string> relay_state_;
  std::string bearer_in_response_to_ = "req-1";
  std::optional<ValidationContext> ctx_;
};

// --- status -----------------------------------------------------------------------------------

TEST_F(Checks, StatusSuccessPasses) { expect_pass(run(detail::check_status)); }

TEST_F(Checks, StatusOtherThanSuccessIsStatusNotSuccess) {
  const std::string xml = with("urn:oasis:names:tc:SAML:2.0:status:Success",
                               "urn:oasis:names:tc:SAML:2.0:status:Responder");
  const Outcome o = run(detail::check_status, xml);
  expect_fail(o, Reason::status_not_success);
  EXPECT_NE(o.detail.find("Responder"), std::string::npos);
}

// --- issuer -----------------------------------------------------------------------------------

TEST_F(Checks, IssuerMatchingTheConfiguredIdpPassesAndNamesTheIdentitysIssuer) {
  expect_pass(run(detail::check_issuer));
  EXPECT_EQ(ctx_->identity.issuer, "http://idp.test");
}

TEST_F(Checks, IssuerIsSkippedWithoutAConfiguredIdpEntityId) {
  settings_.idp_entity_id.clear();
  EXPECT_EQ(run(detail::check_issuer).status, CheckStatus::skipped);
}

TEST_F(Checks, AssertionWithoutIssuerIsIssuerMissing) {
  const std::string xml = with("<saml:Issuer>http://idp.test</saml:Issuer><saml:Conditions", "<saml:Conditions");
  expect_fail(run(detail::check_issuer, xml), Reason::issuer_missing);
}

TEST_F(Checks, SignedResponseWithoutIssuerIsIssuerMissing) {
  signed_response_ = true;
  const std::string xml = with("<saml:Issuer>http://idp.test</saml:Issuer><samlp:Status>", "<samlp:Status>");
  expect_fail(run(detail::check_issuer, xml), Reason::issuer_missing);
}

TEST_F(Checks, UnsignedResponseWithoutIssuerPasses) {
  const std::string xml = with("<saml:Issuer>http://idp.test</saml:Issuer><samlp:Status>", "<samlp:Status>");
  expect_pass(run(detail::check_issuer, xml));
}

TEST_F(Checks, AnotherIdpsIssuerIsIssuerMismatch) {
  settings_.idp_entity_id = "http://other-idp.test";
  expect_fail(run(detail::check_issuer), Reason::issuer_mismatch);
}

TEST_F(Checks, ResponseAndAssertionIssuersThatDifferAreIssuerMismatch) {
  settings_.idp_entity_id.clear();  // not the configured value: the two differ from each other
  const std::string xml = with("<saml:Issuer>http://idp.test</saml:Issuer><samlp:Status>",
                               "<saml:Issuer>http://elsewhere.test</saml:Issuer><samlp:Status>");
  expect_fail(run(detail::check_issuer, xml), Reason::issuer_mismatch);
}

TEST_F(Checks, IssuerFormatOtherThanEntityIsIssuerMismatch) {
  const std::string xml =
      with("<saml:Issuer>http://idp.test</saml:Issuer><saml:Conditions",
           R"(<saml:Issuer Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">http://idp.test</saml:Issuer><saml:Conditions)");
  expect_fail(run(detail::check_issuer, xml), Reason::issuer_mismatch);
}

// --- destination ------------------------------------------------------------------------------

TEST_F(Checks, DestinationEqualToTheAcsUrlPasses) { expect_pass(run(detail::check_destination)); }

TEST_F(Checks, DestinationComparedExactlyIsDestMismatch) {
  settings_.acs_url = "https://sp.test/acs/";  // a trailing slash is another URL
  expect_fail(run(detail::check_destination), Reason::dest_mismatch);
}

TEST_F(Checks, SignedResponseWithoutDestinationIsDestMissing) {
  signed_response_ = true;
  const std::string xml = with(R"( Destination="https://sp.test/acs")", "");
  expect_fail(run(detail::check_destination, xml), Reason::dest_missing);
}

TEST_F(Checks, UnsignedResponseWithoutDestinationPasses) {
  expect_pass(run(detail::check_destination, with(R"( Destination="https://sp.test/acs")", "")));
}

// --- conditions -------------------------------------------------------------------------------

TEST_F(Checks, ConditionsValidNowForThisAudiencePassAndSetTheExpiry) {
  expect_pass(run(detail::check_conditions));
  EXPECT_EQ(ctx_->expires, *core::parse_saml_time("2026-03-01T12:05:00Z"));
}

TEST_F(Checks, IssueInstantBeyondTheSkewInTheFutureIsCondIssueInstant) {
  const std::string xml = with(R"(ID="a1" Version="2.0" IssueInstant="2026-03-01T12:00:00Z")",
                               R"(ID="a1" Version="2.0" IssueInstant="2026-03-01T12:03:01Z")");
  expect_fail(run(detail::check_conditions, xml), Reason::cond_issue_instant);
}

TEST_F(Checks, IssueInstantOlderThanTheLimitIsCondIssueInstant) {
  const std::string xml = with(R"(ID="r1" Version="2.0" IssueInstant="2026-03-01T12:00:00Z")",
                               R"(ID="r1" Version="2.0" IssueInstant="2026-03-01T11:46:59Z")");
  expect_fail(run(detail::check_conditions, xml), Reason::cond_issue_instant);
}

TEST_F(Checks, NotBeforeBeyondTheSkewIsCondNotYetValid) {
  const std::string xml = with(R"(NotBefore="2026-03-01T11:59:00Z")", R"(NotBefore="2026-03-01T12:03:01Z")");
  expect_fail(run(detail::check_conditions, xml), Reason::cond_not_yet_valid);
}

TEST_F(Checks, NotOnOrAfterPassedBeyondTheSkewIsCondExpired) {
  const std::string xml = with(R"(NotOnOrAfter="2026-03-01T12:05:00Z")", R"(NotOnOrAfter="2026-03-01T11:57:00Z")");
  expect_fail(run(detail::check_conditions, xml), Reason::cond_expired);
}

TEST_F(Checks, UnreadableConditionTimeIsStructInvalidTime) {
  const std::string xml = with(R"(NotBefore="2026-03-01T11:59:00Z")", R"(NotBefore="yesterday")");
  expect_fail(run(detail::check_conditions, xml), Reason::struct_invalid_time);
}

TEST_F(Checks, AssertionWithoutConditionsIsCondAudienceMissing) {
  std::string xml(kResponse);
  xml.erase(xml.find("<saml:Conditions"), xml.find("<saml:AuthnStatement") - xml.find("<saml:Conditions"));
  expect_fail(run(detail::check_conditions, xml), Reason::cond_audience_missing);
}

TEST_F(Checks, ConditionsWithoutAudienceRestrictionAreCondAudienceMissing) {
  const std::string xml =
      with("<saml:AudienceRestriction><saml:Audience>https://sp.test/metadata</saml:Audience></saml:AudienceRestriction>",
           "");
  expect_fail(run(detail::check_conditions, xml), Reason::cond_audience_missing);
}

TEST_F(Checks, EveryAudienceRestrictionMustNameThisSpOrItIsCondAudienceMismatch) {
  const std::string xml = with(
      "</saml:AudienceRestriction>",
      "</saml:AudienceRestriction><saml:AudienceRestriction><saml:Audience>https://other.test</saml:Audience>"
      "</saml:AudienceRestriction>");
  expect_fail(run(detail::check_conditions, xml), Reason::cond_audience_mismatch);
}

TEST_F(Checks, AConditionTheSpDoesNotUnderstandIsStructSchema) {
  const std::string xml = with("</saml:Conditions>", "<saml:Condition/></saml:Conditions>");
  expect_fail(run(detail::check_conditions, xml), Reason::struct_schema);
}

// --- in_response_to ---------------------------------------------------------------------------

TEST_F(Checks, AnAnswerToTheKnownRequestPasses) {
  expect_pass(run(detail::check_in_response_to));
  EXPECT_EQ(ctx_->identity.in_response_to, "req-1");
}

TEST_F(Checks, AnAnswerToAnotherRequestIsInrespMismatch) {
  settings_.request_id = "req-2";
  expect_fail(run(detail::check_in_response_to), Reason::inresp_mismatch);
}

TEST_F(Checks, ResponseAndBearerConfirmationNamingDifferentRequestsAreInrespMismatch) {
  bearer_in_response_to_ = "req-9";
  expect_fail(run(detail::check_in_response_to), Reason::inresp_mismatch);
}

TEST_F(Checks, AnAnswerWhenNoRequestIsKnownIsInrespUnexpected) {
  settings_.request_id.reset();
  expect_fail(run(detail::check_in_response_to), Reason::inresp_unexpected);
}

TEST_F(Checks, AnyInResponseToPassesAndRecordsTheWeakness) {
  settings_.request_id.reset();
  settings_.any_in_response_to = true;
  expect_pass(run(detail::check_in_response_to));
  ASSERT_EQ(ctx_->weak.size(), 1u);
  EXPECT_EQ(ctx_->weak[0], core::Weakness::any_in_response_to);
}

TEST_F(Checks, AnUnsolicitedResponseIsInrespUnsolicitedUnlessAllowed) {
  bearer_in_response_to_.clear();  // the unsigned Response's InResponseTo alone does not count
  expect_fail(run(detail::check_in_response_to), Reason::inresp_unsolicited);
  settings_.allow_idp_initiated = true;
  expect_pass(run(detail::check_in_response_to));
  EXPECT_EQ(ctx_->identity.in_response_to, "");
}

// --- authn_statement --------------------------------------------------------------------------

TEST_F(Checks, AuthnStatementPassesAndSetsTheSession) {
  expect_pass(run(detail::check_authn_statement));
  EXPECT_EQ(ctx_->identity.session_index, "s1");
}

TEST_F(Checks, AssertionWithoutAuthnStatementIsAuthnStatementMissing) {
  const std::string xml = with(R"(<saml:AuthnStatement AuthnInstant="2026-03-01T11:59:30Z" SessionIndex="s1"/>)", "");
  expect_fail(run(detail::check_authn_statement, xml), Reason::authn_statement_missing);
}

TEST_F(Checks, UnreadableAuthnInstantIsStructInvalidTime) {
  const std::string xml = with(R"(AuthnInstant="2026-03-01T11:59:30Z")", R"(AuthnInstant="soon")");
  expect_fail(run(detail::check_authn_statement, xml), Reason::struct_invalid_time);
}

TEST_F(Checks, SessionNotOnOrAfterPassedIsCondExpired) {
  const std::string xml = with(R"(SessionIndex="s1")", R"(SessionIndex="s1" SessionNotOnOrAfter="2026-03-01T11:50:00Z")");
  expect_fail(run(detail::check_authn_statement, xml), Reason::cond_expired);
}

// --- relay_state ------------------------------------------------------------------------------

TEST_F(Checks, NoRelayStateIsSkippedUnlessOneWasSent) {
  EXPECT_EQ(run(detail::check_relay_state).status, CheckStatus::skipped);
  settings_.expected_relay_state = "/app";
  expect_fail(run(detail::check_relay_state), Reason::binding_relay_state);
}

TEST_F(Checks, ARelayStateFilteredAtExportIsSkippedWithTheReasonNotCompared) {
  settings_.expected_relay_state = "/app";
  settings_.relay_state_unknown = "filtered at export";
  const Outcome o = run(detail::check_relay_state);
  EXPECT_EQ(o.status, CheckStatus::skipped);
  EXPECT_EQ(o.detail, "filtered at export");
  // A RelayState that did come back is still compared.
  relay_state_ = "/admin";
  expect_fail(run(detail::check_relay_state), Reason::binding_relay_state);
}

TEST_F(Checks, TheRelayStateSentComingBackPasses) {
  settings_.expected_relay_state = relay_state_ = "/app/surveys";
  expect_pass(run(detail::check_relay_state));
}

TEST_F(Checks, ARelayStateOtherThanTheOneSentIsBindingRelayState) {
  settings_.expected_relay_state = "/app";
  relay_state_ = "/admin";
  expect_fail(run(detail::check_relay_state), Reason::binding_relay_state);
}

TEST_F(Checks, ARelayStateOver80BytesOrWithControlCharactersIsBindingRelayState) {
  relay_state_ = "/" + std::string(80, 'a');
  expect_fail(run(detail::check_relay_state), Reason::binding_relay_state);
  relay_state_ = "/app\r\nSet-Cookie: x";
  expect_fail(run(detail::check_relay_state), Reason::binding_relay_state);
}

TEST_F(Checks, ARelayStateLeavingTheSiteIsBindingRelayStateUnlessAnyIsAllowed) {
  for (const char* rs : {"//evil.test/", "/\\evil.test", "https://evil.test/"}) {
    relay_state_ = rs;
    expect_fail(run(detail::check_relay_state), Reason::binding_relay_state);
  }
  settings_.relay_state = RelayStatePolicy::any;
  relay_state_ = "https://evil.test/";
  expect_pass(run(detail::check_relay_state));
}

// --- replay -----------------------------------------------------------------------------------

TEST_F(Checks, ReplayIsSkippedWithoutACache) { EXPECT_EQ(run(detail::check_replay).status, CheckStatus::skipped); }

TEST_F(Checks, AnAssertionIdSeenBeforeIsReplayAssertion) {
  MemoryReplayCache cache;
  replay_ = &cache;
  expect_pass(run(detail::check_replay));
  expect_fail(run(detail::check_replay), Reason::replay_assertion);
  EXPECT_EQ(cache.size(), 1u);
}

}  // namespace
}  // namespace samlh::sp
