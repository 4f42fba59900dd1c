// The IdP's response inspector (`idp-mock serve --demo`, demo_pages.hpp):
// what it shows, escaped; bounded; absent without --demo. Driven through
// Idp::route as the server drives it.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/bindings.hpp"
#include "tests/idp-mock/idp_fixture.hpp"

using namespace samlh;
using namespace samlh::test;

namespace {

const std::string kSso = "/app/acme_hotjar_1/exk1acmeH0tjar5Sx0h7/sso/saml";
const std::string kScript = "<script>alert(1)</script>";

core::http::Request get(const std::string& target) {
  core::http::Request r;
  r.method = "GET";
  r.target = target;
  const auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = target.substr(q + 1);
  r.headers = {{"host", "127.0.0.1"}};
  r.remote = "127.0.0.1";
  return r;
}

// The value of hidden field `name` in a page (the state token).
std::string hidden(const std::string& html, const std::string& name) {
  const auto at = html.find("name=\"" + name + "\" value=\"");
  if (at == std::string::npos) return {};
  const auto from = at + name.size() + 15;
  return html.substr(from, html.find('"', from) - from);
}

struct DemoIdp {
  core::VirtualClock clock{t0()};
  std::unique_ptr<idp::Idp> idp;
  explicit DemoIdp(idp::TenantConfig cfg, bool demo = true, std::size_t keep = 100) {
    idp::IdpOptions o;
    o.seed = 7;
    o.demo = demo;
    o.demo_responses = keep;
    o.log_sink = [](const std::string&) {};
    idp = std::make_unique<idp::Idp>(std::move(cfg), clock, o);
  }
  core::http::Response mint(const std::string& login) {
    return idp->route(api("POST", "/api/v1/apps/hotjar/mint", "{\"login\":\"" + login + "\"}"));
  }
};

// Signs carol in with the demo picker on the sign-in page `page` returned.
void pick_carol(idp::Idp& idp, const core::http::Response& page) {
  core::http::Request login = get("/login");
  login.method = "POST";
  login.body = "stateToken=" + hidden(page.body, "stateToken") + "&demo_pick=1&username=carol%40acme.test";
  ASSERT_EQ(idp.route(login).status, 200);
}

// Markup in a profile attribute (sent as firstName) and in the NameID (a
// custom username template reading it), and a RelayState carrying script.
idp::TenantConfig hostile() {
  auto cfg = acme_with("application_username: custom\ncustom_template: user.firstName\n");
  cfg.directory.find_user("carol@acme.test")->profile["firstName"] = kScript;
  return cfg;
}

TEST(IdpInspector, ShowsWhatItSignedAndWhyForAnSpInitiatedLogin) {
  DemoIdp d(acme());
  const std::string req =
      "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
      "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_req42\" Version=\"2.0\" "
      "IssueInstant=\"2026-03-01T12:00:00Z\"><saml:Issuer>http://127.0.0.1:8081/sso/acme/metadata</saml:Issuer>"
      "</samlp:AuthnRequest>";
  auto page = d.idp->route(get(kSso + "?" + core::encode_redirect(req, "SAMLRequest", std::string("rs-1"))));
  ASSERT_EQ(page.status, 200);
  pick_carol(*d.idp, page);

  auto list = d.idp->route(get("/demo/responses"));
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Test system in demo mode"), std::string::npos);
  EXPECT_NE(list.body.find("href=\"/demo/responses/1\""), std::string::npos);
  auto one = d.idp->route(get("/demo/responses/1"));
  ASSERT_EQ(one.status, 200);
  const std::string& b = one.body;
  EXPECT_NE(b.find("SSO flow"), std::string::npos);
  EXPECT_NE(b.find("<code>_req42</code>"), std::string::npos);          // the AuthnRequest it answered
  EXPECT_NE(b.find("HTTP-Redirect"), std::string::npos);
  EXPECT_NE(b.find("<code>rs-1</code>"), std::string::npos);            // the RelayState sent back
  EXPECT_NE(b.find("both: the Response and the Assertion"), std::string::npos);
  EXPECT_NE(b.find("RSA_SHA256"), std::string::npos);
  EXPECT_NE(b.find("nameid-format:emailAddress"), std::string::npos);
  // The group statement (regex .*) and what it kept of carol's groups.
  EXPECT_NE(b.find("regex <code>.*</code></td><td><code>Everyone</code>, <code>Engineering</code>, "
                   "<code>hotjar-admins</code>"),
            std::string::npos);
  EXPECT_NE(b.find("signed by signature #1 #2"), std::string::npos);  // the pretty-printed Response
  EXPECT_EQ(b.find("BEGIN"), std::string::npos);                      // no key material
  EXPECT_EQ(b.find("password"), std::string::npos);
  // The exact bytes, as text.
  auto raw = d.idp->route(get("/demo/responses/1/response.xml"));
  ASSERT_EQ(raw.status, 200);
  EXPECT_EQ(raw.body.rfind("<?xml", 0), 0u);
  EXPECT_NE(raw.body.find("InResponseTo=\"_req42\""), std::string::npos);
}

TEST(IdpInspector, MarkupFromTheDirectoryAndRelayStateIsShownAsText) {
  DemoIdp d(hostile());
  pick_carol(*d.idp, d.idp->route(get(kSso + "?RelayState=" + core::url_encode(kScript))));
  auto one = d.idp->route(get("/demo/responses/1"));
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.body.find("<script"), std::string::npos);
  // NameID sent, the firstName attribute, the RelayState: each shown escaped.
  EXPECT_NE(one.body.find("<tr><th>NameID sent</th><td><code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"),
            std::string::npos);
  EXPECT_NE(one.body.find("<tr><th>RelayState sent</th><td><code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"),
            std::string::npos);
  EXPECT_NE(one.body.find("<td><code>firstName</code></td><td><code>&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(one.headers.end(), std::find_if(one.headers.begin(), one.headers.end(), [](const auto& h) {
              return h.first == "Content-Security-Policy" && h.second.find("script") != std::string::npos;
            }));
}

TEST(IdpInspector, KeepsOnlyTheConfiguredNumberAndRefusesUnknownIds) {
  DemoIdp d(acme(), true, 2);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(d.mint("alice@acme.test").status, 200);
  EXPECT_EQ(d.idp->route(get("/demo/responses/1")).status, 404);  // dropped: the oldest
  EXPECT_EQ(d.idp->route(get("/demo/responses/2")).status, 200);
  EXPECT_EQ(d.idp->route(get("/demo/responses/3")).status, 200);
  auto bad = d.idp->route(get("/demo/responses/" + kScript));
  EXPECT_EQ(bad.status, 404);
  EXPECT_EQ(bad.body.find("<script"), std::string::npos);
  EXPECT_EQ(d.idp->route(get("/demo/responses/99999999999999999999999")).status, 404);
  EXPECT_EQ(d.idp->route(get("/demo/nothing")).status, 404);
}

TEST(IdpInspector, MetadataViewerShowsTheMetadataAndLeavesTheRawUrlAlone) {
  DemoIdp d(acme());
  auto v = d.idp->route(get("/demo/metadata/hotjar"));
  ASSERT_EQ(v.status, 200);
  EXPECT_NE(v.body.find("&lt;md:EntityDescriptor"), std::string::npos);
  EXPECT_NE(v.body.find("/app/exk1acmeH0tjar5Sx0h7/sso/saml/metadata"), std::string::npos);
  EXPECT_EQ(d.idp->route(get("/demo/metadata/nope")).status, 404);
  auto raw = d.idp->route(get("/app/exk1acmeH0tjar5Sx0h7/sso/saml/metadata"));
  EXPECT_EQ(raw.body, d.idp->metadata("hotjar"));
}

TEST(IdpInspector, OffWithoutDemo) {
  DemoIdp d(acme(), false);
  ASSERT_EQ(d.mint("alice@acme.test").status, 200);
  auto r = d.idp->route(get("/demo/responses"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("inspector"), std::string::npos);
  EXPECT_EQ(d.idp->route(get("/demo/responses/1")).status, 404);
}

}  // namespace
