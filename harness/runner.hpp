// Running one scenario: a fresh World, the steps, the judgement of every
// expectation against what the IdP and the SP actually did.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/results.hpp"
#include "harness/scenario.hpp"
#include "harness/world.hpp"

namespace samlh::harness {

struct RunOptions {
  WorldOptions world;
};

// Never throws: an environment failure is recorded in result.error.
ScenarioResult run_scenario(const Scenario& s, const RunOptions& o);

// --- shared by the runners (judge.cpp) -----------------------------------------

// What a login (or an ACS POST) came to, read from the SP's audit log and,
// when the IdP refused, from the IdP's event log.
struct LoginJudgement {
  Outcome outcome = Outcome::refused;
  std::optional<core::Reason> reason;
  std::string identity;  // the audit subject
  std::vector<core::Weakness> weak;
  std::vector<sp::Gap> gaps;  // recorded by the login's records
  std::string where;          // "idp", "sp validation", "sp login"
};

LoginJudgement judge_login(World& w, std::int64_t audit_seq_before, std::uint64_t idp_seq_before, const Page& page);
std::uint64_t idp_last_seq(World& w);
// Gaps in the SP audit records after `seq`.
std::vector<sp::Gap> gaps_since(World& w, std::int64_t seq);
std::string describe(const std::vector<sp::Gap>& gaps);
std::string describe(const std::vector<core::Weakness>& weak);

ScenarioResult run_message_scenario(const Scenario& s, World& w);
ScenarioResult run_lifecycle_scenario(const Scenario& s, World& w);

}  // namespace samlh::harness
