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
      EXPECT_FALSE(v.sp.empty() && v.idp.empty() && v.scim.empty()) << "an answer that sets nothing";
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

// The organization acme's SCIM settings as the SP's own reader
// (sp/config/config_scim.cpp) reads the `scim:` block a with_scim World loads.
std::string scim_read(const json& scim) {
  const sp::SpConfig cfg = sp::parse_config(sp_config_text(kSpPath, plain(), json::object(), scim),
                                            std::filesystem::path(kSpPath).parent_path(), "world_config_test");
  const auto all = sp::scim_settings(cfg);
  const auto it = all.find("acme");
  if (it == all.end()) return "no scim settings";
  const sp::ScimOrgSettings& s = it->second;
  std::string out = "default_role=" + std::string(s.default_role ? sp::spelling(*s.default_role) : "none");
  out += " group_roles=";
  for (const auto& [g, r] : s.group_roles) out += g + ":" + std::string(sp::spelling(r)) + ",";
  out += " owner=" + std::string(sp::kScimOwnerRuleSpellings.spelling(s.owner));
  out += " pending_invitations=" + std::string(sp::kScimInvitationRuleSpellings.spelling(s.pending_invitations));
  out += " existing_members=" + std::string(sp::kScimExistingMemberRuleSpellings.spelling(s.existing_members));
  out += " reactivation=" + std::string(sp::kScimReactivationRuleSpellings.spelling(s.reactivation));
  return out;
}

TEST(AssumptionSettings, EveryScimAnswerReachesTheSpsScimSettings) {
  // `--assume scim.KEY=VALUE` (issue 20): the with_scim World's `scim:`
  // block, read by the SP's own reader, differs from the defaults' in
  // exactly that setting.
  const std::string defaults = scim_read(scim_settings(assumed_with(claims(), {})));
  EXPECT_NE(defaults.find("group_roles=hotjar-admins:admin,hotjar-users:read_write,"), std::string::npos) << defaults;
  std::size_t flips = 0;
  for (const Assumption& a : claims().assumptions) {
    if (a.key.rfind("scim.", 0) != 0) continue;
    const std::string setting = a.key.substr(5);
    for (const AssumptionValue& v : a.values) {
      if (v.name == a.default_value().name) continue;
      SCOPED_TRACE(a.key + "=" + v.name);
      const std::string got = scim_read(scim_settings(assumed_with(claims(), {{a.key, v.name}})));
      EXPECT_NE(got, defaults);
      // Only that setting changed: the rest of the text is the defaults'.
      auto without = [&](const std::string& text) {
        const auto at = text.find(setting + "=");
        return text.substr(0, at) + text.substr(std::min(text.find(' ', at), text.size()));
      };
      EXPECT_EQ(without(got), without(defaults));
      ++flips;
    }
    for (const auto& [k, x] : a.default_value().scim.items()) {  // a misspelt key is refused by the reader
      EXPECT_THROW(scim_read(json{{"token", "harness-scim-token-0123456789abcdef"}, {k + "_x", x}}), std::exception)
          << k;
    }
  }
  EXPECT_EQ(flips, 6u);
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
