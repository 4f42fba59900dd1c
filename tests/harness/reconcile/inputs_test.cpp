// Each input detector and its aliases, the records read, and the refusals
// of unusable files (unmapped columns list what was found and needed).
#include <gtest/gtest.h>

#include "harness/reconcile/inputs.hpp"
#include "tests/harness/reconcile/fixtures.hpp"

namespace samlh::harness::reconcile {
namespace {

using test::fixture;
using test::read_data;

Loaded<InputInfo> idp_text(IdpInputs& idp, const std::string& text, const std::string& name = "idp.csv") {
  return add_idp_text(idp, text, name);
}

TEST(ReconcileInputs, OktaCurrentAssignmentsReport) {
  IdpInputs idp;
  auto info = idp_text(idp, read_data("okta-current-assignments.csv"));
  ASSERT_TRUE(info.ok()) << info.error().message();
  EXPECT_EQ(info->shape, Shape::okta_current_assignments);
  ASSERT_EQ(idp.assignments.size(), 6U);
  const AssignmentRecord& erin = idp.assignments[2];
  EXPECT_EQ(erin.user_name, "O'Neil, Erin");  // quoted comma
  EXPECT_EQ(erin.app_instance, "Hotjar (Acme, EU)");
  EXPECT_EQ(erin.group, "Hotjar Editors");
  EXPECT_EQ(format_instant(erin.assigned_on), "2024-02-19T13:02:37Z");
  EXPECT_EQ(erin.at.line, 4U);
  EXPECT_EQ(idp.assignments[1].user_name, "Dávid Kovács");
  EXPECT_EQ(idp.assignments[4].user_name, "Grace \"Amazing\" Hopper");
  ASSERT_TRUE(idp.assignments[5].unassigned_on.has_value());
  EXPECT_EQ(format_instant(*idp.assignments[5].unassigned_on), "2024-03-01T17:30:00Z");
}

TEST(ReconcileInputs, IdpMockExportIsTheCurrentAssignmentsShapeWithStatus) {
  IdpInputs idp;
  auto info = idp_text(idp, read_data("idp-mock-assignments.csv"));
  ASSERT_TRUE(info.ok()) << info.error().message();
  EXPECT_EQ(info->shape, Shape::okta_current_assignments);
  ASSERT_EQ(idp.assignments.size(), 5U);
  EXPECT_EQ(idp.assignments[0].status, OktaStatus::active);
}

TEST(ReconcileInputs, OktaRecentUnassignmentsReportByItsCsvNames) {
  IdpInputs idp;
  auto info = idp_text(idp, read_data("okta-recent-unassignments.csv"));
  ASSERT_TRUE(info.ok()) << info.error().message();
  EXPECT_EQ(info->shape, Shape::okta_recent_unassignments);
  ASSERT_EQ(idp.unassignments.size(), 1U);
  EXPECT_EQ(idp.unassignments[0].okta_login, "henry@acme.test");
  EXPECT_EQ(idp.unassignments[0].app_login, "henry@acme.test");
  EXPECT_FALSE(idp.unassignments[0].reassigned);
}

TEST(ReconcileInputs, RecentUnassignmentsByItsScreenNamesAndReassignedStatus) {
  IdpInputs idp;
  auto info = idp_text(idp, "Name,Username,Unassigned On,Assignment Status\nAna,ana@x.test,2024-05-01,Assigned\n");
  ASSERT_TRUE(info.ok()) << info.error().message();
  EXPECT_EQ(info->shape, Shape::okta_recent_unassignments);
  EXPECT_TRUE(idp.unassignments[0].reassigned);
}

TEST(ReconcileInputs, ACsvWithBothNamesIsReadByTheCsvNames) {
  IdpInputs idp;
  auto info = idp_text(idp,
                       "Name,Username,Unassigned On,Assignment Status,fullName,assigneeOktaUsername,unassigned\n"
                       "Ana,ana-screen@x.test,2024-05-01,,Ana,ana@x.test,2024-05-02\n");
  ASSERT_TRUE(info.ok()) << info.error().message();
  EXPECT_EQ(idp.unassignments[0].okta_login, "ana@x.test");
  EXPECT_EQ(format_day(day_of(idp.unassignments[0].unassigned_on)), "2024-05-02");
}

TEST(ReconcileInputs, OktaUserListWithApiAndConsoleStatuses) {
  IdpInputs idp;
  auto info = idp_text(idp, read_data("okta-user-list.csv"));
  ASSERT_TRUE(info.ok()) << info.error().message();
  EXPECT_EQ(info->shape, Shape::okta_user_list);
  EXPECT_EQ(idp.users.back().status, OktaStatus::deprovisioned);
  EXPECT_EQ(parse_okta_status("Deactivated"), OktaStatus::deprovisioned);
  EXPECT_EQ(parse_okta_status("suspended"), OktaStatus::suspended);
  EXPECT_EQ(parse_okta_status("Pending user action"), OktaStatus::provisioned);
}

TEST(ReconcileInputs, ColumnNamesMatchCaseInsensitivelyWithAliases) {
  IdpInputs idp;
  auto info = idp_text(idp, "LOGIN,application USERNAME,assigned ON,full name\nA@x.test,a@x.test,2024-01-01,Ana\n");
  ASSERT_TRUE(info.ok()) << info.error().message();
  EXPECT_EQ(info->shape, Shape::okta_current_assignments);
  EXPECT_EQ(idp.assignments[0].user_name, "Ana");
  EXPECT_EQ(idp.assignments[0].app_login, "a@x.test");
}

TEST(ReconcileInputs, UnmappableColumnsListWhatWasFoundAndNeeded) {
  IdpInputs idp;
  auto info = idp_text(idp, "Person,Mail,When\nAna,a@x.test,2024-01-01\n", "export.csv");
  ASSERT_FALSE(info.ok());
  const InputError& e = info.error();
  EXPECT_EQ(e.problem, Problem::unmapped_columns);
  EXPECT_EQ(e.file, "export.csv");
  EXPECT_EQ(e.found, (std::vector<std::string>{"Person", "Mail", "When"}));
  ASSERT_EQ(e.needed.size(), 3U);  // one line per IdP shape
  EXPECT_NE(e.needed[0].find("Application login"), std::string::npos);
  EXPECT_NE(e.needed[0].find("Assigned on"), std::string::npos);
  EXPECT_NE(e.needed[1].find("assigneeOktaUsername"), std::string::npos);
  EXPECT_NE(e.needed[2].find("Status"), std::string::npos);
}

TEST(ReconcileInputs, OneMissingColumnIsNamed) {
  IdpInputs idp;
  auto info = idp_text(idp, "User,Login,Application login\nAna,a@x.test,a@x.test\n");
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error().problem, Problem::unmapped_columns);
  EXPECT_NE(info.error().needed[0].find("lacks Assigned on"), std::string::npos);
}

TEST(ReconcileInputs, AColumnNamedTwiceIsAmbiguous) {
  IdpInputs idp;
  auto info = idp_text(idp, "Login,Login,Application login,Assigned on\na,b,c,2024-01-01\n");
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error().problem, Problem::ambiguous_column);
}

TEST(ReconcileInputs, FilesGivenToTheWrongSideAreNamed) {
  IdpInputs idp;
  auto roster = idp_text(idp, read_data("sp-roster-acme.csv"));
  ASSERT_FALSE(roster.ok());
  EXPECT_EQ(roster.error().problem, Problem::wrong_side);
  EXPECT_EQ(idp_text(idp, read_data("sp-roster-acme.json")).error().problem, Problem::wrong_side);
  auto report = parse_sp_text(read_data("okta-current-assignments.csv"), "r.csv");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().problem, Problem::wrong_side);
}

TEST(ReconcileInputs, BadDatesAndStatusesAreRefusedWithTheirLine) {
  IdpInputs idp;
  auto date = idp_text(idp, "Login,Application login,Assigned on\na@x,a@x,2024-01-01\nb@x,b@x,01/02/2024\n");
  ASSERT_FALSE(date.ok());
  EXPECT_EQ(date.error().problem, Problem::bad_value);
  EXPECT_EQ(date.error().line, 3U);
  auto status = idp_text(idp, "Login,Status\na@x,ACTIVE\nb@x,GONE\n");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().problem, Problem::bad_value);
  EXPECT_EQ(status.error().line, 3U);
  auto app_status = idp_text(idp, "assigneeOktaUsername,unassigned,appUserStatus\na@x,2024-01-01,MAYBE\n");
  EXPECT_EQ(app_status.error().problem, Problem::bad_value);
}

TEST(ReconcileInputs, TimestampsInIso8601FormsBecomeUtc) {
  EXPECT_EQ(format_instant(*parse_timestamp("2024-03-01T17:30:00.000Z")), "2024-03-01T17:30:00Z");
  EXPECT_EQ(format_instant(*parse_timestamp("2024-03-01T23:30:00-08:00")), "2024-03-02T07:30:00Z");
  EXPECT_EQ(format_instant(*parse_timestamp("2024-03-01 09:15")), "2024-03-01T09:15:00Z");
  EXPECT_EQ(format_instant(*parse_timestamp("2024-03-01T01:00:00+0530")), "2024-02-29T19:30:00Z");
  EXPECT_EQ(format_instant(*parse_timestamp("2024-03-01")), "2024-03-01T00:00:00Z");
  EXPECT_FALSE(parse_timestamp("2024-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_timestamp("2024-03-01T25:00:00Z"));
  EXPECT_FALSE(parse_timestamp("2024-03-01T10:00:00 PST"));
  EXPECT_FALSE(parse_day("2024-3-1"));
}

TEST(ReconcileInputs, SelectAppNarrowsToOneIntegration) {
  IdpInputs idp;
  const std::string two_apps =
      "Login,Application name,Application instance,Application login,Assigned on\n"
      "a@x,hotjar_saml,Hotjar Acme,a@x,2024-01-01\n"
      "a@x,salesforce,Salesforce,a@x,2024-01-01\n";
  ASSERT_TRUE(idp_text(idp, two_apps).ok());
  IdpInputs ambiguous = idp;
  auto none = select_app(ambiguous, "");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().problem, Problem::app_ambiguous);
  IdpInputs unknown = idp;
  EXPECT_EQ(select_app(unknown, "Jira").error().problem, Problem::bad_option);
  auto chosen = select_app(idp, "hotjar acme");
  ASSERT_TRUE(chosen.ok());
  ASSERT_EQ(idp.assignments.size(), 1U);
  EXPECT_EQ(idp.assignments[0].app_name, "hotjar_saml");
}

TEST(ReconcileInputs, AnAssignmentReportIsRequired) {
  IdpInputs idp;
  ASSERT_TRUE(idp_text(idp, read_data("okta-user-list.csv")).ok());
  EXPECT_EQ(select_app(idp, "").error().problem, Problem::missing_input);
}

TEST(ReconcileInputs, OurSpRosterCsvAndJsonReadAlike) {
  auto csv = parse_sp_text(read_data("sp-roster-acme.csv"), "sp.csv");
  auto json = parse_sp_text(read_data("sp-roster-acme.json"), "sp.json");
  ASSERT_TRUE(csv.ok()) << csv.error().message();
  ASSERT_TRUE(json.ok()) << json.error().message();
  EXPECT_EQ(csv->source.shape, Shape::sp_roster_csv);
  EXPECT_EQ(json->source.shape, Shape::sp_roster_json);
  EXPECT_EQ(json->org, "acme");
  EXPECT_TRUE(csv->lists_invitations);
  ASSERT_EQ(csv->members.size(), 4U);
  ASSERT_EQ(json->members.size(), 4U);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(csv->members[i].email, json->members[i].email);
    EXPECT_EQ(csv->members[i].role, json->members[i].role);
  }
  EXPECT_EQ(csv->members[0].role, Role::account_owner);
  ASSERT_EQ(csv->invitations.size(), 1U);
  EXPECT_EQ(json->invitations[0].at.text(), "sp.json#/pending_invitations/0");
  EXPECT_EQ(csv->invitations[0].at.text(), "sp.csv:6");
  EXPECT_EQ(format_instant(*csv->invitations[0].expires), "2024-06-06T15:00:00Z");
}

TEST(ReconcileInputs, AJsonRosterWithAByteOrderMark) {
  auto r = parse_sp_text("\xEF\xBB\xBF" + read_data("sp-roster-acme.json"), "sp.json");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->source.shape, Shape::sp_roster_json);
  IdpInputs idp;
  EXPECT_EQ(add_idp_text(idp, "\xEF\xBB\xBF" + read_data("sp-roster-acme.json"), "sp.json").error().problem,
            Problem::wrong_side);
}

TEST(ReconcileInputs, OurSpCsvFormulaGuardIsUndone) {
  auto r = parse_sp_text("kind,email,role,status,inviter,created,expires\r\n"
                         "member,'-dash@x.test,admin,active,,2024-01-01T00:00:00Z,\r\n",
                         "sp.csv");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->members[0].email, "-dash@x.test");
}

TEST(ReconcileInputs, HotjarMemberListAsCsvTabsOrAlignedColumns) {
  for (const char* name : {"hotjar-members.csv", "hotjar-members-pasted.tsv", "hotjar-members-aligned.txt"}) {
    auto r = parse_sp_text(read_data(name), name);
    ASSERT_TRUE(r.ok()) << name << ": " << r.error().message();
    EXPECT_EQ(r->source.shape, Shape::hotjar_member_list) << name;
    EXPECT_FALSE(r->lists_invitations);
    ASSERT_EQ(r->members.size(), 4U) << name;
    EXPECT_EQ(r->members[0].role, Role::account_owner) << name;
    EXPECT_EQ(r->members[1].name, "Dávid Kovács") << name;
    EXPECT_EQ(r->members[2].name, "O'Neil, Erin") << name;
    EXPECT_EQ(r->members[2].role, Role::read_write) << name;
    EXPECT_EQ(r->members[3].role, Role::read_only) << name;
  }
}

TEST(ReconcileInputs, RolesReadBySpellingAndHotjarNames) {
  EXPECT_EQ(parse_role("Read & Write"), Role::read_write);
  EXPECT_EQ(parse_role("read only"), Role::read_only);
  EXPECT_EQ(parse_role("ACCOUNT OWNER"), Role::account_owner);
  EXPECT_EQ(parse_role("owner"), Role::account_owner);
  EXPECT_EQ(parse_role("admin"), Role::admin);
  EXPECT_FALSE(parse_role("Viewer"));
}

TEST(ReconcileInputs, SpRosterRefusals) {
  const std::string head = "kind,email,role,status,inviter,created,expires\n";
  auto dup = parse_sp_text(head + "member,a@x.test,admin,active,,,\nmember,A@X.test,admin,active,,,\n", "sp.csv");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().problem, Problem::duplicate);
  EXPECT_EQ(dup.error().line, 3U);
  auto role = parse_sp_text(head + "member,a@x.test,boss,active,,,\n", "sp.csv");
  EXPECT_EQ(role.error().problem, Problem::bad_value);
  auto kind = parse_sp_text(head + "guest,a@x.test,admin,active,,,\n", "sp.csv");
  EXPECT_EQ(kind.error().problem, Problem::bad_value);
  auto email = parse_sp_text("Name\tEmail\tRole\nAna\tnot-an-email\tAdmin\n", "hj.tsv");
  EXPECT_EQ(email.error().problem, Problem::bad_value);
  EXPECT_EQ(email.error().line, 2U);
  EXPECT_EQ(parse_sp_text("{\"org\": 1", "sp.json").error().problem, Problem::bad_json);
  EXPECT_EQ(parse_sp_text("{\"members\": {}}", "sp.json").error().problem, Problem::bad_json);
  EXPECT_EQ(parse_sp_text(std::string(100, '[') + std::string(100, ']'), "sp.json").error().problem,
            Problem::unmapped_columns);  // not '{': read as a table, which fits no shape
  EXPECT_EQ(parse_sp_text("{\"a\":" + std::string(50, '[') + std::string(50, ']') + "}", "sp.json").error().problem,
            Problem::bad_json);
  auto member = parse_sp_text(R"({"org":"a","members":[{"email":"x@y.test"}],"pending_invitations":[]})", "sp.json");
  ASSERT_FALSE(member.ok());
  EXPECT_EQ(member.error().problem, Problem::bad_value);
  EXPECT_NE(member.error().detail.find("/members/0"), std::string::npos);
}

// Every alias of every column, upper-cased, maps its field and leads
// detection to its shape (with the other required columns by their names).
TEST(ReconcileInputs, EveryAliasOfEveryShapeIsRead) {
  for (Shape shape : {Shape::okta_current_assignments, Shape::okta_recent_unassignments, Shape::okta_user_list,
                      Shape::sp_roster_csv, Shape::hotjar_member_list, Shape::role_map}) {
    for (const ColumnSpec& col : columns_of(shape)) {
      for (std::string_view alias : col.aliases) {
        if (alias.empty()) break;
        Table t;
        t.file = "h.csv";
        for (const ColumnSpec& other : columns_of(shape)) {
          if (other.required && other.field != col.field) t.header.emplace_back(other.aliases.front());
        }
        t.header.push_back(test::upper(alias));
        auto m = map_columns(t, shape);
        ASSERT_TRUE(m.ok()) << spelling(shape) << " " << alias << ": " << m.error().message();
        EXPECT_EQ(m->index[static_cast<std::size_t>(col.field)], static_cast<int>(t.header.size() - 1))
            << spelling(shape) << " " << alias;
        if (side_of(shape) == Side::none) continue;
        auto detected = detect_shape(t, side_of(shape));
        ASSERT_TRUE(detected.ok()) << spelling(shape) << " " << alias << ": " << detected.error().message();
        EXPECT_EQ(detected->shape, shape) << alias;
      }
    }
  }
}

TEST(ReconcileInputs, EveryProblemIsSpelled) {
  for (int p = 0; p <= static_cast<int>(Problem::output_failed); ++p) {
    EXPECT_NE(spelling(static_cast<Problem>(p)), "unknown") << p;
  }
}

}  // namespace
}  // namespace samlh::harness::reconcile
