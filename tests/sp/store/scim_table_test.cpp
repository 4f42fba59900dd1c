// Schema step 8: the what-if SCIM endpoint's resources (issue 20; not a
// Hotjar feature, E.4), per organization and kind, in creation order, with
// a unique name per kind and replace-by-id.
#include <gtest/gtest.h>

#include "sp/store/store.hpp"

namespace samlh::sp {
namespace {

TEST(StoreScim, ResourcesArePerOrgAndKindInCreationOrderWithUniqueNames) {
  auto s = Store::open(":memory:");
  ASSERT_TRUE(s.ok());
  auto db = (*s)->lock();
  const AccountId acct = db->insert_account(Account{0, "a", "carol@acme.test", {}});
  Organization o;
  o.account_id = acct;
  o.slug = "acme";
  o.name = "acme";
  const OrgId acme = db->insert_org(o);
  o.slug = "other";
  const OrgId other = db->insert_org(o);
  db->put_scim_resource(acme, "User", "u2", "zed@acme.test", R"({"id":"u2"})");
  db->put_scim_resource(acme, "User", "u1", "amy@acme.test", R"({"id":"u1"})");
  db->put_scim_resource(acme, "Group", "g1", "amy@acme.test", R"({"id":"g1"})");  // another kind: no clash
  EXPECT_EQ(db->scim_resources(acme, "User"), (std::vector<std::string>{R"({"id":"u2"})", R"({"id":"u1"})"}));
  EXPECT_TRUE(db->scim_resources(other, "User").empty());
  EXPECT_TRUE(db->scim_name_taken(acme, "User", "amy@acme.test", "u2"));
  EXPECT_FALSE(db->scim_name_taken(acme, "User", "amy@acme.test", "u1"));
  EXPECT_FALSE(db->scim_name_taken(other, "User", "amy@acme.test", ""));
  EXPECT_THROW(db->put_scim_resource(acme, "User", "u3", "amy@acme.test", "{}"), sql::Error);
  db->put_scim_resource(acme, "User", "u1", "amy.new@acme.test", R"({"id":"u1","v":2})");  // replace by id
  EXPECT_EQ(*db->scim_resource(acme, "User", "u1"), R"({"id":"u1","v":2})");
  EXPECT_EQ(db->scim_resources(acme, "User").size(), 2u);
  db->delete_scim_resource(acme, "User", "u1");
  EXPECT_FALSE(db->scim_resource(acme, "User", "u1"));
  EXPECT_THROW(db->put_scim_resource(acme, "Team", "t", "t", "{}"), sql::Error);  // CHECK(kind)
}

}  // namespace
}  // namespace samlh::sp
