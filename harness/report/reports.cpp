#include "harness/report/reports.hpp"

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

std::string md_cell(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out.push_back(c);
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

// Lifecycle results grouped by event, in report order.
std::map<std::size_t, std::vector<const ScenarioResult*>> by_event(const std::vector<ScenarioResult>& results) {
  std::map<std::size_t, std::vector<const ScenarioResult*>> out;
  const auto& events = lifecycle_events();
  for (const auto& r : results) {
    if (r.kind != Kind::lifecycle || r.skipped) continue;
    const auto it = std::find(events.begin(), events.end(), r.event);
    out[static_cast<std::size_t>(it - events.begin())].push_back(&r);
  }
  return out;
}

// The representative of an event for the summary: the SSO-only variant
// when there is one, else the first.
const ScenarioResult* lead(const std::vector<const ScenarioResult*>& rs) {
  for (const auto* r : rs) {
    if (r->variant == "sso_only") return r;
  }
  return rs.front();
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
  static const std::map<std::string, std::string> k = {
      {"join", "Join (new hire)"},
      {"role_change", "Role change"},
      {"move_team", "Move team (to another organization)"},
      {"leave", "Leave / termination"},
      {"email_change", "Rename / email change"},
      {"idp_group_change", "IdP group change"},
      {"rehire", "Re-hire"},
      {"contractor_expiry", "Contractor expiry"},
      {"owner_leaves", "Account Owner leaves"},
      {"self_signup", "Self-signup bypassing the invitation"},
      {"preprovision", "Pre-provisioning before the first login"},
      {"invitation_expiry", "Invitation expiry"},
      {"sso_enforcement", "SSO enforcement on existing password users"},
  };
  auto it = k.find(event);
  return it == k.end() ? event : it->second;
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
  json doc = {{"schema_version", kResultsSchemaVersion}, {"tool", "saml-harness"}, {"mode", info.mode},
              {"seed", info.seed}, {"jobs", info.jobs}, {"seconds", info.seconds}, {"passed", passed},
              {"failed", results.size() - passed - skipped}, {"skipped", skipped}, {"scenarios", runs}};
  if (target_mode(info)) {
    doc["target"] = info.target;
    doc["fail_on"] = spelling(info.fail_on);
    doc["controls"] = controls_json(info);
    doc["security_findings"] = security_findings_json(results);
    if (!info.stopped.empty()) doc["stopped"] = info.stopped;
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

std::string gap_report_markdown(const std::vector<ScenarioResult>& results, const RunInfo& info) {
  std::size_t passed = 0;
  for (const auto& r : results) passed += r.passed ? 1 : 0;
  std::ostringstream m;
  m << "# What SSO-only onboarding can and cannot do\n\n";
  m << "A Hotjar-shaped SP (SAML SSO, no SCIM, no user-management API) behind an Okta-shaped IdP, driven by "
    << results.size() << " scenarios (" << passed << " passed), mode " << info.mode << ", seed " << info.seed
    << ". Every finding below is backed by a lifecycle scenario that passed; a finding whose scenario failed is "
       "marked *not established*.\n\n";
  const auto events = by_event(results);
  if (events.empty()) m << "No lifecycle scenario ran in this run, so no onboarding gap is established here.\n\n";
  m << "## Summary\n\n| Lifecycle event | What SSO-only onboarding does | What the admin must do by hand | Risk window "
       "| Gaps recorded | Scenarios |\n|---|---|---|---|---|---|\n";
  for (const auto& [idx, rs] : events) {
    const ScenarioResult* r = lead(rs);
    std::string windows;
    std::set<std::string> gaps;
    std::string names;
    for (const auto* v : rs) {
      windows += (windows.empty() ? "" : "; ") + v->variant + ": " + window_text(*v);
      for (sp::Gap g : v->gaps_recorded) gaps.insert(std::string(sp::spelling(g)));
      names += (names.empty() ? "" : ", ") + v->name + (v->passed ? "" : " (FAILED)");
    }
    std::string gap_list;
    for (const auto& g : gaps) gap_list += (gap_list.empty() ? "" : ", ") + g;
    const std::string does = r->passed ? r->report.sso_only_does : "*not established* (" + r->name + " failed)";
    m << "| " << md_cell(event_title(r->event)) << " | " << md_cell(does) << " | " << md_cell(r->report.admin_must)
      << " | " << md_cell(windows) << " | " << md_cell(gap_list.empty() ? "-" : gap_list) << " | " << md_cell(names)
      << " |\n";
  }
  m << "\n## Per event\n";
  for (const auto& [idx, rs] : events) {
    const ScenarioResult* r = lead(rs);
    m << "\n### " << event_title(r->event) << "\n\n";
    m << "- **What SSO-only onboarding does:** " << r->report.sso_only_does << "\n";
    m << "- **What the admin must do by hand:** " << r->report.admin_must << "\n";
    for (const auto* v : rs) {
      m << "- **" << v->variant << "** ([" << short_file(v->file) << "](../" << short_file(v->file) << "), "
        << (v->passed ? "passed" : "FAILED: not established") << "): risk window " << window_text(*v)
        << "; gaps " << gaps_text(v->gaps_recorded) << ". " << v->title << "\n";
    }
  }
  m << "\n## Gap codes\n\n| Code | What it means | Recorded by |\n|---|---|---|\n";
  for (sp::Gap g : sp::all_gaps()) {
    std::string by;
    for (const auto& r : results) {
      if (r.passed && std::find(r.gaps_recorded.begin(), r.gaps_recorded.end(), g) != r.gaps_recorded.end()) {
        by += (by.empty() ? "" : ", ") + r.name;
      }
    }
    m << "| `" << sp::spelling(g) << "` | " << md_cell(sp::sentence(g)) << " | " << md_cell(by.empty() ? "-" : by)
      << " |\n";
  }
  std::map<Kind, std::pair<std::size_t, std::size_t>> counts;
  for (const auto& r : results) {
    auto& c = counts[r.kind];
    ++c.first;
    c.second += r.passed ? 1 : 0;
  }
  m << "\n## Attacks and assertion formats\n\n";
  for (Kind k : {Kind::attack, Kind::format}) {
    m << "- " << spelling(k) << ": " << counts[k].second << " of " << counts[k].first
      << " scenarios held their expectation.\n";
  }
  for (const auto& r : results) {
    if (r.failed()) m << "- FAILED: `" << r.name << "` (" << short_file(r.file) << ")\n";
  }
  const std::string skips = skip_summary(results);
  if (!skips.empty()) m << "\n## Skipped in this mode\n\n" << skips;
  m << "\nDetails: `results.json`, `junit.xml`, and `evidence/<scenario>/` (every message sent and received).\n";
  return m.str();
}

std::string terminal_summary(const std::vector<ScenarioResult>& results, const RunInfo& info, bool color) {
  if (target_mode(info)) return target_terminal_summary(results, info, color);
  const std::string green = color ? "\x1b[32m" : "";
  const std::string red = color ? "\x1b[31m" : "";
  const std::string bold = color ? "\x1b[1m" : "";
  const std::string reset = color ? "\x1b[0m" : "";
  std::ostringstream o;
  const auto events = by_event(results);
  if (!events.empty()) {
    // The gap summary: how long access (or a seat) lingers for each event,
    // when nobody acts (SSO-only), when an admin acts at once, and late.
    o << bold << "What SSO-only onboarding does: how long access or a seat lingers" << reset << "\n";
    char line[256];
    std::snprintf(line, sizeof line, "  %-44s %-22s %-12s %-12s %s\n", "lifecycle event", "SSO-only (nobody acts)",
                  "done right", "done late", "scenarios");
    o << line;
    for (const auto& [idx, rs] : events) {
      std::string cols[3];
      std::size_t ok = 0;
      for (const auto* v : rs) {
        const int c = v->variant == "sso_only" ? 0 : v->variant == "done_right" ? 1 : 2;
        if (cols[c].empty()) cols[c] = v->passed ? window_text(*v) : "FAILED";
        ok += v->passed ? 1 : 0;
      }
      if (cols[0].rfind("unbounded", 0) == 0) cols[0] = "unbounded";
      std::snprintf(line, sizeof line, "  %-44s %-22s %-12s %-12s %s%zu/%zu passed%s\n",
                    event_title(rs.front()->event).c_str(), cols[0].empty() ? "-" : cols[0].c_str(),
                    cols[1].empty() ? "-" : cols[1].c_str(), cols[2].empty() ? "-" : cols[2].c_str(),
                    ok == rs.size() ? green.c_str() : red.c_str(), ok, rs.size(), reset.c_str());
      o << line;
    }
    o << "  (gap codes, what the admin must do, and the scenarios behind each row: gap-report.md)\n\n";
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
