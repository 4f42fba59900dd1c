// `sp serve` as a real process with a file database: logins and admin
// actions, SIGKILL between writes, a restart, and everything acknowledged
// before the kill is still there (members, invitations, sessions, the
// browser-bound AuthnRequests, the audit log, the replay cache). Also the
// `sp audit` command over that database.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "core/bindings.hpp"
#include "core/browser/browser.hpp"
#include "serve_process.hpp"
#include "server_fixture.hpp"
#include "tests/sp/temp_dir.hpp"
#include "tests/support/process.hpp"

namespace samlh::sp::testing {
namespace {

using nlohmann::json;

constexpr const char* kAlice = "alice-admin-token-0123456789abcdef";
// The ACS URL and audience stored from the config (the process listens on
// another port; the validator compares these strings only).
constexpr const char* kConfiguredAcs = "http://127.0.0.1:8081/sso/acme/acs";
constexpr const char* kConfiguredEntity = "http://127.0.0.1:8081/sso/acme/metadata";

class RestartTest : public ::testing::Test {
 protected:
  std::unique_ptr<test::ServeProcess> start() {
    return std::make_unique<test::ServeProcess>(std::vector<std::string>{
        SAMLH_SP_BIN, "serve", "--config", test::source_path("sp/examples/acme.yaml"), "--port", "0", "--db", db_});
  }
  // Signed now by the system clock, as the server's clock reads it.
  std::string mint(const std::string& email, const std::string& request_id = "") {
    test::OktaShape s;
    s.acs = kConfiguredAcs;
    s.audience = kConfiguredEntity;
    s.name_id = email;
    s.attributes = {{"email", email}};
    s.request_id = request_id;
    s.issue_instant = std::chrono::time_point_cast<core::Millis>(std::chrono::system_clock::now());
    s.response_id = "id" + std::to_string(++n_) + "4242424242424242";
    s.assertion_id = "id" + std::to_string(n_) + "2424242424242424";
    return sign_response(test::okta_response(s));
  }
  core::browser::Reply post(core::browser::Browser& c, const std::string& base, const std::string& xml,
                                  std::optional<std::string> relay = std::nullopt) {
    std::vector<std::pair<std::string, std::string>> f{{"SAMLResponse", core::base64_encode(xml)}};
    if (relay) f.emplace_back("RelayState", *relay);
    return c.post_form(base + "/sso/acme/acs", f);
  }
  core::browser::Reply admin(const std::string& method, const std::string& url, const json& body = nullptr) {
    core::browser::Browser c;
    core::http::Headers o;
    o = {{"Authorization", std::string("Bearer ") + kAlice}};
    return c.request(method, url, body.is_null() ? "" : body.dump(), "application/json", o);
  }
  std::vector<json> audit_lines(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv{SAMLH_SP_BIN, "audit", "--db", db_, "--json"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto r = test::run_process(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<json> out;
    std::size_t at = 0;
    while (at < r.out.size()) {
      const auto eol = r.out.find('\n', at);
      out.push_back(json::parse(r.out.substr(at, eol - at)));
      at = eol + 1;
    }
    return out;
  }

  TempDir dir_;
  std::string db_ = dir_.file("sp.db");
  int n_ = 0;
};

TEST_F(RestartTest, NothingAcknowledgedIsLostWhenTheServerIsKilled) {
  core::browser::Browser carol, bob;
  std::string carol_response;
  std::optional<SentRequest> pending;
  {
    auto sp = start();
    EXPECT_NE(sp->output().find("(new: starting state"), std::string::npos) << sp->output();
    carol_response = mint("carol@acme.test");
    ASSERT_EQ(post(carol, sp->base_url(), carol_response).status, 303);
    auto inv = admin("POST", sp->base_url() + "/api/orgs/acme/invitations", {{"email", "erin@acme.test"}, {"role", "admin"}});
    ASSERT_EQ(inv.status, 201) << inv.body;
    ASSERT_EQ(admin("DELETE", sp->base_url() + "/api/orgs/acme/members/dave%40acme.test").status, 200);
    // A login starts before the crash; the IdP answers after it.
    auto r = bob.fetch(sp->base_url() + "/sso/acme/login");
    ASSERT_EQ(r.status, 302);
    pending = sent_request(*r.header("location"));
    ASSERT_TRUE(pending);
    EXPECT_EQ(sp->kill(SIGKILL), -1);  // a crash, right after the acknowledged writes
  }
  auto sp = start();
  EXPECT_NE(sp->output().find("(existing state kept)"), std::string::npos) << sp->output();
  // The session survived.
  auto me = carol.fetch(sp->base_url() + "/app.json");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_NE(me.body.find("carol@acme.test"), std::string::npos);
  // Members and invitations as the admins left them; the config was not re-applied.
  const json roster = json::parse(admin("GET", sp->base_url() + "/api/roster/acme").body);
  EXPECT_EQ(roster.at("members").size(), 2u) << roster.dump();
  EXPECT_EQ(roster.at("pending_invitations").size(), 2u) << roster.dump();
  // The replay cache survived: the used assertion is still refused.
  core::browser::Browser thief;
  EXPECT_EQ(post(thief, sp->base_url(), carol_response).status, 403);
  // The AuthnRequest bound to bob's browser survived too (mallory: not invited).
  auto late = post(bob, sp->base_url(), mint("mallory@acme.test", pending->id), pending->relay_state);
  EXPECT_EQ(late.status, 403);
  sp->kill(SIGKILL);

  const auto records = audit_lines();
  std::map<std::string, std::vector<json>> by_event;
  for (const json& j : records) by_event[j.at("event")].push_back(j);
  ASSERT_EQ(by_event["sso_login"].size(), 2u);
  EXPECT_EQ(by_event["sso_login"][0].at("outcome"), "success");
  EXPECT_EQ(by_event["sso_login"][1].at("reason"), "login_no_membership");  // the binding matched: not inresp_mismatch
  EXPECT_EQ(by_event["invite"].size(), 1u);
  EXPECT_EQ(by_event["remove_member"].size(), 1u);
  ASSERT_EQ(by_event["sso_validation"].size(), 3u);
  EXPECT_EQ(by_event["sso_validation"][1].at("reason"), "replay_assertion");
  EXPECT_EQ(by_event["config_seed"].size(), 1u);
}

TEST_F(RestartTest, KillBetweenWritesKeepsEveryAcknowledgedOne) {
  for (int round = 0; round < 3; ++round) {
    auto sp = start();
    for (int i = 0; i < 4; ++i) {
      const std::string email = "p" + std::to_string(round) + "x" + std::to_string(i) + "@acme.test";
      ASSERT_EQ(admin("POST", sp->base_url() + "/api/orgs/acme/invitations", {{"email", email}, {"role", "read_only"}}).status,
                201);
    }
    sp->kill(SIGKILL);
  }
  EXPECT_EQ(audit_lines({"--event", "invite"}).size(), 12u);
  auto sp = start();
  const json roster = json::parse(admin("GET", sp->base_url() + "/api/roster/acme").body);
  EXPECT_EQ(roster.at("pending_invitations").size(), 13u);  // bob's and the twelve
  EXPECT_EQ(sp->kill(SIGTERM), 0);                           // an orderly stop exits 0
}

TEST_F(RestartTest, AuditCommandPrintsATableJsonLinesAndFilters) {
  {
    auto sp = start();
    core::browser::Browser c;
    EXPECT_EQ(post(c, sp->base_url(), mint("mallory@acme.test")).status, 403);
  }
  auto table = test::run_process({SAMLH_SP_BIN, "audit", "--db", db_});
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("login_no_membership"), std::string::npos);
  EXPECT_NE(table.out.find("invitation_required"), std::string::npos);
  EXPECT_NE(table.out.find("record(s)"), std::string::npos);
  auto lines = audit_lines({"--org", "acme", "--event", "sso_login"});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].at("subject"), "mallory@acme.test");
  EXPECT_EQ(lines[0].at("gaps"), json::array({"invitation_required"}));
  std::vector<std::string> keys;
  for (auto it = lines[0].begin(); it != lines[0].end(); ++it) keys.push_back(it.key());
  // The fields of sp/AUDIT.md (`weak` since schema 6), as nlohmann::json orders them.
  EXPECT_EQ(keys, (std::vector<std::string>{"actor", "detail", "event", "flow", "gaps", "org", "outcome", "reason",
                                            "seq", "subject", "time", "weak"}));
  EXPECT_EQ(lines[0].at("weak"), json::array());
  // --event takes exactly the spellings of the event table.
  EXPECT_EQ(test::run_process({SAMLH_SP_BIN, "audit", "--db", db_, "--event", "sso_logins"}).exit_code, 2);
  EXPECT_TRUE(audit_lines({"--org", "nope"}).empty());
  EXPECT_EQ(test::run_process({SAMLH_SP_BIN, "audit", "--db", dir_.file("missing.db")}).exit_code, 2);
  EXPECT_EQ(test::run_process({SAMLH_SP_BIN, "audit", "--db", db_, "--since", "yesterday"}).exit_code, 2);
}

TEST_F(RestartTest, ServeRefusesABrokenConfigWithExit2) {
  const std::string bad = dir_.file("bad.yaml");
  { std::ofstream(bad) << "accounts: []\nsurprise: 1\n"; }
  auto r = test::run_process({SAMLH_SP_BIN, "serve", "--config", bad, "--port", "0", "--db", db_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("surprise"), std::string::npos);
}

}  // namespace
}  // namespace samlh::sp::testing
