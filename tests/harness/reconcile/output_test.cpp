// The three output forms: the JSON schema's fields, CSV quoting (read back
// by our own strict reader), Markdown escaping; and the tables behind them
// (every kind and step spelled once, every source tag known, every sentence
// about Hotjar or Okta tagged or marked as an assumption).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <regex>
#include <set>

#include "harness/reconcile/render.hpp"
#include "harness/reconcile/table.hpp"
#include "tests/harness/reconcile/fixtures.hpp"

namespace samlh::harness::reconcile {
namespace {

using nlohmann::json;
using test::fixture;

Report drifted() {
  static const auto map = load_role_map(test::data_path("role-map.yaml"));
  return test::run({fixture("drift/okta-current-assignments.csv"), fixture("okta-recent-unassignments.csv"),
                    fixture("drift/okta-user-list.csv")},
                   fixture("drift/sp-roster-acme.csv"), test::kAsOf, &*map);
}

Report agreeing() { return test::run(test::okta_files(), fixture("sp-roster-acme.csv")); }

TEST(ReconcileJson, SchemaFields) {
  const json doc = json::parse(render_json(drifted(), test::steps()));
  EXPECT_EQ(doc["schema_version"], kReconcileSchemaVersion);
  EXPECT_EQ(doc["as_of"], "2024-06-03");
  EXPECT_TRUE(doc["org"].is_null());  // the CSV roster names no organization
  EXPECT_EQ(doc["app"], "hotjar_saml / Hotjar (Acme, EU)");
  EXPECT_EQ(doc["drift"], true);
  ASSERT_EQ(doc["inputs"].size(), 4U);
  EXPECT_EQ(doc["inputs"][0]["shape"], "okta_current_assignments");
  EXPECT_EQ(doc["inputs"][3]["shape"], "sp_roster_csv");
  const json& s = doc["summary"];
  EXPECT_EQ(s["findings"], 5);
  EXPECT_EQ(s["certain"], 5);
  EXPECT_EQ(s["possible"], 0);
  EXPECT_EQ(s["by_kind"].size(), finding_kinds().size());
  EXPECT_EQ(s["by_kind"]["role_drift"], 1);
  EXPECT_EQ(s["by_kind"]["owner_idp_status"], 0);
  EXPECT_EQ(s["members"], 5);
  EXPECT_EQ(s["pending_invitations"], 2);
  EXPECT_EQ(s["account_owners"][0]["email"], "carol@acme.test");
  for (const char* key : {"lapsed_invitations", "active_assignments", "role_map", "role_unchecked"}) {
    EXPECT_TRUE(s.contains(key)) << key;
  }
  ASSERT_EQ(doc["findings"].size(), 5U);
  const json& leaver = doc["findings"][0];
  EXPECT_EQ(leaver["kind"], "member_without_assignment");
  EXPECT_EQ(leaver["confidence"], "certain");
  EXPECT_EQ(leaver["subject"], "ivan@acme.test");
  EXPECT_EQ(leaver["step"], "leave.remove_member_in_hotjar");
  EXPECT_EQ(leaver["days_since_unassigned"], 49);
  EXPECT_EQ(leaver["sp_role"], "read_write");
  EXPECT_TRUE(leaver["expected_role"].is_null());
  EXPECT_EQ(leaver["evidence"][0]["file"], "drift/sp-roster-acme.csv");
  EXPECT_EQ(leaver["evidence"][0]["line"], 7);
  EXPECT_TRUE(leaver["evidence"][0]["pointer"].is_null());
  for (const char* key : {"summary", "okta_login", "app_login", "name", "group", "okta_status"}) {
    EXPECT_TRUE(leaver.contains(key)) << key;
  }
  EXPECT_EQ(doc["findings"][3]["expected_role"], "read_only");
  std::set<std::string> steps;
  for (const auto& st : doc["runbook"]) steps.insert(st["id"].get<std::string>());
  for (const auto& f : doc["findings"]) EXPECT_TRUE(steps.count(f["step"].get<std::string>())) << f["step"];
  EXPECT_FALSE(doc["sources"].empty());
}

TEST(ReconcileJson, HotjarListLeavesInvitationsUnknownAndJsonEvidenceHasPointers) {
  const json hj =
      json::parse(render_json(test::run(test::okta_files(), fixture("hotjar-members-pasted.tsv")), test::steps()));
  EXPECT_TRUE(hj["summary"]["pending_invitations"].is_null());
  auto sp = test::read_data("sp-roster-acme.json");
  sp = test::replaced(sp, "\"frank@acme.test\"", "\"frank.x@acme.test\"");
  const json doc = json::parse(render_json(test::run(test::okta_files(), {"sp.json", sp}), test::steps()));
  EXPECT_EQ(doc["org"], "acme");
  ASSERT_EQ(doc["findings"].size(), 2U);  // frank.x a leaver, frank locked out
  EXPECT_EQ(doc["findings"][0]["evidence"][0]["pointer"], "/members/3");
  EXPECT_TRUE(doc["findings"][0]["evidence"][0]["line"].is_null());
}

TEST(ReconcileCsvOut, OneQuotedRowPerFindingReadBackStrictly) {
  const Report r = drifted();
  const std::string text = render_csv(r);
  EXPECT_NE(text.find("\r\n"), std::string::npos);
  auto t = parse_csv(text, "reconcile.csv");
  ASSERT_TRUE(t.ok()) << t.error().message();
  ASSERT_EQ(t->rows.size(), r.findings.size());
  EXPECT_EQ(t->header[2], "kind");
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    EXPECT_EQ(t->rows[i].cells[2], spelling(r.findings[i].kind));
    EXPECT_EQ(t->rows[i].cells[4], r.findings[i].subject);
    EXPECT_EQ(t->rows[i].cells[6], r.findings[i].summary);  // commas and quotes survive
  }
  EXPECT_EQ(t->rows[0].cells[15], "49");
}

TEST(ReconcileCsvOut, FormulaLikeCellsAreDefused) {
  Report r;
  Finding f;
  f.subject = "=HYPERLINK(\"http://x\")@x.test";
  f.summary = "a, \"quoted\" summary";
  r.findings.push_back(f);
  auto t = parse_csv(render_csv(r), "out.csv");
  ASSERT_TRUE(t.ok()) << t.error().message();
  EXPECT_EQ(t->rows[0].cells[4], "'" + f.subject);
  EXPECT_EQ(t->rows[0].cells[6], f.summary);
}

TEST(ReconcileMarkdown, SummaryThenFindingsByKindWithTheirFix) {
  const std::string md = render_markdown(drifted(), test::steps());
  const auto summary = md.find("## Summary");
  const auto leavers = md.find("## Leavers still in");
  const auto roles = md.find("## Role drift");
  ASSERT_NE(summary, std::string::npos);
  ASSERT_NE(leavers, std::string::npos);
  ASSERT_NE(roles, std::string::npos);
  EXPECT_LT(summary, leavers);
  EXPECT_LT(leavers, roles);
  EXPECT_EQ(md.find("## The Account Owner"), std::string::npos);  // no section without findings
  EXPECT_NE(md.find("Fix `leave.remove_member_in_hotjar` " + test::steps().at("leave.remove_member_in_hotjar")),
            std::string::npos);
  EXPECT_NE(md.find("**Drift: 5 findings**"), std::string::npos);
  EXPECT_NE(agreeing().drift(), true);
  EXPECT_NE(render_markdown(agreeing(), test::steps()).find("**No drift**"), std::string::npos);
}

TEST(ReconcileMarkdown, InputTextCannotBreakTheTable) {
  Report r;
  Finding f;
  f.subject = "a|b<script>@x.test";
  f.summary = "line\nbreak";
  r.findings.push_back(f);
  const std::string md = render_markdown(r, test::steps());
  EXPECT_NE(md.find("a\\|b\\<script\\>@x.test"), std::string::npos);
  EXPECT_EQ(md.find("<script>"), std::string::npos);
  EXPECT_NE(md.find("line break"), std::string::npos);
}

TEST(ReconcileTables, KindsAndStepsAreSpelledOnceInEnumOrder) {
  std::set<std::string_view> spellings;
  for (std::size_t i = 0; i < finding_kinds().size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(finding_kinds()[i].kind), i);
    EXPECT_TRUE(spellings.insert(finding_kinds()[i].spelling).second);
  }
  const std::regex id(R"(^([a-z_]+)\.[a-z_]+$)");
  std::set<std::string_view> ids;
  for (std::size_t i = 0; i < runbook().size(); ++i) {
    const RunbookStep& s = runbook()[i];
    EXPECT_EQ(static_cast<std::size_t>(s.step), i);
    std::cmatch m;
    ASSERT_TRUE(std::regex_match(s.id.begin(), s.id.end(), m, id)) << s.id;
    EXPECT_EQ(m[1].str(), s.event) << s.id;
    EXPECT_TRUE(ids.insert(s.id).second) << s.id;
  }
  for (const char* wanted : {"leave.remove_member_in_hotjar", "join.send_invitation",
                             "owner_leaves.transfer_ownership_via_support", "role_change.set_role_in_hotjar",
                             "email_change.update_member_email"}) {
    EXPECT_TRUE(ids.count(wanted)) << wanted;
  }
}

// Reconcile names its fixes by the gap report's runbook: every step id it
// uses is a step of the claims table (harness/claims/events.yaml), of the
// same event, and its text is that step's; a missing step is an error.
TEST(ReconcileTables, EveryStepIsAStepOfTheGapReportsRunbook) {
  for (const RunbookStep& s : runbook()) {
    const harness::RunbookStep* in_table = claims().step(std::string(s.id));
    ASSERT_NE(in_table, nullptr) << s.id;
    EXPECT_EQ(in_table->event, s.event) << s.id;
    EXPECT_EQ(instruction(test::steps(), s.step), test::steps().at(std::string(s.id)));
  }
  StepTexts missing = test::steps();
  missing.erase("leave.remove_member_in_hotjar");
  EXPECT_THROW((void)instruction(missing, Step::leave_remove_member_in_hotjar), std::out_of_range);
  EXPECT_THROW((void)render_markdown(drifted(), missing), std::out_of_range);
}

// Every [X1]-style tag in `text` is one of source_tags().
void expect_known_tags(const std::string& text) {
  std::set<std::string_view> known;
  for (const auto& t : source_tags()) known.insert(t.tag);
  const std::regex tag(R"(\[[A-Z]+[0-9]+\])");
  for (std::sregex_iterator it(text.begin(), text.end(), tag), end; it != end; ++it) {
    EXPECT_TRUE(known.count(it->str())) << it->str() << " in: " << text;
  }
}

// Each sentence that names Hotjar or Okta carries a tag or says "assumption".
void expect_sourced(std::string_view text) {
  std::size_t from = 0;
  while (from < text.size()) {
    auto end = text.find(". ", from);
    const std::string_view sentence = text.substr(from, end == std::string_view::npos ? text.npos : end - from);
    from = end == std::string_view::npos ? text.size() : end + 2;
    const bool about = sentence.find("Hotjar") != sentence.npos || sentence.find("Okta") != sentence.npos;
    const bool sourced = std::regex_search(sentence.begin(), sentence.end(), std::regex(R"(\[[A-Z]+[0-9]+\])")) ||
                         sentence.find("assumption") != sentence.npos;
    EXPECT_TRUE(!about || sourced) << "unsourced: " << sentence;
  }
}

TEST(ReconcileSources, EveryStatementAboutHotjarOrOktaIsTaggedOrAnAssumption) {
  for (const auto& k : finding_kinds()) expect_sourced(k.why);
  // The steps are the gap report's runbook: each sentence a claim with its
  // source tags or assumption (the claims tests check each tag resolves).
  for (const auto& s : runbook()) {
    const harness::RunbookStep* step = claims().step(std::string(s.id));
    ASSERT_NE(step, nullptr) << s.id;
    for (const std::string* id : {&step->claim, &step->check, &step->if_gone}) {
      if (id->empty()) continue;
      const Claim* c = claims().claim(*id);
      ASSERT_NE(c, nullptr) << s.id << " " << *id;
      EXPECT_TRUE(!c->sources.empty() || !c->assumption.empty()) << s.id << " " << *id;
    }
  }
  for (const auto& f : drifted().findings) {
    EXPECT_TRUE(std::regex_search(f.summary, std::regex(R"(\[[A-Z]+[0-9]+\])")) ||
                f.summary.find("assumption") != std::string::npos)
        << f.summary;
  }
  for (const Report& r : {drifted(), agreeing()}) {
    expect_known_tags(render_markdown(r, test::steps()));
    expect_known_tags(render_json(r, test::steps()));
    expect_known_tags(render_csv(r));
  }
}

}  // namespace
}  // namespace samlh::harness::reconcile
