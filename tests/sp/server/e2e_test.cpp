// End to end with the real idp-mock: the project's browser (core/browser:
// cookie jar, redirects followed, the sign-in form filled, the auto-post form
// submitted) signs in SP-initiated and
// IdP-initiated; the uninvited are refused with invitation_required; an
// invitee's first login through the link accepts the invitation; a replayed
// POST and another browser's request ID are refused; Single Logout.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "e2e_fixture.hpp"

namespace samlh::sp::testing {
namespace {

using nlohmann::json;

json whoami_json(core::browser::Browser& b, const std::string& base) {
  auto r = b.get(base + "/app.json");
  auto j = json::parse(r.body, nullptr, false);
  return j.is_discarded() ? json::object() : j;
}

TEST_F(EndToEndTest, SpInitiatedLoginThroughTheIdp) {
  core::browser::Browser b;
  auto r = sp_initiated(b, "carol@acme.test", "/sso/acme/login?RelayState=%2Fapp%2Fheatmaps");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.url, base_ + "/app/heatmaps");
  const json me = whoami_json(b, base_);
  EXPECT_EQ(me.value("email", ""), "carol@acme.test") << me.dump();
  EXPECT_EQ(me.value("role", ""), "account_owner");
  auto l = audit_of(AuditEvent::sso_login);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].flow, "sp_initiated");
  EXPECT_EQ(l[0].outcome, AuditOutcome::success);
  // The IdP session lets a second login skip the password (B: Okta's sid cookie).
  auto again = b.get(base_ + "/sso/acme/login");
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.url, base_ + "/app");
  const std::string idp_sign_in = "http://127.0.0.1:" + std::to_string(idp_server_->port()) + "/login";
  EXPECT_EQ(std::count(again.chain.begin(), again.chain.end(), idp_sign_in), 0);
  EXPECT_GE(again.chain.size(), 4u);  // the SP, the IdP, the ACS, the app
}

TEST_F(EndToEndTest, IdpInitiatedLoginFromTheTile) {
  core::browser::Browser b;
  auto r = idp_initiated(b, "alice@acme.test", "/app/surveys");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.url, base_ + "/app/surveys");
  EXPECT_EQ(whoami_json(b, base_).value("role", ""), "admin");
  auto l = audit_of(AuditEvent::sso_login);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].flow, "idp_initiated");
}

TEST_F(EndToEndTest, UninvitedUserIsRefusedWithInvitationRequired) {
  core::browser::Browser b;
  auto r = sp_initiated(b, "mallory@acme.test", "/sso/acme/login");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body.find("login_no_membership"), std::string::npos);
  auto l = audit_of(AuditEvent::sso_login);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].subject, "mallory@acme.test");
  EXPECT_EQ(l[0].reason, "login_no_membership");
  ASSERT_EQ(l[0].gaps.size(), 1u);
  EXPECT_EQ(l[0].gaps[0], Gap::invitation_required);
  EXPECT_EQ(b.get(base_ + "/app.json").status, 401);
}

TEST_F(EndToEndTest, InviteesFirstLoginThroughTheLinkAcceptsTheInvitation) {
  core::browser::Browser b;
  auto r = sp_initiated(b, "bob@acme.test", "/sso/acme/invite/" + pending_token("bob@acme.test"));
  EXPECT_EQ(r.status, 200) << r.body;
  const json me = whoami_json(b, base_);
  EXPECT_EQ(me.value("email", ""), "bob@acme.test");
  EXPECT_EQ(me.value("role", ""), "read_write");
  EXPECT_EQ(me.value("role_name", ""), "Read & Write");
  EXPECT_TRUE(pending_token("bob@acme.test").empty());
}

TEST_F(EndToEndTest, ReplayedPostIsRefused) {
  core::browser::Browser b;
  auto held = idp_initiated(b, "carol@acme.test", "", true);
  ASSERT_TRUE(held.pending_saml_post) << held.status << " " << held.body;
  EXPECT_EQ(b.submit(*held.pending_saml_post).status, 200);
  core::browser::Browser attacker;  // the same POST body, captured and sent again
  EXPECT_EQ(attacker.submit(*held.pending_saml_post).status, 403);
  auto v = audit_of(AuditEvent::sso_validation);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1].reason, "replay_assertion");
}

TEST_F(EndToEndTest, AnotherBrowsersRequestIdIsRefused) {
  core::browser::Browser victim, attacker;
  auto held = sp_initiated(victim, "carol@acme.test", "/sso/acme/login", true);
  ASSERT_TRUE(held.pending_saml_post) << held.status << " " << held.body;
  ASSERT_EQ(attacker.get(base_ + "/sso/acme/login").status, 200);  // the attacker has a request of its own
  EXPECT_EQ(attacker.submit(*held.pending_saml_post).status, 403);
  auto v = audit_of(AuditEvent::sso_validation);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].reason, "inresp_mismatch");
  EXPECT_EQ(attacker.get(base_ + "/app.json").status, 401);
}

TEST_F(EndToEndTest, CrossSiteIdpStillDeliversTheBindingCookie) {
  use_idp_host("localhost");  // another site than the SP's 127.0.0.1
  core::browser::Browser probe;
  auto start = probe.fetch(base_ + "/sso/acme/login");
  bool none_secure = false;
  for (const auto& [k, v] : start.headers) {
    if (k == "set-cookie" && v.rfind("samlh_authn=", 0) == 0) {
      none_secure = v.find("SameSite=None") != std::string::npos && v.find("Secure") != std::string::npos;
    }
  }
  EXPECT_TRUE(none_secure);
  core::browser::Browser b;
  auto r = sp_initiated(b, "alice@acme.test", "/sso/acme/login");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(whoami_json(b, base_).value("email", ""), "alice@acme.test");
}

TEST_F(EndToEndTest, UnassignedAndDeactivatedUsersNeverReachTheSp) {
  // erin is active and unassigned: Okta's "403 App Not Assigned" (B.10); dave
  // is deactivated and cannot sign in to Okta at all (C row 4).
  for (const auto& [user, status] : {std::pair{"erin@acme.test", 403}, std::pair{"dave@acme.test", 401}}) {
    core::browser::Browser b;
    auto r = sp_initiated(b, user, "/sso/acme/login");
    EXPECT_EQ(r.status, status) << user;
    EXPECT_EQ(r.body.find("SAMLResponse"), std::string::npos);
  }
  EXPECT_TRUE(audit_of(AuditEvent::sso_validation).empty());
}

TEST_F(EndToEndTest, SingleLogoutThroughTheIdp) {
  idp::apply_settings(idp_->lock().state().apps[0].app.settings,
                      YAML::Load("single_logout: {enabled: true, url: " + base_ + "/sso/acme/slo, sp_issuer: " + base_ +
                                 "/sso/acme/metadata, signature_certificate: ../../certs/sp.crt}"),
                      idp::SettingsSource{"test", test::source_path("idp-mock/examples")});
  update_sso("acme", [&](SsoSettings& s) {
    s.idp_slo_url = "http://127.0.0.1:" + std::to_string(idp_server_->port()) +
                    "/app/acme_hotjar_1/exk1acmeH0tjar5Sx0h7/slo/saml";
  });
  core::browser::Browser b;
  ASSERT_EQ(sp_initiated(b, "carol@acme.test", "/sso/acme/login").status, 200);
  core::browser::NavigateOptions hold;
  hold.stop_before_saml_response = true;
  auto at_idp = b.navigate(base_ + "/sso/acme/slo", hold);
  ASSERT_TRUE(at_idp.pending_saml_post) << at_idp.status << " " << at_idp.body;
  EXPECT_EQ(b.get(base_ + "/app.json").status, 401);
  auto back = b.submit(*at_idp.pending_saml_post);
  EXPECT_EQ(back.status, 200) << back.body;
  auto recs = audit_of(AuditEvent::slo_response);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].outcome, AuditOutcome::success);
}

}  // namespace
}  // namespace samlh::sp::testing
