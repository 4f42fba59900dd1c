// What the harness's worlds are built from: every assumption's settings are
// keys the real SP and IdP loaders accept, for every answer (no hand list:
// the answers come from the claims table, the configurations are the ones a
// World loads); and the harness's auditor reads the SP's audit log and
// roster, may change nothing, and outlives every member a story removes.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/scenario/claims.hpp"
#include "harness/world/world.hpp"
#include "idp-mock/tenant/config.hpp"
#include "sp/config/config.hpp"

namespace samlh::harness {
namespace {

using nlohmann::json;

const std::string kRoot = SAMLH_SOURCE_DIR;
const std::string kSpPath = kRoot + "/sp/examples/acme.yaml";
const std::string kIdpPath = kRoot + "/idp-mock/examples/acme.yaml";

Scenario plain() {
  return parse_scenario("kind: format\nname: t\ntitle: t\nuser: alice@acme.test\nexpect: {outcome: accepted}\n",
                        "t.yaml");
}

void load_sp(const json& sso) {
  (void)sp::parse_config(sp_config_text(kSpPath, plain(), sso), std::filesystem::path(kSpPath).parent_path(),
                         "world_config_test");
}

void load_idp(const json& settings) {
  (void)idp::parse_config(idp_config_text(kIdpPath, plain(), settings),
                          idp::SettingsSource{kIdpPath, std::filesystem::path(kIdpPath).parent_path()});
}

TEST(AssumptionSettings, EveryAnswerLoadsThroughTheRealLoaders) {
  std::size_t values = 0;
  for (const Assumption& a : claims().assumptions) {
    ASSERT_GE(a.values.size(), 2u) << a.key;
    for (const AssumptionValue& v : a.values) {
      SCOPED_TRACE(a.key + "=" + v.name);
      EXPECT_FALSE(v.sp.empty() && v.idp.empty()) << "an answer that sets nothing";
      EXPECT_NO_THROW(load_sp(v.sp));
      EXPECT_NO_THROW(load_idp(v.idp));
      // As `harness run --assume KEY=VALUE` does: a World under that answer.
      WorldOptions o;
      o.root = kRoot;
      o.assumed = assumed_with(claims(), {{a.key, v.name}});
      EXPECT_NO_THROW(World(plain(), o));
      ++values;
    }
  }
  EXPECT_GE(values, 14u);
}

TEST(AssumptionSettings, AKeyTheLoadersDoNotHaveIsRefused) {
  // The loaders are strict: the test above could fail. Each key of each
  // answer, misspelt, is a load error.
  for (const Assumption& a : claims().assumptions) {
    for (const AssumptionValue& v : a.values) {
      for (const auto& [k, x] : v.sp.items()) {
        EXPECT_THROW(load_sp(json{{k + "_x", x}}), std::exception) << "SP " << k;
      }
      for (const auto& [k, x] : v.idp.items()) {
        EXPECT_THROW(load_idp(json{{k + "_x", x}}), std::exception) << "IdP " << k;
      }
    }
  }
}

TEST(AssumptionSettings, AnAnswerIsAppliedToTheConfigurationAWorldLoads) {
  // session_lifetime=30d: the SP text a World loads carries it; at the
  // default it carries the default file's value.
  const json flipped = flipped_settings(assumed_with(claims(), {{"session_lifetime", "30d"}}), "sp");
  EXPECT_EQ(flipped, (json{{"session_lifetime", "30d"}}));
  EXPECT_NE(sp_config_text(kSpPath, plain(), flipped).find("session_lifetime: 30d"), std::string::npos);
  EXPECT_TRUE(flipped_settings(assumed_with(claims(), {}), "sp").empty());
}

// --- the harness's auditor --------------------------------------------------

WorldOptions options() {
  WorldOptions o;
  o.root = kRoot;
  return o;
}

TEST(Auditor, ReadsTheAuditLogRosterAndInvitations) {
  World w(plain(), options());
  EXPECT_EQ(w.org_auditor_api("GET", "/audit").status, 200);
  EXPECT_EQ(w.org_auditor_api("GET", "/invitations").status, 200);
  const ApiReply roster = w.auditor_api("GET", "/api/roster/acme");
  EXPECT_EQ(roster.status, 200);
  EXPECT_NE(roster.text.find("carol@acme.test"), std::string::npos);
}

TEST(Auditor, EveryWriteIsRefusedAndChangesNothing) {
  World w(plain(), options());
  const std::string before = w.auditor_api("GET", "/api/roster/acme").text;
  const std::int64_t seq = w.last_audit_seq();
  struct Write {
    const char* method;
    const char* rest;
    json body;
  };
  const Write writes[] = {
      {"POST", "/invitations", json{{"email", "zed@acme.test"}, {"role", "admin"}}},
      {"POST", "/invitations/expire", json::object()},
      {"PUT", "/members/alice@acme.test/role", json{{"role", "read_only"}}},
      {"DELETE", "/members/alice@acme.test", nullptr},
      {"DELETE", "/members/carol@acme.test", nullptr},
      {"POST", "/owner", json{{"email", "alice@acme.test"}}},
      {"PUT", "/sso", json{{"enforced", true}}},
  };
  for (const Write& wr : writes) {
    const ApiReply r = w.org_auditor_api(wr.method, wr.rest, wr.body);
    EXPECT_EQ(r.status, 403) << wr.method << " " << wr.rest << ": " << r.text;
  }
  EXPECT_EQ(w.auditor_api("GET", "/api/roster/acme").text, before);
  // The same writes by the Account Owner succeed: the 403s are the auditor's.
  EXPECT_EQ(w.org_api("PUT", "/members/alice@acme.test/role", "carol@acme.test", json{{"role", "read_only"}}).status,
            200);
  EXPECT_GT(w.last_audit_seq(), seq);
}

TEST(Auditor, OutlivesTheMembersAStoryRemoves) {
  // As in owner-leaves: the Account Owner hands over and is removed. The
  // member who read the audit log before is refused now (the old bug's
  // read came back empty); the auditor still reads every record.
  World w(plain(), options());
  ASSERT_EQ(w.org_api("GET", "/audit", "carol@acme.test").status, 200);
  ASSERT_EQ(w.org_api("POST", "/owner", "carol@acme.test", json{{"email", "alice@acme.test"}}).status, 200);
  ASSERT_EQ(w.org_api("DELETE", "/members/carol@acme.test", "alice@acme.test").status, 200);
  EXPECT_NE(w.org_api("GET", "/audit", "carol@acme.test").status, 200);
  const ApiReply audit = w.org_auditor_api("GET", "/audit");
  ASSERT_EQ(audit.status, 200);
  EXPECT_NE(audit.text.find("carol@acme.test"), std::string::npos);
  // The auditor is no member: there is nothing of it a member can remove.
  EXPECT_NE(w.org_api("DELETE", "/members/harness", "alice@acme.test").status, 200);
  EXPECT_EQ(w.org_auditor_api("GET", "/audit").status, 200);
}

}  // namespace
}  // namespace samlh::harness
