// Issue 5 item 7: every reason of the three tables a scenario can name
// (message reasons core/reason_table.inc, login reasons
// sp/model/login_reason_table.inc, IdP reasons
// idp-mock/tenant/idp_reason_table.inc) and every gap code
// (sp/model/gap_table.inc: DESIGN.md's table plus the SP's additions) is expected
// by at least one scenario of the default suite, and every spelling
// round-trips through the union lookup. A reason or gap added without a scenario that reaches it, or
// a scenario deleted that was the only one, fails here by name.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/spelling.hpp"
#include "harness/run/runner.hpp"
#include "harness/scenario/scenario.hpp"

namespace samlh::harness {
namespace {

// A reason no scenario can honestly reach: a storage failure of the
// SP (the SQLite store refusing a read or write). The in-process SP runs on a
// healthy :memory: database and the live one on a fresh file; nothing a
// scenario does at the IdP, the SP or the clock breaks either. It is covered
// by tests/sp/accounts/sso_login_test.cpp (SsoLogin.StorageFailureIsLoginStoreFailedAndChangesNothing)
// and tests/sp/store/store_test.cpp (StoreMigrations.UnopenablePathIsAStoreFailure,
// StoreMigrations.NewerSchemaThanTheProgramIsRefused).
// And one the IdP reaches only by its own safety limit: idp_group_filter_limit
// (a group regex that backtracks past PCRE2's match limit) says nothing about
// Okta or the SP, so no story of the suite should configure one; it is
// covered by tests/idp-mock/tenant/group_regex_test.cpp and
// tests/idp-mock/assertion/builder_test.cpp (GroupFilter.*).
const std::set<AnyReason> kExempt = {sp::LoginReason::login_store_failed, idp::IdpReason::idp_group_filter_limit};

// The gap table of ../shared/DESIGN.md (the contract); sp/model/gap_table.inc
// starts with these fourteen and adds its own after them.
const std::vector<std::string> kDesignGaps = {
    "invitation_required",          "invite_not_accepted",
    "invitation_expired",           "preprovision_requires_invite",
    "idp_role_ignored",             "manual_org_move",
    "orphaned_membership_after_idp_deactivation", "session_outlives_idp_deactivation",
    "nameid_email_drift",           "stale_role_on_rehire",
    "single_owner_dependency",      "shadow_account_via_self_signup",
    "password_login_bypasses_sso",  "no_2fa_for_sso_users"};

struct Expected {
  std::map<AnyReason, std::vector<std::string>> reasons;  // reason -> scenario names
  std::map<sp::Gap, std::vector<std::string>> gaps;
  std::size_t files = 0;
};

void add(Expected& out, const Expectation& e, const std::string& name) {
  if (e.reason) out.reasons[*e.reason].push_back(name);
  if (e.gaps) {
    for (sp::Gap g : *e.gaps) out.gaps[g].push_back(name);
  }
  for (sp::Gap g : e.gaps_recorded) out.gaps[g].push_back(name);
}

// Every expectation of every file: the message kinds' `expect`, each
// lifecycle step's `expect` (reason, gaps, gaps_recorded).
const Expected& expected() {
  static const Expected k = [] {
    Expected out;
    for (const std::string& file : find_scenario_files({std::string(SAMLH_SOURCE_DIR) + "/scenarios"})) {
      const Scenario s = load_scenario(file);  // throws ScenarioError: the test fails with file and line
      ++out.files;
      add(out, s.expect, s.name);
      for (const Step& step : s.steps) {
        if (step.expect) add(out, *step.expect, s.name);
      }
    }
    return out;
  }();
  return k;
}

TEST(Coverage, TheDefaultSuiteLoads) { EXPECT_GT(expected().files, 250u); }

TEST(Coverage, EveryReasonIsExpectedByAScenario) {
  std::vector<std::string> missing;
  for (const AnyReason& r : all_any_reasons()) {
    if (kExempt.count(r) == 0 && expected().reasons.count(r) == 0) missing.emplace_back(core::spelling(r));
  }
  std::string list;
  for (const auto& m : missing) list += "\n  " + m;
  EXPECT_TRUE(missing.empty()) << missing.size() << " reason(s) expected by no scenario under scenarios/:" << list;
}

TEST(Coverage, EveryGapCodeIsExpectedByAScenario) {
  std::vector<std::string> missing;
  for (sp::Gap g : sp::all_gaps()) {
    if (expected().gaps.count(g) == 0) missing.emplace_back(sp::spelling(g));
  }
  std::string list;
  for (const auto& m : missing) list += "\n  " + m;
  EXPECT_TRUE(missing.empty()) << missing.size() << " gap code(s) expected by no scenario under scenarios/:" << list;
}

TEST(Coverage, DesignGapCodesAreTheSpsFirstFourteen) {
  const auto all = sp::all_gaps();
  ASSERT_GE(all.size(), kDesignGaps.size());
  for (std::size_t i = 0; i < kDesignGaps.size(); ++i) {
    EXPECT_EQ(sp::spelling(all[i]), kDesignGaps[i]) << "DESIGN.md gap row " << i + 1;
  }
}

TEST(Coverage, TheExemptionIsStillNeeded) {
  // When a scenario does reach an exempt reason, drop the exemption.
  for (const AnyReason& r : kExempt) {
    EXPECT_EQ(expected().reasons.count(r), 0u) << core::spelling(r) << " is now expected by "
                                               << expected().reasons.at(r).front() << ": remove it from kExempt";
  }
}

TEST(Coverage, ReasonSpellingsRoundTripAndAreUnique) {
  // Across the three tables: a spelling two tables share would make the
  // union lookup refuse it (ambiguous), and fail here by name.
  std::set<std::string> seen;
  for (const AnyReason& r : all_any_reasons()) {
    const std::string s(core::spelling(r));
    EXPECT_FALSE(s.empty());
    EXPECT_TRUE(seen.insert(s).second) << s << " is spelled twice";
    const ReasonMatch m = find_reason(s);
    EXPECT_FALSE(m.ambiguous) << s;
    EXPECT_EQ(m.reason, r) << s;
    EXPECT_FALSE(core::sentence(r).empty()) << s;
    EXPECT_EQ(s.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_"), std::string::npos) << s;
  }
  EXPECT_EQ(seen.size(), core::all_reasons().size() + sp::all_login_reasons().size() + idp::all_idp_reasons().size());
  EXPECT_FALSE(any_reason_from_spelling("no_such_reason").has_value());
  EXPECT_FALSE(any_reason_from_spelling("").has_value());
}

TEST(Coverage, EachTableHoldsOnlyItsOwnStages) {
  // core knows messages only; the SP's and the IdP's reasons live with them.
  for (core::Reason r : core::all_reasons()) {
    const std::string_view st = core::stage(r);
    EXPECT_TRUE(st != "login" && st != "identity" && st != "idp") << core::spelling(r);
  }
  for (sp::LoginReason r : sp::all_login_reasons()) {
    EXPECT_TRUE(sp::stage(r) == "login" || sp::stage(r) == "identity") << sp::spelling(r);
  }
  for (idp::IdpReason r : idp::all_idp_reasons()) {
    EXPECT_EQ(core::stage_of(idp::spelling(r)), "idp") << idp::spelling(r);
  }
}

TEST(Coverage, ScenarioFilesUseTheTableSpellings) {
  // What the loader parsed back is what the tables spell: a scenario's
  // reason text and the enumerator it became name the same thing.
  for (const auto& [r, names] : expected().reasons) {
    EXPECT_EQ(any_reason_from_spelling(core::spelling(r)), r);
    EXPECT_FALSE(names.empty());
  }
}

TEST(Coverage, TheSchemaExamplesLoadAndPass) {
  // harness/SCENARIOS.md teaches by its three examples: each must be a
  // scenario the engine runs green, in-process.
  std::ifstream in(std::string(SAMLH_SOURCE_DIR) + "/harness/SCENARIOS.md");
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  static const std::regex kBlock("```yaml\n(kind:[\\s\\S]*?)```");
  RunOptions o;
  o.world.root = SAMLH_SOURCE_DIR;
  int n = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kBlock); it != std::sregex_iterator(); ++it) {
    const Scenario s = parse_scenario((*it)[1].str(), "SCENARIOS.md example " + std::to_string(++n));
    const ScenarioResult r = run_scenario(s, o);
    std::string why = r.error;
    for (const auto& c : r.checks) {
      if (!c.passed) why += "\n  " + c.what + ": expected " + c.expected + ", got " + c.actual;
    }
    EXPECT_TRUE(r.passed) << s.name << why;
  }
  EXPECT_EQ(n, 3);
}

}  // namespace
}  // namespace samlh::harness
