// The store's browser-bound requests: single use, schema step 3 over an
// older database.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "sp/store/store.hpp"
#include "tests/sp/temp_dir.hpp"

namespace samlh::sp {
namespace {

core::Instant t0() { return *core::parse_saml_time("2026-03-01T12:00:00Z"); }

TEST(StoreRequests, TakeIsSingleUse) {
  auto s = Store::open(":memory:");
  ASSERT_TRUE(s.ok());
  auto db = (*s)->lock();
  const AccountId a = db->insert_account(Account{0, "A", "o@a.test", t0()});
  Organization o;
  o.account_id = a;
  o.slug = "a";
  const OrgId org = db->insert_org(o);
  db->insert_authn_request({"_r1", org, "b1", "/app", std::string("tok"), t0(), t0() + std::chrono::minutes{10}, {}});
  auto first = db->take_authn_request("b1", t0());
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->used);
  EXPECT_EQ(first->invitation_token, "tok");
  auto second = db->take_authn_request("b1", t0());
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->used);
  EXPECT_FALSE(db->take_authn_request("other", t0()));
  EXPECT_EQ(db->purge_authn_requests(t0() + std::chrono::hours{1}), 1u);
}

TEST(StoreRequests, SchemaStep3KeepsOlderDataWithDefaults) {
  testing::TempDir dir;
  const std::string path = dir.file("sp.db");
  {
    StoreOptions o;
    o.migrate_to = 2;
    auto s = Store::open(path, o);
    ASSERT_TRUE(s.ok());
    auto db = (*s)->lock();
    const AccountId a = db->insert_account(Account{0, "A", "o@a.test", t0()});
    db->db().query("INSERT INTO organizations(account_id, slug, name, created_ms) VALUES(?, 'old', 'Old', 0)").bind(a).run();
    db->db().exec(
        "INSERT INTO sso_settings(org_id, idp_entity_id, idp_sso_url, idp_certificates, sp_entity_id, acs_url, "
        "sso_enabled, sso_enforced, idp_initiated_allowed, allowed_email_domains, session_lifetime_ms, "
        "invitation_ttl_ms, accept_invitation_on_any_sso_login, email_attribute_names, role_attribute_names, "
        "idp_team_group) SELECT id, 'urn:idp', 'https://idp/sso', '[]', 'urn:sp', 'https://sp/acs', 1, 0, 1, '[]', "
        "1000, 1000, 0, '[]', '[]', '' FROM organizations");
  }
  auto s = Store::open(path);
  ASSERT_TRUE(s.ok());
  auto db = (*s)->lock();
  EXPECT_EQ(db->schema_version(), Store::latest_schema_version());
  auto o = db->org_by_slug("old");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->sso.idp_sso_url, "https://idp/sso");
  EXPECT_EQ(o->sso.authn_request_binding, RequestBinding::redirect);
  EXPECT_FALSE(o->sso.sign_authn_requests);
  EXPECT_TRUE(o->sso.sp_private_key.empty());
}

}  // namespace
}  // namespace samlh::sp
