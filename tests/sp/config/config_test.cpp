// The YAML configuration: the example, strictness, seeding a new database only.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "sp/config/config.hpp"
#include "tests/sp/temp_dir.hpp"

namespace samlh::sp {
namespace {

using namespace std::chrono_literals;

const std::filesystem::path kExamples = std::filesystem::path(SAMLH_SOURCE_DIR) / "sp" / "examples";

SpConfig parse(const std::string& yaml) { return parse_config(yaml, kExamples, "test.yaml"); }

std::string error_of(const std::string& yaml) {
  try {
    parse(yaml);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Config, ExampleDescribesTheAcmeCast) {
  const SpConfig cfg = load_config(kExamples / "acme.yaml");
  ASSERT_EQ(cfg.accounts.size(), 1u);
  const AccountSeed& a = cfg.accounts[0];
  EXPECT_EQ(a.owner, "carol@acme.test");
  ASSERT_EQ(a.organizations.size(), 2u);
  const OrgSeed& acme = a.organizations[0];
  EXPECT_EQ(acme.slug, "acme");
  EXPECT_EQ(acme.sso.idp_entity_id, "http://www.okta.com/exk1acmeH0tjar5Sx0h7");
  EXPECT_EQ(acme.sso.idp_sso_url, "http://127.0.0.1:7000/app/acme_hotjar_1/exk1acmeH0tjar5Sx0h7/sso/saml");
  EXPECT_EQ(acme.sso.sp_entity_id, "http://127.0.0.1:8081/sso/acme/metadata");
  EXPECT_EQ(acme.sso.acs_url, "http://127.0.0.1:8081/sso/acme/acs");
  ASSERT_EQ(acme.sso.idp_certificates.size(), 1u);
  EXPECT_EQ(acme.sso.idp_certificates[0].rfind("-----BEGIN CERTIFICATE-----", 0), 0u);
  EXPECT_TRUE(acme.sso.sso_enabled);
  EXPECT_FALSE(acme.sso.sso_enforced);
  EXPECT_TRUE(acme.sso.idp_initiated_allowed);
  EXPECT_TRUE(acme.sso.allowed_email_domains.empty());
  ASSERT_EQ(acme.members.size(), 3u);
  EXPECT_EQ(acme.members[2].email, "dave@acme.test");
  EXPECT_EQ(acme.members[2].role, Role::read_only);
  ASSERT_EQ(acme.invitations.size(), 1u);
  EXPECT_EQ(acme.invitations[0].email, "bob@acme.test");
  EXPECT_EQ(acme.invitations[0].role, Role::read_write);
  EXPECT_EQ(acme.invitations[0].inviter, "alice@acme.test");
  EXPECT_EQ(a.organizations[1].slug, "acme-marketing");
  EXPECT_EQ(a.organizations[1].members[0].role, Role::account_owner);
  EXPECT_EQ(cfg.admin_tokens.size(), 2u);
  EXPECT_EQ(cfg.password_accounts.size(), 2u);
}

TEST(Config, UnknownTopLevelKeyNamesFileLineAndKey) {
  const std::string e = error_of("accounts: []\nsurprise: 1\n");
  EXPECT_NE(e.find("test.yaml:2:"), std::string::npos) << e;
  EXPECT_NE(e.find("'surprise'"), std::string::npos) << e;
}

TEST(Config, UnknownNestedKeyNamesFileLineAndKey) {
  const std::string e = error_of(R"(accounts:
  - owner: carol@acme.test
    organizations:
      - slug: acme
        sso:
          sso_enabled: false
          enforce_sso: true
)");
  EXPECT_NE(e.find("test.yaml:7:"), std::string::npos) << e;
  EXPECT_NE(e.find("'enforce_sso'"), std::string::npos) << e;
}

TEST(Config, ValidationAllow3desIsReadAndStrictByDefault) {
  const std::string head = "accounts:\n  - owner: carol@acme.test\n    organizations:\n      - slug: acme\n";
  const SpConfig on = parse(head + "        sso: {validation: {allow_3des: true}}\n");
  EXPECT_TRUE(on.accounts.at(0).organizations.at(0).sso.validation.allow_3des);
  EXPECT_TRUE(settings_for(on.accounts.at(0).organizations.at(0).sso.validation).allow_3des);
  const SpConfig off = parse(head + "        sso: {validation: {allow_sha1: false}}\n");
  EXPECT_FALSE(off.accounts.at(0).organizations.at(0).sso.validation.allow_3des);
  EXPECT_NE(error_of(head + "        sso: {validation: {allow_3des: maybe}}\n").find("allow_3des"), std::string::npos);
  // As stored: the JSON round trip keeps it.
  EXPECT_TRUE(validation_policy_from_json(validation_policy_to_json(on.accounts.at(0).organizations.at(0).sso.validation))
                  .allow_3des);
}

TEST(Config, RepeatedKeyIsAnError) {
  EXPECT_NE(error_of("accounts: []\naccounts: []\n").find("repeated"), std::string::npos);
}

TEST(Config, WrongTypesAreErrors) {
  EXPECT_NE(error_of("accounts: {}\n").find("must be a list"), std::string::npos);
  const std::string e = error_of(R"(accounts:
  - owner: carol@acme.test
    organizations:
      - slug: acme
        sso: {sso_enforced: maybe}
)");
  EXPECT_NE(e.find("true or false"), std::string::npos) << e;
}

TEST(Config, RulesAreCheckedAtLoad) {
  const std::string head = "accounts:\n  - owner: carol@acme.test\n    organizations:\n      - slug: acme\n";
  EXPECT_NE(error_of(head + "        members: [{email: alice@acme.test, role: account_owner}]\n").find("account owner"),
            std::string::npos);
  EXPECT_NE(error_of(head + "        members: [{email: alice@acme.test, role: boss}]\n").find("role must be"),
            std::string::npos);
  EXPECT_NE(error_of(head + "        members: [{email: alice@acme.test, role: read_only}]\n"
                            "        invitations: [{email: bob@acme.test, role: read_only, inviter: alice@acme.test}]\n")
                .find("inviter"),
            std::string::npos);
  EXPECT_NE(error_of(head + "        invitations: [{email: bob@acme.test, role: account_owner, inviter: carol@acme.test}]\n")
                .find("account_owner"),
            std::string::npos);
  EXPECT_NE(error_of(head + "        members: [{email: \"al ice@acme.test\", role: admin}]\n").find("not a valid email"),
            std::string::npos);
  EXPECT_NE(error_of(head + "        sso: {sso_enabled: true}\n").find("sso_enabled needs"), std::string::npos);
  EXPECT_NE(error_of(head + "        sso: {idp_certificates: [nope.crt]}\n").find("cannot read certificate"),
            std::string::npos);
  for (const char* bad : {"forever", "0s", "-5m", "7"}) {
    EXPECT_NE(error_of(head + "        sso: {session_lifetime: " + bad + "}\n").find("positive duration"), std::string::npos)
        << bad;
  }
  EXPECT_NE(error_of(head + "      - slug: acme\n").find("slug used twice"), std::string::npos);
  EXPECT_NE(error_of(head + "      - slug: Acme!\n").find("slug must be"), std::string::npos);
  EXPECT_NE(error_of("password_accounts: [{email: a@acme.test}]\n").find("exactly one"), std::string::npos);
  EXPECT_NE(error_of("admin_tokens: [{email: a@acme.test, token: short}]\n").find("16 characters"), std::string::npos);
}

TEST(Config, NumericValuesAreRangeCheckedWithFileLineAndKey) {
  // Issue 17 item 7: the SP configuration's numbers are its two durations.
  const std::string head = "accounts:\n  - owner: carol@acme.test\n    organizations:\n      - slug: acme\n";
  for (const char* key : {"session_lifetime", "invitation_ttl"}) {
    const std::string e = error_of(head + "        sso: {" + key + ": 366d}\n");
    EXPECT_NE(e.find(":5:"), std::string::npos) << e;
    EXPECT_NE(e.find(std::string("'") + key + "' must be from 1s to 365d, not 366d"), std::string::npos) << e;
    EXPECT_NE(error_of(head + "        sso: {" + key + ": 999ms}\n").find("from 1s to 365d"), std::string::npos) << key;
  }
  EXPECT_EQ(error_of(head + "        sso: {session_lifetime: 365d, invitation_ttl: 1s}\n"), "no error");
}

TEST(Config, LimitsDefaultOnAndAreRangeChecked) {
  // Issue 17 items 2, 3, 9: on for a deployment unless the file says otherwise.
  const SpConfig none = parse("admin_tokens: []\n");
  EXPECT_EQ(none.limits.rates.login_per_address.count, RateLimits::deployment().login_per_address.count);
  EXPECT_TRUE(none.limits.rates.login_failures_per_account.on());
  EXPECT_TRUE(none.limits.rates.acs_refusals_per_address.on());
  EXPECT_TRUE(none.limits.rates.sso_requests_per_address.on());
  EXPECT_EQ(none.limits.audit_max_records, kDefaultAuditMaxRecords);

  const SpConfig set = parse(
      "limits:\n  login_per_address: {count: 7, per: 2m}\n  login_failures_per_account: off\n"
      "  acs_refusals_per_address: {count: 0}\n  password_workers: 4\n  password_queue: 9\n  max_connections: 100\n"
      "  audit_max_records: 5000\n");
  EXPECT_EQ(set.limits.rates.login_per_address.count, 7u);
  EXPECT_EQ(set.limits.rates.login_per_address.per, 2min);
  EXPECT_FALSE(set.limits.rates.login_failures_per_account.on());
  EXPECT_FALSE(set.limits.rates.acs_refusals_per_address.on());
  EXPECT_TRUE(set.limits.rates.sso_requests_per_address.on());  // not named: the default
  EXPECT_EQ(set.limits.password_workers, 4);
  EXPECT_EQ(set.limits.password_queue, 9u);
  EXPECT_EQ(set.limits.max_connections, 100u);
  EXPECT_EQ(set.limits.audit_max_records, 5000);

  const std::string e = error_of("limits:\n  password_workers: 65\n");
  EXPECT_NE(e.find(":2:"), std::string::npos) << e;
  EXPECT_NE(e.find("'password_workers' must be from 1 to 64, not 65"), std::string::npos) << e;
  EXPECT_NE(error_of("limits:\n  login_per_address: {count: -1}\n").find("'count' must be from 0"), std::string::npos);
  EXPECT_NE(error_of("limits:\n  login_per_address: {count: 3, per: 2d}\n").find("'per' must be from 1s to"),
            std::string::npos);
  EXPECT_NE(error_of("limits:\n  login_per_address: never\n").find("must be off or"), std::string::npos);
  EXPECT_NE(error_of("limits:\n  max_connections: 3\n").find("at least 8"), std::string::npos);
  EXPECT_NE(error_of("limits:\n  password_queue: 0\n").find("'password_queue' must be from 1"), std::string::npos);
  EXPECT_NE(error_of("limits:\n  burst: 3\n").find("burst"), std::string::npos);
  const std::string cap = error_of("limits:\n  max_connections: 100\n  audit_max_records: 999\n");
  EXPECT_NE(cap.find(":3:"), std::string::npos) << cap;
  EXPECT_NE(cap.find("'audit_max_records' must be from 1000 to 1000000000, not 999"), std::string::npos) << cap;
  EXPECT_NE(error_of("limits:\n  audit_max_records: 1000000001\n").find("'audit_max_records'"), std::string::npos);
}

TEST(Config, MalformedYamlNamesTheLine) {
  const std::string e = error_of("accounts:\n  - owner: [unclosed\n");
  EXPECT_NE(e.find("test.yaml:"), std::string::npos) << e;
}

TEST(Config, MissingFileIsAnError) { EXPECT_THROW(load_config(kExamples / "nope.yaml"), ConfigError); }

TEST(Config, OwnerIsAddedToEveryOrganizationWhenNotListed) {
  const SpConfig cfg = parse("accounts:\n  - owner: carol@acme.test\n    organizations: [{slug: a}, {slug: b}]\n");
  for (const OrgSeed& o : cfg.accounts[0].organizations) {
    ASSERT_EQ(o.members.size(), 1u);
    EXPECT_EQ(o.members[0].email, "carol@acme.test");
    EXPECT_EQ(o.members[0].role, Role::account_owner);
  }
}

TEST(ConfigSeed, AppliesToANewDatabaseOnlyAndSurvivesRestart) {
  testing::TempDir dir;
  const std::string path = dir.file("sp.db");
  const SpConfig cfg = load_config(kExamples / "acme.yaml");
  core::FixedClock clock(*core::parse_saml_time("2026-03-01T12:00:00Z"));
  SeededTokenSource tokens(1);
  {
    auto store = std::move(Store::open(path)).value();
    auto first = seed_store(*store, cfg, clock, tokens, 1000);
    ASSERT_TRUE(first.ok());
    EXPECT_TRUE(*first);
    auto db = store->lock();
    db->delete_member(db->org_by_slug("acme")->id, "dave@acme.test");  // a change made since
  }
  auto store = std::move(Store::open(path)).value();
  auto second = seed_store(*store, cfg, clock, tokens, 1000);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(*second);
  auto db = store->lock();
  const OrgId acme = db->org_by_slug("acme")->id;
  EXPECT_FALSE(db->member(acme, "dave@acme.test").has_value());  // not re-added
  EXPECT_EQ(db->members(acme).size(), 2u);
  EXPECT_EQ(db->meta("seeded_from"), (kExamples / "acme.yaml").string());
  EXPECT_EQ(db->admin_token_email("alice-admin-token-0123456789abcdef"), "alice@acme.test");
  EXPECT_FALSE(db->admin_token_email("carol-admin-token-0123456789abcdeX").has_value());
  const auto invs = db->invitations(acme, std::string("bob@acme.test"));
  ASSERT_EQ(invs.size(), 1u);
  EXPECT_EQ(invs[0].expires - invs[0].created, std::chrono::days{7});
}

TEST(ConfigSeed, FixedInvitationTokensArePreservedForRepeatableScenarios) {
  const SpConfig cfg = parse(R"(accounts:
  - owner: carol@acme.test
    organizations:
      - slug: acme
        invitations: [{email: bob@acme.test, role: read_write, inviter: carol@acme.test, token: bobs-fixed-token}]
)");
  auto store = std::move(Store::open(":memory:")).value();
  core::FixedClock clock(*core::parse_saml_time("2026-03-01T12:00:00Z"));
  SeededTokenSource tokens(1);
  ASSERT_TRUE(*seed_store(*store, cfg, clock, tokens, 1000));
  auto db = store->lock();
  EXPECT_TRUE(db->invitation(db->org_by_slug("acme")->id, "bobs-fixed-token").has_value());
}

}  // namespace
}  // namespace samlh::sp
