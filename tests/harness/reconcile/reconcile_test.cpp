// Each finding kind planted once in otherwise agreeing rosters: found
// exactly, with no other finding; rosters that agree give none.
#include <gtest/gtest.h>

#include "tests/harness/reconcile/fixtures.hpp"

namespace samlh::harness::reconcile {
namespace {

using test::day;
using test::fixture;
using test::Named;
using test::okta_files;
using test::read_data;
using test::replaced;
using test::run;
using test::without_line;

const char* kCurrent = "okta-current-assignments.csv";
const std::string kRow = ",hotjar_saml,\"Hotjar (Acme, EU)\",";

std::string sp_csv() { return read_data("sp-roster-acme.csv"); }

// The one finding of the report (a copy: reports are temporaries here);
// fails when there are more or none.
Finding only(const Report& r) {
  if (r.findings.size() == 1) return r.findings[0];
  std::string all;
  for (const auto& f : r.findings) all += std::string(spelling(f.kind)) + " " + f.subject + "; ";
  ADD_FAILURE() << "expected exactly one finding, got " << r.findings.size() << ": " << all;
  return Finding{};
}

// Okta's files with the Current Assignments report replaced.
std::vector<Named> with_current(const std::string& current) {
  auto files = okta_files();
  files[0].text = current;
  return files;
}

TEST(ReconcileAgree, OktaReportsAndOurSpCsvAgree) {
  const Report r = run(okta_files(), {"sp.csv", sp_csv()});
  EXPECT_TRUE(r.findings.empty());
  EXPECT_FALSE(r.drift());
  EXPECT_EQ(r.members, 4U);
  EXPECT_EQ(r.invitations, 1U);
  EXPECT_EQ(r.active_assignments, 5U);  // henry was unassigned
  ASSERT_EQ(r.owners.size(), 1U);
  EXPECT_EQ(r.owners[0].state, "active assignment");
}

TEST(ReconcileAgree, OurSpJsonAndIdpMockExportAgree) {
  EXPECT_TRUE(run(okta_files(), fixture("sp-roster-acme.json")).findings.empty());
  EXPECT_TRUE(run({fixture("idp-mock-assignments.csv")}, fixture("sp-roster-acme.csv")).findings.empty());
}

TEST(ReconcileAgree, WithTheRoleMapInYamlOrCsv) {
  for (const char* name : {"role-map.yaml", "role-map.csv"}) {
    auto map = load_role_map(test::data_path(name));
    ASSERT_TRUE(map.ok()) << map.error().message();
    const Report r = run(okta_files(), {"sp.csv", sp_csv()}, test::kAsOf, &*map);
    EXPECT_TRUE(r.findings.empty()) << name;
    EXPECT_EQ(r.role_unchecked, 1U) << name;  // carol's assignment is individual
  }
}

TEST(ReconcileAgree, HotjarMemberListAgreesWhenEveryAssignedUserIsAMember) {
  const auto files = with_current(without_line(read_data(kCurrent), "grace@acme.test"));
  for (const char* name : {"hotjar-members.csv", "hotjar-members-pasted.tsv", "hotjar-members-aligned.txt"}) {
    EXPECT_TRUE(run(files, fixture(name)).findings.empty()) << name;
  }
}

TEST(ReconcilePlanted, LeaverStillInAfterUnassignment) {
  const auto files = with_current(read_data(kCurrent) + "Ivan Petrov,ivan@acme.test" + kRow +
                                  "ivan@acme.test,2024-02-01T08:00:00.000Z,2024-04-15T16:00:00.000Z,,,Group,"
                                  "Hotjar Editors\r\n");
  const Report r = run(files, {"sp.csv", sp_csv() + "member,ivan@acme.test,read_write,active,,2024-02-01T09:00:00Z,\r\n"});
  const Finding& f = only(r);
  EXPECT_EQ(f.kind, FindingKind::member_without_assignment);
  EXPECT_EQ(f.subject, "ivan@acme.test");
  EXPECT_EQ(f.confidence, Confidence::certain);
  EXPECT_EQ(f.step, Step::leave_remove_member_in_hotjar);
  EXPECT_EQ(f.days_since_unassigned, 49);
  EXPECT_EQ(f.sp_role, Role::read_write);
  ASSERT_EQ(f.evidence.size(), 2U);  // the SP row and the report row
  EXPECT_EQ(f.evidence[0].at.text(), "sp.csv:7");
  EXPECT_EQ(f.evidence[1].at.text(), std::string(kCurrent) + ":8");
  EXPECT_NE(f.summary.find("[H2]"), std::string::npos);
}

TEST(ReconcilePlanted, DeactivatedLeaverIsNamedWithItsAge) {
  const Report r = run(okta_files(), {"sp.csv", sp_csv() + "member,henry@acme.test,read_only,active,,,\r\n"});
  const Finding& f = only(r);
  EXPECT_EQ(f.kind, FindingKind::member_without_assignment);
  EXPECT_EQ(f.okta_status, OktaStatus::deprovisioned);
  EXPECT_EQ(f.days_since_unassigned, 94);  // 2024-03-01 to 2024-06-03
  EXPECT_NE(f.summary.find("[O18][O19]"), std::string::npos);
  EXPECT_EQ(f.evidence.size(), 4U);  // SP, report row, unassignment row, user list
}

TEST(ReconcilePlanted, MemberUnknownToOkta) {
  const Report r = run(okta_files(), {"sp.csv", sp_csv() + "member,zoe@contractor.test,admin,active,,,\r\n"});
  const Finding& f = only(r);
  EXPECT_EQ(f.kind, FindingKind::member_without_assignment);
  EXPECT_FALSE(f.days_since_unassigned.has_value());
  EXPECT_EQ(f.evidence.size(), 1U);
}

TEST(ReconcilePlanted, PendingInvitationOfADeactivatedUser) {
  const Report r = run(okta_files(), {"sp.csv", sp_csv() + "invitation,henry@acme.test,read_only,pending,"
                                                           "carol@acme.test,2024-06-01T09:00:00Z,2024-06-08T09:00:00Z\r\n"});
  const Finding& f = only(r);
  EXPECT_EQ(f.kind, FindingKind::invitation_without_assignment);
  EXPECT_EQ(f.subject, "henry@acme.test");
  EXPECT_EQ(f.step, Step::leave_revoke_pending_invitation);
  EXPECT_EQ(r.invitations, 2U);
}

TEST(ReconcilePlanted, JoinerLockedOut) {
  const Report r = run(okta_files(), {"sp.csv", without_line(sp_csv(), "dave@acme.test")});
  const Finding& f = only(r);
  EXPECT_EQ(f.kind, FindingKind::assignment_without_access);
  EXPECT_EQ(f.subject, "dave@acme.test");
  EXPECT_EQ(f.confidence, Confidence::certain);
  EXPECT_EQ(f.step, Step::join_send_invitation);
}

TEST(ReconcilePlanted, ASuspendedUserWithoutAccessIsNoJoinerLockedOut) {
  // Suspended in Okta: assigned still, but cannot sign in to Okta at all [O19].
  auto files = okta_files();
  files[2].text = replaced(files[2].text, "dave@acme.test,ACTIVE", "dave@acme.test,SUSPENDED");
  const Report r = run(files, {"sp.csv", without_line(sp_csv(), "dave@acme.test")});
  EXPECT_TRUE(r.findings.empty()) << r.findings.size() << " finding(s), first: "
                                  << (r.findings.empty() ? "" : r.findings[0].subject);
  // and active again, the same roster is a joiner locked out
  EXPECT_EQ(only(run(okta_files(), {"sp.csv", without_line(sp_csv(), "dave@acme.test")})).subject, "dave@acme.test");
}

TEST(ReconcilePlanted, JoinerFromHotjarsListIsOnlyPossible) {
  // grace is invited, which Hotjar's member list cannot show [H2].
  const Report r = run(okta_files(), fixture("hotjar-members-pasted.tsv"));
  const Finding& f = only(r);
  EXPECT_EQ(f.kind, FindingKind::assignment_without_access);
  EXPECT_EQ(f.subject, "grace@acme.test");
  EXPECT_EQ(f.confidence, Confidence::possible);
}

TEST(ReconcilePlanted, AccountOwnerUnassigned) {
  const auto files = with_current(replaced(read_data(kCurrent), "carol@acme.test,2024-01-08T09:12:44.000Z,,",
                                           "carol@acme.test,2024-01-08T09:12:44.000Z,2024-05-20T10:00:00.000Z,"));
  const Report r = run(files, {"sp.csv", sp_csv()});
  const Finding& f = only(r);  // not also a leaver
  EXPECT_EQ(f.kind, FindingKind::owner_idp_status);
  EXPECT_EQ(f.subject, "carol@acme.test");
  EXPECT_EQ(f.confidence, Confidence::certain);
  EXPECT_EQ(f.step, Step::owner_leaves_transfer_ownership_via_support);
  EXPECT_EQ(f.days_since_unassigned, 14);
  ASSERT_EQ(r.owners.size(), 1U);
  EXPECT_EQ(r.owners[0].state.rfind("no active assignment", 0), 0U);
}

TEST(ReconcilePlanted, AccountOwnerSuspendedIsPossible) {
  auto files = okta_files();
  files[2].text = replaced(files[2].text, "carol@acme.test,ACTIVE", "carol@acme.test,SUSPENDED");
  const Finding& f = only(run(files, {"sp.csv", sp_csv()}));
  EXPECT_EQ(f.kind, FindingKind::owner_idp_status);
  EXPECT_EQ(f.confidence, Confidence::possible);
  EXPECT_EQ(f.okta_status, OktaStatus::suspended);
}

TEST(ReconcilePlanted, RoleDriftOfAMember) {
  auto map = load_role_map(test::data_path("role-map.yaml"));
  ASSERT_TRUE(map.ok());
  const auto sp = replaced(sp_csv(), "member,frank@acme.test,read_only,", "member,frank@acme.test,admin,");
  const Finding& f = only(run(okta_files(), {"sp.csv", sp}, test::kAsOf, &*map));
  EXPECT_EQ(f.kind, FindingKind::role_drift);
  EXPECT_EQ(f.subject, "frank@acme.test");
  EXPECT_EQ(f.sp_role, Role::admin);
  EXPECT_EQ(f.expected_role, Role::read_only);
  EXPECT_EQ(f.group, "Hotjar Viewers");
  EXPECT_EQ(f.step, Step::role_change_set_role_in_hotjar);
  // Without the role map the same rosters agree.
  EXPECT_TRUE(run(okta_files(), {"sp.csv", sp}).findings.empty());
}

TEST(ReconcilePlanted, RoleDriftOfAnInvitation) {
  auto map = load_role_map(test::data_path("role-map.csv"));
  ASSERT_TRUE(map.ok());
  const auto sp = replaced(sp_csv(), "invitation,grace@acme.test,read_write,", "invitation,grace@acme.test,read_only,");
  const Finding& f = only(run(okta_files(), {"sp.csv", sp}, test::kAsOf, &*map));
  EXPECT_EQ(f.kind, FindingKind::role_drift);
  EXPECT_EQ(f.expected_role, Role::read_write);
  EXPECT_EQ(f.step, Step::role_change_reinvite_with_expected_role);
}

TEST(ReconcileRoleMap, TheHighestMappedGroupDecidesAndTheOwnerNeverDrifts) {
  auto map = load_role_map(test::data_path("role-map.yaml"));
  ASSERT_TRUE(map.ok());
  // erin is also in Hotjar Admins: expected admin, she is read_write.
  const auto two_groups = with_current(read_data(kCurrent) + "\"O'Neil, Erin\",erin@acme.test" + kRow +
                                       "erin@acme.test,2024-05-02T10:00:00.000Z,,,,Group,Hotjar Admins\r\n" +
                                       "Carol Owner,carol@acme.test" + kRow +
                                       "carol@acme.test,2024-05-02T10:00:00.000Z,,,,Group,Hotjar Viewers\r\n");
  const Finding& f = only(run(two_groups, {"sp.csv", sp_csv()}, test::kAsOf, &*map));
  EXPECT_EQ(f.subject, "erin@acme.test");
  EXPECT_EQ(f.expected_role, Role::admin);
  EXPECT_EQ(f.group, "Hotjar Admins");
}

TEST(ReconcilePlanted, EmailDriftWhenOktaLoginDiffersFromApplicationLogin) {
  auto files = with_current(replaced(read_data(kCurrent), "\"O'Neil, Erin\",erin@acme.test,",
                                     "\"O'Neil, Erin\",erin.oneil@acme.test,"));
  const Finding& f = only(run(files, {"sp.csv", sp_csv()}));
  EXPECT_EQ(f.kind, FindingKind::email_drift);
  EXPECT_EQ(f.subject, "erin@acme.test");
  EXPECT_EQ(f.okta_login, "erin.oneil@acme.test");
  EXPECT_EQ(f.app_login, "erin@acme.test");
  EXPECT_EQ(f.confidence, Confidence::certain);
  EXPECT_EQ(f.step, Step::email_change_update_member_email);
}

TEST(ReconcilePlanted, EmailDriftWhenTheSpHoldsTheOktaLogin) {
  auto files = with_current(replaced(read_data(kCurrent), "\"O'Neil, Erin\",erin@acme.test,",
                                     "\"O'Neil, Erin\",erin.new@acme.test,"));
  const auto sp = replaced(sp_csv(), "member,erin@acme.test,", "member,Erin.New@acme.test,");
  const Finding& f = only(run(files, {"sp.csv", sp}));  // neither a leaver nor a locked-out joiner
  EXPECT_EQ(f.kind, FindingKind::email_drift);
  EXPECT_EQ(f.subject, "Erin.New@acme.test");
  EXPECT_EQ(f.app_login, "erin@acme.test");
}

TEST(ReconcilePlanted, PossibleEmailDriftByNameOnly) {
  const auto files = with_current(without_line(read_data(kCurrent), "grace@acme.test"));
  const auto hotjar = replaced(read_data("hotjar-members-pasted.tsv"), "erin@acme.test", "erin.old@acme.test");
  const Finding& f = only(run(files, {"hj.tsv", hotjar}));
  EXPECT_EQ(f.kind, FindingKind::possible_email_drift);
  EXPECT_EQ(f.subject, "erin.old@acme.test");
  EXPECT_EQ(f.app_login, "erin@acme.test");
  EXPECT_EQ(f.name, "O'Neil, Erin");
  EXPECT_EQ(f.confidence, Confidence::possible);
  EXPECT_EQ(f.step, Step::email_change_confirm_identity);
}

TEST(ReconcilePlanted, NoNameMatchWhenTwoAssignedUsersShareTheName) {
  const auto files = with_current(without_line(read_data(kCurrent), "grace@acme.test") + "\"O'Neil, Erin\",erin2@acme.test" +
                                  kRow + "erin2@acme.test,2024-05-02T10:00:00.000Z,,,,Group,Hotjar Viewers\r\n");
  const auto hotjar = replaced(read_data("hotjar-members-pasted.tsv"), "erin@acme.test", "erin.old@acme.test");
  const Report r = run(files, {"hj.tsv", hotjar});
  for (const auto& f : r.findings) EXPECT_NE(f.kind, FindingKind::possible_email_drift);
  ASSERT_EQ(r.findings.size(), 3U);  // erin.old is a leaver; erin and erin2 are not on the list
  EXPECT_EQ(r.findings[0].kind, FindingKind::member_without_assignment);
  EXPECT_EQ(r.findings[0].subject, "erin.old@acme.test");
}

TEST(ReconcileAsOf, AssignedOnTheAsOfDateIsActive) {
  const auto files = with_current(read_data(kCurrent) + "Ken Adams,ken@acme.test" + kRow +
                                  "ken@acme.test,2024-06-03T08:30:00.000Z,,,,Group,Hotjar Viewers\r\n");
  const Finding& f = only(run(files, {"sp.csv", sp_csv()}, day("2024-06-03")));
  EXPECT_EQ(f.kind, FindingKind::assignment_without_access);
  EXPECT_EQ(f.subject, "ken@acme.test");
  // The day before, the assignment has not started: nothing is missing.
  EXPECT_TRUE(run(files, {"sp.csv", sp_csv()}, day("2024-06-02")).findings.empty());
}

TEST(ReconcileAsOf, UnassignedTheDayBeforeIsGone) {
  const std::string sp = sp_csv() + "member,ivan@acme.test,read_write,active,,,\r\n";
  const auto gone = with_current(read_data(kCurrent) + "Ivan Petrov,ivan@acme.test" + kRow +
                                 "ivan@acme.test,2024-02-01T08:00:00.000Z,2024-06-02T16:00:00.000Z,,,Group,x\r\n");
  const Finding& f = only(run(gone, {"sp.csv", sp}, day("2024-06-03")));
  EXPECT_EQ(f.kind, FindingKind::member_without_assignment);
  EXPECT_EQ(f.days_since_unassigned, 1);
  // Unassigned late on the 3rd in California is the 4th in UTC: still assigned at the end of the 3rd.
  const auto later = with_current(read_data(kCurrent) + "Ivan Petrov,ivan@acme.test" + kRow +
                                  "ivan@acme.test,2024-02-01T08:00:00.000Z,2024-06-03T23:30:00-08:00,,,Group,x\r\n");
  EXPECT_TRUE(run(later, {"sp.csv", sp}, day("2024-06-03")).findings.empty());
}

TEST(ReconcileAsOf, AnInvitationLapsedByTheAsOfDateGivesNoWayIn) {
  const auto sp = replaced(sp_csv(), "2024-06-06T15:00:00Z", "2024-06-03T12:00:00Z");
  const Report r = run(okta_files(), {"sp.csv", sp});
  const Finding& f = only(r);
  EXPECT_EQ(f.kind, FindingKind::assignment_without_access);
  EXPECT_EQ(f.subject, "grace@acme.test");
  EXPECT_EQ(r.lapsed_invitations, 1U);
  EXPECT_TRUE(run(okta_files(), {"sp.csv", sp}, day("2024-06-02")).findings.empty());
}

TEST(ReconcileIdp, RecentUnassignmentEndsAnEarlierAssignmentUnlessReassigned) {
  auto files = okta_files();
  const std::string dave_gone =
      "Dávid Kovács,dave@acme.test,dave@acme.test,00u1d4ve,2024-05-01T09:00:00.000Z,Unassigned\r\n";
  files[1].text += dave_gone;
  const Finding& f = only(run(files, {"sp.csv", sp_csv()}));
  EXPECT_EQ(f.kind, FindingKind::member_without_assignment);
  EXPECT_EQ(f.subject, "dave@acme.test");
  files[1].text = replaced(files[1].text, dave_gone, replaced(dave_gone, "Unassigned", "Assigned"));
  EXPECT_TRUE(run(files, {"sp.csv", sp_csv()}).findings.empty());
}

TEST(ReconcileIdp, DeactivationOverridesAStaleAssignmentRow) {
  auto files = okta_files();
  files[2].text = replaced(files[2].text, "frank@acme.test,ACTIVE", "frank@acme.test,DEPROVISIONED");
  const Finding& f = only(run(files, {"sp.csv", sp_csv()}));
  EXPECT_EQ(f.kind, FindingKind::member_without_assignment);
  EXPECT_EQ(f.subject, "frank@acme.test");
  EXPECT_EQ(f.okta_status, OktaStatus::deprovisioned);
}

TEST(ReconcileIdp, EmailsCompareIgnoringAsciiCaseOnly) {
  const auto upper = replaced(sp_csv(), "member,dave@acme.test,", "member,DAVE@Acme.TEST,");
  EXPECT_TRUE(run(okta_files(), {"sp.csv", upper}).findings.empty());
  // A non-ASCII letter is not folded: DÁVE is not dáve.
  auto files = with_current(replaced(replaced(read_data(kCurrent), "Kovács,dave@acme.test,", "Kovács,dáve@acme.test,"),
                                     "EU)\",dave@acme.test,", "EU)\",dáve@acme.test,"));
  const auto sp = replaced(sp_csv(), "member,dave@acme.test,", "member,DÁVE@acme.test,");
  const Report r = run(files, {"sp.csv", sp});
  ASSERT_EQ(r.findings.size(), 2U);
  EXPECT_EQ(r.findings[0].kind, FindingKind::member_without_assignment);
  EXPECT_EQ(r.findings[1].kind, FindingKind::assignment_without_access);
}

TEST(ReconcileDrift, TheDriftedTenantHasExactlyItsFivePlantedFindings) {
  auto map = load_role_map(test::data_path("role-map.yaml"));
  ASSERT_TRUE(map.ok());
  const Report r = run({fixture("drift/okta-current-assignments.csv"), fixture("okta-recent-unassignments.csv"),
                        fixture("drift/okta-user-list.csv")},
                       fixture("drift/sp-roster-acme.csv"), test::kAsOf, &*map);
  std::vector<std::pair<FindingKind, std::string>> got;
  for (const auto& f : r.findings) got.emplace_back(f.kind, f.subject);
  const std::vector<std::pair<FindingKind, std::string>> want{
      {FindingKind::member_without_assignment, "ivan@acme.test"},
      {FindingKind::invitation_without_assignment, "judy@acme.test"},
      {FindingKind::assignment_without_access, "ken@acme.test"},
      {FindingKind::role_drift, "frank@acme.test"},
      {FindingKind::email_drift, "erin@acme.test"},
  };
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace samlh::harness::reconcile
