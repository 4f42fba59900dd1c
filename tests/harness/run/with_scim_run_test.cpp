// The with_scim variant runs in process: idp-mock's SCIM client answered by
// the SP's SCIM service (harness/world/scim_adapter.hpp). A broken
// expectation of the variant fails at its line; --live skips it, saying why.
#include <gtest/gtest.h>

#include "harness/run/runner.hpp"

namespace samlh::harness {
namespace {

Scenario leave_with_scim() {
  const Scenario s = load_scenario(std::string(SAMLH_SOURCE_DIR) + "/scenarios/lifecycle/leave-sso-only.yaml");
  auto d = derive_with_scim(s);
  if (!d) throw std::runtime_error("leave-sso-only.yaml has no with_scim block");
  return *d;
}

RunOptions options() {
  RunOptions o;
  o.world.root = SAMLH_SOURCE_DIR;
  o.world.seed = 1;
  o.world.assumed = assumed_with(claims(), {});
  return o;
}

const Step& labelled(const Scenario& s, const std::string& label) {
  for (const Step& st : s.steps) {
    if (st.label == label) return st;
  }
  throw std::runtime_error("no step " + label);
}

TEST(WithScimRun, TheLeaverIsDeprovisionedWithinTheStep) {
  const ScenarioResult r = run_scenario(leave_with_scim(), options());
  EXPECT_TRUE(r.passed) << r.error;
  for (const CheckResult& c : r.checks) EXPECT_TRUE(c.passed) << c.what << ": " << c.expected << " vs " << c.actual;
  // The deactivation step's evidence is the SCIM exchange, not the observer.
  bool provisioned = false;
  for (const StepRecord& st : r.steps) {
    for (const auto& e : st.evidence) {
      provisioned = provisioned || (e.title == "SCIM provisioning (what-if)" &&
                                    e.body.find("user.deactivate bob@acme.test: PATCH /Users/") != std::string::npos);
      EXPECT_EQ(e.title.rfind("SP observes IdP event", 0), std::string::npos) << e.title;
    }
  }
  EXPECT_TRUE(provisioned);
}

TEST(WithScimRun, ABrokenExpectationFailsAtItsLine) {
  Scenario s = leave_with_scim();
  // Claim the membership lingers, as it does without provisioning.
  Step& st = const_cast<Step&>(labelled(s, "member_two_months_on"));
  ASSERT_TRUE(st.expect.has_value());
  st.expect->present.reset();
  st.expect->role = sp::Role::read_write;
  const ScenarioResult r = run_scenario(s, options());
  EXPECT_FALSE(r.passed);
  std::size_t failed = 0;
  for (const CheckResult& c : r.checks) {
    if (c.passed) continue;
    ++failed;
    EXPECT_EQ(c.actual, "not a member");
    EXPECT_EQ(c.line, st.expect->line_of("role"));
  }
  EXPECT_EQ(failed, 1u);
}

TEST(WithScimRun, LiveRunsSkipItWithAReason) {
  RunOptions o = options();
  o.world.live = true;
  const ScenarioResult r = run_scenario(leave_with_scim(), o);
  EXPECT_TRUE(r.skipped);
  EXPECT_FALSE(r.failed());
  EXPECT_NE(r.skip_reason.find("in process only"), std::string::npos) << r.skip_reason;
}

}  // namespace
}  // namespace samlh::harness
