// The gap findings of a run: for each lifecycle event, the findings of the
// claims table (harness/claims/events.yaml) judged against the scenarios
// that ran, their bounds for the parameters and assumptions in effect, the
// runbook and the evidence of every variant. The Markdown report and
// results.json's `gap_findings` are both rendered from this.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/scenario/claims.hpp"
#include "harness/scenario/results.hpp"

namespace samlh::harness {

// What a finding came to in this run.
enum class FindingStatus {
  established,     // a passed sso_only scenario of the event recorded the gap
  does_not_arise,  // every sso_only scenario of the event passed and none recorded it
  not_established  // a scenario of the event failed (or none ran) and no passed one recorded it
};
std::string_view spelling(FindingStatus s);

struct FindingResult {
  const Finding* finding = nullptr;
  FindingStatus status = FindingStatus::not_established;
  std::vector<std::string> evidence;  // the sso_only scenarios that recorded the gap
  BoundValue bound;
  std::vector<std::string> assumptions;  // keys it rests on
  std::vector<std::string> sources;      // tags of its claims
};

struct EventResult {
  const EventEntry* entry = nullptr;
  std::vector<FindingResult> findings;
  std::vector<const ScenarioResult*> scenarios;  // every variant, file order
};

struct GapFindings {
  Assumed assumed;                              // every answer in effect
  Assumed flipped;                              // the ones that are not the default
  std::map<std::string, core::Millis> params;   // parameter values
  std::vector<EventResult> events;              // report order; events without scenarios left out
};

GapFindings compute_gap_findings(const std::vector<ScenarioResult>& results, const Assumed& flipped,
                                 const std::map<std::string, core::Millis>& cli_parameters);

// Every gap the scenario's steps recorded, with the run's audit-log total:
// the report lists all of them (the owner-leaves regression).
std::vector<sp::Gap> all_recorded_gaps(const ScenarioResult& r);

// "min(session lifetime 24h, review cadence 30d) = 24h"; "unbounded".
std::string bound_text(const ClaimsTable& t, const BoundValue& b, const std::map<std::string, core::Millis>& params);

nlohmann::json gap_findings_json(const GapFindings& g);

// The assumption keys and values as the reports print them: "`sso_enforced` = true (default false)".
std::string assumption_words(const ClaimsTable& t, const std::string& key, const std::string& value);

}  // namespace samlh::harness
