// The with_scim block of an sso_only lifecycle scenario (harness/SCENARIOS.md
// "The with_scim variant"): the variant derived from it, and every mistake in
// the block refused at load with the file and line.
#include <gtest/gtest.h>

#include <string>

#include "harness/scenario/scenario.hpp"
#include "tests/harness/scenario/load_error.hpp"

namespace samlh::harness {
namespace {

using scenario_text::error_of;
using scenario_text::replaced;

constexpr const char* kStory = R"(kind: lifecycle
name: leave-sso-only
title: A leaver keeps the membership
event: leave
variant: sso_only
unaffected_by: [invitation_ttl]
steps:
  - label: deactivated
    idp: {deactivate: bob@acme.test}
    expect: {gaps: [orphaned_membership_after_idp_deactivation]}
  - advance: 1h
  - label: later
    expect:
      - {member: bob@acme.test, role: read_write}
      - {when: {assume: {session_lifetime: 30d}}, member: bob@acme.test, role: read_write}
  - expect: {member: carol@acme.test, role: account_owner}
)";

std::string with_block(const std::string& block) { return std::string(kStory) + block; }

constexpr const char* kBlock = R"(with_scim:
  title: The leaver loses the membership in the same step
  unaffected_by: [session_lifetime, scim.owner]
  report:
    claims: [okta.scim_client]
    shows: The membership goes within the step.
    remains: Members the IdP does not hold.
    risk_window: [deactivated, deactivated]
  steps:
    deactivated: {gaps: [], member: bob@acme.test, present: false}
    later:
      - {member: bob@acme.test, present: false}
      - {when: {assume: {scim.group_roles: none}}, member: bob@acme.test, present: false}
)";

TEST(WithScim, NoBlockNoVariant) {
  EXPECT_FALSE(derive_with_scim(parse_scenario(kStory, "t.yaml")).has_value());
}

TEST(WithScim, TheVariantIsTheSameTimelineWithTheBlocksExpectations) {
  const Scenario s = parse_scenario(with_block(kBlock), "t.yaml");
  ASSERT_TRUE(s.with_scim.has_value());
  const auto d = derive_with_scim(s);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->name, "leave-with-scim");
  EXPECT_EQ(d->variant, "with_scim");
  EXPECT_TRUE(d->provisioned());
  EXPECT_FALSE(s.provisioned());
  EXPECT_EQ(d->derived_from, "leave-sso-only");
  EXPECT_EQ(d->title, "The leaver loses the membership in the same step");
  EXPECT_EQ(d->report.remains, "Members the IdP does not hold.");
  EXPECT_EQ(d->report.risk_window, std::make_pair(std::string("deactivated"), std::string("deactivated")));
  EXPECT_EQ(d->unaffected_by, (std::vector<std::string>{"invitation_ttl", "session_lifetime", "scim.owner"}));
  EXPECT_FALSE(d->with_scim.has_value());
  ASSERT_EQ(d->steps.size(), s.steps.size());
  // The labelled steps take the block's expectations, alternatives included.
  EXPECT_EQ(d->steps[0].expect->gaps, std::vector<sp::Gap>{});
  EXPECT_EQ(d->steps[0].expect->present, false);
  EXPECT_EQ(s.steps[0].expect->gaps->size(), 1u);
  ASSERT_EQ(d->steps[2].alternatives.size(), 1u);
  EXPECT_EQ(d->steps[2].alternatives[0].when.assume.at("scim.group_roles"), "none");
  EXPECT_EQ(d->steps[2].expect->present, false);
  // The others are the sso_only scenario's.
  EXPECT_EQ(d->steps[3].expect->member, "carol@acme.test");
  EXPECT_EQ(d->steps[1].action.type, Action::Type::advance);
}

TEST(WithScim, AScimAssumptionBindsOnlyTheVariant) {
  const Scenario s = parse_scenario(with_block(kBlock), "t.yaml");
  const Scenario d = *derive_with_scim(s);
  // scim.default_role bears on join, not leave; scim.group_roles on leave.
  EXPECT_NO_THROW(check_assumption_coverage(s, {{"scim.group_roles", "none"}}));  // nothing provisioned there
  EXPECT_NO_THROW(check_assumption_coverage(d, {{"scim.group_roles", "none"}}));  // the `when` above
  Scenario bare = d;
  bare.steps[2].alternatives.clear();
  EXPECT_THROW(check_assumption_coverage(bare, {{"scim.group_roles", "none"}}), ScenarioError);
}

TEST(WithScim, MistakesInTheBlockNameTheirLine) {
  const int block_line = 17;  // kStory is 16 lines
  auto expect_error = [&](const std::string& block, int line, const std::string& words) {
    const std::string e = error_of(with_block(block));
    EXPECT_NE(e.find("t.yaml:" + std::to_string(block_line + line) + ":"), std::string::npos) << e;
    EXPECT_NE(e.find(words), std::string::npos) << e;
  };
  expect_error(replaced(kBlock, "  title:", "  titel:"),
               1, "unknown key 'titel' in with_scim");  // an unknown key of the block
  expect_error(replaced(kBlock, "{gaps: [], member:", "{gaps: [], membr:"),
               9, "membr");  // an unknown key of an expectation
  expect_error(replaced(kBlock, "    later:", "    latter:"),
               10, "unknown step label 'latter'");
  expect_error(replaced(kBlock, "scim.group_roles: none", "scim.group_roles: nobody"),
               12, "nobody");
  expect_error(replaced(kBlock, "okta.scim_client", "okta.scim_klient"),
               4, "unknown claim");
  expect_error(replaced(kBlock, "Members the IdP", "Members Okta"),
               6, "names Hotjar or Okta");
  expect_error(replaced(kBlock, "[deactivated, deactivated]", "[deactivated, gone]"),
               7, "unknown step label 'gone'");
  expect_error(replaced(kBlock, "scim.owner]", "scim.ownr]"),
               2, "unknown assumption 'scim.ownr'");
}

TEST(WithScim, OnlyAnSsoOnlyScenarioCarriesTheBlock) {
  const std::string late =
      replaced(with_block(kBlock), "variant: sso_only", "variant: done_late");
  EXPECT_NE(error_of(late).find("t.yaml:18: 'with_scim' belongs to the event's sso_only scenario"), std::string::npos)
      << error_of(late);
  // A scim.* assumption is declared in the block, never at the top.
  const std::string top =
      replaced(with_block(kBlock), "unaffected_by: [invitation_ttl]", "unaffected_by: [scim.group_roles]");
  EXPECT_NE(error_of(top).find("t.yaml:6:"), std::string::npos) << error_of(top);
}

}  // namespace
}  // namespace samlh::harness
