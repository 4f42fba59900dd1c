// out/gap-report.md: rendered from the gap findings (gap_findings.hpp). Every
// sentence about the vendors is a claim of the claims table, printed with
// its basis; everything else speaks of "the SP" and "the IdP".
#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "harness/report/gap_findings.hpp"
#include "harness/report/reports.hpp"

namespace samlh::harness {
namespace {

std::string md_cell(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out.push_back(c);
  }
  return out;
}

std::string short_file(const std::string& f) {
  const auto pos = f.find("scenarios/");
  return pos == std::string::npos ? f : f.substr(pos);
}

std::string join(const std::vector<std::string>& v, const std::string& sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string gap_list(const std::vector<sp::Gap>& gaps) {
  std::vector<std::string> names;
  for (sp::Gap g : gaps) names.emplace_back(sp::spelling(g));
  std::sort(names.begin(), names.end());
  return names.empty() ? "none" : join(names);
}

struct Ctx {
  const ClaimsTable& t;
  const GapFindings& g;
  std::string claim(const std::string& id) const { return render_claim(t, id, g.assumed, g.params); }
  std::string assumptions_of(const FindingResult& f) const {
    std::vector<std::string> out;
    for (const auto& k : f.assumptions) out.push_back(assumption_words(t, k, g.assumed.at(k)));
    return out.empty() ? "sources only" : join(out);
  }
};

std::string status_words(FindingStatus s) {
  switch (s) {
    case FindingStatus::established: return "shown";
    case FindingStatus::does_not_arise: return "does not arise under these assumptions";
    case FindingStatus::not_established: return "*not established* (a scenario failed or none ran)";
  }
  return "";
}

void decision_summary(std::ostringstream& m, const Ctx& c) {
  m << "## Decision summary\n\n";
  m << "Each row is a gap the event's `sso_only` scenarios (nobody acts in the SP) recorded, with the bound on how "
       "long it lasts once people follow the runbook, computed from these parameters:\n\n";
  for (const Parameter& p : c.t.parameters) {
    const auto v = c.g.params.find(p.name);
    m << "- **" << p.label << "** = " << (v == c.g.params.end() ? "?" : duration_words(v->second)) << ": " << p.meaning
      << ".\n";
  }
  m << "\nWithout the runbook nothing ends these gaps: every bound below assumes someone acts within it.\n";
  for (Access a : {Access::excess, Access::missing}) {
    m << "\n### " << (a == Access::excess ? "Access that should not exist (people keep what they should have lost)"
                                            : "Access that should exist but does not (work is blocked)")
      << "\n\n| Event | Finding | Gap | Bound | Rests on | In this run |\n|---|---|---|---|---|---|\n";
    for (const EventResult& er : c.g.events) {
      for (const FindingResult& f : er.findings) {
        if (f.finding->access != a) continue;
        m << "| " << md_cell(er.entry->title) << " | `" << f.finding->id << "` | `" << f.finding->gap << "` | "
          << md_cell(bound_text(c.t, f.bound, c.g.params)) << " | " << md_cell(c.assumptions_of(f)) << " | "
          << md_cell(status_words(f.status)) << " |\n";
      }
    }
  }
  m << "\n";
}

void flipped_section(std::ostringstream& m, const Ctx& c) {
  if (c.g.flipped.empty()) return;
  m << "## Under the flipped assumption\n\nThis run answers ";
  std::vector<std::string> words;
  for (const auto& [k, v] : c.g.flipped) words.push_back(assumption_words(c.t, k, v));
  m << join(words, " and ") << ". The findings that rest on it, as they came out in this run (compare with a run "
       "without `--assume`):\n\n";
  bool any = false;
  for (const EventResult& er : c.g.events) {
    for (const FindingResult& f : er.findings) {
      const bool depends = std::any_of(f.assumptions.begin(), f.assumptions.end(),
                                       [&](const std::string& k) { return c.g.flipped.count(k) > 0; });
      if (!depends) continue;
      any = true;
      m << "- `" << f.finding->id << "`: " << status_words(f.status) << "; bound " << bound_text(c.t, f.bound, c.g.params)
        << ".\n";
    }
  }
  if (!any) m << "- none: no finding rests on it (the scenarios of its events state their outcomes under it).\n";
  m << "\n";
}

// The event's with_scim variant, if one ran (nullptr otherwise).
const ScenarioResult* with_scim_of(const EventResult& er) {
  for (const ScenarioResult* r : er.scenarios) {
    if (r->variant == "with_scim") return r;
  }
  return nullptr;
}

std::string scim_bound(const ScenarioResult& r) {
  if (!r.passed) return "not established (the variant " + std::string(r.status()) + ")";
  if (r.risk_window) return format_duration(*r.risk_window) + " on the story's clock (within the provisioning step)";
  return r.report.unbounded ? "unbounded: provisioning does not end it" : "none measured";
}

// "With SCIM (what-if)": per event, the bound on lingering or missing access
// when the IdP's changes are provisioned, and what provisioning leaves.
void with_scim_table(std::ostringstream& m, const Ctx& c) {
  m << "## With SCIM (what-if)\n\n- " << c.claim("whatif.no_scim") << "\n- " << c.claim("okta.scim_client")
    << "\n\nEach event's `with_scim` variant runs its `sso_only` timeline with the IdP's directory changes "
       "provisioned to the SP over SCIM (the SP's what-if endpoint, configured by the `scim.*` assumptions in the "
       "appendix) instead of merely observed.\n\n| Event | With SCIM (what-if): the bound | What remains | Scenario |\n"
       "|---|---|---|---|\n";
  for (const EventResult& er : c.g.events) {
    const ScenarioResult* r = with_scim_of(er);
    m << "| " << md_cell(er.entry->title) << " | ";
    if (r == nullptr) {
      m << "not run in this run | - | - |\n";
      continue;
    }
    m << md_cell(scim_bound(*r) + ". " + r->report.shows) << " | " << md_cell(r->report.remains) << " | `" << r->name
      << "` " << r->status() << " |\n";
  }
  m << "\n";
}

void with_scim_event(std::ostringstream& m, const Ctx& c, const EventResult& er) {
  const ScenarioResult* r = with_scim_of(er);
  m << "\n**With SCIM (what-if):** ";
  if (r == nullptr) {
    m << "no with_scim variant ran in this run.\n";
    return;
  }
  m << c.claim("whatif.no_scim") << "\n\n- Bound with provisioning: " << scim_bound(*r) << ". " << r->report.shows
    << "\n- What remains: " << r->report.remains << "\n";
  for (const auto& id : r->report.claims) m << "- " << c.claim(id) << "\n";
}

void event_section(std::ostringstream& m, const Ctx& c, const EventResult& er) {
  m << "\n### " << er.entry->title << "\n\n";
  for (const auto& id : er.entry->claims) m << "- " << c.claim(id) << "\n";
  m << "\n**Gaps the `sso_only` scenarios show:**\n\n";
  for (const FindingResult& f : er.findings) {
    m << "- `" << f.finding->gap << "` (" << (f.finding->access == Access::excess ? "access that should not exist"
                                                                                  : "access that should exist")
      << "), " << status_words(f.status) << (f.evidence.empty() ? "" : " by " + join(f.evidence)) << "; bound "
      << bound_text(c.t, f.bound, c.g.params) << ".";
    if (!f.finding->bound_claim.empty()) m << " " << c.claim(f.finding->bound_claim);
    m << "\n";
  }
  m << "\n**Runbook:**\n\n";
  int n = 0;
  for (const std::string& id : er.entry->runbook) {
    const RunbookStep* s = c.t.step(id);
    m << ++n << ". `" << s->id << "` " << render_step(c.t, *s, c.g.assumed, c.g.params) << "\n";
  }
  m << "\n**Every scenario of the event** (measured times are the story's own choices on the virtual clock: "
       "evidence that the SP behaves as the bounds say, not the bounds):\n\n";
  for (const ScenarioResult* r : er.scenarios) {
    m << "- **" << r->variant << "** [" << r->name << "](../" << short_file(r->file) << ") ("
      << (r->passed ? "passed" : "FAILED: not established") << "): " << r->title << ".";
    if (!r->report.shows.empty()) m << " " << r->report.shows;
    if (!r->report.advice.empty()) m << " Advice: " << r->report.advice;
    for (const auto& id : r->report.claims) {
      const auto& shown = er.entry->claims;
      if (std::find(shown.begin(), shown.end(), id) == shown.end()) m << " " << c.claim(id);
    }
    if (r->risk_window) m << " Measured: " << format_duration(*r->risk_window) << ".";
    m << " Gaps recorded: " << gap_list(all_recorded_gaps(*r)) << ".\n";
  }
  with_scim_event(m, c, er);
}

void controls_section(std::ostringstream& m, const Ctx& c) {
  m << "\n## Compensating controls at the IdP\n\n";
  for (const Control& ctl : c.t.controls) {
    m << "- " << c.claim(ctl.claim);
    std::vector<std::string> narrows;
    for (const auto& id : ctl.narrows) narrows.push_back("`" + id + "`");
    for (const auto& gap : ctl.gaps) narrows.push_back("gap `" + gap + "`");
    m << " Narrows: " << (narrows.empty() ? "none of the findings" : join(narrows)) << ".\n";
  }
}

void appendix(std::ostringstream& m, const Ctx& c) {
  m << "\n## Appendix: assumptions\n\nEach is a question the sources leave open, the answer this run uses, and "
       "the setting that flips it (`harness run --assume KEY=VALUE` reruns the suite under another answer).\n";
  for (const Assumption& a : c.t.assumptions) {
    const std::string& value = c.g.assumed.at(a.key);
    m << "\n### `" << a.key << "`\n\n- Open question: " << c.claim(a.unknown) << "\n- This run: " << c.claim(a.claim)
      << "\n- Answers:";
    for (const AssumptionValue& v : a.values) {
      std::vector<std::string> settings;
      for (const auto& [k, x] : v.sp.items()) settings.push_back("SP `" + k + ": " + x.dump() + "`");
      for (const auto& [k, x] : v.idp.items()) settings.push_back("IdP app `" + k + ": " + x.dump() + "`");
      for (const auto& [k, x] : v.scim.items()) settings.push_back("SP SCIM mapping `" + k + ": " + x.dump() + "`");
      m << " `--assume " << a.key << "=" << v.name << "`" << (v.name == a.default_value().name ? " (default)" : "")
        << (v.name == value ? " (this run)" : "") << " means " << join(settings, ", ") << ";";
    }
    std::vector<std::string> findings;
    for (const Finding& f : c.t.findings) {
      const auto keys = finding_assumptions(c.t, f);
      if (std::find(keys.begin(), keys.end(), a.key) != keys.end()) findings.push_back("`" + f.id + "`");
    }
    m << "\n- Findings that rest on it: " << (findings.empty() ? "none" : join(findings)) << ".\n- Events whose "
      << "scenarios must state their outcome under each answer: " << join(a.events) << ".\n";
  }
}

}  // namespace

std::string gap_report_markdown(const std::vector<ScenarioResult>& results, const RunInfo& info) {
  const GapFindings g = compute_gap_findings(results, info.flipped, info.cli_parameters);
  const Ctx c{claims(), g};
  std::size_t passed = 0;
  for (const auto& r : results) passed += r.passed ? 1 : 0;
  std::ostringstream m;
  m << "# What SSO-only onboarding can and cannot do\n\n";
  m << "The harness's SP and IdP, driven by " << results.size() << " scenarios (" << passed << " passed), mode "
    << info.mode << ", seed " << info.seed << ". A finding counts only when its scenario passed. Every sentence "
    << "about the vendors below carries its basis: source tags of docs/facts/okta-hotjar.md, or the assumption "
    << "(an SP or IdP setting, see the appendix) it rests on.\n\n";
  for (const auto& id : c.t.context) m << "- " << c.claim(id) << "\n";
  m << "\n";
  if (g.events.empty()) m << "No lifecycle scenario ran in this run, so no onboarding gap is established here.\n\n";
  decision_summary(m, c);
  flipped_section(m, c);
  if (!g.events.empty()) with_scim_table(m, c);
  m << "## Per event\n";
  for (const EventResult& er : g.events) event_section(m, c, er);
  controls_section(m, c);
  m << "\n## What the seed page says (a third party)\n\n";
  for (const auto& id : c.t.seed_points) m << "- " << c.claim(id) << "\n";
  m << "\n## Gap codes\n\n| Code | What it means | Recorded by |\n|---|---|---|\n";
  for (sp::Gap gap : sp::all_gaps()) {
    std::vector<std::string> by;
    for (const auto& r : results) {
      const auto all = all_recorded_gaps(r);
      if (r.passed && std::find(all.begin(), all.end(), gap) != all.end()) by.push_back(r.name);
    }
    m << "| `" << sp::spelling(gap) << "` | " << md_cell(sp::sentence(gap)) << " | " << md_cell(by.empty() ? "-" : join(by))
      << " |\n";
  }
  std::map<Kind, std::pair<std::size_t, std::size_t>> counts;
  for (const auto& r : results) {
    auto& n = counts[r.kind];
    ++n.first;
    n.second += r.passed ? 1 : 0;
  }
  m << "\n## Attacks and assertion formats\n\n";
  for (Kind k : {Kind::attack, Kind::format}) {
    m << "- " << spelling(k) << ": " << counts[k].second << " of " << counts[k].first
      << " scenarios held their expectation.\n";
  }
  for (const auto& r : results) {
    if (r.failed()) m << "- FAILED: `" << r.name << "` (" << short_file(r.file) << ")\n";
  }
  m << "\n## Sources\n\nThe tags above, from docs/facts/okta-hotjar.md (a copy of the project's facts file):\n\n";
  std::set<std::string> used;
  for (const Claim& cl : c.t.claims) used.insert(cl.sources.begin(), cl.sources.end());
  for (const auto& [tag, line] : facts_sources()) {
    if (used.count(tag)) m << "- " << line << "\n";
  }
  appendix(m, c);
  m << "\nDetails: `results.json` (`gap_findings`), `junit.xml`, and `evidence/<scenario>/` (every message sent and "
       "received).\n";
  return m.str();
}

}  // namespace samlh::harness
