// Reports of a run: the terminal table, out/gap-report.md, out/results.json,
// out/junit.xml and an evidence folder per scenario.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/scenario/results.hpp"

namespace samlh::harness {

// results.json's top-level `schema_version`, one for the whole document:
// 1 added security_findings (target-SP runs), 2 gap_findings (in-process and
// live runs). Each mode writes its own key; neither holds the other.
inline constexpr int kResultsSchemaVersion = 2;

// A positive control of a target run (harness/run/target.hpp runs them).
struct ControlRecord {
  std::string name;
  bool passed = false;
  std::string detail;
  std::string fix;
  std::string evidence;  // the exchanges, written to evidence/controls.txt
};

// A scenario file the run refused to start with (exit 2).
struct InvalidFile {
  std::string file;
  int line = 0;  // 0: not known
  std::string message;
};

struct RunInfo {
  std::uint64_t seed = 0;
  std::string mode;  // "in-process", "live", "target-sp"
  double seconds = 0;
  int jobs = 1;
  // target-sp only
  std::string target;    // "entity ID, ACS, oracle" in words
  std::string identities;  // "attacker ..., victim ..."
  std::string profile;   // the --sp-profile file, or ""
  Severity fail_on = Severity::medium;
  std::vector<ControlRecord> controls;
  std::string stopped;   // why the run stopped before any scenario ("" when it ran), any mode
  std::vector<InvalidFile> invalid;  // the files that stopped it, if that was why
  // in-process and live
  Assumed flipped;  // --assume (empty: every assumption at its default)
  std::map<std::string, core::Millis> cli_parameters;  // --review-cadence
};

// Writes results.json, junit.xml, evidence/ and, by mode, gap-report.md
// (in-process, live) or target-report.md (target-sp) under `dir`, each file
// whole or not at all (written aside, then renamed); the other mode's report
// from an earlier run is removed. Throws std::runtime_error when the
// directory cannot be written.
void write_reports(const std::vector<ScenarioResult>& results, const RunInfo& info, const std::string& dir);
// The report files' names for the terminal: "out/target-report.md, ...".
std::string report_names(const RunInfo& info, const std::string& dir);

// target-sp: the report for a security team (findings by severity, what was
// tolerated, what was skipped), and results.json's `security_findings`.
std::string target_report_markdown(const std::vector<ScenarioResult>& results, const RunInfo& info);
std::string target_terminal_summary(const std::vector<ScenarioResult>& results, const RunInfo& info, bool color);

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
