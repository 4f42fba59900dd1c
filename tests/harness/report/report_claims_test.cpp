// The gap report of a real run (the repository's scenarios, in-process):
// every sentence it writes about Hotjar or Okta, in gap-report.md and in
// results.json's gap_findings, is a claim of the claims table or one of the
// listed non-claims below; and every gap a lifecycle scenario recorded (in
// its steps or in the SP's audit log) is in the report (the owner-leaves
// regression: the audit log read as a member the story removed came back
// empty, and the report lost the gaps).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/gap_findings.hpp"
#include "tests/harness/report/fixture.hpp"

namespace samlh::harness {
namespace {

using nlohmann::json;

const std::vector<ScenarioResult>& suite() {
  static const std::vector<ScenarioResult> results = test::run_scenarios("");
  return results;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool names_a_vendor(const std::string& s) {
  const std::string l = lower(s);
  return l.find("hotjar") != std::string::npos || l.find("okta") != std::string::npos;
}

// The text a report may contain about the vendors without being a claim,
// each with why: not a sentence about Hotjar or Okta but a name, a label or
// a setting that contains the word.
std::vector<std::string> listed_non_claims(const std::vector<ScenarioResult>& results) {
  const ClaimsTable& t = claims();
  std::vector<std::string> out{
      "docs/facts/okta-hotjar.md",  // the facts file's path
  };
  for (const auto& [tag, entry] : facts_sources()) out.push_back(entry);  // the Sources list, verbatim
  for (const RunbookStep& s : t.runbook) {
    out.push_back(s.who);                // who may take a step: role labels
    out.push_back("`" + s.id + "`");     // step ids ("leave.remove_member_in_hotjar")
  }
  for (const Finding& f : t.findings) out.push_back("`" + f.id + "`");  // finding ids
  for (const EventEntry& e : t.events) out.push_back(e.title);           // event headings
  for (const Assumption& a : t.assumptions) {                            // the appendix: keys, values, settings
    for (const AssumptionValue& v : a.values) {
      out.push_back("--assume " + a.key + "=" + v.name);
      for (const auto& [k, x] : v.sp.items()) out.push_back(x.dump());
      for (const auto& [k, x] : v.idp.items()) out.push_back(x.dump());
      for (const auto& [k, x] : v.scim.items()) out.push_back(x.dump());  // group names such as hotjar-admins
    }
  }
  for (const ScenarioResult& r : results) {  // scenario names and files (links)
    out.push_back(r.name);
    out.push_back(r.file.substr(r.file.find("scenarios/")));
  }
  return out;
}

// Every claim as the Markdown prints it (text and basis) for these answers.
std::vector<std::string> rendered_claims(const Assumed& assumed) {
  const ClaimsTable& t = claims();
  const auto params = parameter_values(t, assumed, {});
  std::vector<std::string> out;
  for (const Claim& c : t.claims) out.push_back(render_claim(t, c.id, assumed, params));
  return out;
}

// The sentences of `text` that still name Hotjar or Okta once every allowed
// text is taken out (longest first, so a claim is not cut by a shorter one).
std::vector<std::string> unclaimed_sentences(std::string text, std::vector<std::string> allowed) {
  std::sort(allowed.begin(), allowed.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (const std::string& a : allowed) {
    if (a.empty()) continue;
    for (auto at = text.find(a); at != std::string::npos; at = text.find(a, at + 1)) text.replace(at, a.size(), "\x01");
  }
  std::set<std::string> out;
  const std::string l = lower(text);
  for (const char* word : {"hotjar", "okta"}) {
    for (auto at = l.find(word); at != std::string::npos; at = l.find(word, at + 1)) {
      auto from = text.find_last_of("\n\x01", at);
      const auto stop = text.rfind(". ", at);
      from = from == std::string::npos ? 0 : from + 1;
      if (stop != std::string::npos && stop + 2 > from) from = stop + 2;
      const auto line_end = text.find('\n', at);
      const auto dot = text.find(". ", at);
      const auto to = dot < line_end ? dot + 1 : line_end;  // the sentence's period, not the line end
      out.insert(text.substr(from, to == std::string::npos ? std::string::npos : to - from));
    }
  }
  return {out.begin(), out.end()};
}

// The gap_findings strings that name the vendors and are neither a claim's
// text (in a "text" field) nor an identifier, label or setting: each as
// "path: value".
std::vector<std::string> unclaimed_json(const json& j, const Assumed& assumed, const std::string& path = "") {
  static const std::set<std::string> labels{
      "id",        // claim, step, control and finding ids ("okta.assign_app")
      "system",    // where a step is taken: hotjar, okta, person
      "who",       // who may take a step (role labels)
      "scenario",  // scenario names
      "evidence",  // scenario names that recorded a gap
      "value",     // an assumption's answer ("okta")
      "narrows",   // finding ids
      "idp_slo_url",  // an assumption value's SP setting (a URL)
  };
  std::vector<std::string> out;
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (v.is_string() && names_a_vendor(v.get<std::string>())) {
        bool claim = false;
        if (k == "text") {
          const ClaimsTable& t = claims();
          const auto params = parameter_values(t, assumed, {});
          for (const Claim& c : t.claims) claim = claim || claim_text(t, c, assumed, params) == v.get<std::string>();
        }
        if (!claim && labels.count(k) == 0) out.push_back(path + "." + k + ": " + v.get<std::string>());
      } else if (v.is_array() && labels.count(k) > 0) {
        continue;  // a list of ids or names
      } else {
        for (auto& s : unclaimed_json(v, assumed, path + "." + k)) out.push_back(std::move(s));
      }
    }
  } else if (j.is_array()) {
    for (const auto& v : j) {
      if (v.is_string() && names_a_vendor(v.get<std::string>())) out.push_back(path + "[]: " + v.get<std::string>());
      for (auto& s : unclaimed_json(v, assumed, path + "[]")) out.push_back(std::move(s));
    }
  }
  return out;
}

std::vector<std::string> md_offenders(const std::string& md) {
  std::vector<std::string> allowed = rendered_claims(assumed_with(claims(), {}));
  for (auto& s : listed_non_claims(suite())) allowed.push_back(std::move(s));
  return unclaimed_sentences(md, allowed);
}

TEST(GapReportClaims, EveryMarkdownSentenceAboutTheVendorsIsAClaim) {
  ASSERT_GT(suite().size(), 300u);
  const std::string md = gap_report_markdown(suite(), test::default_info());
  ASSERT_TRUE(names_a_vendor(md));
  const auto offenders = md_offenders(md);
  EXPECT_TRUE(offenders.empty()) << "not a claim:\n" << ::testing::PrintToString(offenders);
}

TEST(GapReportClaims, ASentenceWrittenOutsideTheTableIsCaught) {
  const std::string md = gap_report_markdown(suite(), test::default_info());
  const std::string planted = "Hotjar removes a member when Okta deactivates them.";
  EXPECT_EQ(md_offenders(md + "\n" + planted + "\n"), std::vector<std::string>{planted});
  // A claim with one word changed is no claim.
  const ClaimsTable& t = claims();
  const Assumed assumed = assumed_with(t, {});
  const std::string text = claim_text(t, *t.claim("hotjar.nobody_left"), assumed, parameter_values(t, assumed, {}));
  ASSERT_NE(md.find(text), std::string::npos);
  std::string edited = md;
  const auto at = edited.find("Hotjar Support");
  ASSERT_NE(at, std::string::npos);
  edited.replace(at, 14, "Hotjar's staff");
  EXPECT_FALSE(md_offenders(edited).empty());
}

TEST(GapReportClaims, EveryJsonStringAboutTheVendorsIsAClaim) {
  const json doc = json::parse(results_json(suite(), test::default_info()));
  ASSERT_TRUE(doc.contains("gap_findings"));
  EXPECT_FALSE(doc.contains("security_findings"));  // kept apart: target-SP runs only
  const Assumed assumed = assumed_with(claims(), {});
  const auto offenders = unclaimed_json(doc["gap_findings"], assumed);
  EXPECT_TRUE(offenders.empty()) << ::testing::PrintToString(offenders);
  json planted = doc["gap_findings"];
  planted["events"][0]["claims"][0]["text"] = "Okta removes the Hotjar member.";
  EXPECT_EQ(unclaimed_json(planted, assumed).size(), 1u);
}

// --- the owner-leaves regression ----------------------------------------------

// For each lifecycle scenario, every gap its steps or the SP's audit log
// recorded that the report's line for it (Markdown) or its variant entry
// (gap_findings) does not list: "scenario: gap (where)".
std::vector<std::string> gaps_missing_from_report(const std::vector<ScenarioResult>& results, const std::string& md,
                                                  const json& gap_findings) {
  std::vector<std::string> out;
  for (const ScenarioResult& r : results) {
    if (r.kind != Kind::lifecycle || r.skipped) continue;
    std::set<std::string> recorded;
    for (const StepRecord& s : r.steps) {
      for (sp::Gap g : s.gaps) recorded.insert(std::string(sp::spelling(g)));
    }
    for (sp::Gap g : r.gaps_recorded) recorded.insert(std::string(sp::spelling(g)));
    const std::string head = "- **" + r.variant + "** [" + r.name + "](";
    const auto at = md.find(head);
    const std::string line = at == std::string::npos ? "" : md.substr(at, md.find('\n', at) - at);
    const auto listed_at = line.rfind("Gaps recorded: ");
    const std::string listed = listed_at == std::string::npos ? "" : line.substr(listed_at) + ",";
    std::set<std::string> in_json;
    for (const auto& e : gap_findings["events"]) {
      if (!e["variants"].contains(r.variant)) continue;
      for (const auto& v : e["variants"][r.variant]) {
        if (v["scenario"] == r.name) {
          for (const auto& g : v["gaps"]) in_json.insert(g.get<std::string>());
        }
      }
    }
    for (const std::string& g : recorded) {
      if (listed.find(" " + g + ",") == std::string::npos && listed.find(" " + g + ".") == std::string::npos) {
        out.push_back(r.name + ": " + g + " (gap-report.md)");
      }
      if (in_json.count(g) == 0) out.push_back(r.name + ": " + g + " (gap_findings)");
    }
  }
  return out;
}

TEST(GapReportOwnerLeaves, EveryRecordedGapIsInTheReport) {
  const std::string md = gap_report_markdown(suite(), test::default_info());
  const json doc = json::parse(results_json(suite(), test::default_info()));
  const auto missing = gaps_missing_from_report(suite(), md, doc["gap_findings"]);
  EXPECT_TRUE(missing.empty()) << ::testing::PrintToString(missing);
}

TEST(GapReportOwnerLeaves, TheAuditLogIsReadAfterTheOwnerIsGone) {
  // The stories where the Account Owner leaves: the audit log read at the
  // end (by the harness's auditor, not a member) holds every gap the steps
  // recorded, although the member who could read it before is removed.
  std::size_t checked = 0;
  for (const ScenarioResult& r : suite()) {
    // The with_scim variant provisions instead of reporting to the observer: its gaps are its own.
    if (r.event != "owner_leaves" || r.variant == "with_scim") continue;
    ASSERT_TRUE(r.passed) << r.name;
    std::set<sp::Gap> by_steps;
    for (const StepRecord& s : r.steps) by_steps.insert(s.gaps.begin(), s.gaps.end());
    // The gaps issue 16 found missing from the done_late row, and the leaver's
    // membership in every variant.
    std::vector<std::string> wanted{"orphaned_membership_after_idp_deactivation"};
    if (r.variant == "done_late") {
      wanted = {"orphaned_membership_after_idp_deactivation", "single_owner_dependency", "stale_role_on_rehire",
                "session_outlives_idp_deactivation"};
    }
    for (const std::string& g : wanted) {
      EXPECT_TRUE(std::any_of(by_steps.begin(), by_steps.end(), [&](sp::Gap x) { return sp::spelling(x) == g; }))
          << r.name << " " << g;
    }
    for (sp::Gap g : by_steps) {
      EXPECT_NE(std::find(r.gaps_recorded.begin(), r.gaps_recorded.end(), g), r.gaps_recorded.end())
          << r.name << ": the audit log read lost " << sp::spelling(g);
    }
    ++checked;
  }
  EXPECT_EQ(checked, 3u);
}

TEST(GapReportOwnerLeaves, AGapMissingFromTheReportIsCaught) {
  const std::string md = gap_report_markdown(suite(), test::default_info());
  const json doc = json::parse(results_json(suite(), test::default_info()));
  const std::string gap = "single_owner_dependency";
  // Drop the gap from the owner-leaves-done-late line, as the bug did.
  std::string edited = md;
  const auto line = edited.find("[owner-leaves-done-late](");
  ASSERT_NE(line, std::string::npos);
  const auto listed = edited.find("Gaps recorded: ", line);
  const auto at = edited.find(gap, listed);
  ASSERT_LT(at, edited.find('\n', line));
  edited.replace(at, gap.size(), "x");
  const auto missing = gaps_missing_from_report(suite(), edited, doc["gap_findings"]);
  EXPECT_EQ(missing, std::vector<std::string>{"owner-leaves-done-late: " + gap + " (gap-report.md)"});
  json findings = doc["gap_findings"];
  for (auto& e : findings["events"]) {
    for (auto& [variant, list] : e["variants"].items()) {
      for (auto& v : list) {
        if (v["scenario"] == "owner-leaves-done-late") v["gaps"] = json::array();
      }
    }
  }
  EXPECT_FALSE(gaps_missing_from_report(suite(), md, findings).empty());
}

// Issue 20 item 3: the "With SCIM (what-if)" column, for every lifecycle
// event by name: its row in the table and its paragraph in the event's
// section, from a with_scim variant that passed; results.json and junit.xml
// carry the variant.
TEST(GapReportWithScim, EveryEventHasItsColumnFromAPassedVariant) {
  const std::string md = gap_report_markdown(suite(), test::default_info());
  const json doc = json::parse(results_json(suite(), test::default_info()));
  const std::string junit = junit_xml(suite(), test::default_info());
  const auto table = md.find("## With SCIM (what-if)");
  ASSERT_NE(table, std::string::npos);
  const auto table_end = md.find("\n## ", table + 1);
  for (const std::string& event : lifecycle_events()) {
    const EventEntry* e = claims().event(event);
    ASSERT_NE(e, nullptr) << event;
    const ScenarioResult* r = nullptr;
    for (const ScenarioResult& x : suite()) {
      if (x.event == event && x.variant == "with_scim") r = &x;
    }
    ASSERT_NE(r, nullptr) << event << ": no with_scim variant";
    EXPECT_TRUE(r->passed) << r->name;
    EXPECT_FALSE(r->report.shows.empty() || r->report.remains.empty()) << r->name;
    // The table row: the event, its bound and what remains, the scenario passed.
    const auto row = md.find("| " + e->title + " | ", table);
    ASSERT_LT(row, table_end) << event << ": no row in the With SCIM table";
    const std::string line = md.substr(row, md.find('\n', row) - row);
    EXPECT_NE(line.find(r->report.shows), std::string::npos) << line;
    EXPECT_NE(line.find(r->report.remains), std::string::npos) << line;
    EXPECT_NE(line.find("`" + r->name + "` passed"), std::string::npos) << line;
    EXPECT_NE(line.find(r->report.unbounded ? "unbounded" : "0s on the story's clock"), std::string::npos) << line;
    // The event's own section says it too.
    const auto section = md.find("\n### " + e->title + "\n", table_end);
    ASSERT_NE(section, std::string::npos) << event;
    const auto para = md.find("**With SCIM (what-if):**", section);
    ASSERT_LT(para, md.find("\n### ", section + 1)) << event;
    EXPECT_NE(md.find("- What remains: " + r->report.remains, para), std::string::npos) << event;
    // results.json: the variant under its own key, with its what-if prose.
    bool in_json = false;
    for (const auto& ev : doc["gap_findings"]["events"]) {
      if (ev["event"] != event || !ev["variants"].contains("with_scim")) continue;
      const auto& v = ev["variants"]["with_scim"][0];
      in_json = v["scenario"] == r->name && v["status"] == "passed" && v["what_if"]["remains"] == r->report.remains;
    }
    EXPECT_TRUE(in_json) << event << ": results.json's gap_findings lacks its with_scim variant";
    // junit.xml: the testcase carries the variant.
    const auto tc = junit.find("name=\"" + r->name + "\"");
    ASSERT_NE(tc, std::string::npos) << r->name;
    EXPECT_LT(junit.find("<property name=\"variant\" value=\"with_scim\"/>", tc), junit.find("</testcase>", tc))
        << r->name;
  }
}

}  // namespace
}  // namespace samlh::harness
