// idp-mock over loopback HTTP (port 0): every endpoint and flow, driven with
// core::browser::Browser as a browser would (cookies, forms).
#include <gtest/gtest.h>

#include <future>
#include <optional>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "core/bindings.hpp"
#include "core/browser/browser.hpp"
#include "core/http/http_server.hpp"
#include "core/metadata.hpp"
#include "tests/idp-mock/idp_fixture.hpp"

using namespace samlh;
using namespace samlh::test;
using core::browser::Browser;
using core::browser::Reply;
using nlohmann::json;

namespace {

const std::string kSso = "/app/acme_hotjar_1/exk1acmeH0tjar5Sx0h7/sso/saml";
const std::string kSlo = "/app/acme_hotjar_1/exk1acmeH0tjar5Sx0h7/slo/saml";
const std::string kMetadata = "/app/exk1acmeH0tjar5Sx0h7/sso/saml/metadata";
const std::string kAcs = "http://127.0.0.1:8081/sso/acme/acs";

// The first value of `name` in any form of the page (read as a browser reads it).
std::optional<std::string> field(const std::string& html, const std::string& name) {
  for (const auto& f : core::browser::parse_forms(html, "http://127.0.0.1/")) {
    if (const std::string* v = f.get(name)) return *v;
  }
  return std::nullopt;
}

std::string form_action(const std::string& html) {
  const auto forms = core::browser::parse_forms(html, "http://127.0.0.1/");
  return forms.empty() ? std::string() : forms.front().action;
}

std::string authn_request(const std::string& id, const std::string& extra = "") {
  return "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
         "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"" +
         id + "\" Version=\"2.0\" IssueInstant=\"2026-03-01T12:00:00Z\"" + extra +
         "><saml:Issuer>http://127.0.0.1:8081/sso/acme/metadata</saml:Issuer></samlp:AuthnRequest>";
}

std::string signed_xml(const std::string& xml, const std::string& key_base) {
  auto doc = core::parse_untrusted(xml);
  EXPECT_TRUE(doc.ok());
  xmlNode* root = xmlDocGetRootElement(doc->get());
  auto s = core::sign_enveloped(root, key(key_base), core::SignOptions{});
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.failure().detail);
  return core::serialize(doc->get(), true);
}

class IdpHttp : public ::testing::Test {
 protected:
  void SetUp() override { start(acme()); }
  void start(idp::TenantConfig cfg) {
    server_.reset();
    h_ = std::make_unique<IdpHarness>(std::move(cfg));
    core::http::ServerOptions o;
    server_ = std::make_unique<core::http::Server>(o, [this](const core::http::Request& r) { return h_->idp->route(r); });
    server_->listen();
    base_ = server_->base_url();
    h_->idp->set_base_url(base_);
    server_->start();
  }
  void TearDown() override { server_.reset(); }

  Reply api(Browser& c, const std::string& method, const std::string& path, const json& body = nullptr) {
    // The control API takes JSON only, a POST without a body too (api_guard.hpp).
    return c.request(method, base_ + path, body.is_null() ? "" : body.dump(), "application/json");
  }
  // Sign-in page -> POST /login. Returns the response to the form post.
  Reply sign_in(Browser& c, const Reply& page, const std::string& user,
                         const std::string& password = "demo") {
    auto token = field(page.body, "stateToken");
    EXPECT_TRUE(token.has_value()) << page.body.substr(0, 200);
    return c.post_form(base_ + "/login", {{"stateToken", token.value_or("")}, {"username", user}, {"password", password}});
  }
  // The Response inside an auto-POST form.
  std::string saml_response(const Reply& r) {
    auto v = field(r.body, "SAMLResponse");
    EXPECT_TRUE(v.has_value()) << r.status << " " << r.body.substr(0, 300);
    if (!v) return {};
    auto xml = core::decode_post_value(*v);
    EXPECT_TRUE(xml.ok());
    return xml.ok() ? *xml : std::string{};
  }
  Reply sp_initiated_redirect(Browser& c, const std::string& id, const std::string& extra = "",
                                       const core::PrivateKey* k = nullptr) {
    auto q = core::encode_redirect(authn_request(id, extra), "SAMLRequest", std::string("rs-") + id, k);
    return c.fetch(base_ + kSso + "?" + q);
  }

  std::unique_ptr<IdpHarness> h_;
  std::unique_ptr<core::http::Server> server_;
  std::string base_;
};

TEST_F(IdpHttp, MetadataIsOktaShaped) {
  Browser c;
  auto r = c.fetch(base_ + kMetadata);
  ASSERT_EQ(r.status, 200);
  auto md = core::parse_idp_metadata(r.body);
  ASSERT_TRUE(md.ok()) << md.failure().detail;
  EXPECT_EQ(md->entity_id, "http://www.okta.com/exk1acmeH0tjar5Sx0h7");
  EXPECT_FALSE(md->want_authn_requests_signed);
  ASSERT_EQ(md->sso.size(), 2u);
  EXPECT_EQ(md->sso[0].location, base_ + kSso);
  EXPECT_EQ(md->sso[1].location, base_ + kSso);
  ASSERT_EQ(md->signing_certificates.size(), 1u);
  EXPECT_EQ(md->signing_certificates[0].der(), cert("idp.crt").der());
  EXPECT_EQ(md->name_id_formats.size(), 2u);
  EXPECT_EQ(c.fetch(base_ + "/app/exkNOPE/sso/saml/metadata").status, 404);
}

TEST_F(IdpHttp, SpInitiatedRedirectThenSessionSkipsThePassword) {
  Browser c;
  auto page = sp_initiated_redirect(c, "_req1");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Sign In"), std::string::npos);
  auto posted = sign_in(c, page, "carol@acme.test");
  ASSERT_EQ(posted.status, 200);
  EXPECT_EQ(form_action(posted.body), kAcs);
  EXPECT_EQ(field(posted.body, "RelayState"), "rs-_req1");  // echoed (B.10)
  auto p = parse(saml_response(posted));
  EXPECT_EQ(core::attr(p.response, "InResponseTo"), "_req1");
  EXPECT_TRUE(verifies(p.response_sig, p.response, cert("idp.crt")));
  EXPECT_TRUE(c.jar().get("sid").has_value());
  // Second SP login: the Okta session cookie skips the sign-in page.
  auto again = sp_initiated_redirect(c, "_req2");
  ASSERT_EQ(again.status, 200);
  auto p2 = parse(saml_response(again));
  EXPECT_EQ(core::attr(p2.response, "InResponseTo"), "_req2");
}

TEST_F(IdpHttp, SpInitiatedPostBinding) {
  Browser c;
  auto page = c.post_form(base_ + kSso, {{"SAMLRequest", core::base64_encode(authn_request("_post1"))},
                                         {"RelayState", "/dashboard"}});
  ASSERT_EQ(page.status, 200);
  auto posted = sign_in(c, page, "alice@acme.test");
  EXPECT_EQ(field(posted.body, "RelayState"), "/dashboard");
  auto p = parse(saml_response(posted));
  EXPECT_EQ(core::attr(p.response, "InResponseTo"), "_post1");
}

TEST_F(IdpHttp, BadPasswordIsUnableToSignIn) {
  Browser c;
  auto page = sp_initiated_redirect(c, "_r");
  auto r = sign_in(c, page, "carol@acme.test", "wrong");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("Unable to sign in"), std::string::npos);
  EXPECT_FALSE(field(r.body, "SAMLResponse"));
}

TEST_F(IdpHttp, AnActiveUnassignedUserGets403AppNotAssigned) {
  Browser c;
  auto page = sp_initiated_redirect(c, "_r");
  auto r = sign_in(c, page, "erin@acme.test");
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("App Not Assigned"), std::string::npos);
  EXPECT_NE(r.body.find("Sorry, you cannot access Hotjar because you are not assigned this app in Okta"),
            std::string::npos);
  EXPECT_EQ(r.body.find("SAMLResponse"), std::string::npos);  // B.10: no response
  auto logs = json::parse(api(c, "GET", "/api/v1/logs?kind=sso").body);
  bool seen = false;
  for (const auto& e : logs)
    seen = seen || e["detail"].get<std::string>().find("User attempted unauthorized access to app") == 0;
  EXPECT_TRUE(seen);
}

TEST_F(IdpHttp, DeactivatedAndSuspendedUsersCannotSignInAtAll) {
  // C row 4 [O18][O19]: not 403 App Not Assigned, the Okta sign-in itself fails.
  for (const char* user : {"dave@acme.test", "heidi@acme.test"}) {
    Browser c;
    auto page = sp_initiated_redirect(c, "_r");
    auto r = sign_in(c, page, user);
    EXPECT_EQ(r.status, 401) << user;
    EXPECT_NE(r.body.find("Unable to sign in"), std::string::npos) << user;
    EXPECT_EQ(r.body.find("App Not Assigned"), std::string::npos) << user;
    EXPECT_EQ(r.body.find("SAMLResponse"), std::string::npos) << user;
  }
}

TEST_F(IdpHttp, IdpInitiatedGoesToTheSingleSignOnUrlWithRelayState) {
  Browser c;
  auto page = c.fetch(base_ + kSso + "?RelayState=%2Fsites%2F42");
  auto posted = sign_in(c, page, "bob@acme.test");
  EXPECT_EQ(form_action(posted.body), kAcs);
  EXPECT_EQ(field(posted.body, "RelayState"), "/sites/42");
  auto p = parse(saml_response(posted));
  EXPECT_FALSE(core::has_attr(p.response, "InResponseTo"));
}

TEST_F(IdpHttp, DefaultRelayStateOnlyForIdpInitiated) {
  start(acme_with("default_relay_state: /home"));
  Browser c;
  auto posted = sign_in(c, c.fetch(base_ + kSso), "bob@acme.test");
  EXPECT_EQ(field(posted.body, "RelayState"), "/home");
  auto q = core::encode_redirect(authn_request("_x"), "SAMLRequest", std::nullopt);
  auto sp = c.fetch(base_ + kSso + "?" + q);
  EXPECT_FALSE(field(sp.body, "RelayState"));
}

TEST_F(IdpHttp, ForceAuthnHonouredOnlyWhenTheSettingSaysSo) {
  for (bool honor : {true, false}) {
    start(acme_with(honor ? "honor_force_authn: true" : "honor_force_authn: false"));
    Browser c;
    sign_in(c, sp_initiated_redirect(c, "_a"), "carol@acme.test");
    auto r = sp_initiated_redirect(c, "_b", " ForceAuthn=\"true\"");
    EXPECT_EQ(field(r.body, "stateToken").has_value(), honor);
    EXPECT_EQ(field(r.body, "SAMLResponse").has_value(), !honor);
  }
}

TEST_F(IdpHttp, IsPassiveWithoutSessionAnswersNoPassive) {
  Browser c;
  auto r = sp_initiated_redirect(c, "_p", " IsPassive=\"true\"");
  ASSERT_EQ(r.status, 200);
  auto xml = saml_response(r);
  EXPECT_NE(xml.find("urn:oasis:names:tc:SAML:2.0:status:NoPassive"), std::string::npos);
  auto p = parse(xml);
  EXPECT_EQ(p.assertion, nullptr);
  EXPECT_TRUE(verifies(p.response_sig, p.response, cert("idp.crt")));
  // With a session, IsPassive gets an assertion.
  sign_in(c, sp_initiated_redirect(c, "_a"), "carol@acme.test");
  auto ok = sp_initiated_redirect(c, "_p2", " IsPassive=\"true\"");
  EXPECT_NE(saml_response(ok).find("Assertion"), std::string::npos);
}

TEST_F(IdpHttp, AcsChoiceRules) {
  start(acme_with("other_requestable_sso_urls: [{url: 'http://127.0.0.1:8081/sso/acme/acs2', index: 2}]"));
  Browser c;
  sign_in(c, sp_initiated_redirect(c, "_a"), "carol@acme.test");
  auto by_index = sp_initiated_redirect(c, "_i", " AssertionConsumerServiceIndex=\"2\"");
  EXPECT_EQ(form_action(by_index.body), "http://127.0.0.1:8081/sso/acme/acs2");
  auto by_url = sp_initiated_redirect(c, "_u", " AssertionConsumerServiceURL=\"http://127.0.0.1:8081/sso/acme/acs2\"");
  EXPECT_EQ(form_action(by_url.body), "http://127.0.0.1:8081/sso/acme/acs2");
  EXPECT_EQ(parse(saml_response(by_url)).response != nullptr, true);
  auto evil = sp_initiated_redirect(c, "_e", " AssertionConsumerServiceURL=\"http://evil.test/acs\"");
  EXPECT_EQ(evil.status, 400);
  EXPECT_EQ(evil.body.find("SAMLResponse"), std::string::npos);
  EXPECT_EQ(sp_initiated_redirect(c, "_n", " AssertionConsumerServiceIndex=\"9\"").status, 400);
}

TEST_F(IdpHttp, SignedRequestsVerifiedRedirectAndPost) {
  start(acme_with("signed_requests: true"));
  Browser c;
  // Unsigned: refused.
  EXPECT_EQ(sp_initiated_redirect(c, "_u").status, 403);
  // Signed with another key: refused.
  auto attacker = key("attacker");
  EXPECT_EQ(sp_initiated_redirect(c, "_x", "", &attacker).status, 403);
  // The System Log names each refusal precisely: no signature, then a bad one.
  std::vector<std::string> reasons;
  for (const auto& e : json::parse(api(c, "GET", "/api/v1/logs?kind=sso").body)) {
    if (e["eventType"] == "app.sso.error") reasons.push_back(e["target"].get<std::string>());
  }
  EXPECT_EQ(reasons, (std::vector<std::string>{"idp_request_unsigned", "binding_signature"}));
  // Signed with the SP key over the raw query string: accepted.
  auto sp = key("sp");
  auto page = sp_initiated_redirect(c, "_s", "", &sp);
  ASSERT_EQ(page.status, 200);
  auto posted = sign_in(c, page, "carol@acme.test");
  EXPECT_EQ(core::attr(parse(saml_response(posted)).response, "InResponseTo"), "_s");
  // POST binding with an enveloped signature; the ACS URL comes from the signed request (B.10).
  auto xml = signed_xml(authn_request("_sp", " AssertionConsumerServiceURL=\"http://127.0.0.1:8081/other/acs\""), "sp");
  auto r = c.post_form(base_ + kSso, {{"SAMLRequest", core::base64_encode(xml)}});
  EXPECT_EQ(form_action(r.body), "http://127.0.0.1:8081/other/acs");
  auto unsigned_post = c.post_form(base_ + kSso, {{"SAMLRequest", core::base64_encode(authn_request("_np"))}});
  EXPECT_EQ(unsigned_post.status, 403);
}

TEST_F(IdpHttp, MalformedRequestsAre400AndTheServerKeepsServing) {
  Browser c;
  EXPECT_EQ(c.fetch(base_ + kSso + "?SAMLRequest=%%%").status, 400);
  EXPECT_EQ(c.fetch(base_ + kSso + "?SAMLRequest=bm90IGRlZmxhdGU%3D").status, 400);
  auto doctype = core::encode_redirect("<!DOCTYPE x [<!ENTITY a 'b'>]><x/>", "SAMLRequest", std::nullopt);
  EXPECT_EQ(c.fetch(base_ + kSso + "?" + doctype).status, 400);
  auto not_authn = core::encode_redirect("<x/>", "SAMLRequest", std::nullopt);
  EXPECT_EQ(c.fetch(base_ + kSso + "?" + not_authn).status, 400);
  EXPECT_EQ(c.fetch(base_ + "/app/wrong_name/exk1acmeH0tjar5Sx0h7/sso/saml").status, 404);
  EXPECT_EQ(c.fetch(base_ + "/nothing").status, 404);
  EXPECT_EQ(c.post_form(base_ + "/login", {{"stateToken", "stale"}}).status, 400);
  EXPECT_EQ(c.fetch(base_ + kMetadata).status, 200);
}

TEST_F(IdpHttp, HomeAndLoginPages) {
  Browser c;
  auto home = c.fetch(base_ + "/");
  EXPECT_EQ(home.status, 200);
  EXPECT_NE(home.body.find(kSso), std::string::npos);
  auto login = c.fetch(base_ + "/login");
  ASSERT_EQ(login.status, 200);
  auto r = sign_in(c, login, "carol@acme.test");
  EXPECT_EQ(r.status, 302);
  EXPECT_NE(c.fetch(base_ + "/").body.find("Signed in as carol@acme.test"), std::string::npos);
}

TEST_F(IdpHttp, DemoModeUserPicker) {
  auto cfg = acme();
  server_.reset();
  h_ = std::make_unique<IdpHarness>(std::move(cfg));
  idp::IdpOptions o;
  o.seed = 1;
  o.demo = true;
  o.log_sink = [](const std::string&) {};
  h_->idp = std::make_unique<idp::Idp>(acme(), h_->clock, o);
  server_ = std::make_unique<core::http::Server>(core::http::ServerOptions{},
                                                 [this](const core::http::Request& r) { return h_->idp->route(r); });
  server_->start();
  base_ = server_->base_url();
  Browser c;
  auto page = c.fetch(base_ + kSso);
  EXPECT_NE(page.body.find("Demo mode"), std::string::npos);
  auto token = field(page.body, "stateToken");
  auto r = c.post_form(base_ + "/login", {{"stateToken", *token}, {"demo_pick", "1"}, {"username", "bob@acme.test"}});
  EXPECT_FALSE(saml_response(r).empty());
}

TEST_F(IdpHttp, SingleLogoutSignedRequestGetsSignedLogoutResponse) {
  start(acme_with("single_logout: {url: 'http://127.0.0.1:8081/sso/acme/slo', sp_issuer: "
                  "'http://127.0.0.1:8081/sso/acme/metadata', signature_certificate: ../../certs/sp.crt}"));
  Browser c;
  sign_in(c, sp_initiated_redirect(c, "_a"), "carol@acme.test");
  ASSERT_TRUE(c.jar().get("sid"));
  std::string lr =
      "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
      "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_lr1\" Version=\"2.0\" "
      "IssueInstant=\"2026-03-01T12:00:00Z\"><saml:Issuer>http://127.0.0.1:8081/sso/acme/metadata</saml:Issuer>"
      "<saml:NameID>carol@acme.test</saml:NameID></samlp:LogoutRequest>";
  // Unsigned: refused (B.11 "it must be signed"); signed with another key: refused too.
  EXPECT_EQ(c.fetch(base_ + kSlo + "?" + core::encode_redirect(lr, "SAMLRequest", std::nullopt)).status, 403);
  auto attacker = key("attacker");
  EXPECT_EQ(c.fetch(base_ + kSlo + "?" + core::encode_redirect(lr, "SAMLRequest", std::nullopt, &attacker)).status, 403);
  std::vector<std::string> failures;
  for (const auto& e : json::parse(api(c, "GET", "/api/v1/logs?kind=sso").body)) {
    if (e["eventType"] == "user.session.end") failures.push_back(e["detail"].get<std::string>());
  }
  EXPECT_EQ(failures, (std::vector<std::string>{"FAILURE: idp_request_unsigned", "FAILURE: binding_signature"}));
  auto sp = key("sp");
  auto r = c.fetch(base_ + kSlo + "?" + core::encode_redirect(lr, "SAMLRequest", std::string("bye"), &sp));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(form_action(r.body), "http://127.0.0.1:8081/sso/acme/slo");
  EXPECT_EQ(field(r.body, "RelayState"), "bye");
  auto xml = saml_response(r);
  auto doc = core::parse_untrusted(xml);
  ASSERT_TRUE(doc.ok());
  xmlNode* root = xmlDocGetRootElement(doc->get());
  EXPECT_TRUE(core::is_element(root, core::ns::kSamlp, "LogoutResponse"));
  EXPECT_EQ(core::attr(root, "InResponseTo"), "_lr1");
  ASSERT_TRUE(core::register_id(doc->get(), root).ok());
  EXPECT_TRUE(verifies(core::child(root, core::ns::kDs, "Signature"), root, cert("idp.crt")));
  // The Okta session is gone: the next SSO asks for the password again.
  EXPECT_TRUE(field(sp_initiated_redirect(c, "_after").body, "stateToken").has_value());
  // POST binding with an enveloped signature.
  sign_in(c, sp_initiated_redirect(c, "_b"), "carol@acme.test");
  auto post = c.post_form(base_ + kSlo, {{"SAMLRequest", core::base64_encode(signed_xml(lr, "sp"))}});
  EXPECT_EQ(post.status, 200);
  // The metadata now lists the SLO endpoint.
  EXPECT_NE(c.fetch(base_ + kMetadata).body.find("SingleLogoutService"), std::string::npos);
}

TEST_F(IdpHttp, SloDisabledIs404) {
  Browser c;
  EXPECT_EQ(c.fetch(base_ + kSlo).status, 404);
}

TEST_F(IdpHttp, ControlApiUserLifecycle) {
  Browser admin;
  auto created = api(admin, "POST", "/api/v1/users",
                     {{"login", "zoe@acme.test"}, {"firstName", "Zoe"}, {"lastName", "Zed"}, {"password", "pw"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json::parse(created.body)["status"], "ACTIVE");
  EXPECT_EQ(api(admin, "POST", "/api/v1/users", {{"login", "zoe@acme.test"}}).status, 409);
  // Not assigned yet: 403.
  Browser b1;
  EXPECT_EQ(sign_in(b1, sp_initiated_redirect(b1, "_z"), "zoe@acme.test", "pw").status, 403);
  EXPECT_EQ(api(admin, "PUT", "/api/v1/apps/hotjar/users/zoe@acme.test").status, 204);
  Browser b2;
  auto ok = sign_in(b2, sp_initiated_redirect(b2, "_z2"), "zoe@acme.test", "pw");
  EXPECT_NE(saml_response(ok).find("zoe@acme.test"), std::string::npos);
  // Email change: the NameID follows at the next SSO (B.5).
  EXPECT_EQ(api(admin, "POST", "/api/v1/users/zoe@acme.test", {{"email", "zoe.zed@acme.test"}}).status, 200);
  EXPECT_NE(saml_response(sp_initiated_redirect(b2, "_z3")).find(">zoe.zed@acme.test</saml2:NameID>"),
            std::string::npos);
  // Deactivation ends the Okta session; the user cannot sign in at all (the
  // sign-in page, not "403 App Not Assigned") and loses the assignment [O18].
  EXPECT_EQ(api(admin, "POST", "/api/v1/users/zoe@acme.test/lifecycle/deactivate").status, 200);
  auto page = sp_initiated_redirect(b2, "_z4");
  EXPECT_TRUE(field(page.body, "stateToken").has_value());
  auto refused = sign_in(b2, page, "zoe@acme.test", "pw");
  EXPECT_EQ(refused.status, 401);
  EXPECT_NE(refused.body.find("Unable to sign in"), std::string::npos);
  EXPECT_EQ(refused.body.find("App Not Assigned"), std::string::npos);
  auto log = json::parse(api(admin, "GET", "/api/v1/logs?kind=sso").body);
  EXPECT_EQ(log.back()["eventType"], "user.session.start");
  EXPECT_EQ(log.back()["detail"], "FAILURE: USER_NOT_ACTIVE DEPROVISIONED");
  EXPECT_EQ(api(admin, "PUT", "/api/v1/apps/hotjar/users/zoe@acme.test").status, 400);  // [O18]
  // Reactivated: active but unassigned, so now Okta's 403 page [O10].
  EXPECT_EQ(api(admin, "POST", "/api/v1/users/zoe@acme.test/lifecycle/reactivate").status, 200);
  Browser b3;
  EXPECT_EQ(sign_in(b3, sp_initiated_redirect(b3, "_z5"), "zoe@acme.test", "pw").status, 403);
  EXPECT_EQ(api(admin, "PUT", "/api/v1/apps/hotjar/users/zoe@acme.test").status, 204);
  EXPECT_NE(saml_response(sp_initiated_redirect(b3, "_z6")).find(">zoe.zed@acme.test</saml2:NameID>"),
            std::string::npos);
  // Suspended: no sign-in, but the assignment stays [O19].
  EXPECT_EQ(api(admin, "POST", "/api/v1/users/zoe@acme.test/lifecycle/suspend").status, 200);
  EXPECT_EQ(json::parse(api(admin, "GET", "/api/v1/users/zoe@acme.test").body)["status"], "SUSPENDED");
  Browser b4;
  EXPECT_EQ(sign_in(b4, sp_initiated_redirect(b4, "_z7"), "zoe@acme.test", "pw").status, 401);
  EXPECT_EQ(api(admin, "POST", "/api/v1/users/zoe@acme.test/lifecycle/unsuspend").status, 200);
  EXPECT_NE(saml_response(sign_in(b4, sp_initiated_redirect(b4, "_z8"), "zoe@acme.test", "pw"))
                .find(">zoe.zed@acme.test</saml2:NameID>"),
            std::string::npos);
  EXPECT_EQ(api(admin, "DELETE", "/api/v1/users/zoe@acme.test").status, 204);
  EXPECT_EQ(api(admin, "GET", "/api/v1/users/zoe@acme.test").status, 404);
  auto changes = json::parse(api(admin, "GET", "/api/v1/changes").body);
  EXPECT_GE(changes.size(), 6u);
  EXPECT_EQ(changes[0]["eventType"], "user.lifecycle.create");
}

TEST_F(IdpHttp, ControlApiRenameGroupsAndGroupAssignment) {
  Browser admin;
  EXPECT_EQ(api(admin, "POST", "/api/v1/groups", {{"name", "hotjar-new"}, {"members", {"erin@acme.test"}}}).status, 201);
  EXPECT_EQ(api(admin, "PUT", "/api/v1/apps/hotjar/groups/hotjar-new").status, 204);
  Browser b;
  auto r = sign_in(b, sp_initiated_redirect(b, "_e"), "erin@acme.test");
  EXPECT_NE(saml_response(r).find(">hotjar-new<"), std::string::npos);
  EXPECT_EQ(api(admin, "DELETE", "/api/v1/groups/hotjar-new/users/erin@acme.test").status, 204);
  Browser b2;
  EXPECT_EQ(sign_in(b2, sp_initiated_redirect(b2, "_e2"), "erin@acme.test").status, 403);
  EXPECT_EQ(api(admin, "POST", "/api/v1/users/bob@acme.test", {{"login", "robert@acme.test"}}).status, 200);
  // carol, alice, robert, mallory, grace, heidi (suspended), judy; not dave (deactivated)
  EXPECT_EQ(json::parse(api(admin, "GET", "/api/v1/apps/hotjar/users").body).size(), 7u);
  EXPECT_EQ(api(admin, "DELETE", "/api/v1/apps/hotjar/groups/nope").status, 404);
}

TEST_F(IdpHttp, ControlApiSettingsUseTheYamlNames) {
  Browser admin;
  auto r = api(admin, "POST", "/api/v1/apps/hotjar/settings",
               {{"response_signed", false}, {"signature_algorithm", "RSA_SHA512"}, {"name_id_format", "unspecified"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["settings"]["signature_algorithm"], "RSA_SHA512");
  Browser b;
  auto xml = saml_response(sign_in(b, sp_initiated_redirect(b, "_s"), "carol@acme.test"));
  auto p = parse(xml);
  EXPECT_EQ(p.response_sig, nullptr);
  EXPECT_TRUE(verifies(p.assertion_sig, p.assertion, cert("idp.crt")));
  EXPECT_NE(xml.find("rsa-sha512"), std::string::npos);
  auto bad = api(admin, "PATCH", "/api/v1/apps/hotjar/settings", {{"response_sigend", true}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("response_sigend"), std::string::npos);
  EXPECT_EQ(api(admin, "POST", "/api/v1/apps/hotjar/settings", {{"signed_requests", "maybe"}}).status, 400);
}

TEST_F(IdpHttp, ControlApiCertificateRotationAsOkta) {
  Browser admin;
  auto gen = api(admin, "POST", "/api/v1/apps/hotjar/credentials/keys/generate?validityYears=2");
  ASSERT_EQ(gen.status, 201) << gen.body;
  auto kid = json::parse(gen.body)["kid"].get<std::string>();
  EXPECT_EQ(json::parse(gen.body)["status"], "INACTIVE");  // B.4
  auto keys = json::parse(api(admin, "GET", "/api/v1/apps/hotjar/credentials/keys").body);
  ASSERT_EQ(keys.size(), 2u);
  // Inactive: the app still signs with and publishes the old certificate.
  auto md = core::parse_idp_metadata(admin.fetch(base_ + kMetadata).body);
  EXPECT_EQ(md->signing_certificates[0].der(), cert("idp.crt").der());
  EXPECT_EQ(api(admin, "POST", "/api/v1/apps/hotjar/credentials/keys/" + kid + "/activate").status, 200);
  md = core::parse_idp_metadata(admin.fetch(base_ + kMetadata).body);
  EXPECT_EQ(md->signing_certificates[0].der(), cert("idp-next.crt").der());
  Browser b;
  auto p = parse(saml_response(sign_in(b, sp_initiated_redirect(b, "_k"), "carol@acme.test")));
  EXPECT_TRUE(verifies(p.response_sig, p.response, cert("idp-next.crt")));
  // A second generation makes a fresh Okta-shaped certificate.
  auto gen2 = api(admin, "POST", "/api/v1/apps/hotjar/credentials/keys/generate");
  ASSERT_EQ(gen2.status, 201);
  EXPECT_NE(json::parse(gen2.body)["subject"].get<std::string>().find("SSOProvider"), std::string::npos);
  EXPECT_EQ(api(admin, "POST", "/api/v1/apps/hotjar/credentials/keys/generate?validityYears=11").status, 400);
}

TEST_F(IdpHttp, ControlApiClockOffsetAndReset) {
  Browser admin;
  auto r = api(admin, "PUT", "/api/v1/clock", {{"offset_seconds", 3600}});
  EXPECT_EQ(json::parse(r.body)["now"], "2026-03-01T13:00:00.000Z");
  auto m = api(admin, "POST", "/api/v1/apps/hotjar/mint", {{"login", "carol@acme.test"}});
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(json::parse(m.body)["xml"].get<std::string>().find("IssueInstant=\"2026-03-01T13:00:00.000Z\""),
            std::string::npos);
  EXPECT_EQ(api(admin, "POST", "/api/v1/apps/hotjar/mint", {{"login", "erin@acme.test"}}).status, 403);
  api(admin, "POST", "/api/v1/users/carol@acme.test/lifecycle/deactivate");
  EXPECT_EQ(api(admin, "POST", "/api/v1/reset").status, 200);
  EXPECT_EQ(json::parse(api(admin, "GET", "/api/v1/clock").body)["offset_ms"], 0);
  EXPECT_EQ(json::parse(api(admin, "GET", "/api/v1/users/carol@acme.test").body)["status"], "ACTIVE");
  EXPECT_EQ(api(admin, "GET", "/api/v1/nothing").status, 404);
  EXPECT_EQ(api(admin, "POST", "/api/v1/users", json("not an object")).status, 400);
}

TEST_F(IdpHttp, SessionsApi) {
  Browser b;
  sign_in(b, sp_initiated_redirect(b, "_a"), "carol@acme.test");
  Browser admin;
  EXPECT_EQ(json::parse(api(admin, "GET", "/api/v1/sessions").body).size(), 1u);
  EXPECT_EQ(api(admin, "DELETE", "/api/v1/users/carol@acme.test/sessions").status, 204);
  EXPECT_TRUE(field(sp_initiated_redirect(b, "_b").body, "stateToken").has_value());
}

}  // namespace

namespace {

// Idp::Locked: the state is reached only through a handle that holds the
// Idp's lock until it is destroyed; meanwhile every other caller waits.
TEST(IdpLock, TheStateIsReachedOnlyThroughAHandleThatHoldsTheLock) {
  static_assert(!std::is_copy_constructible_v<idp::Idp::Locked>);
  static_assert(!std::is_default_constructible_v<idp::Idp::Locked>);
  IdpHarness h(acme());
  const std::size_t before = h.idp->events().size();
  std::optional<idp::Idp::Locked> held(h.idp->lock());
  auto other = std::async(std::launch::async, [&] { return h.idp->events().size(); });
  // Not a timing claim: with the lock held, the other caller cannot finish.
  EXPECT_EQ(other.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  held->log("change", "test.locked", "t", "");
  held.reset();
  EXPECT_EQ(other.get(), before + 1);  // it ran after the handle was gone, and saw its change
}

// The keys an IdP signs with come from the cache it is given, owned by its
// caller (the harness keeps one for the whole run), not from a static.
TEST(IdpKeys, IdpsGivenOneKeyCacheParseEachSigningKeyOnce) {
  core::KeyCache keys;
  core::VirtualClock clock{t0()};
  idp::IdpOptions o;
  o.log_sink = [](const std::string&) {};
  o.keys = &keys;
  idp::Idp first(acme(), clock, o);
  const std::size_t held = keys.size();
  EXPECT_GT(held, 0u);
  idp::Idp second(acme(), clock, o);
  second.lock().reset();
  EXPECT_EQ(keys.size(), held);  // the same PEM texts: nothing parsed again
}

}  // namespace
