// --target-sp reports: out/target-report.md, the terminal summary and the
// security_findings of results.json. Findings are grouped by severity, each
// with what the SP did (its evidence folder), the check it should have
// made, the catalogue rows and a one-line fix; then what was tolerated, then
// what was skipped and why.
#include <algorithm>
#include <map>
#include <sstream>

#include "harness/report/target_report.hpp"

namespace samlh::harness {
namespace {

using nlohmann::json;

std::string cell(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out.push_back(c);
  }
  return out;
}

// Results with a finding, most severe first, then by name.
std::vector<const ScenarioResult*> with_findings(const std::vector<ScenarioResult>& results) {
  std::vector<const ScenarioResult*> out;
  for (const auto& r : results) {
    if (r.finding) out.push_back(&r);
  }
  std::stable_sort(out.begin(), out.end(), [](const ScenarioResult* a, const ScenarioResult* b) {
    return a->finding->severity > b->finding->severity;
  });
  return out;
}

std::map<std::string, std::size_t> skip_reasons(const std::vector<ScenarioResult>& results) {
  std::map<std::string, std::size_t> why;
  for (const auto& r : results) {
    if (r.skipped) ++why[r.skip_reason];
  }
  return why;
}

std::size_t count(const std::vector<ScenarioResult>& results, bool (*pred)(const ScenarioResult&)) {
  return static_cast<std::size_t>(std::count_if(results.begin(), results.end(), pred));
}

}  // namespace

json security_findings_json(const std::vector<ScenarioResult>& results) {
  json out = json::array();
  for (const ScenarioResult* r : with_findings(results)) {
    const SecurityFinding& f = *r->finding;
    out.push_back({{"scenario", r->name}, {"outcome", spelling(f.gain)}, {"severity", spelling(f.severity)},
                   {"seen", f.seen}, {"expected_check", f.expected}, {"fix", f.fix}, {"rows", f.rows},
                   {"evidence", "evidence/" + r->name}});
  }
  return out;
}

json controls_json(const RunInfo& info) {
  json out = json::array();
  for (const auto& c : info.controls) {
    json j = {{"control", c.name}, {"passed", c.passed}, {"detail", c.detail}};
    if (!c.fix.empty()) j["fix"] = c.fix;
    out.push_back(std::move(j));
  }
  return out;
}

std::string target_report_markdown(const std::vector<ScenarioResult>& results, const RunInfo& info) {
  std::ostringstream m;
  m << "# Attack pack against " << (info.target.empty() ? "the target SP" : info.target) << "\n\n";
  m << "Identities: " << info.identities << ". Fails on: " << spelling(info.fail_on) << " and above. Declared profile: "
    << (info.profile.empty() ? "none (the strict reading)" : info.profile) << ". Seed " << info.seed << ".\n\n";
  m << "## Positive controls\n\n| control | result | what the SP did | what to change |\n|---|---|---|---|\n";
  for (const auto& c : info.controls) {
    m << "| " << cell(c.name) << " | " << (c.passed ? "passed" : "**FAILED**") << " | " << cell(c.detail) << " | "
      << cell(c.fix.empty() ? "-" : c.fix) << " |\n";
  }
  if (!info.stopped.empty()) {
    m << "\n## Stopped\n\nThe run stopped before any attack: " << info.stopped
      << "\n\nNo attack verdict is reported on an SP that failed its controls: an SP that logs no one in "
         "refuses every attack for that reason alone.\n";
    return m.str();
  }
  const auto found = with_findings(results);
  m << "\n## Findings\n";
  bool any = false;
  for (Severity sev : {Severity::critical, Severity::high, Severity::medium, Severity::low}) {
    std::vector<const ScenarioResult*> at;
    for (const auto* r : found) {
      if (r->finding->severity == sev) at.push_back(r);
    }
    if (at.empty()) continue;
    any = true;
    m << "\n### " << spelling(sev) << (sev >= info.fail_on ? " (fails the run)" : "") << "\n\n";
    m << "| scenario | outcome | what the SP did | the check it should make | rows | fix |\n|---|---|---|---|---|---|\n";
    for (const auto* r : at) {
      const SecurityFinding& f = *r->finding;
      m << "| [" << cell(r->name) << "](evidence/" << r->name << "/steps.txt) | `" << spelling(f.gain) << "` | "
        << cell(f.seen) << " | " << cell(f.expected) << " | " << cell(f.rows.empty() ? "-" : f.rows) << " | "
        << cell(f.fix) << " |\n";
    }
  }
  if (!any) m << "\nNone.\n";
  m << "\n## Tolerated (info)\n\n";
  bool tolerated = false;
  for (const auto* r : found) {
    if (r->finding->severity != Severity::info) continue;
    tolerated = true;
    m << "- `" << r->name << "`: " << r->finding->seen << "\n";
  }
  if (!tolerated) m << "None.\n";
  m << "\n## Held, with a note\n\n";
  bool noted = false;
  for (const auto& r : results) {
    if (r.note.empty() || r.finding) continue;
    noted = true;
    m << "- `" << r.name << "`: " << r.note << "\n";
  }
  if (!noted) m << "None.\n";
  std::size_t errors = 0;
  for (const auto& r : results) errors += r.error.empty() ? 0 : 1;
  if (errors > 0) {
    m << "\n## Not judged (the harness could not run them)\n\n";
    for (const auto& r : results) {
      if (!r.error.empty()) m << "- `" << r.name << "`: " << r.error << "\n";
    }
  }
  m << "\n## Skipped\n\n";
  const auto why = skip_reasons(results);
  if (why.empty()) m << "None.\n";
  for (const auto& [reason, n] : why) m << "- " << n << ": " << reason << "\n";
  m << "\n" << count(results, [](const ScenarioResult& r) { return r.passed; }) << " passed, "
    << count(results, [](const ScenarioResult& r) { return r.failed(); }) << " failed, "
    << count(results, [](const ScenarioResult& r) { return r.skipped; })
    << " skipped. Details: `results.json` (`security_findings`), `junit.xml`, `evidence/<scenario>/`.\n";
  return m.str();
}

std::string target_terminal_summary(const std::vector<ScenarioResult>& results, const RunInfo& info, bool color) {
  const std::string red = color ? "\x1b[31m" : "";
  const std::string green = color ? "\x1b[32m" : "";
  const std::string reset = color ? "\x1b[0m" : "";
  std::ostringstream o;
  o << "  target " << info.target << "\n";
  if (!info.identities.empty()) o << "  " << info.identities << "; fail on " << spelling(info.fail_on) << "\n";
  for (const auto& c : info.controls) {
    o << "  control " << (c.passed ? green + "passed" : red + "FAILED") << reset << ": " << c.name << "\n";
    if (!c.passed) o << "    " << c.detail << "\n    what to change: " << c.fix << "\n";
  }
  if (!info.stopped.empty()) {
    o << red << "  stopped" << reset << ": " << info.stopped << "\n";
    return o.str();
  }
  std::map<Severity, std::size_t> by;
  for (const auto& r : results) {
    if (r.finding) ++by[r.finding->severity];
  }
  o << "  findings:";
  for (Severity s : {Severity::critical, Severity::high, Severity::medium, Severity::low, Severity::info}) {
    o << " " << by[s] << " " << spelling(s);
  }
  o << "\n";
  for (const auto* r : with_findings(results)) {
    const SecurityFinding& f = *r->finding;
    if (f.severity < Severity::low) continue;
    const bool fails = f.severity >= info.fail_on;
    o << (fails ? red : "") << "  " << spelling(f.severity) << reset << " " << spelling(f.gain) << " " << r->name
      << ": " << f.seen << "\n    should: " << f.expected << "\n    fix: " << f.fix << "\n";
  }
  for (const auto& r : results) {
    if (!r.error.empty()) o << red << "  not judged" << reset << " " << r.name << ": " << r.error << "\n";
  }
  for (const auto& [reason, n] : skip_reasons(results)) o << "  skipped " << n << ": " << reason << "\n";
  o << "  mode " << info.mode << ", " << info.jobs << " job(s), " << info.seconds << " s\n";
  return o.str();
}

}  // namespace samlh::harness
