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

// The actual side of an outcome check that failed: the outcome with the
// reason it got ("refused (reason idp_bad_credentials; user x@acme.test
// does not exist at the IdP)"). For our SP's and IdP's logins only: a foreign SP's reason
// is not visible (target mode judges otherwise).
std::string outcome_words(World& w, Outcome got, const std::optional<AnyReason>& reason, const std::string& user);

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
// The login's held SAMLResponse (the browser stopped before posting it),
// changed by the scenario's mutation and posted to the held form's action.
// The posts go in order from the user's browser, except that a post marked
// fresh_browser (login CSRF) goes from a browser that never started a login
// and is judged there, and the last post of a replay (several posts) goes
// from another browser, the attacker's copy, and is judged there: a session
// the earlier posts gave the user is never taken for one the replay won.
// Both runners (in-process and --target-sp) deliver this way. Throws
// std::runtime_error when the mutation cannot be made.
struct Delivery {
  Page page;                   // the answer to the judged post
  Browser* judged = nullptr;   // the browser that sent it
  std::vector<Browser*> used;  // every browser that posted (their evidence belongs to the step)
  std::optional<std::string> relay_state;  // the RelayState of the judged post, if it carried one
};
Delivery deliver_mutated(World& w, const Scenario& s, Browser& user, const Form& held, StepRecord& step);
// The scenario's `app:` settings as the IdP's settings API takes them.
nlohmann::json settings_json(const Settings& s);
// Applies them to app hotjar; why the IdP refused, or nullopt.
std::optional<std::string> apply_app_settings(const Scenario& s, World& w);

ScenarioResult run_message_scenario(const Scenario& s, World& w);
// A step's `reconcile:` expectation (run_reconcile.cpp).
void check_reconcile(World& w, ScenarioResult& r, const Expectation& e, int step_no, StepRecord& st);
ScenarioResult run_lifecycle_scenario(const Scenario& s, World& w);

}  // namespace samlh::harness
