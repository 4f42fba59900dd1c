// Running one scenario: a fresh World, the steps, the judgement of every
// expectation against what the IdP and the SP actually did.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/scenario/results.hpp"
#include "harness/scenario/scenario.hpp"
#include "harness/world/world.hpp"

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
  std::optional<AnyReason> reason;
  std::string identity;  // the audit subject
  std::vector<core::Weakness> weak;
  std::vector<sp::Gap> gaps;  // recorded by the login's records
  std::string where;          // "idp", "sp validation", "sp login"
};

LoginJudgement judge_login(World& w, std::int64_t audit_seq_before, std::uint64_t idp_seq_before, const Page& page);
std::uint64_t idp_last_seq(World& w);
// The IdP's refusal, from its System Log events after `after`.
std::optional<AnyReason> idp_refusal(World& w, std::uint64_t after);
// Gaps in the SP audit records after `seq`.
std::vector<sp::Gap> gaps_since(World& w, std::int64_t seq);
std::string describe(const std::vector<sp::Gap>& gaps);
std::string describe(const std::vector<core::Weakness>& weak);

// --- shared by the message runners (run_message.cpp) --------------------------

// The InResponseTo of a base64 SAMLResponse, if it has one.
std::optional<std::string> in_response_to(const std::string& saml_response_b64);
// Posts the mutation's messages in order from the user's browser to the
// held form's action; the last answer is the page returned. A post marked
// fresh_browser (login CSRF) goes from `fresh`, a browser that never started
// a login, when one is given.
Page post_mutated(Browser& b, const Form& held, const idp::Mutated& mutated, StepRecord& step,
                  Browser* fresh = nullptr);
// The scenario's `app:` settings as the IdP's settings API takes them.
nlohmann::json settings_json(const Settings& s);

ScenarioResult run_message_scenario(const Scenario& s, World& w);
// A step's `reconcile:` expectation (run_reconcile.cpp).
void check_reconcile(World& w, ScenarioResult& r, const Expectation& e, int step_no, StepRecord& st);
ScenarioResult run_lifecycle_scenario(const Scenario& s, World& w);

}  // namespace samlh::harness
