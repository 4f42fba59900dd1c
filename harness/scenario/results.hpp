// What a scenario run produced: every expectation with expected vs actual,
// the step-by-step evidence, the gaps observed, and the measured risk window.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/evidence.hpp"
#include "harness/scenario/findings.hpp"
#include "harness/scenario/scenario.hpp"
#include "sp/model/gaps.hpp"

namespace samlh::harness {

struct CheckResult {
  std::string what;      // "step 4 outcome", "reason", "gaps", ...
  std::string expected;
  std::string actual;
  bool passed = false;
  int line = 0;          // scenario file line of the expectation
};

// One HTTP exchange or action, kept for the evidence folder.
using core::Evidence;

struct StepRecord {
  int index = 0;
  std::string description;  // the step in words
  core::Instant at{};
  std::string outcome;  // "accepted", "refused: login_no_membership", "ok", ...
  std::vector<sp::Gap> gaps;
  std::vector<Evidence> evidence;
};

struct ScenarioResult {
  std::string file;
  std::string name;
  std::string title;
  Kind kind = Kind::format;
  std::string event;    // lifecycle
  std::string variant;  // lifecycle
  Report report;        // lifecycle
  bool passed = false;
  // Not run in this mode (e.g. a lifecycle scenario under --target-sp):
  // neither passed nor failed, reported with its reason.
  bool skipped = false;
  std::string skip_reason;
  std::string error;  // the engine could not run the scenario (counts as failed)
  std::vector<CheckResult> checks;
  std::vector<StepRecord> steps;
  std::vector<sp::Gap> gaps_recorded;  // everything the SP's audit log holds for the run
  std::optional<core::Millis> risk_window;
  double seconds = 0;
  // --target-sp: what the attacker gained (none: nullopt), and a note on a
  // safe or declared behaviour worth saying (a RelayState ignored, ...).
  std::optional<SecurityFinding> finding;
  std::string note;

  void check(std::string what, std::string expected, std::string actual, int line) {
    const bool ok = expected == actual;
    checks.push_back(CheckResult{std::move(what), std::move(expected), std::move(actual), ok, line});
  }
  bool all_checks_passed() const {
    for (const auto& c : checks) {
      if (!c.passed) return false;
    }
    return error.empty();
  }
  bool failed() const { return !passed && !skipped; }
  const char* status() const { return passed ? "passed" : skipped ? "skipped" : "failed"; }
};

}  // namespace samlh::harness
