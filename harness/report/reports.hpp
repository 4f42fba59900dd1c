// Reports of a run: the terminal table, out/gap-report.md, out/results.json,
// out/junit.xml and an evidence folder per scenario.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/scenario/results.hpp"

namespace samlh::harness {

struct RunInfo {
  std::uint64_t seed = 0;
  std::string mode;  // "in-process", "live", "target-sp"
  double seconds = 0;
  int jobs = 1;
};

// Writes gap-report.md, results.json, junit.xml and evidence/ under `dir`.
// Throws std::runtime_error when the directory cannot be written.
void write_reports(const std::vector<ScenarioResult>& results, const RunInfo& info, const std::string& dir);

std::string results_json(const std::vector<ScenarioResult>& results, const RunInfo& info);
std::string junit_xml(const std::vector<ScenarioResult>& results, const RunInfo& info);
std::string gap_report_markdown(const std::vector<ScenarioResult>& results, const RunInfo& info);

// The final terminal output: the gap summary table, counts per kind, each
// failure with expected vs actual. `color` adds ANSI colours.
std::string terminal_summary(const std::vector<ScenarioResult>& results, const RunInfo& info, bool color);

// "Leave / termination" for "leave".
std::string event_title(const std::string& event);

}  // namespace samlh::harness
