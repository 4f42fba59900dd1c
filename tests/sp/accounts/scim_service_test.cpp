// The what-if SCIM endpoint as a service (issue 20; not a Hotjar feature,
// okta-hotjar.md E.4): Okta's provisioning sequence (F.1 [O20]) and its
// mapping onto the acme cast's memberships and sessions, each mapping
// setting both ways, one transaction per request, and bad input.
#include <string>

#include "sp/accounts/scim_service.hpp"
#include "tests/sp/accounts/sp_fixture.hpp"

namespace samlh::sp::testing {
namespace {

using nlohmann::json;

constexpr const char* kToken = "scim-token-0123456789abcdef";

class ScimTest : public AcmeTest {
 protected:
  void SetUp() override {
    AcmeTest::SetUp();
    settings_.token_sha256 = sha256_hex(kToken);
    settings_.group_roles = {{"Hotjar Admins", Role::admin}, {"Hotjar Editors", Role::read_write}};
    restart();
  }
  void restart() { service_ = std::make_unique<ScimService>(*store_, clock_, tokens_, std::map<std::string, ScimOrgSettings>{{"acme", settings_}}); }

  ScimAnswer call(const std::string& method, std::vector<std::string> path, const json& body = nullptr,
                  std::optional<std::string> filter = std::nullopt, std::optional<std::string> bearer = kToken) {
    ScimRequest r;
    r.org = "acme";
    r.method = method;
    r.path = std::move(path);
    r.body = body.is_null() ? "" : body.dump();
    r.filter = std::move(filter);
    r.bearer = std::move(bearer);
    r.request_id = "req-" + std::to_string(++requests_);
    return service_->handle(r);
  }
  ScimAnswer raw(const std::string& method, std::vector<std::string> path, std::string body) {
    ScimRequest r;
    r.org = "acme";
    r.method = method;
    r.path = std::move(path);
    r.body = std::move(body);
    r.bearer = kToken;
    r.request_id = "req-" + std::to_string(++requests_);
    return service_->handle(r);
  }
  static json user(const std::string& email, bool active = true) {
    return json{{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:User"}}, {"userName", email}, {"active", active},
                {"externalId", "00u" + email.substr(0, 4)}, {"name", {{"givenName", "G"}, {"familyName", "F"}}},
                {"emails", {{{"value", email}, {"primary", true}, {"type", "work"}}}}};
  }
  static json active_patch(bool active) {
    return json{{"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                {"Operations", {{{"op", "replace"}, {"value", {{"active", active}}}}}}};
  }
  std::string create(const std::string& email) {
    ScimAnswer a = call("POST", {"Users"}, user(email));
    EXPECT_EQ(a.status, 201) << a.body.dump();
    return a.body.value("id", "");
  }
  std::string group(const std::string& name, const std::vector<std::string>& ids) {
    json members = json::array();
    for (const auto& id : ids) members.push_back({{"value", id}});
    ScimAnswer a = call("POST", {"Groups"}, {{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:Group"}}, {"displayName", name}, {"members", members}});
    EXPECT_EQ(a.status, 201) << a.body.dump();
    return a.body.value("id", "");
  }
  std::optional<Role> role(const std::string& email) {
    auto m = member("acme", email);
    return m ? std::optional<Role>(m->role) : std::nullopt;
  }
  static std::string scim_type(const ScimAnswer& a) { return a.body.value("scimType", ""); }

  ScimOrgSettings settings_;
  std::unique_ptr<ScimService> service_;
  int requests_ = 0;
};

TEST_F(ScimTest, OffForOrgsWithoutSettingsAndNeedsTheToken) {
  ScimRequest r;
  r.org = "acme-marketing";
  r.method = "GET";
  r.path = {"Users"};
  r.bearer = kToken;
  EXPECT_EQ(service_->handle(r).status, 404);
  EXPECT_FALSE(service_->enabled("acme-marketing"));
  EXPECT_EQ(call("GET", {"Users"}, nullptr, std::nullopt, std::nullopt).status, 401);
  EXPECT_EQ(call("POST", {"Users"}, user("erin@acme.test"), std::nullopt, std::string("scim-token-0123456789abcdeX")).status, 401);
  EXPECT_FALSE(role("erin@acme.test"));
  const ScimAnswer a = call("GET", {"Users"}, nullptr, std::nullopt, std::string(kToken) + "0");
  EXPECT_EQ(a.status, 401);
  EXPECT_EQ(a.body.dump().find(kToken), std::string::npos);
}

TEST_F(ScimTest, OktaSequenceProvisionsDeactivatesAndReactivates) {
  // [O20]: look up by userName, create when not found.
  ScimAnswer found = call("GET", {"Users"}, nullptr, "userName eq \"erin@acme.test\"");
  ASSERT_EQ(found.status, 200);
  EXPECT_EQ(found.body["totalResults"], 0);
  const std::string id = create("erin@acme.test");
  EXPECT_EQ(role("erin@acme.test"), Role::read_only);
  EXPECT_EQ(member("acme", "erin@acme.test")->origin, MemberOrigin::scim);
  found = call("GET", {"Users"}, nullptr, "userName eq \"ERIN@acme.test\"");  // caseExact=false
  ASSERT_EQ(found.body["totalResults"], 1);
  EXPECT_EQ(found.body["Resources"][0]["id"], id);
  EXPECT_EQ(call("GET", {"Users", id}).body["userName"], "erin@acme.test");

  auto in = login("erin@acme.test");
  ASSERT_TRUE(in.ok());
  const std::string session = in.result->session.token;
  ASSERT_TRUE(accounts_->validate_session(session).ok());

  ScimAnswer off = call("PATCH", {"Users", id}, active_patch(false));
  ASSERT_EQ(off.status, 200) << off.body.dump();
  EXPECT_EQ(off.body["active"], false);
  EXPECT_FALSE(role("erin@acme.test"));
  EXPECT_FALSE(accounts_->validate_session(session).ok());  // sessions end at once
  EXPECT_FALSE(login("erin@acme.test").ok());

  ASSERT_EQ(call("PATCH", {"Users", id}, active_patch(true)).status, 200);
  EXPECT_EQ(role("erin@acme.test"), Role::read_only);
  EXPECT_TRUE(login("erin@acme.test").ok());

  // Every change names its request.
  auto changes = audit(where("acme", AuditEvent::scim_change));
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_NE(changes[1].detail.find("request req-"), std::string::npos);
  auto effects = audit(where("acme", AuditEvent::scim_membership, "erin@acme.test"));
  ASSERT_EQ(effects.size(), 3u);
  EXPECT_NE(effects[1].detail.find("1 session(s) ended"), std::string::npos) << effects[1].detail;
}

TEST_F(ScimTest, GroupsMapRolesAndReactivationFollowsTheSetting) {
  const std::string erin = create("erin@acme.test");
  const std::string gid = group("Hotjar Admins", {erin});
  EXPECT_EQ(role("erin@acme.test"), Role::admin);
  const json remove{{"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                    {"Operations", {{{"op", "remove"}, {"path", "members[value eq \"" + erin + "\"]"}}}}};
  ASSERT_EQ(call("PATCH", {"Groups", gid}, remove).status, 200);
  EXPECT_EQ(role("erin@acme.test"), Role::read_only);
  const json add{{"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                 {"Operations", {{{"op", "add"}, {"path", "members"}, {"value", {{{"value", erin}}}}}}}};
  ASSERT_EQ(call("PATCH", {"Groups", gid}, add).status, 200);
  EXPECT_EQ(role("erin@acme.test"), Role::admin);

  ASSERT_EQ(call("PATCH", {"Users", erin}, active_patch(false)).status, 200);
  ASSERT_EQ(call("PATCH", {"Users", erin}, active_patch(true)).status, 200);
  EXPECT_EQ(role("erin@acme.test"), Role::admin);  // reactivation: groups
  settings_.reactivation = ScimReactivationRule::read_only;
  restart();
  ASSERT_EQ(call("PATCH", {"Users", erin}, active_patch(false)).status, 200);
  ASSERT_EQ(call("PATCH", {"Users", erin}, active_patch(true)).status, 200);
  EXPECT_EQ(role("erin@acme.test"), Role::read_only);

  // Deleting the User removes it from the Group and the membership.
  EXPECT_EQ(call("DELETE", {"Users", erin}).status, 204);
  EXPECT_FALSE(role("erin@acme.test"));
  EXPECT_EQ(call("GET", {"Users", erin}).status, 404);
  EXPECT_TRUE(call("GET", {"Groups", gid}).body["members"].empty());
}

TEST_F(ScimTest, DefaultRoleNoneGrantsOnlyThroughMappedGroups) {
  settings_.default_role.reset();
  restart();
  const std::string erin = create("erin@acme.test");
  EXPECT_FALSE(role("erin@acme.test"));
  group("Hotjar Editors", {erin});
  EXPECT_EQ(role("erin@acme.test"), Role::read_write);
}

TEST_F(ScimTest, TheOwnerKeepsAccessOrTheRequestIsRefused) {
  const std::string carol = create("carol@acme.test");
  ASSERT_EQ(call("PATCH", {"Users", carol}, active_patch(false)).status, 200);
  EXPECT_EQ(role("carol@acme.test"), Role::account_owner);
  ASSERT_EQ(call("PATCH", {"Users", carol}, active_patch(true)).status, 200);
  settings_.owner = ScimOwnerRule::refuse;
  restart();
  const ScimAnswer a = call("PATCH", {"Users", carol}, active_patch(false));
  EXPECT_EQ(a.status, 403);
  EXPECT_EQ(call("GET", {"Users", carol}).body["active"], true);  // nothing applied
  EXPECT_EQ(role("carol@acme.test"), Role::account_owner);
  auto refused = audit(where("acme", AuditEvent::scim_change));
  ASSERT_FALSE(refused.empty());
  EXPECT_EQ(refused.back().outcome, AuditOutcome::refused);
  EXPECT_EQ(refused.back().reason, "request_forbidden");
}

TEST_F(ScimTest, PendingInvitationsAndExistingMembersFollowTheirSettings) {
  const std::string tok = pending_token("acme", "bob@acme.test");
  ASSERT_FALSE(tok.empty());
  create("bob@acme.test");
  EXPECT_EQ(invitation("acme", tok)->status, InvitationStatus::revoked);
  EXPECT_EQ(role("bob@acme.test"), Role::read_only);
  create("alice@acme.test");  // an Admin who joined before SCIM, adopted: no mapped group
  EXPECT_EQ(role("alice@acme.test"), Role::read_only);
}

TEST_F(ScimTest, KeepSettingsLeaveInvitationsAndRoles) {
  settings_.pending_invitations = ScimInvitationRule::keep;
  settings_.existing_members = ScimExistingMemberRule::keep_role;
  restart();
  const std::string tok = pending_token("acme", "bob@acme.test");
  create("bob@acme.test");
  EXPECT_EQ(invitation("acme", tok)->status, InvitationStatus::pending);
  const std::string alice = create("alice@acme.test");
  EXPECT_EQ(role("alice@acme.test"), Role::admin);
  ASSERT_EQ(call("PATCH", {"Users", alice}, active_patch(false)).status, 200);
  EXPECT_FALSE(role("alice@acme.test"));  // deactivation still removes access
}

TEST_F(ScimTest, PutReplacesAndUniquenessConflicts) {
  const std::string erin = create("erin@acme.test");
  create("frank@acme.test");
  json renamed = user("erin.new@acme.test");
  ScimAnswer a = call("PUT", {"Users", erin}, renamed);
  ASSERT_EQ(a.status, 200) << a.body.dump();
  EXPECT_FALSE(role("erin@acme.test"));
  EXPECT_EQ(role("erin.new@acme.test"), Role::read_only);
  a = call("PUT", {"Users", erin}, user("Frank@acme.test"));
  EXPECT_EQ(a.status, 409);
  EXPECT_EQ(scim_type(a), "uniqueness");
  EXPECT_EQ(call("POST", {"Users"}, user("frank@acme.test")).status, 409);
}

TEST_F(ScimTest, PagesAreBounded) {
  for (const char* e : {"u1@acme.test", "u2@acme.test", "u3@acme.test"}) create(e);
  ScimRequest r;
  r.org = "acme";
  r.method = "GET";
  r.path = {"Users"};
  r.bearer = kToken;
  r.start_index = "2";
  r.count = "1";
  ScimAnswer a = service_->handle(r);
  EXPECT_EQ(a.body["totalResults"], 3);
  ASSERT_EQ(a.body["Resources"].size(), 1u);
  EXPECT_EQ(a.body["Resources"][0]["userName"], "u2@acme.test");
  r.start_index = std::nullopt;
  r.count = "100000000000";
  a = service_->handle(r);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body["itemsPerPage"], 3);
  r.count = "many";
  EXPECT_EQ(service_->handle(r).status, 400);
}

TEST_F(ScimTest, BadInputIsAScimErrorAndNothingIsHalfApplied) {
  const std::string erin = create("erin@acme.test");
  ScimAnswer a = raw("POST", {"Users"}, "{\"schemas\": [");
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(scim_type(a), "invalidSyntax");
  json unknown = user("gina@acme.test");
  unknown["favouriteColour"] = "teal";
  a = call("POST", {"Users"}, unknown);
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(scim_type(a), "invalidValue");
  EXPECT_FALSE(role("gina@acme.test"));
  a = call("POST", {"Users"}, user("not-an-email"));
  EXPECT_EQ(a.status, 400);

  a = call("GET", {"Users"}, nullptr, "userName eq \"" + std::string(5000, 'a') + "\"");
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(scim_type(a), "tooMany");
  std::string deep = "userName eq \"x\"";
  for (int i = 0; i < 40; ++i) deep = "(" + deep + ")";
  EXPECT_EQ(scim_type(call("GET", {"Users"}, nullptr, deep)), "tooMany");
  EXPECT_EQ(scim_type(call("GET", {"Users"}, nullptr, "password eq \"x\"")), "invalidFilter");

  // The first operation would deactivate; the second names no attribute:
  // the whole PATCH is refused and erin keeps her membership.
  json two = active_patch(false);
  two["Operations"].push_back({{"op", "replace"}, {"path", "nickname.nope"}, {"value", "x"}});
  a = call("PATCH", {"Users", erin}, two);
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(scim_type(a), "invalidPath");
  EXPECT_EQ(role("erin@acme.test"), Role::read_only);
  EXPECT_EQ(call("GET", {"Users", erin}).body["active"], true);

  a = raw("POST", {"Users"}, std::string(70 * 1024, ' ') + user("hugo@acme.test").dump());
  EXPECT_EQ(a.status, 413);
  EXPECT_EQ(call("PATCH", {"Users", "no-such-id"}, active_patch(false)).status, 404);
  EXPECT_EQ(call("POST", {"Groups"}, {{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:Group"}}, {"displayName", "G"},
                                      {"members", {{{"value", "no-such-id"}}}}}).status, 400);
  EXPECT_EQ(call("PATCH", {"Users"}, active_patch(false)).status, 501);

  // Refusals after authentication are audited with their request.
  auto refused = audit(where("acme", AuditEvent::scim_change));
  const auto n = std::count_if(refused.begin(), refused.end(), [](const AuditRecord& r) { return r.outcome == AuditOutcome::refused; });
  EXPECT_GE(n, 4);
  // Still serving.
  EXPECT_EQ(call("GET", {"Users", erin}).status, 200);
}

TEST_F(ScimTest, DiscoveryDocuments) {
  ScimAnswer a = call("GET", {"ServiceProviderConfig"});
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body["patch"]["supported"], true);
  EXPECT_NE(a.body["documentationUri"].get<std::string>().find("not a Hotjar feature"), std::string::npos);
  a = call("GET", {"ResourceTypes"});
  EXPECT_EQ(a.body["totalResults"], 2);
}

}  // namespace
}  // namespace samlh::sp::testing
