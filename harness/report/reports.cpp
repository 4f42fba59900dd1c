#include "harness/report/reports.hpp"

#include "harness/report/gap_findings.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/report/target_report.hpp"

namespace samlh::harness {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Whole or not at all: written beside, then renamed over the old file.
void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  const fs::path tmp = p.string() + ".partial";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
    out << text;
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, p, ec);
  if (ec) throw std::runtime_error("cannot write " + p.string() + ": " + ec.message());
}

bool target_mode(const RunInfo& info) { return info.mode == "target-sp"; }

std::string xml_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        // XML 1.0 forbids most control characters even escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += '?';
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

std::string window_text(const ScenarioResult& r) {
  if (r.report.unbounded) return "unbounded (until someone acts)";
  if (r.risk_window) return format_duration(*r.risk_window);
  return "-";
}

std::string gaps_text(const std::vector<sp::Gap>& gaps) {
  std::string out;
  for (sp::Gap g : gaps) out += (out.empty() ? "" : ", ") + std::string(sp::spelling(g));
  return out.empty() ? "-" : out;
}

std::string short_file(const std::string& f) {
  const auto pos = f.find("scenarios/");
  return pos == std::string::npos ? f : f.substr(pos);
}

// "<count> <reason>" lines, one per distinct skip reason.
std::string skip_summary(const std::vector<ScenarioResult>& results, const std::string& prefix = "- skipped ") {
  std::map<std::string, std::size_t> why;
  for (const auto& r : results) {
    if (r.skipped) ++why[r.skip_reason];
  }
  std::string out;
  for (const auto& [reason, n] : why) out += prefix + std::to_string(n) + ": " + reason + "\n";
  return out;
}

}  // namespace

std::string event_title(const std::string& event) {
  const EventEntry* e = claims().event(event);
  return e == nullptr ? event : e->title;
}

std::string results_json(const std::vector<ScenarioResult>& results, const RunInfo& info) {
  json runs = json::array();
  std::size_t passed = 0;
  std::size_t skipped = 0;
  for (const auto& r : results) {
    passed += r.passed ? 1 : 0;
    skipped += r.skipped ? 1 : 0;
    json checks = json::array();
    for (const auto& c : r.checks) {
      checks.push_back({{"what", c.what}, {"expected", c.expected}, {"actual", c.actual}, {"passed", c.passed},
                        {"line", c.line}});
    }
    json steps = json::array();
    for (const auto& s : r.steps) {
      json gaps = json::array();
      for (sp::Gap g : s.gaps) gaps.push_back(sp::spelling(g));
      steps.push_back({{"index", s.index}, {"at", core::format_saml_time(s.at)}, {"step", s.description},
                       {"outcome", s.outcome}, {"gaps", gaps}});
    }
    json gaps = json::array();
    for (sp::Gap g : r.gaps_recorded) gaps.push_back(sp::spelling(g));
    json j = {{"name", r.name}, {"file", short_file(r.file)}, {"kind", spelling(r.kind)}, {"title", r.title},
              {"status", r.status()}, {"seconds", r.seconds}, {"checks", checks},
              {"steps", steps}, {"gaps_recorded", gaps}, {"evidence", "evidence/" + r.name}};
    if (!r.error.empty()) j["error"] = r.error;
    if (r.skipped) j["skip_reason"] = r.skip_reason;
    if (r.finding) {
      j["finding"] = {{"outcome", spelling(r.finding->gain)}, {"severity", spelling(r.finding->severity)}};
    }
    if (!r.note.empty()) j["note"] = r.note;
    if (r.kind == Kind::lifecycle) {
      j["event"] = r.event;
      j["variant"] = r.variant;
      j["risk_window"] = window_text(r);
      if (r.risk_window) j["risk_window_seconds"] = r.risk_window->count() / 1000;
    }
    runs.push_back(std::move(j));
  }
  // schema_version covers the whole document (reports.hpp). A run writes the
  // findings of its mode under their own key: gap_findings for in-process and
  // live runs, security_findings for target-SP runs; never one inside the other.
  json doc = {{"schema_version", kResultsSchemaVersion}, {"tool", "saml-harness"}, {"mode", info.mode},
              {"seed", info.seed}, {"jobs", info.jobs}, {"seconds", info.seconds}, {"passed", passed},
              {"failed", results.size() - passed - skipped}, {"skipped", skipped}, {"scenarios", runs}};
  if (target_mode(info)) {
    doc["target"] = info.target;
    doc["fail_on"] = spelling(info.fail_on);
    doc["controls"] = controls_json(info);
    doc["security_findings"] = security_findings_json(results);
  } else {
    doc["gap_findings"] = gap_findings_json(compute_gap_findings(results, info.flipped, info.cli_parameters));
  }
  if (!info.stopped.empty()) doc["stopped"] = info.stopped;
  if (!info.invalid.empty()) {
    json invalid = json::array();
    for (const InvalidFile& f : info.invalid) invalid.push_back({{"file", f.file}, {"line", f.line}, {"message", f.message}});
    doc["invalid_files"] = invalid;
  }
  return doc.dump(2) + "\n";
}

std::string junit_xml(const std::vector<ScenarioResult>& results, const RunInfo& info) {
  std::map<std::string, std::vector<const ScenarioResult*>> suites;
  for (const auto& r : results) suites[std::string(spelling(r.kind))].push_back(&r);
  std::size_t failures = 0;
  std::size_t skips = 0;
  for (const auto& r : results) {
    failures += r.failed() ? 1 : 0;
    skips += r.skipped ? 1 : 0;
  }
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  if (!info.stopped.empty() && !info.invalid.empty()) {
    // Nothing ran: each invalid file is an erroring testcase.
    x << "<testsuites name=\"saml-harness\" tests=\"" << info.invalid.size() << "\" failures=\"0\" errors=\""
      << info.invalid.size() << "\" skipped=\"0\" time=\"" << info.seconds << "\">\n  <testsuite name=\"invalid\" tests=\""
      << info.invalid.size() << "\" failures=\"0\" errors=\"" << info.invalid.size() << "\" skipped=\"0\" time=\""
      << info.seconds << "\">\n";
    for (const InvalidFile& f : info.invalid) {
      const std::string where = short_file(f.file) + (f.line > 0 ? ":" + std::to_string(f.line) : "");
      x << "    <testcase classname=\"scenarios.invalid\" name=\"" << xml_escape(short_file(f.file)) << "\" file=\""
        << xml_escape(short_file(f.file)) << "\">\n      <error message=\"" << xml_escape(f.message)
        << "\" type=\"invalid_scenario\">" << xml_escape(where + ": " + f.message + "\n" + info.stopped)
        << "</error>\n    </testcase>\n";
    }
    x << "  </testsuite>\n</testsuites>\n";
    return x.str();
  }
  if (!info.stopped.empty() && !target_mode(info)) {
    // Stopped before any scenario (usage): one erroring testcase says why.
    x << "<testsuites name=\"saml-harness\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\""
      << info.seconds << "\">\n  <testsuite name=\"run\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\""
      << info.seconds << "\">\n    <testcase classname=\"harness.run\" name=\"run-stopped\">\n      <error message=\""
      << xml_escape(info.stopped) << "\" type=\"usage\">" << xml_escape(info.stopped)
      << "</error>\n    </testcase>\n  </testsuite>\n</testsuites>\n";
    return x.str();
  }
  if (target_mode(info) && !info.stopped.empty()) {
    // No scenario ran: one failing testcase says why.
    x << "<testsuites name=\"saml-harness\" tests=\"1\" failures=\"1\" skipped=\"0\" time=\"" << info.seconds
      << "\">\n  <testsuite name=\"controls\" tests=\"1\" failures=\"1\" skipped=\"0\">\n"
      << "    <testcase classname=\"target.controls\" name=\"positive-controls\">\n      <failure message=\""
      << xml_escape(info.stopped) << "\" type=\"control\">";
    for (const auto& c : info.controls) {
      x << xml_escape((c.passed ? "passed: " : "FAILED: ") + c.name + "\n  " + c.detail + "\n" +
                      (c.fix.empty() ? "" : "  what to change: " + c.fix + "\n"));
    }
    x << "</failure>\n    </testcase>\n  </testsuite>\n</testsuites>\n";
    return x.str();
  }
  x << "<testsuites name=\"saml-harness\" tests=\"" << results.size() << "\" failures=\"" << failures
    << "\" skipped=\"" << skips << "\" time=\"" << info.seconds << "\">\n";
  for (const auto& [kind, rs] : suites) {
    std::size_t f = 0;
    std::size_t sk = 0;
    double t = 0;
    for (const auto* r : rs) {
      f += r->failed() ? 1 : 0;
      sk += r->skipped ? 1 : 0;
      t += r->seconds;
    }
    x << "  <testsuite name=\"" << kind << "\" tests=\"" << rs.size() << "\" failures=\"" << f << "\" skipped=\""
      << sk << "\" time=\"" << t << "\">\n";
    for (const auto* r : rs) {
      x << "    <testcase classname=\"scenarios." << kind << "\" name=\"" << xml_escape(r->name) << "\" file=\""
        << xml_escape(short_file(r->file)) << "\" time=\"" << r->seconds << "\">\n";
      if (r->kind == Kind::lifecycle) {
        x << "      <properties><property name=\"event\" value=\"" << xml_escape(r->event)
          << "\"/><property name=\"variant\" value=\"" << xml_escape(r->variant) << "\"/></properties>\n";
      }
      if (r->skipped) {
        x << "      <skipped message=\"" << xml_escape(r->skip_reason) << "\"/>\n";
      } else if (!r->passed) {
        std::string msg = r->error;
        std::string detail;
        for (const auto& c : r->checks) {
          if (c.passed) continue;
          if (msg.empty()) msg = c.what + ": expected " + c.expected + ", got " + c.actual;
          detail += short_file(r->file) + ":" + std::to_string(c.line) + ": " + c.what + "\n  expected: " + c.expected +
                    "\n  actual:   " + c.actual + "\n";
        }
        if (!r->error.empty()) detail += "error: " + r->error + "\n";
        if (r->finding) {
          msg = std::string(spelling(r->finding->gain)) + " (" + std::string(spelling(r->finding->severity)) + "): " +
                r->finding->seen;
          detail += "should: " + r->finding->expected + "\nfix: " + r->finding->fix + "\nrows: " + r->finding->rows + "\n";
        }
        x << "      <failure message=\"" << xml_escape(msg) << "\" type=\""
          << (r->finding ? std::string(spelling(r->finding->gain)) : std::string("expectation")) << "\">"
          << xml_escape(detail) << "</failure>\n";
      }
      x << "      <system-out>" << xml_escape(r->title) << "\nevidence: evidence/" << xml_escape(r->name)
        << "</system-out>\n";
      x << "    </testcase>\n";
    }
    x << "  </testsuite>\n";
  }
  x << "</testsuites>\n";
  return x.str();
}

std::string terminal_summary(const std::vector<ScenarioResult>& results, const RunInfo& info, bool color) {
  if (target_mode(info)) return target_terminal_summary(results, info, color);
  const std::string green = color ? "\x1b[32m" : "";
  const std::string red = color ? "\x1b[31m" : "";
  const std::string bold = color ? "\x1b[1m" : "";
  const std::string reset = color ? "\x1b[0m" : "";
  std::ostringstream o;
  const GapFindings g = compute_gap_findings(results, info.flipped, info.cli_parameters);
  if (!g.events.empty()) {
    // The gap summary: for each event, the longest bound of the gaps its
    // sso_only scenarios showed, split by what they do to access.
    o << bold << "What SSO-only onboarding does: the bound on each gap once the runbook is followed" << reset << "\n";
    char line[256];
    std::snprintf(line, sizeof line, "  %-44s %-24s %-24s %s\n", "lifecycle event", "access that should not exist",
                  "access that is missing", "scenarios");
    o << line;
    for (const EventResult& er : g.events) {
      std::string cols[2];
      std::optional<core::Millis> longest[2];
      bool unbounded[2] = {false, false};
      for (const FindingResult& f : er.findings) {
        if (f.status != FindingStatus::established) continue;
        const int c = f.finding->access == Access::excess ? 0 : 1;
        if (!f.bound.value) unbounded[c] = true;
        else if (!longest[c] || *f.bound.value > *longest[c]) longest[c] = f.bound.value;
      }
      for (int c = 0; c < 2; ++c) cols[c] = unbounded[c] ? "unbounded" : longest[c] ? duration_words(*longest[c]) : "-";
      std::size_t ok = 0;
      for (const auto* v : er.scenarios) ok += v->passed ? 1 : 0;
      std::snprintf(line, sizeof line, "  %-44s %-24s %-24s %s%zu/%zu passed%s\n", er.entry->title.c_str(),
                    cols[0].c_str(), cols[1].c_str(), ok == er.scenarios.size() ? green.c_str() : red.c_str(), ok,
                    er.scenarios.size(), reset.c_str());
      o << line;
    }
    std::string params;
    for (const auto& [name, value] : g.params) params += (params.empty() ? "" : ", ") + name + " " + duration_words(value);
    o << "  (bounds from " << params;
    for (const auto& [k, v] : g.flipped) o << "; assumed " << k << "=" << v;
    o << "; the findings, runbooks and evidence: gap-report.md)\n\n";
  }
  std::map<Kind, std::pair<std::size_t, std::size_t>> counts;
  for (const auto& r : results) {
    auto& c = counts[r.kind];
    ++c.first;
    c.second += r.passed ? 1 : 0;
  }
  for (Kind k : {Kind::lifecycle, Kind::format, Kind::attack}) {
    if (counts[k].first == 0) continue;
    o << "  " << spelling(k) << ": " << counts[k].second << "/" << counts[k].first << " passed";
    std::size_t sk = 0;
    for (const auto& r : results) sk += r.kind == k && r.skipped ? 1 : 0;
    o << (sk > 0 ? " (" + std::to_string(sk) + " skipped)" : std::string()) << "\n";
  }
  o << skip_summary(results, "  skipped ");
  for (const auto& r : results) {
    if (!r.failed()) continue;
    o << red << "FAILED" << reset << " " << r.name << " (" << short_file(r.file) << ")\n";
    if (!r.error.empty()) o << "    error: " << r.error << "\n";
    for (const auto& c : r.checks) {
      if (c.passed) continue;
      o << "    line " << c.line << ": " << c.what << ": expected " << c.expected << ", got " << c.actual << "\n";
    }
  }
  o << "  mode " << info.mode << ", seed " << info.seed << ", " << info.jobs << " job(s), " << info.seconds << " s\n";
  return o.str();
}

std::string report_names(const RunInfo& info, const std::string& dir) {
  return dir + (target_mode(info) ? "/target-report.md, " : "/gap-report.md, ") + dir + "/results.json, " + dir +
         "/junit.xml, " + dir + "/evidence/";
}

void write_reports(const std::vector<ScenarioResult>& results, const RunInfo& info, const std::string& dir) {
  const fs::path root(dir);
  std::error_code ec;
  // The other mode's report, and the evidence, of an earlier run go first.
  fs::remove(root / (target_mode(info) ? "gap-report.md" : "target-report.md"), ec);
  fs::remove_all(root / "evidence", ec);
  write_file(root / "results.json", results_json(results, info));
  write_file(root / "junit.xml", junit_xml(results, info));
  if (target_mode(info)) {
    write_file(root / "target-report.md", target_report_markdown(results, info));
    std::string controls;
    for (const auto& c : info.controls) {
      controls += "##### control: " + c.name + (c.passed ? " (passed)\n" : " (FAILED)\n") + c.detail + "\n" +
                  c.evidence + "\n";
    }
    write_file(root / "evidence" / "controls.txt", controls);
  } else if (!info.stopped.empty()) {
    std::string text = "# Gap report\n\nThe run stopped before any scenario ran (exit 2): " + info.stopped + "\n";
    for (const InvalidFile& f : info.invalid) {
      text += "\n- " + short_file(f.file) + (f.line > 0 ? ":" + std::to_string(f.line) : "") + ": " + f.message;
    }
    write_file(root / "gap-report.md", text + (info.invalid.empty() ? "" : "\n"));
  } else {
    write_file(root / "gap-report.md", gap_report_markdown(results, info));
  }
  for (const auto& r : results) {
    // One folder per scenario, two files: the verdicts, and every step with
    // its messages (bounded: an attack may carry megabytes).
    std::ostringstream summary;
    summary << r.title << "\n" << short_file(r.file) << "\nstatus: " << r.status() << "\n\n";
    if (r.skipped) summary << "skipped: " << r.skip_reason << "\n";
    for (const auto& c : r.checks) {
      summary << (c.passed ? "ok   " : "FAIL ") << "line " << c.line << " " << c.what << ": expected " << c.expected
              << ", got " << c.actual << "\n";
    }
    if (!r.error.empty()) summary << "error: " << r.error << "\n";
    if (r.finding) {
      summary << "finding: " << spelling(r.finding->gain) << " (" << spelling(r.finding->severity) << ")\n  seen: "
              << r.finding->seen << "\n  should: " << r.finding->expected << "\n  fix: " << r.finding->fix
              << "\n  rows: " << r.finding->rows << "\n";
    }
    if (!r.note.empty()) summary << "note: " << r.note << "\n";
    write_file(root / "evidence" / r.name / "summary.txt", summary.str());
    std::ostringstream steps;
    for (const auto& s : r.steps) {
      steps << "##### step " << s.index << " at " << core::format_saml_time(s.at) << ": " << s.description
            << "\noutcome: " << s.outcome << "\ngaps: " << gaps_text(s.gaps) << "\n";
      for (const auto& e : s.evidence) {
        constexpr std::size_t kMax = 64 * 1024;
        steps << "\n=== " << e.title << "\n" << e.body.substr(0, kMax)
              << (e.body.size() > kMax ? "\n[... " + std::to_string(e.body.size() - kMax) + " more bytes]\n" : "\n");
      }
      steps << "\n";
    }
    write_file(root / "evidence" / r.name / "steps.txt", steps.str());
  }
}

}  // namespace samlh::harness
