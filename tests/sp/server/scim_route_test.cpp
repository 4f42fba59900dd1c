// /scim/v2/<org>/... over loopback: the route around ScimService (issue 20's
// what-if endpoint, not a Hotjar feature: okta-hotjar.md E.4). The label
// header, the media type, the request ID in the audit log, the bearer
// challenge, bounds, and a server that keeps serving.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server_fixture.hpp"

namespace samlh::sp::testing {
namespace {

using nlohmann::json;

constexpr const char* kScimToken = "acme-scim-token-0123456789abcdef";

class ScimRouteTest : public SpServerTest {
 protected:
  void SetUp() override {
    ScimOrgSettings s;
    s.token_sha256 = sha256_hex(kScimToken);
    options_.scim["acme"] = s;
    SpServerTest::SetUp();
  }
  core::browser::Reply call(const std::string& method, const std::string& path, const std::string& body = "",
                            core::http::Headers headers = {{"Authorization", std::string("Bearer ") + kScimToken}}) {
    return client_.request(method, base_ + path, body, body.empty() ? "" : "application/scim+json", headers);
  }
  static json parse(const core::browser::Reply& r) { return json::parse(r.body, nullptr, false); }
  core::browser::Browser client_;
};

const std::string kErin = R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"erin@acme.test","active":true})";

TEST_F(ScimRouteTest, AnswersAreLabelledScimJsonAndAuditedWithTheRequestId) {
  auto r = call("POST", "/scim/v2/acme/Users", kErin,
                {{"Authorization", std::string("Bearer ") + kScimToken}, {"X-Request-Id", "okta-req-42"}});
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_NE(r.header("content-type"), nullptr);
  EXPECT_EQ(r.header("content-type")->rfind("application/scim+json", 0), 0u);
  ASSERT_NE(r.header("x-scim-what-if"), nullptr);
  EXPECT_NE(r.header("x-scim-what-if")->find("not a Hotjar feature"), std::string::npos);
  EXPECT_EQ(*r.header("x-request-id"), "okta-req-42");
  auto recs = audit_of(AuditEvent::scim_change);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_NE(recs[0].detail.find("request okta-req-42"), std::string::npos) << recs[0].detail;
  // A request ID that is not a plain word is replaced by the SP's own.
  r = call("GET", "/scim/v2/acme/Users", "", {{"Authorization", std::string("Bearer ") + kScimToken}, {"X-Request-Id", "a b"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("x-request-id")->rfind("scim-", 0), 0u);
  const std::string filter = "/scim/v2/acme/Users?filter=userName%20eq%20%22ERIN%40acme.test%22";
  EXPECT_EQ(parse(call("GET", filter)).value("totalResults", -1), 1);
}

TEST_F(ScimRouteTest, TokensAreCheckedAndNeverEchoed) {
  auto r = call("GET", "/scim/v2/acme/Users", "", {});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(parse(r).value("status", ""), "401");
  ASSERT_NE(r.header("www-authenticate"), nullptr);
  EXPECT_EQ(r.header("www-authenticate")->find("error="), std::string::npos);
  r = call("POST", "/scim/v2/acme/Users", kErin, {{"Authorization", "Bearer wrong-token-0123456789abcdef"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.header("www-authenticate")->find("invalid_token"), std::string::npos);
  EXPECT_EQ(r.body.find("wrong-token"), std::string::npos);
  r = call("GET", "/scim/v2/acme/Users", "", {{"Authorization", "Basic YWxpY2U6cHc="}});
  EXPECT_NE(r.header("www-authenticate")->find("invalid_request"), std::string::npos);
  EXPECT_TRUE(audit_of(AuditEvent::scim_change).empty());
  for (const AuditRecord& rec : audit()) EXPECT_EQ(rec.detail.find(kScimToken), std::string::npos);
}

TEST_F(ScimRouteTest, OffByDefaultAndBadInputKeepsTheServerServing) {
  // acme-marketing has no `scim:` settings: no endpoint, whatever the token.
  EXPECT_EQ(call("GET", "/scim/v2/acme-marketing/Users").status, 404);
  EXPECT_EQ(call("GET", "/scim/v1/acme/Users").status, 404);
  auto r = call("POST", "/scim/v2/acme/Users", std::string(200 * 1024, ' ') + kErin);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(parse(r).value("schemas", json::array()).at(0), "urn:ietf:params:scim:api:messages:2.0:Error");
  EXPECT_EQ(call("GET", "/scim/v2/acme/Users?filter=%zz").status, 400);
  EXPECT_EQ(parse(call("POST", "/scim/v2/acme/Users", "{\"schemas\":")).value("scimType", ""), "invalidSyntax");
  EXPECT_EQ(call("POST", "/scim/v2/acme/Users", kErin).status, 201);
  EXPECT_EQ(call("HEAD", "/scim/v2/acme/Users").status, 200);
}

}  // namespace
}  // namespace samlh::sp::testing
