// The pages around the login over loopback: who am I (HTML and JSON), the
// password login and sign-up of the non-SSO flows, logout and Single Logout.
#include <gtest/gtest.h>

#include "server_fixture.hpp"
#include "sp/server/cookie_rules.hpp"
#include "sp/server/reason_http.hpp"

namespace samlh::sp::testing {
namespace {

using core::Reason;

TEST_F(SpServerTest, IndexListsOrganizations) {
  core::browser::Browser c;
  auto r = c.fetch(base_ + "/");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("/sso/acme/login"), std::string::npos);
  EXPECT_NE(r.body.find("acme-marketing"), std::string::npos);
  EXPECT_EQ(c.fetch(base_ + "/nowhere").status, 404);
  EXPECT_EQ(c.request("DELETE", base_ + "/sso/acme/acs", "", "").status, 405);
}

TEST_F(SpServerTest, WhoAmIWithoutSessionIs401InBothForms) {
  core::browser::Browser c;
  auto html = c.fetch(base_ + "/app");
  EXPECT_EQ(html.status, 401);
  EXPECT_EQ(html.body.find("login_session_expired"), std::string::npos);
  auto json = c.fetch(base_ + "/app.json");
  EXPECT_EQ(json.status, 401);
  EXPECT_NE(json.body.find("\"error\":\"login_session_expired\""), std::string::npos);
  EXPECT_NE(json.body.find(std::string(sp::sentence(sp::LoginReason::login_session_expired))), std::string::npos);
  core::http::Headers accept_json;
  accept_json = {{"Accept", "application/json"}};
  EXPECT_NE(c.fetch(base_ + "/app", accept_json).body.find("\"error\""), std::string::npos);
}

TEST_F(SpServerTest, WhoAmIShowsOrganizationEmailAndRole) {
  core::browser::Browser c;
  ASSERT_EQ(post_acs(c, mint("dave@acme.test")).status, 303);
  auto html = c.fetch(base_ + "/app");
  ASSERT_EQ(html.status, 200);
  EXPECT_NE(html.body.find("dave@acme.test"), std::string::npos);
  EXPECT_NE(html.body.find("Read Only"), std::string::npos);
  core::http::Headers accept_json;
  accept_json = {{"Accept", "application/json"}};
  auto json = c.fetch(base_ + "/app", accept_json);
  EXPECT_NE(json.body.find("\"org\":\"acme\""), std::string::npos) << json.body;
  EXPECT_NE(json.body.find("\"via\":\"sso\""), std::string::npos);
}

TEST_F(SpServerTest, SessionExpiresWithItsLifetime) {
  core::browser::Browser c;
  ASSERT_EQ(post_acs(c, mint("carol@acme.test")).status, 303);
  EXPECT_EQ(whoami(c).status, 200);
  clock_.advance(std::chrono::hours{24});
  EXPECT_EQ(whoami(c).status, 401);
}

TEST_F(SpServerTest, PasswordLoginWhereSsoIsNotEnforcedRecordsTheBypass) {
  core::browser::Browser c;
  EXPECT_EQ(c.fetch(base_ + "/login?org=acme").status, 200);
  auto bad = c.post_form(base_ + "/login", {{"org", "acme"}, {"email", "alice@acme.test"}, {"password", "nope"}});
  EXPECT_EQ(bad.status, 401);
  EXPECT_NE(bad.body.find(std::string(user_message(sp::LoginReason::login_bad_password))), std::string::npos);
  auto ok = c.post_form(base_ + "/login", {{"org", "acme"}, {"email", "alice@acme.test"}, {"password", "Alice-Password-1"}});
  ASSERT_EQ(ok.status, 303) << ok.body;
  auto me = whoami(c);
  EXPECT_NE(me.body.find("\"via\":\"password\""), std::string::npos) << me.body;
  auto l = audit_of(AuditEvent::password_login);
  ASSERT_EQ(l.size(), 2u);
  ASSERT_EQ(l[1].gaps.size(), 1u);
  EXPECT_EQ(l[1].gaps[0], Gap::password_login_bypasses_sso);
}

TEST_F(SpServerTest, PasswordLoginRefusedWhereSsoIsEnforced) {
  update_sso("acme", [](SsoSettings& s) { s.sso_enforced = true; });
  core::browser::Browser c;
  auto r = c.post_form(base_ + "/login", {{"org", "acme"}, {"email", "alice@acme.test"}, {"password", "Alice-Password-1"}});
  EXPECT_EQ(r.status, http_status(sp::LoginReason::login_password_sso_enforced));
  EXPECT_EQ(whoami(c).status, 401);
}

TEST_F(SpServerTest, SignupCreatesASeparateAccountAndRecordsTheShadow) {
  core::browser::Browser c;
  EXPECT_EQ(c.fetch(base_ + "/signup").status, 200);
  auto weak = c.post_form(base_ + "/signup", {{"email", "bob@acme.test"}, {"password", "short"}});
  EXPECT_EQ(weak.status, 422);
  auto r = c.post_form(base_ + "/signup", {{"email", "bob@acme.test"}, {"password", "Bob-Password-1"}});
  ASSERT_EQ(r.status, 201) << r.body;
  AuditQuery q;
  q.org = "acme";
  q.event = AuditEvent::self_signup;
  auto recs = audit(q);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].gaps[0], Gap::shadow_account_via_self_signup);
  auto taken = c.post_form(base_ + "/signup", {{"email", "bob@acme.test"}, {"password", "Bob-Password-1"}});
  EXPECT_EQ(taken.status, 409);
}

TEST_F(SpServerTest, LogoutEndsTheSession) {
  core::browser::Browser c;
  ASSERT_EQ(post_acs(c, mint("carol@acme.test")).status, 303);
  const auto token = c.jar().get(kSessionCookie);
  ASSERT_TRUE(token);
  auto r = c.post(base_ + "/logout", "", "application/x-www-form-urlencoded");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(whoami(c).status, 401);
  // The old token is dead on the server too, not only forgotten by the browser.
  core::http::Headers o;
  o = {{"Cookie", std::string(kSessionCookie) + "=" + *token}};
  EXPECT_EQ(core::browser::Browser().fetch(base_ + "/app.json", o).status, 401);
  EXPECT_EQ(audit_of(AuditEvent::logout).size(), 1u);
}

TEST_F(SpServerTest, SingleLogoutSendsASignedLogoutRequestAndAcceptsTheSignedResponse) {
  const std::string idp_slo = "http://127.0.0.1:7000/app/acme_hotjar_1/exk1acmeH0tjar5Sx0h7/slo/saml";
  update_sso("acme", [&](SsoSettings& s) { s.idp_slo_url = idp_slo; });
  core::browser::Browser c;
  ASSERT_EQ(post_acs(c, mint("carol@acme.test")).status, 303);
  auto r = c.fetch(base_ + "/sso/acme/slo");
  ASSERT_EQ(r.status, 302);
  const std::string loc = *r.header("location");
  EXPECT_EQ(loc.rfind(idp_slo + "?SAMLRequest=", 0), 0u);
  auto m = core::decode_redirect(core::http::parse_url(loc)->query.value_or(""), "SAMLRequest");
  ASSERT_TRUE(m.ok());
  const std::vector<core::Certificate> sp{test::cert("sp.crt")};
  EXPECT_TRUE(core::verify_redirect_signature(*m, sp, false).ok());  // B.11: must be signed
  EXPECT_NE(m->xml.find(">carol@acme.test</saml:NameID>"), std::string::npos);
  EXPECT_EQ(whoami(c).status, 401);  // the SP session ended before the IdP answers

  auto lr = [&](bool sign) {
    std::string xml =
        "<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"id5550001\" "
        "InResponseTo=\"_x\" Version=\"2.0\" IssueInstant=\"2026-03-01T12:00:00Z\" Destination=\"" + base_ +
        "/sso/acme/slo\"><saml:Issuer xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">" + kIssuer +
        "</saml:Issuer><samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/>"
        "</samlp:Status></samlp:LogoutResponse>";
    if (!sign) return xml;
    auto doc = core::parse_untrusted(xml);
    EXPECT_TRUE(core::sign_enveloped(xmlDocGetRootElement(doc->get()), test::key("idp"), {}).ok());
    return core::serialize(doc->get());
  };
  auto ok = c.post_form(base_ + "/sso/acme/slo", {{"SAMLResponse", core::base64_encode(lr(true))}});
  EXPECT_EQ(ok.status, 200);
  auto unsigned_ = c.post_form(base_ + "/sso/acme/slo", {{"SAMLResponse", core::base64_encode(lr(false))}});
  EXPECT_EQ(unsigned_.status, 403);
  auto recs = audit_of(AuditEvent::slo_response);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].outcome, AuditOutcome::success);
  EXPECT_EQ(recs[1].reason, "sig_missing");
}

TEST_F(SpServerTest, SingleLogoutWithoutIdpSloEndsOnlyTheSpSession) {
  core::browser::Browser c;
  ASSERT_EQ(post_acs(c, mint("carol@acme.test")).status, 303);
  auto r = c.fetch(base_ + "/sso/acme/slo");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(whoami(c).status, 401);
}

}  // namespace
}  // namespace samlh::sp::testing
