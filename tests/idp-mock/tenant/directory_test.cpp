// Directory: users, groups, assignments (idp-mock/tenant/directory.hpp).
#include <gtest/gtest.h>

#include "idp-mock/tenant/directory.hpp"

using namespace samlh::idp;

namespace {

Directory sample() {
  Directory d;
  for (const char* l : {"a@x", "b@x", "c@x"}) {
    User u;
    u.login = l;
    u.email = l;
    EXPECT_FALSE(d.add_user(u));
  }
  EXPECT_FALSE(d.add_group(Group{"", "Eng", "", {"a@x", "b@x"}}));
  EXPECT_FALSE(d.add_group(Group{"", "hotjar-users", "", {"b@x"}}));
  return d;
}

TEST(Directory, DirectAndGroupAssignment) {
  auto d = sample();
  EXPECT_FALSE(d.assign_user("hotjar", "a@x"));
  EXPECT_FALSE(d.assign_group("hotjar", "hotjar-users"));
  EXPECT_TRUE(d.is_assigned("hotjar", "a@x"));
  EXPECT_TRUE(d.is_assigned("hotjar", "b@x"));
  EXPECT_FALSE(d.is_assigned("hotjar", "c@x"));
  EXPECT_FALSE(d.is_assigned("other", "a@x"));
}

TEST(Directory, LeavingTheGroupUnassigns) {
  auto d = sample();
  ASSERT_FALSE(d.assign_group("hotjar", "hotjar-users"));
  ASSERT_FALSE(d.remove_member("hotjar-users", "b@x"));
  EXPECT_FALSE(d.is_assigned("hotjar", "b@x"));
}

TEST(Directory, GroupsOfIncludesEveryoneFirst) {
  auto d = sample();
  auto g = d.groups_of("b@x");
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(g[0], "Everyone");
  EXPECT_EQ(g[1], "Eng");
  EXPECT_EQ(g[2], "hotjar-users");
  EXPECT_EQ(d.groups_of("b@x", false).size(), 2u);
}

TEST(Directory, EveryoneGroupAssignmentCoversAll) {
  auto d = sample();
  ASSERT_FALSE(d.assign_group("hotjar", "Everyone"));
  EXPECT_TRUE(d.is_assigned("hotjar", "c@x"));
}

TEST(Directory, RenameCarriesAssignmentsAndMemberships) {
  auto d = sample();
  ASSERT_FALSE(d.assign_user("hotjar", "a@x"));
  d.assignments_mut("hotjar").frozen_usernames["a@x"] = "a-frozen";
  ASSERT_FALSE(d.rename_user("a@x", "a2@x"));
  EXPECT_TRUE(d.is_assigned("hotjar", "a2@x"));
  EXPECT_EQ(d.groups_of("a2@x", false), std::vector<std::string>{"Eng"});
  EXPECT_EQ(d.assignments("hotjar")->frozen_usernames.at("a2@x"), "a-frozen");
  EXPECT_EQ(d.rename_user("b@x", "c@x")->status, 409);
}

TEST(Directory, ErrorsNameTheProblem) {
  auto d = sample();
  EXPECT_EQ(d.add_user(User{"", "a@x", "", "", {}, UserStatus::active})->status, 409);
  EXPECT_EQ(d.assign_user("hotjar", "nobody@x")->status, 404);
  EXPECT_EQ(d.assign_group("hotjar", "nogroup")->status, 404);
  EXPECT_EQ(d.set_status("nobody@x", UserStatus::suspended)->status, 404);
  EXPECT_EQ(d.add_group(Group{"", "Everyone", "", {}})->status, 409);
}

// C row 4 [O18][O19]: deactivation removes every assignment, direct or
// through a group, and keeps the group memberships; reactivation restores
// none of them; suspension keeps them all.
TEST(Directory, DeactivationRemovesAssignmentsAndReactivationDoesNotRestoreThem) {
  auto d = sample();
  ASSERT_FALSE(d.assign_user("hotjar", "a@x"));
  ASSERT_FALSE(d.assign_group("hotjar", "hotjar-users"));
  d.assignments_mut("hotjar").frozen_usernames["b@x"] = "b-frozen";
  ASSERT_FALSE(d.set_status("a@x", UserStatus::deactivated));
  ASSERT_FALSE(d.set_status("b@x", UserStatus::deactivated));
  EXPECT_FALSE(d.is_assigned("hotjar", "a@x"));
  EXPECT_FALSE(d.is_assigned("hotjar", "b@x"));
  EXPECT_EQ(d.groups_of("b@x", false), (std::vector<std::string>{"Eng", "hotjar-users"}));  // memberships stay
  EXPECT_EQ(d.assignments("hotjar")->frozen_usernames.count("b@x"), 0u);                  // the app user is gone
  ASSERT_FALSE(d.set_status("a@x", UserStatus::active));
  ASSERT_FALSE(d.set_status("b@x", UserStatus::active));
  EXPECT_FALSE(d.is_assigned("hotjar", "a@x"));
  EXPECT_FALSE(d.is_assigned("hotjar", "b@x"));
  // Reassigned directly, or by joining an assigned group again.
  ASSERT_FALSE(d.assign_user("hotjar", "a@x"));
  EXPECT_TRUE(d.is_assigned("hotjar", "a@x"));
  ASSERT_FALSE(d.remove_member("hotjar-users", "b@x"));
  ASSERT_FALSE(d.add_member("hotjar-users", "b@x"));
  EXPECT_TRUE(d.is_assigned("hotjar", "b@x"));
}

TEST(Directory, SuspensionKeepsAssignments) {
  auto d = sample();
  ASSERT_FALSE(d.assign_group("hotjar", "hotjar-users"));
  ASSERT_FALSE(d.set_status("b@x", UserStatus::suspended));
  EXPECT_TRUE(d.is_assigned("hotjar", "b@x"));
  ASSERT_FALSE(d.set_status("b@x", UserStatus::active));
  EXPECT_TRUE(d.is_assigned("hotjar", "b@x"));
}

TEST(Directory, ADeactivatedUserCannotBeAssigned) {
  auto d = sample();
  ASSERT_FALSE(d.set_status("c@x", UserStatus::deactivated));
  auto e = d.assign_user("hotjar", "c@x");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->status, 400);
  EXPECT_NE(e->message.find("deactivated"), std::string::npos);
  ASSERT_FALSE(d.add_member("hotjar-users", "c@x"));
  ASSERT_FALSE(d.assign_group("hotjar", "hotjar-users"));
  EXPECT_FALSE(d.is_assigned("hotjar", "c@x"));
  ASSERT_FALSE(d.set_status("c@x", UserStatus::active));
  EXPECT_FALSE(d.is_assigned("hotjar", "c@x"));  // joined while deactivated: still needs a new assignment
}

TEST(Directory, StatusSpellingsFollowOkta) {
  EXPECT_EQ(spelling(UserStatus::deactivated), "DEPROVISIONED");
  EXPECT_EQ(user_status_from("deactivated"), UserStatus::deactivated);
  EXPECT_EQ(user_status_from("SUSPENDED"), UserStatus::suspended);
  EXPECT_FALSE(user_status_from("staged"));
}

}  // namespace
