#include <gtest/gtest.h>

#include <string>

#include "sp/model/gaps.hpp"
#include "sp/model/role.hpp"

namespace samlh::sp {
namespace {

// Spellings round-trip in tests/spellings (every table, one test).
TEST(GapTable, EveryGapHasItsSentences) {
  for (Gap g : all_gaps()) {
    EXPECT_FALSE(sentence(g).empty()) << spelling(g);
    EXPECT_EQ(sentence(g).back(), '.') << spelling(g);
    EXPECT_FALSE(when_recorded(g).empty()) << spelling(g);
  }
}

TEST(GapTable, StartsWithTheFourteenCodesOfTheDesignInOrder) {
  const std::vector<std::string> design{"invitation_required",
                                        "invite_not_accepted",
                                        "invitation_expired",
                                        "preprovision_requires_invite",
                                        "idp_role_ignored",
                                        "manual_org_move",
                                        "orphaned_membership_after_idp_deactivation",
                                        "session_outlives_idp_deactivation",
                                        "nameid_email_drift",
                                        "stale_role_on_rehire",
                                        "single_owner_dependency",
                                        "shadow_account_via_self_signup",
                                        "password_login_bypasses_sso",
                                        "no_2fa_for_sso_users"};
  ASSERT_GE(all_gaps().size(), design.size());
  for (std::size_t i = 0; i < design.size(); ++i) EXPECT_EQ(spelling(all_gaps()[i]), design[i]);
  // The one documented addition (gaps.hpp).
  EXPECT_EQ(all_gaps().size(), design.size() + 1);
  EXPECT_TRUE(gap_from_spelling("invitation_outlives_idp_deactivation").has_value());
}

TEST(GapTable, JsonRoundTrip) {
  const std::vector<Gap> v{Gap::invitation_required, Gap::no_2fa_for_sso_users};
  EXPECT_EQ(gaps_to_json(v), R"(["invitation_required","no_2fa_for_sso_users"])");
  EXPECT_EQ(gaps_from_json(gaps_to_json(v)), v);
  EXPECT_TRUE(gaps_from_json("not json").empty());
}

TEST(Roles, SpellingsAndHotjarDisplayNames) {
  EXPECT_EQ(display_name(Role::account_owner), "Account Owner");
  EXPECT_EQ(display_name(Role::admin), "Admin");
  EXPECT_EQ(display_name(Role::read_write), "Read & Write");
  EXPECT_EQ(display_name(Role::read_only), "Read Only");
  for (Role r : all_roles()) EXPECT_EQ(role_from_spelling(spelling(r)), r);
  EXPECT_FALSE(role_from_spelling("Admin").has_value());  // spellings, not display names
}

TEST(Roles, OnlyAdminAndOwnerManageMembersAndOwnerIsNeverInvitable) {
  EXPECT_TRUE(can_manage_members(Role::account_owner));
  EXPECT_TRUE(can_manage_members(Role::admin));
  EXPECT_FALSE(can_manage_members(Role::read_write));
  EXPECT_FALSE(can_manage_members(Role::read_only));
  EXPECT_FALSE(invitable(Role::account_owner));
  EXPECT_TRUE(invitable(Role::admin));
  EXPECT_TRUE(invitable(Role::read_write));
  EXPECT_TRUE(invitable(Role::read_only));
}

}  // namespace
}  // namespace samlh::sp
