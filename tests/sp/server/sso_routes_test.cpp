// SP-initiated login, the ACS and metadata over loopback HTTP: what the SP
// sends, how the request is bound to the browser, and how each response is
// accepted or refused (reason in the audit log, words on the page).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "core/metadata.hpp"
#include "server_fixture.hpp"
#include "sp/server/cookie_rules.hpp"
#include "sp/server/reason_http.hpp"
#include "tests/sp/temp_dir.hpp"

namespace samlh::sp::testing {
namespace {

using core::Reason;

std::string set_cookie_named(const core::browser::Reply& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == "set-cookie" && v.rfind(std::string(name) + "=", 0) == 0) return v;
  }
  return {};
}

TEST_F(SpServerTest, LoginRedirectCarriesTheAuthnRequestAndBindsItToTheBrowser) {
  core::browser::Browser c;
  auto r = c.fetch(base_ + "/sso/acme/login?RelayState=%2Fapp%2Fheatmaps");
  ASSERT_EQ(r.status, 302);
  ASSERT_NE(r.header("location"), nullptr);
  EXPECT_EQ(r.header("location")->rfind(std::string(kIdpSso) + "?SAMLRequest=", 0), 0u);
  auto sent = sent_request(*r.header("location"));
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->id.size(), 33u);
  EXPECT_EQ(sent->id[0], '_');
  EXPECT_EQ(sent->relay_state, "/app/heatmaps");
  EXPECT_FALSE(sent->message.signature.has_value());  // Signed Requests off by default (B.10)
  EXPECT_NE(sent->xml.find("AssertionConsumerServiceURL=\"" + base_ + "/sso/acme/acs\""), std::string::npos);
  EXPECT_NE(sent->xml.find("<saml:Issuer>" + base_ + "/sso/acme/metadata</saml:Issuer>"), std::string::npos);
  EXPECT_NE(sent->xml.find("nameid-format:emailAddress"), std::string::npos);
  EXPECT_NE(sent->xml.find("Destination=\"" + std::string(kIdpSso) + "\""), std::string::npos);
  // Same site as the IdP (both 127.0.0.1) and plain loopback: Lax, not Secure.
  const std::string cookie = set_cookie_named(r, kBindingCookie);
  EXPECT_NE(cookie.find("Path=/sso/acme/"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
}

TEST_F(SpServerTest, SignedRedirectRequestVerifiesWithTheSpCertificate) {
  update_sso("acme", [](SsoSettings& s) { s.sign_authn_requests = true; });
  core::browser::Browser c;
  auto sent = start_login(c);
  ASSERT_TRUE(sent);
  ASSERT_TRUE(sent->message.signature.has_value());
  const std::vector<core::Certificate> sp{test::cert("sp.crt")};
  EXPECT_TRUE(core::verify_redirect_signature(sent->message, sp, false).ok());
  const std::vector<core::Certificate> idp{test::cert("idp.crt")};
  EXPECT_FALSE(core::verify_redirect_signature(sent->message, idp, false).ok());
}

TEST_F(SpServerTest, PostBindingSendsAnAutoSubmitFormWithAnEnvelopedSignature) {
  update_sso("acme", [](SsoSettings& s) {
    s.sign_authn_requests = true;
    s.authn_request_binding = RequestBinding::post;
  });
  core::browser::Browser c;
  auto r = c.fetch(base_ + "/sso/acme/login");
  ASSERT_EQ(r.status, 200);
  const auto forms = core::browser::parse_forms(r.body, r.url);
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_EQ(forms[0].method, "post");
  EXPECT_EQ(forms[0].action, kIdpSso);
  ASSERT_TRUE(forms[0].has("SAMLRequest"));
  auto xml = core::decode_post_value(*forms[0].get("SAMLRequest"));
  ASSERT_TRUE(xml.ok());
  auto doc = core::parse_untrusted(*xml);
  ASSERT_TRUE(doc.ok());
  xmlNode* root = xmlDocGetRootElement(doc->get());
  ASSERT_TRUE(core::register_id(doc->get(), root).ok());
  const std::vector<core::Certificate> sp{test::cert("sp.crt")};
  EXPECT_TRUE(core::verify_enveloped(core::child(root, core::ns::kDs, "Signature"), root, sp, {}).ok());
  EXPECT_FALSE(set_cookie_named(r, kBindingCookie).empty());
}

TEST_F(SpServerTest, OffSiteRelayStateIsRefusedBeforeAnythingIsSent) {
  core::browser::Browser c;
  for (const char* rs : {"%2F%2Fevil.test%2F", "https%3A%2F%2Fevil.test%2F", "%2F%5Cevil.test", "app"}) {
    auto r = c.fetch(base_ + "/sso/acme/login?RelayState=" + rs);
    EXPECT_EQ(r.status, 400) << rs;
    EXPECT_EQ(r.header("location"), nullptr);
  }
}

TEST_F(SpServerTest, LoginForUnknownOrDisconnectedOrganizationIsRefused) {
  core::browser::Browser c;
  EXPECT_EQ(c.fetch(base_ + "/sso/nope/login").status, 404);
  EXPECT_EQ(c.fetch(base_ + "/sso/acme-marketing/login").status, http_status(sp::LoginReason::login_sso_disabled));
  EXPECT_EQ(c.fetch(base_ + "/sso/acme/invite/not-a-token").status, 404);
}

TEST_F(SpServerTest, SpInitiatedLoginSetsTheSessionAndReturnsToTheRelayState) {
  core::browser::Browser c;
  auto sent = start_login(c, "/sso/acme/login?RelayState=%2Fapp%2Fsurveys");
  ASSERT_TRUE(sent);
  auto r = post_acs(c, mint("alice@acme.test", sent->id), sent->relay_state);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(*r.header("location"), "/app/surveys");
  const std::string session = set_cookie_named(r, kSessionCookie);
  EXPECT_NE(session.find("HttpOnly"), std::string::npos);
  EXPECT_NE(session.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(session.find("Secure"), std::string::npos);  // plain loopback
  auto me = whoami(c);
  ASSERT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("\"email\":\"alice@acme.test\""), std::string::npos);
  EXPECT_NE(me.body.find("\"role\":\"admin\""), std::string::npos);
  auto v = audit_of(AuditEvent::sso_validation);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].outcome, AuditOutcome::success);
  EXPECT_EQ(v[0].flow, "sp_initiated");
  auto l = audit_of(AuditEvent::sso_login);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].outcome, AuditOutcome::success);
  EXPECT_EQ(l[0].flow, "sp_initiated");
}

TEST_F(SpServerTest, RequestIdIsSingleUseSecondAnswerIsRefused) {
  core::browser::Browser c;
  auto sent = start_login(c);
  ASSERT_TRUE(sent);
  const std::optional<std::string> binding = c.jar().get(kBindingCookie);
  ASSERT_TRUE(binding);
  ASSERT_EQ(post_acs(c, mint("alice@acme.test", sent->id), sent->relay_state).status, 303);
  // The SP expired the binding cookie: a fresh assertion answering the same
  // (used) request from this browser answers a request it no longer knows.
  auto again = post_acs(c, mint("alice@acme.test", sent->id), sent->relay_state);
  EXPECT_EQ(again.status, http_status(Reason::inresp_unexpected));
  // A browser that kept the cookie anyway: its request was already answered.
  c.jar().store(*core::http::parse_url(base_ + "/sso/acme/acs"), std::string(kBindingCookie) + "=" + *binding + "; Path=/sso/acme/");
  auto kept = post_acs(c, mint("alice@acme.test", sent->id), sent->relay_state);
  EXPECT_EQ(kept.status, http_status(Reason::inresp_mismatch));
  auto v = audit_of(AuditEvent::sso_validation);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[1].reason, "inresp_unexpected");
  EXPECT_EQ(v[2].reason, "inresp_mismatch");
  EXPECT_NE(v[2].detail.find("was already answered"), std::string::npos) << v[2].detail;
}

TEST_F(SpServerTest, AnotherBrowsersRequestIdIsRefused) {
  core::browser::Browser a, b, none;
  auto sent_a = start_login(a);
  auto sent_b = start_login(b);
  ASSERT_TRUE(sent_a && sent_b);
  // A browser with its own request: the response answers another one.
  auto r = post_acs(b, mint("alice@acme.test", sent_a->id), sent_a->relay_state);
  EXPECT_EQ(r.status, 403);
  // A browser that never started a login (login CSRF, PR-6): no request is
  // known for it at all.
  auto cookieless = post_acs(none, mint("alice@acme.test", sent_a->id), sent_a->relay_state);
  EXPECT_EQ(cookieless.status, 403);
  auto v = audit_of(AuditEvent::sso_validation);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].reason, "inresp_mismatch");
  EXPECT_EQ(v[1].reason, "inresp_unexpected");
  EXPECT_NE(v[1].detail.find("no request binding cookie"), std::string::npos) << v[1].detail;
  EXPECT_EQ(whoami(b).status, 401);
  EXPECT_EQ(whoami(none).status, 401);
}

TEST_F(SpServerTest, UnsolicitedResponseFromACookielessBrowserIsJudgedByPolicy) {
  // No binding cookie and no InResponseTo: an IdP-initiated login, allowed
  // by the example organization.
  core::browser::Browser c;
  EXPECT_EQ(post_acs(c, mint("carol@acme.test")).status, 303);
}

TEST_F(SpServerTest, MadeUpInvitationLinkIsRefusedAndAuditedBeforeTheIdp) {
  core::browser::Browser c;
  auto r = c.fetch(base_ + "/sso/acme/invite/made-up-invitation-token");
  EXPECT_EQ(r.status, http_status(sp::LoginReason::login_invitation_unknown));
  EXPECT_EQ(r.header("location"), nullptr);  // never sent to the IdP
  auto l = audit_of(AuditEvent::sso_login);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].reason, "login_invitation_unknown");
  EXPECT_EQ(l[0].org, "acme");
  EXPECT_EQ(l[0].flow, "sp_initiated");
  EXPECT_EQ(l[0].detail.find("made-up"), std::string::npos);  // the token is not logged
}

TEST_F(SpServerTest, UnknownOrganizationIsRefusedAndAuditedUnderTheSlugAskedFor) {
  core::browser::Browser c;
  EXPECT_EQ(c.fetch(base_ + "/sso/acme-corp/login").status, http_status(sp::LoginReason::login_org_unknown));
  EXPECT_EQ(c.post_form(base_ + "/sso/acme-corp/acs", {{"SAMLResponse", core::base64_encode(mint("carol@acme.test"))}})
                .status,
            http_status(sp::LoginReason::login_org_unknown));
  EXPECT_EQ(c.fetch(base_ + "/sso/" + std::string(200, 'x') + "/login").status, 404);
  auto l = audit_of(AuditEvent::sso_login);
  ASSERT_EQ(l.size(), 3u);
  for (const AuditRecord& rec : l) {
    EXPECT_EQ(rec.reason, "login_org_unknown");
    EXPECT_EQ(rec.outcome, AuditOutcome::refused);
    EXPECT_FALSE(rec.subject.has_value());  // the response was not read
  }
  EXPECT_EQ(l[0].org, "acme-corp");
  EXPECT_EQ(l[1].org, "acme-corp");
  EXPECT_EQ(l[2].org, std::string(64, 'x'));  // bounded
  EXPECT_NE(l[1].detail.find("ACS"), std::string::npos);
  EXPECT_TRUE(audit_of(AuditEvent::sso_validation).empty());
}

TEST_F(SpServerTest, PassiveLoginAsksTheIdpNotToPrompt) {
  core::browser::Browser c;
  auto passive = start_login(c, "/sso/acme/login?passive=1");
  ASSERT_TRUE(passive);
  EXPECT_NE(passive->xml.find(" IsPassive=\"true\""), std::string::npos) << passive->xml;
  auto plain = start_login(c);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->xml.find("IsPassive"), std::string::npos);
}

TEST_F(SpServerTest, XmlOverTheAcsLimitButUnderTheFormCapIsXmlTooLarge) {
  // 300 KB of XML is a form of about 410 KB: under the 512 KB form cap, over
  // the ACS's 256 KB XML limit (SpOptions::max_xml_bytes).
  core::browser::Browser c;
  std::string xml = mint("carol@acme.test");
  xml += std::string(300 * 1024 - xml.size(), ' ');
  EXPECT_EQ(post_acs(c, xml).status, http_status(Reason::xml_too_large));
  auto v = audit_of(AuditEvent::sso_validation);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].reason, "xml_too_large");
}

TEST_F(SpServerTest, ReplayedIdpInitiatedPostIsRefused) {
  core::browser::Browser c;
  const std::string response = mint("carol@acme.test");
  auto first = post_acs(c, response, "/app/dashboards");
  ASSERT_EQ(first.status, 303) << first.body;
  EXPECT_EQ(*first.header("location"), "/app/dashboards");
  core::browser::Browser attacker;
  auto replay = post_acs(attacker, response);
  EXPECT_EQ(replay.status, http_status(Reason::replay_assertion));
  auto v = audit_of(AuditEvent::sso_validation);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].flow, "idp_initiated");
  EXPECT_EQ(v[1].reason, "replay_assertion");
  EXPECT_NE(v[1].detail.find("check replay failed"), std::string::npos);
}

// The handlers run on several server threads at once: the same assertion
// posted concurrently must log in exactly once (the replay claim holds the ID
// from validation until its commit).
TEST_F(SpServerTest, TheSameAssertionPostedConcurrentlyLogsInOnce) {
  const std::string response = mint("carol@acme.test");
  core::http::Request req;
  req.method = "POST";
  req.target = req.path = "/sso/acme/acs";
  req.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  req.body = core::http::form_urlencode({{"SAMLResponse", core::base64_encode(response)}});
  req.remote = "127.0.0.1";
  constexpr int kPosts = 8;
  std::vector<int> status(kPosts, 0);
  std::vector<std::thread> posts;
  for (int i = 0; i < kPosts; ++i) posts.emplace_back([&, i] { status[static_cast<std::size_t>(i)] = route(req, *state_).status; });
  for (auto& t : posts) t.join();
  EXPECT_EQ(std::count(status.begin(), status.end(), 303), 1);
  EXPECT_EQ(std::count(status.begin(), status.end(), http_status(Reason::replay_assertion)), kPosts - 1);
  auto v = audit_of(AuditEvent::sso_validation);
  ASSERT_EQ(v.size(), static_cast<std::size_t>(kPosts));
  EXPECT_EQ(std::count_if(v.begin(), v.end(), [](const AuditRecord& r) { return r.reason == "replay_assertion"; }),
            kPosts - 1);
  EXPECT_EQ(audit_of(AuditEvent::sso_login).size(), 1u);
}

TEST_F(SpServerTest, UninvitedUserIsRefusedWithInvitationRequiredAndPlainWords) {
  core::browser::Browser c;
  auto sent = start_login(c);
  ASSERT_TRUE(sent);
  auto r = post_acs(c, mint("mallory@acme.test", sent->id), sent->relay_state);
  EXPECT_EQ(r.status, http_status(sp::LoginReason::login_no_membership));
  EXPECT_NE(r.body.find(std::string(user_message(sp::LoginReason::login_no_membership)).substr(0, 30)), std::string::npos);
  EXPECT_EQ(r.body.find("login_no_membership"), std::string::npos);  // the reason stays in the audit log
  EXPECT_EQ(r.body.find("mallory@acme.test is not"), std::string::npos);
  auto l = audit_of(AuditEvent::sso_login);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].reason, "login_no_membership");
  ASSERT_EQ(l[0].gaps.size(), 1u);
  EXPECT_EQ(l[0].gaps[0], Gap::invitation_required);
  EXPECT_EQ(whoami(c).status, 401);
}

TEST_F(SpServerTest, InvitationLinkLoginAcceptsTheInvitationWithTheInvitedRole) {
  const std::string token = pending_token("bob@acme.test");
  ASSERT_FALSE(token.empty());
  core::browser::Browser c;
  auto sent = start_login(c, "/sso/acme/invite/" + token);
  ASSERT_TRUE(sent);
  auto r = post_acs(c, mint("bob@acme.test", sent->id), sent->relay_state);
  ASSERT_EQ(r.status, 303) << r.body;
  auto me = whoami(c);
  EXPECT_NE(me.body.find("\"role\":\"read_write\""), std::string::npos) << me.body;
  EXPECT_NE(me.body.find("\"role_name\":\"Read & Write\""), std::string::npos);
  EXPECT_TRUE(pending_token("bob@acme.test").empty());
}

TEST_F(SpServerTest, InvitedUserOutsideTheLinkIsToldToUseIt) {
  core::browser::Browser c;
  auto sent = start_login(c);
  ASSERT_TRUE(sent);
  auto r = post_acs(c, mint("bob@acme.test", sent->id), sent->relay_state);
  EXPECT_EQ(r.status, 403);
  auto l = audit_of(AuditEvent::sso_login);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].reason, "login_invitation_pending");
}

TEST_F(SpServerTest, UnsolicitedResponseRefusedWhereTheOrganizationDisallowsIt) {
  update_sso("acme", [](SsoSettings& s) { s.idp_initiated_allowed = false; });
  core::browser::Browser c;
  auto r = post_acs(c, mint("carol@acme.test"));
  EXPECT_EQ(r.status, 403);
  auto v = audit_of(AuditEvent::sso_validation);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].reason, "inresp_unsolicited");
}

TEST_F(SpServerTest, ForgedSignatureIsRefusedAsUntrusted) {
  core::browser::Browser c;
  const std::string forged = sign_response(test::okta_response(shape("carol@acme.test")), Signed::assertion, "attacker");
  auto r = post_acs(c, forged);
  EXPECT_EQ(r.status, 403);
  auto v = audit_of(AuditEvent::sso_validation);
  ASSERT_EQ(v.size(), 1u);
  ASSERT_TRUE(v[0].reason.has_value());
  EXPECT_EQ(v[0].reason->rfind("sig_", 0), 0u) << *v[0].reason;
}

TEST_F(SpServerTest, RolloverAcceptsEitherPinnedCertificate) {
  update_sso("acme", [](SsoSettings& s) {
    s.idp_certificates.push_back(test::slurp(test::source_path("certs/idp-next.crt")));
  });
  core::browser::Browser c;
  const std::string next = sign_response(test::okta_response(shape("carol@acme.test")), Signed::assertion, "idp-next");
  EXPECT_EQ(post_acs(c, next).status, 303);
  EXPECT_EQ(post_acs(c, mint("alice@acme.test")).status, 303);
}

// The ACS reads a browser-less POST's settings without the store lock
// (Store::last_org_snapshot), which cannot know of another connection's
// commit until something reads under the lock. The decision step confirms
// the settings: a POST that arrives after the IdP certificate was replaced
// elsewhere is judged by the new one, never by the snapshot.
class SpServerOnFileTest : public SpServerTest {
 protected:
  SpServerOnFileTest() { db_path_ = dir_.file("sp.db"); }
  TempDir dir_;
};

TEST_F(SpServerOnFileTest, SettingsChangedByAnotherConnectionDecideTheNextPost) {
  core::browser::Browser c;
  ASSERT_EQ(post_acs(c, mint("carol@acme.test")).status, 303);  // the snapshot now trusts certs/idp.crt
  trust_through_another_connection("certs/idp-next.crt");
  EXPECT_EQ(post_acs(c, mint("alice@acme.test")).status, 403);  // signed by the replaced key
  const std::string next = sign_response(test::okta_response(shape("alice@acme.test")), Signed::assertion, "idp-next");
  EXPECT_EQ(post_acs(c, next).status, 303);
  auto v = audit_of(AuditEvent::sso_validation);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].outcome, AuditOutcome::success);
  EXPECT_EQ(v[1].outcome, AuditOutcome::refused);
  ASSERT_TRUE(v[1].reason.has_value());
  EXPECT_EQ(v[1].reason->rfind("sig_", 0), 0u) << *v[1].reason;
  EXPECT_EQ(v[2].outcome, AuditOutcome::success);
}

TEST_F(SpServerTest, ExpiredAssertionIsRefusedAsTimeOff) {
  core::browser::Browser c;
  const std::string old = mint("carol@acme.test");
  clock_.advance(std::chrono::minutes{30});
  auto r = post_acs(c, old);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("expired"), std::string::npos);
}

TEST_F(SpServerTest, MetadataDescribesTheSp) {
  core::browser::Browser c;
  auto r = c.fetch(base_ + "/sso/acme/metadata");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(*r.header("content-type"), "application/samlmetadata+xml");
  auto md = core::parse_sp_metadata(r.body);
  ASSERT_TRUE(md.ok()) << r.body;
  EXPECT_EQ(md->entity_id, base_ + "/sso/acme/metadata");
  ASSERT_EQ(md->acs.size(), 1u);
  EXPECT_EQ(md->acs[0].location, base_ + "/sso/acme/acs");
  EXPECT_EQ(md->acs[0].binding, core::kBindingPost);
  ASSERT_EQ(md->slo.size(), 2u);
  EXPECT_EQ(md->slo[0].location, base_ + "/sso/acme/slo");
  EXPECT_TRUE(md->want_assertions_signed);
  EXPECT_FALSE(md->authn_requests_signed);
  ASSERT_EQ(md->signing_certificates.size(), 1u);
  ASSERT_EQ(md->encryption_certificates.size(), 1u);
  EXPECT_TRUE(md->signing_certificates[0].same_public_key(test::cert("sp.crt").public_key()));
  EXPECT_EQ(c.fetch(base_ + "/sso/nope/metadata").status, 404);
}

}  // namespace
}  // namespace samlh::sp::testing
