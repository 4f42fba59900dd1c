// The admin API over loopback: a bearer token acting as a named member whose
// role is checked; every action answers its audit_seq and gaps; every error
// carries the reason spelling and its sentence.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server_fixture.hpp"
#include "sp/server/reason_http.hpp"

namespace samlh::sp::testing {
namespace {

using nlohmann::json;

constexpr const char* kAlice = "alice-admin-token-0123456789abcdef";  // Admin
constexpr const char* kCarol = "carol-admin-token-0123456789abcdef";  // Account Owner

class AdminApiTest : public SpServerTest {
 protected:
  core::browser::Reply call(const std::string& method, const std::string& path, const json& body = nullptr,
                                  const std::string& token = kAlice) {
    core::http::Headers o;
    if (!token.empty()) o = {{"Authorization", "Bearer " + token}};
    return client_.request(method, base_ + path, body.is_null() ? "" : body.dump(),
                           body.is_null() ? "" : "application/json", o);
  }
  static json parse(const core::browser::Reply& r) {
    auto j = json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.body;
    return j;
  }
  static void expect_error(const core::browser::Reply& r, int status, const HttpError& reason) {
    EXPECT_EQ(r.status, status) << r.body;
    const json j = parse(r);
    EXPECT_EQ(j.value("error", ""), core::spelling(reason)) << r.body;
    EXPECT_EQ(j.value("message", ""), core::sentence(reason));
  }
  core::browser::Browser client_;
};

TEST_F(AdminApiTest, RefusalsForUnknownOrganizationsAreReadByManagersOnly) {
  core::browser::Browser browser;
  EXPECT_EQ(browser.fetch(base_ + "/sso/acme-crop/login").status, 404);
  auto r = call("GET", "/api/audit/unknown-orgs");
  ASSERT_EQ(r.status, 200) << r.body;
  const json recs = parse(r).at("records");
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].at("org"), "acme-crop");
  EXPECT_EQ(recs[0].at("reason"), "login_org_unknown");
  EXPECT_TRUE(recs[0].at("subject").is_null());
  const std::int64_t seq = recs[0].at("seq");
  EXPECT_TRUE(parse(call("GET", "/api/audit/unknown-orgs?after_seq=" + std::to_string(seq))).at("records").empty());
  // Not part of any organization's own log.
  EXPECT_TRUE(parse(call("GET", "/api/orgs/acme/audit?reason=login_org_unknown")).at("records").empty());
  expect_error(call("GET", "/api/audit/unknown-orgs?colour=blue"), 400, ApiError::api_bad_filter);
  // A member who manages no organization may not read them.
  ASSERT_EQ(call("PUT", "/api/orgs/acme/members/alice@acme.test/role", {{"role", "read_only"}}, kCarol).status, 200);
  expect_error(call("GET", "/api/audit/unknown-orgs"), 403, sp::LoginReason::login_forbidden);
  EXPECT_EQ(call("GET", "/api/audit/unknown-orgs", nullptr, kCarol).status, 200);
}

TEST_F(AdminApiTest, MissingOrUnknownTokenIsForbidden) {
  expect_error(call("GET", "/api/roster/acme", nullptr, ""), 403, sp::LoginReason::login_forbidden);
  expect_error(call("GET", "/api/roster/acme", nullptr, "not-a-token-at-all"), 403, sp::LoginReason::login_forbidden);
}

TEST_F(AdminApiTest, InviteReturnsTheInvitationLinkThatStartsTheLogin) {
  auto r = call("POST", "/api/orgs/acme/invitations", {{"email", "erin@acme.test"}, {"role", "read_only"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const json j = parse(r);
  const std::string link = j.at("link");
  EXPECT_EQ(link, "/sso/acme/invite/" + j.at("token").get<std::string>());
  EXPECT_GT(j.at("audit_seq").get<int>(), 0);
  core::browser::Browser browser;
  auto sent = start_login(browser, link);
  ASSERT_TRUE(sent);
  ASSERT_EQ(post_acs(browser, mint("erin@acme.test", sent->id), sent->relay_state).status, 303);
  EXPECT_NE(whoami(browser).body.find("\"role\":\"read_only\""), std::string::npos);
  AuditQuery q;
  q.event = AuditEvent::invite;
  auto recs = audit(q);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].actor, "alice@acme.test");
}

TEST_F(AdminApiTest, InviteRefusals) {
  expect_error(call("POST", "/api/orgs/acme/invitations", {{"email", "carol@acme.test"}, {"role", "admin"}}), 409,
               sp::LoginReason::login_already_member);
  expect_error(call("POST", "/api/orgs/acme/invitations", {{"email", "x@acme.test"}, {"role", "account_owner"}}), 403,
               sp::LoginReason::login_forbidden);
  expect_error(call("POST", "/api/orgs/nope/invitations", {{"email", "x@acme.test"}, {"role", "admin"}}), 404,
               sp::LoginReason::login_org_unknown);
  expect_error(call("POST", "/api/orgs/acme/invitations", {{"email", "x@acme.test"}, {"role", "boss"}}), 400,
               ApiError::api_bad_field);
  core::http::Headers o;
  o = {{"Authorization", std::string("Bearer ") + kAlice}};
  auto garbage = client_.request("POST", base_ + "/api/orgs/acme/invitations", "{not json", "application/json", o);
  expect_error(garbage, 400, ApiError::api_bad_json);
}

TEST_F(AdminApiTest, RevokeInvitation) {
  const std::string token = pending_token("bob@acme.test");
  auto r = call("DELETE", "/api/orgs/acme/invitations/" + token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parse(r).at("status"), "revoked");
  expect_error(call("DELETE", "/api/orgs/acme/invitations/" + token), 403, sp::LoginReason::login_invitation_revoked);
  expect_error(call("DELETE", "/api/orgs/acme/invitations/nope"), 404, sp::LoginReason::login_invitation_unknown);
}

TEST_F(AdminApiTest, ChangeRoleAndRemoveMember) {
  auto r = call("PUT", "/api/orgs/acme/members/dave%40acme.test/role", {{"role", "read_write"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parse(r).at("role"), "read_write");
  expect_error(call("PUT", "/api/orgs/acme/members/carol%40acme.test/role", {{"role", "admin"}}), 403,
               sp::LoginReason::login_forbidden);
  expect_error(call("DELETE", "/api/orgs/acme/members/alice%40acme.test"), 403, sp::LoginReason::login_forbidden);
  auto removed = call("DELETE", "/api/orgs/acme/members/dave%40acme.test");
  ASSERT_EQ(removed.status, 200) << removed.body;
  expect_error(call("DELETE", "/api/orgs/acme/members/dave%40acme.test"), 404, sp::LoginReason::login_member_unknown);
}

TEST_F(AdminApiTest, OnlyTheOwnerTransfersOwnership) {
  expect_error(call("POST", "/api/orgs/acme/owner", {{"email", "alice@acme.test"}}), 403, sp::LoginReason::login_forbidden);
  auto r = call("POST", "/api/orgs/acme/owner", {{"email", "alice@acme.test"}}, kCarol);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parse(r).at("owner"), "alice@acme.test");
}

TEST_F(AdminApiTest, EnableDisableEnforceSso) {
  auto r = call("PUT", "/api/orgs/acme/sso", {{"enforced", true}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(parse(r).at("sso_enforced").get<bool>());
  EXPECT_TRUE(sso().sso_enforced);
  EXPECT_TRUE(sso().sso_enabled);
  ASSERT_EQ(call("PUT", "/api/orgs/acme/sso", {{"enabled", false}}).status, 200);
  core::browser::Browser c;
  EXPECT_EQ(c.fetch(base_ + "/sso/acme/login").status, 403);
}

TEST_F(AdminApiTest, ReadOnlyMemberTokenCannotAct) {
  {
    auto db = store_->lock();
    db->insert_admin_token("dave-token-0123456789abcdef", "dave@acme.test");
  }
  const std::string dave = "dave-token-0123456789abcdef";
  expect_error(call("POST", "/api/orgs/acme/invitations", {{"email", "x@acme.test"}, {"role", "read_only"}}, dave),
               403, sp::LoginReason::login_forbidden);
  expect_error(call("GET", "/api/roster/acme", nullptr, dave), 403, sp::LoginReason::login_forbidden);
  expect_error(call("GET", "/api/orgs/acme/audit", nullptr, dave), 403, sp::LoginReason::login_forbidden);
}

TEST_F(AdminApiTest, RosterAsJsonAndCsv) {
  auto r = call("GET", "/api/roster/acme");
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = parse(r);
  EXPECT_EQ(j.at("members").size(), 3u);
  ASSERT_EQ(j.at("pending_invitations").size(), 1u);
  EXPECT_EQ(j.at("pending_invitations")[0].at("email"), "bob@acme.test");
  EXPECT_FALSE(j.at("pending_invitations")[0].contains("token"));
  auto csv = call("GET", "/api/roster/acme.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type")->rfind("text/csv", 0), 0u);
  EXPECT_EQ(csv.body.rfind("kind,email,role,status,inviter,created,expires\r\n", 0), 0u);
  EXPECT_NE(csv.body.find("member,carol@acme.test,account_owner,"), std::string::npos);
  EXPECT_NE(csv.body.find("invitation,bob@acme.test,read_write,pending,alice@acme.test,"), std::string::npos);
  EXPECT_EQ(call("GET", "/api/roster/acme?format=csv").body, csv.body);
}

TEST_F(AdminApiTest, AuditListWithFilters) {
  core::browser::Browser c;
  ASSERT_EQ(post_acs(c, mint("mallory@acme.test")).status, 403);
  auto r = call("GET", "/api/orgs/acme/audit?event=sso_login&subject=mallory%40acme.test");
  ASSERT_EQ(r.status, 200) << r.body;
  const json recs = parse(r).at("records");
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].at("reason"), "login_no_membership");
  EXPECT_EQ(recs[0].at("gaps")[0], "invitation_required");
  auto after = call("GET", "/api/orgs/acme/audit?after_seq=" + std::to_string(recs[0].at("seq").get<int>()));
  EXPECT_TRUE(parse(after).at("records").empty());
  expect_error(call("GET", "/api/orgs/acme/audit?since=yesterday"), 400, ApiError::api_bad_filter);
  // Only the event table's spellings filter; any other is refused, not an empty list.
  expect_error(call("GET", "/api/orgs/acme/audit?event=sso_logins"), 400, ApiError::api_bad_filter);
}

TEST_F(AdminApiTest, ObservedIdpDeactivationRecordsTheOrphanAndChangesNothing) {
  auto r = call("POST", "/api/orgs/acme/idp-events", {{"kind", "deactivated"}, {"email", "dave@acme.test"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = parse(r);
  EXPECT_NE(j.at("gaps").dump().find("orphaned_membership_after_idp_deactivation"), std::string::npos) << r.body;
  EXPECT_EQ(parse(call("GET", "/api/roster/acme")).at("members").size(), 3u);
  expect_error(call("POST", "/api/orgs/acme/idp-events", {{"kind", "exploded"}, {"email", "dave@acme.test"}}), 400,
               ApiError::api_bad_field);
}

TEST_F(AdminApiTest, UnknownEndpointIs404Json) {
  auto r = call("GET", "/api/orgs/acme/nothing");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("\"error\""), std::string::npos);
}

}  // namespace
}  // namespace samlh::sp::testing
