// Reports of a run: the terminal table, out/gap-report.md, out/results.json,
// out/junit.xml and an evidence folder per scenario.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/scenario/results.hpp"

namespace samlh::harness {

// results.json's schema_version (2: gap_findings added).
inline constexpr int kResultsSchemaVersion = 2;

struct RunInfo {
  std::uint64_t seed = 0;
  std::string mode;  // "in-process", "live", "target-sp"
  double seconds = 0;
  int jobs = 1;
  Assumed flipped;  // --assume (empty: every assumption at its default)
  std::map<std::string, core::Millis> cli_parameters;  // --review-cadence
};

// Writes gap-report.md, results.json, junit.xml and evidence/ under `dir`.
// Throws std::runtime_error when the directory cannot be written.
void write_reports(const std::vector<ScenarioResult>& results, const RunInfo& info, const std::string& dir);

std::string results_json(const std::vector<ScenarioResult>& results, const RunInfo& info);
std::string junit_xml(const std::vector<ScenarioResult>& results, const RunInfo& info);
// gap_report.cpp: rendered from the gap findings and the claims table.
std::string gap_report_markdown(const std::vector<ScenarioResult>& results, const RunInfo& info);

// The final terminal output: the gap summary table, counts per kind, each
// failure with expected vs actual. `color` adds ANSI colours.
std::string terminal_summary(const std::vector<ScenarioResult>& results, const RunInfo& info, bool color);

// "Leave / termination" for "leave" (the claims table's event titles).
std::string event_title(const std::string& event);

}  // namespace samlh::harness
