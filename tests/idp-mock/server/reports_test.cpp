// idp-mock's assignment reports (control API, reports/...): Okta's Current
// Assignments and Recent Unassignments shapes [O21], one row per grant,
// dated on the IdP's clock.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/idp-mock/idp_fixture.hpp"

using namespace samlh;
using namespace samlh::test;
using nlohmann::json;

namespace {

const std::string kCurrent = "/api/v1/apps/hotjar/reports/current_assignments";
const std::string kRecent = "/api/v1/apps/hotjar/reports/recent_unassignments";

class Reports : public ::testing::Test {
 protected:
  core::http::Response call(const std::string& method, const std::string& path, const json& body = nullptr) {
    core::http::Request r;
    r.method = method;
    r.path = path;
    r.target = path;
    r.body = body.is_null() ? "" : body.dump();
    return h_.idp->route(r);
  }
  // The report's lines (CRLF-separated; the last one ends with CRLF too).
  std::vector<std::string> lines(const std::string& path) {
    auto r = call("GET", path);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.headers.at(0).second, "text/csv; charset=utf-8");
    EXPECT_TRUE(r.body.ends_with("\r\n")) << r.body;
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < r.body.size()) {
      auto j = r.body.find("\r\n", i);
      out.push_back(r.body.substr(i, j - i));
      i = j + 2;
    }
    return out;
  }
  void advance(std::chrono::hours h) { h_.clock.advance(std::chrono::duration_cast<core::Millis>(h)); }

  IdpHarness h_{acme()};
};

TEST_F(Reports, CurrentAssignmentsListsEveryGrantOfTheConfigurationFromTheStart) {
  auto l = lines(kCurrent);
  ASSERT_EQ(l.size(), 8u);
  EXPECT_EQ(l[0],
            "User,Login,Application name,Application instance,Application login,Assigned on,Unassigned on,Last login,"
            "Assignment type,Group,Status");
  // By login. dave is deactivated: no grant in effect, no row [O18][O19];
  // heidi is suspended: her grant stays [O19].
  EXPECT_EQ(l[1], "Alice Anders,alice@acme.test,acme_hotjar_1,Hotjar,alice@acme.test,2026-03-01T12:00:00.000Z,,,Group,"
                  "hotjar-users,ACTIVE");
  EXPECT_EQ(l[3], "Carol Chen,carol@acme.test,acme_hotjar_1,Hotjar,carol@acme.test,2026-03-01T12:00:00.000Z,,,Group,"
                  "hotjar-admins,ACTIVE");
  EXPECT_EQ(l[5], "Heidi Hall,heidi@acme.test,acme_hotjar_1,Hotjar,heidi@acme.test,2026-03-01T12:00:00.000Z,,,Group,"
                  "hotjar-users,SUSPENDED");
  EXPECT_EQ(l[7], "Mallory Moss,mallory@acme.test,acme_hotjar_1,Hotjar,mallory@acme.test,2026-03-01T12:00:00.000Z,,,"
                  "Individual,,ACTIVE");
  EXPECT_EQ(lines(kRecent), std::vector<std::string>{"fullName,assigneeOktaUsername,assigneeAppUsername,"
                                                     "assigneeOktaId,unassigned,appUserStatus"});
}

TEST_F(Reports, DeactivationEndsTheGrantAtTheClockAndReactivationStartsANewOne) {
  advance(std::chrono::hours(5));
  ASSERT_EQ(call("POST", "/api/v1/users/bob@acme.test/lifecycle/deactivate").status, 200);
  auto l = lines(kCurrent);
  ASSERT_EQ(l.size(), 8u);
  EXPECT_EQ(l[2], "Bob Brown,bob@acme.test,acme_hotjar_1,Hotjar,bob@acme.test,2026-03-01T12:00:00.000Z,"
                  "2026-03-01T17:00:00.000Z,,Group,hotjar-users,DEPROVISIONED");
  auto r = lines(kRecent);
  ASSERT_EQ(r.size(), 2u);
  const std::string bob_id = json::parse(call("GET", "/api/v1/users/bob@acme.test").body)["id"];
  EXPECT_EQ(r[1], "Bob Brown,bob@acme.test,bob@acme.test," + bob_id + ",2026-03-01T17:00:00.000Z,Unassigned");
  advance(std::chrono::hours(24));
  ASSERT_EQ(call("POST", "/api/v1/users/bob@acme.test/lifecycle/reactivate").status, 200);
  l = lines(kCurrent);
  ASSERT_EQ(l.size(), 9u);
  EXPECT_NE(l[3].find(",2026-03-02T17:00:00.000Z,,,Group,hotjar-users,ACTIVE"), std::string::npos) << l[3];
  // Reassigned since: the unassignment row says so.
  EXPECT_TRUE(lines(kRecent)[1].ends_with(",Assigned"));
}

TEST_F(Reports, IndividualAndGroupGrantsAreSeparateRows) {
  advance(std::chrono::hours(1));
  ASSERT_EQ(call("PUT", "/api/v1/apps/hotjar/users/alice@acme.test").status, 204);
  advance(std::chrono::hours(1));
  ASSERT_EQ(call("DELETE", "/api/v1/groups/hotjar-users/users/alice@acme.test").status, 204);
  auto l = lines(kCurrent);
  ASSERT_EQ(l.size(), 9u);
  EXPECT_NE(l[1].find(",2026-03-01T12:00:00.000Z,2026-03-01T14:00:00.000Z,,Group,hotjar-users,"), std::string::npos)
      << l[1];
  EXPECT_NE(l[2].find(",2026-03-01T13:00:00.000Z,,,Individual,,ACTIVE"), std::string::npos) << l[2];
  // Still assigned (individually): the unassignment of the group grant says so.
  auto r = lines(kRecent);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_TRUE(r[1].starts_with("Alice Anders,alice@acme.test,alice@acme.test,")) << r[1];
  EXPECT_TRUE(r[1].ends_with(",2026-03-01T14:00:00.000Z,Assigned")) << r[1];
}

TEST_F(Reports, ApplicationLoginFollowsTheEmailAndARenameKeepsTheGrant) {
  advance(std::chrono::hours(2));
  ASSERT_EQ(call("POST", "/api/v1/users/carol@acme.test", {{"email", "carol.chen@acme.test"}}).status, 200);
  ASSERT_EQ(call("POST", "/api/v1/users/bob@acme.test", {{"login", "robert@acme.test"}}).status, 200);
  auto l = lines(kCurrent);
  ASSERT_EQ(l.size(), 8u);
  // Application username "email" (the acme app): Okta's Login and the
  // Application login now differ (the email drift reconcile reports).
  EXPECT_EQ(l[2], "Carol Chen,carol@acme.test,acme_hotjar_1,Hotjar,carol.chen@acme.test,2026-03-01T12:00:00.000Z,,,"
                  "Group,hotjar-admins,ACTIVE");
  EXPECT_TRUE(l[7].starts_with("Bob Brown,robert@acme.test,acme_hotjar_1,Hotjar,bob@acme.test,2026-03-01T12:00:00")) << l[7];
  EXPECT_EQ(lines(kRecent).size(), 1u);
}

TEST_F(Reports, CellsAreQuotedLastLoginComesFromSsoAndOldEndsAgeOut) {
  ASSERT_EQ(call("POST", "/api/v1/users", {{"login", "zoe@acme.test"}, {"firstName", "Zoe \"Z\""}, {"lastName", "Zed, Jr."}})
                .status,
            201);
  ASSERT_EQ(call("PUT", "/api/v1/apps/hotjar/users/zoe@acme.test").status, 204);
  auto l = lines(kCurrent);
  ASSERT_EQ(l.size(), 9u);
  EXPECT_TRUE(l[8].starts_with("\"Zoe \"\"Z\"\" Zed, Jr.\",zoe@acme.test,")) << l[8];
  // Last login: the System Log's user.authentication.sso for this app.
  {
    auto lock = h_.idp->lock();
    lock.log("sso", "user.authentication.sso", "zoe@acme.test", "app=hotjar acs=x response=_r");
  }
  EXPECT_NE(lines(kCurrent)[8].find(",,2026-03-01T12:00:00.000Z,Individual,,ACTIVE"), std::string::npos);
  ASSERT_EQ(call("DELETE", "/api/v1/users/zoe@acme.test").status, 204);
  l = lines(kCurrent);
  ASSERT_EQ(l.size(), 9u);
  EXPECT_TRUE(l[8].ends_with(",2026-03-01T12:00:00.000Z,2026-03-01T12:00:00.000Z,2026-03-01T12:00:00.000Z,Individual,,"))
      << l[8];
  // Okta keeps report events 90 days (F.2 [O21]): an end older than that is left out.
  advance(std::chrono::hours(24 * 90));
  EXPECT_EQ(lines(kCurrent).size(), 9u);
  advance(std::chrono::hours(1));
  EXPECT_EQ(lines(kCurrent).size(), 8u);
  EXPECT_EQ(lines(kRecent).size(), 1u);
}

TEST_F(Reports, ResetGoesBackToTheConfiguredGrantsAndUnknownReportsAre404) {
  advance(std::chrono::hours(3));
  ASSERT_EQ(call("DELETE", "/api/v1/apps/hotjar/users/mallory@acme.test").status, 204);
  ASSERT_EQ(lines(kRecent).size(), 2u);
  ASSERT_EQ(call("POST", "/api/v1/reset").status, 200);
  EXPECT_EQ(lines(kRecent).size(), 1u);
  EXPECT_EQ(lines(kCurrent).size(), 8u);
  EXPECT_EQ(call("GET", "/api/v1/apps/hotjar/reports/nope").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/apps/nope/reports/current_assignments").status, 404);
}

}  // namespace
