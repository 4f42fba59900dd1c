// The SP's attempt limits (issue 17 items 2, 9): 429 with Retry-After per
// client address on password logins, per (email, address) on failed ones,
// on refused ACS POSTs and on SP-initiated login starts; nothing stored for
// a limited request; none on unless SpOptions::limits says so. Routes are
// called directly (no sockets): the client address is Request::remote.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "server_fixture.hpp"

namespace samlh::sp {
namespace {

using core::http::Request;
using core::http::Response;
using namespace std::chrono_literals;

// Routes are called on the fixture's SpState with a client address of the
// test's choosing; its HTTP server stays idle.
class SpLimitsTest : public testing::SpServerTest {
 protected:
  void SetUp() override {}  // each test starts with its limits
  void TearDown() override {
    if (server_) SpServerTest::TearDown();
  }
  void start(RateLimits limits) {
    options_.limits = limits;
    SpServerTest::SetUp();
  }

  Response call(const std::string& method, const std::string& path, const std::string& remote,
                const std::string& body = "", const std::string& query = "") {
    Request r;
    r.method = method;
    r.path = path;
    r.query = query;
    r.target = query.empty() ? path : path + "?" + query;
    r.body = body;
    r.remote = remote;
    r.headers = {{"content-type", "application/x-www-form-urlencoded"}};
    return route(r, *state_);
  }
  Response login(const std::string& remote, const std::string& password, const std::string& email = "alice@acme.test") {
    return call("POST", "/login", remote, "org=acme&email=" + email + "&password=" + password);
  }
  std::size_t audit_rows() { return audit(AuditQuery{}).size(); }
  static std::string retry_after(const Response& r) {
    for (const auto& [n, v] : r.headers)
      if (n == "Retry-After") return v;
    return {};
  }
};

TEST_F(SpLimitsTest, PasswordLoginsPerAddressGet429WithRetryAfterAndNoAuditRow) {
  RateLimits l;
  l.login_per_address = {3, 1min};
  start(l);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(login("10.0.0.1", "wrong").status, 401) << i;
  const std::size_t rows = audit_rows();
  const Response limited = login("10.0.0.1", "wrong");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(retry_after(limited), "20");  // one attempt every 60 s / 3
  EXPECT_EQ(audit_rows(), rows);          // refused before anything is stored
  EXPECT_EQ(login("10.0.0.2", "wrong").status, 401);  // another address is not limited
}

TEST_F(SpLimitsTest, FailuresPerAccountAndAddressNeverLockTheOwnerOut) {
  RateLimits l;
  l.login_failures_per_account = {2, 15min};
  start(l);
  EXPECT_EQ(login("10.6.6.6", "guess-1").status, 401);
  EXPECT_EQ(login("10.6.6.6", "guess-2").status, 401);
  EXPECT_EQ(login("10.6.6.6", "Alice-Password-1").status, 429);  // even the right one, from there
  EXPECT_EQ(login("10.6.6.6", "x", "bob@acme.test").status, 401);  // another account from there: its own count
  // The owner, from her own address, signs in, and a success clears her count.
  EXPECT_EQ(login("10.0.0.7", "typo").status, 401);
  EXPECT_EQ(login("10.0.0.7", "Alice-Password-1").status, 303);
  EXPECT_EQ(login("10.0.0.7", "typo").status, 401);
  EXPECT_EQ(login("10.0.0.7", "Alice-Password-1").status, 303);
}

TEST_F(SpLimitsTest, RefusedAcsPostsPerAddressAreBoundedAndStopAddingAuditRows) {
  RateLimits l;
  l.acs_refusals_per_address = {2, 1min};
  start(l);
  EXPECT_EQ(call("POST", "/sso/acme/acs", "10.0.0.9", "SAMLResponse=bm90IHhtbA%3D%3D").status, 400);
  EXPECT_EQ(call("POST", "/sso/acme/acs", "10.0.0.9", "SAMLResponse=bm90IHhtbA%3D%3D").status, 400);
  const std::size_t rows = audit_rows();
  const Response limited = call("POST", "/sso/acme/acs", "10.0.0.9", "SAMLResponse=bm90IHhtbA%3D%3D");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(retry_after(limited), "30");
  EXPECT_EQ(audit_rows(), rows);
  EXPECT_EQ(call("POST", "/sso/acme/acs", "10.0.0.10", "SAMLResponse=bm90IHhtbA%3D%3D").status, 400);
}

// Item 9's other half: past the audit log's cap, a flood of refused ACS
// POSTs (from many addresses, so no rate limit stops it) replaces its own
// oldest records; the accepted login and the seed's record stay, and the
// log says how many went.
TEST_F(SpLimitsTest, AFloodOfRefusedAcsPostsKeepsTheAuditLogUnderItsCap) {
  constexpr std::int64_t kCap = 60;
  store_options_.audit_max_records = kCap;
  start(RateLimits{});
  EXPECT_EQ(login("10.0.0.1", "Alice-Password-1").status, 303);
  const std::vector<AuditRecord> evidence = audit();  // config_seed and the accepted login
  ASSERT_EQ(evidence.size(), 2u);
  for (int i = 0; i < 250; ++i) {
    const std::string from = "10.1." + std::to_string(i / 200) + "." + std::to_string(i % 200);
    ASSERT_EQ(call("POST", "/sso/acme/acs", from, "SAMLResponse=bm90IHhtbA%3D%3D").status, 400);
    ASSERT_LE(audit_rows(), static_cast<std::size_t>(kCap));
  }
  const std::vector<AuditRecord> kept = audit();
  EXPECT_EQ(kept[0].seq, evidence[0].seq);
  EXPECT_EQ(kept[1].seq, evidence[1].seq);
  EXPECT_EQ(kept[1].outcome, AuditOutcome::success);
  const std::int64_t dropped = store_->lock()->audit_dropped_total();
  EXPECT_EQ(dropped, kept.back().seq - static_cast<std::int64_t>(kept.size())) << "every record that went is counted";
  EXPECT_FALSE(audit_of(AuditEvent::audit_pruned).empty());
}

TEST_F(SpLimitsTest, SsoLoginStartsPerAddressAreBounded) {
  RateLimits l;
  l.sso_requests_per_address = {2, 1min};
  start(l);
  EXPECT_EQ(call("GET", "/sso/acme/login", "10.0.0.3").status, 302);
  EXPECT_EQ(call("GET", "/sso/nowhere/login", "10.0.0.3").status, 404);  // audited: counted too
  const std::size_t rows = audit_rows();
  EXPECT_EQ(call("GET", "/sso/nowhere/login", "10.0.0.3").status, 429);
  EXPECT_EQ(call("GET", "/sso/acme/login", "10.0.0.3").status, 429);
  EXPECT_EQ(audit_rows(), rows);
  EXPECT_EQ(call("GET", "/sso/acme/login", "10.0.0.4").status, 302);
}

TEST_F(SpLimitsTest, NoLimitUnlessConfigured) {
  start(RateLimits{});
  for (int i = 0; i < 40; ++i) ASSERT_EQ(call("GET", "/sso/acme/login", "127.0.0.1").status, 302) << i;
  for (int i = 0; i < 8; ++i) ASSERT_EQ(login("127.0.0.1", "wrong").status, 401) << i;
}

TEST(SpOffload, OnlyPasswordHashingRequestsGoToTheWorkers) {
  auto req = [](std::string method, std::string path) {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    return r;
  };
  EXPECT_TRUE(hashes_password(req("POST", "/login")));
  EXPECT_TRUE(hashes_password(req("POST", "/signup")));
  EXPECT_FALSE(hashes_password(req("GET", "/login")));
  EXPECT_FALSE(hashes_password(req("GET", "/")));
  EXPECT_FALSE(hashes_password(req("POST", "/sso/acme/acs")));
}

}  // namespace
}  // namespace samlh::sp
