// `sp serve --demo`: the banner, the login inspector (/demo/logins), what it
// shows for accepted and refused responses, its bounds and its escaping; and
// that none of it exists with demo mode off.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/enc.hpp"
#include "core/rng.hpp"
#include "server_fixture.hpp"
#include "sp/server/demo_log.hpp"
#include "core/xml_view.hpp"
#include "sp/validator/validator.hpp"

namespace samlh::sp::testing {
namespace {

using core::render_xml;
using core::XmlView;
using core::XmlViewLimits;

// The class of the <div class="el ..."> whose start tag is the first one
// naming `qname` at or after `from` in `html` ("" when there is none).
std::string marking_of(const std::string& html, const std::string& qname, std::size_t from = 0) {
  const auto tag = html.find("&lt;" + qname, from);
  if (tag == std::string::npos) return {};
  const auto div = html.rfind("<div class=\"el ", tag);
  if (div == std::string::npos) return {};
  const auto start = div + 15;
  return html.substr(start, html.find('"', start) - start);
}

// The check names of an inspector page's trace table, in the order shown,
// with their results.
std::vector<std::pair<std::string, std::string>> trace_rows(const std::string& page) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto at = page.find("<tr class=\"check\">"); at != std::string::npos;
       at = page.find("<tr class=\"check\">", at + 1)) {
    const auto name = page.find("<code>", at) + 6;
    const auto name_end = page.find("</code>", name);
    const auto status = page.find("<td class=\"", name_end) + 11;
    out.emplace_back(page.substr(name, name_end - name), page.substr(status, page.find('"', status) - status));
  }
  return out;
}

std::string status_of(const std::vector<std::pair<std::string, std::string>>& rows, const std::string& check) {
  for (const auto& [n, s] : rows) {
    if (n == check) return s;
  }
  return {};
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

class DemoTest : public SpServerTest {
 protected:
  DemoTest() {
    options_.demo = true;
    options_.demo_logins = 5;
  }
  // The inspector page the refusal page or /app links to.
  std::string linked_inspector(const std::string& page) {
    const auto at = page.find("href=\"/demo/logins/");
    if (at == std::string::npos) return {};
    const auto from = at + 6;
    return page.substr(from, page.find('"', from) - from);
  }
};

TEST(DemoLogTest, KeepsOnlyTheNewestLoginsUpToItsCapacity) {
  DemoLog log(3);
  for (int i = 0; i < 5; ++i) {
    DemoLogin l;
    l.org = "org" + std::to_string(i);
    EXPECT_EQ(log.add(std::move(l)), static_cast<std::uint64_t>(i + 1));
  }
  const auto recent = log.recent();
  ASSERT_EQ(recent.size(), 3u);
  EXPECT_EQ(recent[0]->id, 5u);  // newest first
  EXPECT_EQ(recent[2]->id, 3u);
  EXPECT_EQ(log.find(2), nullptr);
  ASSERT_NE(log.find(3), nullptr);
  EXPECT_EQ(log.find(3)->org, "org2");
  // Requests waiting for their response share the bound.
  for (int i = 0; i < 5; ++i) log.request_sent("browser" + std::to_string(i), DemoRequest{"_r" + std::to_string(i), {}, {}, {}, {}, {}, {}});
  EXPECT_FALSE(log.take_request("browser1"));
  auto r = log.take_request("browser4");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->id, "_r4");
  EXPECT_FALSE(log.take_request("browser4"));  // taken once
}

TEST(XmlViewTest, MarksWhatEachSignatureCoversAndEverythingElseUnsigned) {
  test::OktaShape s;
  const std::string xml = sign_response(test::okta_response(s), Signed::assertion);
  const XmlView v = render_xml(xml);
  ASSERT_TRUE(v.parse_error.empty()) << v.parse_error;
  ASSERT_EQ(v.signatures.size(), 1u);
  EXPECT_EQ(v.signatures[0].reference_uri, "#" + s.assertion_id);
  EXPECT_EQ(v.signatures[0].covers, "/saml2p:Response/saml2:Assertion");
  EXPECT_EQ(v.signatures[0].id_matches, 1u);
  ASSERT_EQ(v.signatures[0].transforms.size(), 2u);
  EXPECT_EQ(v.signatures[0].transforms[0], "http://www.w3.org/2000/09/xmldsig#enveloped-signature");
  EXPECT_EQ(marking_of(v.html, "saml2p:Response"), "unsigned");
  EXPECT_EQ(marking_of(v.html, "saml2p:Status"), "unsigned");
  EXPECT_EQ(marking_of(v.html, "saml2:Issuer"), "unsigned");  // the Response's Issuer comes first
  EXPECT_EQ(marking_of(v.html, "saml2:Assertion"), "signed");
  EXPECT_EQ(marking_of(v.html, "saml2:NameID"), "signed");
  EXPECT_EQ(marking_of(v.html, "ds:Signature"), "sigblock");
  EXPECT_GE(v.unsigned_elements, 4u);  // Response, Issuer, Status, StatusCode
  EXPECT_FALSE(v.truncated);
}

TEST(XmlViewTest, AWrappedCopyCarryingTheSignedIdIsShownUnsignedAndAmbiguous) {
  test::OktaShape s;
  std::string xml = sign_response(test::okta_response(s), Signed::assertion);
  // XSW shape: an evil copy of the Assertion, same ID, ahead of the signed one.
  const auto a = xml.find("<saml2:Assertion");
  const auto end = xml.find("</saml2:Assertion>") + 18;
  std::string evil = xml.substr(a, end - a);
  evil.replace(evil.find("alice@acme.test"), 15, "mallory@evil.test");
  evil.erase(evil.find("<ds:Signature"), evil.find("</ds:Signature>") + 15 - evil.find("<ds:Signature"));
  xml.insert(a, evil);
  const XmlView v = render_xml(xml);
  ASSERT_TRUE(v.parse_error.empty()) << v.parse_error;
  ASSERT_EQ(v.signatures.size(), 1u);
  EXPECT_EQ(v.signatures[0].id_matches, 2u);
  EXPECT_EQ(marking_of(v.html, "saml2:Assertion"), "unsigned");  // the copy, first in document order
  const auto second = v.html.find("&lt;saml2:Assertion", v.html.find("&lt;saml2:Assertion") + 1);
  EXPECT_EQ(marking_of(v.html, "saml2:Assertion", second), "signed");  // the enveloping parent
  const auto mallory = v.html.find("mallory@evil.test");
  ASSERT_NE(mallory, std::string::npos);
  EXPECT_EQ(v.html.rfind("<div class=\"el signed\"", mallory), std::string::npos);  // nothing signed before it
  EXPECT_EQ(marking_of(v.html, "saml2:NameID"), "unsigned");
}

TEST(XmlViewTest, AHugeMessageIsCutAndSaysSo) {
  test::OktaShape s;
  s.bulk_group_values = 400;  // ~94 KB of attribute values
  s.attributes.emplace_back("note", std::string(10000, 'x'));
  const std::string xml = test::okta_response(s);
  XmlViewLimits limits;
  limits.max_html = 20000;
  const XmlView v = render_xml(xml, limits);
  EXPECT_TRUE(v.truncated);
  EXPECT_LT(v.html.size(), limits.max_html + 8 * 1024);
  EXPECT_TRUE(contains(v.html, "The message is cut here"));
  const XmlView whole = render_xml(test::okta_response(test::OktaShape{}) , {});
  EXPECT_FALSE(whole.truncated);
  // One long text is shortened on its own, with the count of what is hidden.
  test::OktaShape one;
  one.attributes = {{"note", std::string(10000, 'x')}};
  const XmlView v2 = render_xml(test::okta_response(one));
  EXPECT_FALSE(v2.truncated);
  EXPECT_TRUE(contains(v2.html, "(7952 more bytes not shown)"));
  // Not XML at all: shown as escaped text, bounded.
  const XmlView bad = render_xml("<a><b></a>" + std::string(100, '<'), limits);
  EXPECT_FALSE(bad.parse_error.empty());
  EXPECT_FALSE(contains(bad.html, "<a><b>"));
  EXPECT_TRUE(contains(bad.html, "&lt;a&gt;&lt;b&gt;"));
}

TEST_F(DemoTest, AcceptedSpInitiatedLoginIsShownStepByStep) {
  core::browser::Browser c;
  ASSERT_TRUE(contains(c.fetch(base_ + "/").body, "class=\"demo-banner\""));
  auto sent = start_login(c, "/sso/acme/login?RelayState=%2Fapp%2Fsurveys");
  ASSERT_TRUE(sent);
  const std::string xml = mint("alice@acme.test", sent->id);
  ASSERT_EQ(post_acs(c, xml, sent->relay_state).status, 303);
  auto app = c.fetch(base_ + "/app");
  ASSERT_EQ(app.status, 200);
  EXPECT_TRUE(contains(app.body, "class=\"demo-banner\""));
  const std::string link = linked_inspector(app.body);
  ASSERT_EQ(link, "/demo/logins/1");
  auto page = c.fetch(base_ + link);
  ASSERT_EQ(page.status, 200);
  const std::string& b = page.body;
  EXPECT_TRUE(contains(b, "<code>" + sent->id + "</code>"));  // the AuthnRequest, decoded
  EXPECT_TRUE(contains(b, "HTTP-Redirect"));
  EXPECT_TRUE(contains(b, "&lt;samlp:AuthnRequest"));
  EXPECT_TRUE(contains(b, "Accepted: every check passed."));
  EXPECT_TRUE(contains(b, "<code>/saml2p:Response/saml2:Assertion</code>"));
  EXPECT_TRUE(contains(b, "<td>Admin</td>"));  // the member's role
  // Every check of the pipeline, in its order, each passed or skipped.
  const auto rows = trace_rows(b);
  const auto names = check_names();
  ASSERT_EQ(rows.size(), names.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].first, names[i]);
    EXPECT_TRUE(rows[i].second == "passed" || rows[i].second == "skipped") << rows[i].first << " " << rows[i].second;
  }
  EXPECT_EQ(status_of(rows, "decrypt"), "skipped");
  EXPECT_EQ(status_of(rows, "assertion_signature"), "passed");
  // The exact bytes received.
  auto raw = c.fetch(base_ + link + "/response.xml");
  ASSERT_EQ(raw.status, 200);
  EXPECT_EQ(raw.body, xml);
  ASSERT_NE(raw.header("content-type"), nullptr);
  EXPECT_EQ(raw.header("content-type")->rfind("text/plain", 0), 0u);
  auto list = c.fetch(base_ + "/demo/logins");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(contains(list.body, "href=\"/demo/logins/1\""));
  EXPECT_TRUE(contains(list.body, "alice@acme.test"));
}

TEST_F(DemoTest, TheSignatureOfTheAuthnRequestIsShownForEitherBinding) {
  update_sso("acme", [](SsoSettings& s) { s.sign_authn_requests = true; });
  core::browser::Browser c;
  auto sent = start_login(c);
  ASSERT_TRUE(sent);
  ASSERT_EQ(post_acs(c, mint("alice@acme.test", sent->id), sent->relay_state).status, 303);
  const std::string redirect = c.fetch(base_ + "/demo/logins/1").body;
  EXPECT_TRUE(contains(redirect, "SigAlg <code>http://www.w3.org/2001/04/xmldsig-more#rsa-sha256</code>"));
  EXPECT_TRUE(contains(redirect, "Signature <code>" + core::base64_encode(*sent->message.signature) + "</code>"));
  update_sso("acme", [](SsoSettings& s) { s.authn_request_binding = RequestBinding::post; });
  core::browser::Browser d;
  auto form = d.fetch(base_ + "/sso/acme/login");
  ASSERT_EQ(form.status, 200);
  const auto forms = core::browser::parse_forms(form.body, form.url);
  ASSERT_EQ(forms.size(), 1u);
  auto xml = core::decode_post_value(*forms[0].get("SAMLRequest"));
  ASSERT_TRUE(xml.ok());
  auto doc = core::parse_untrusted(*xml);
  ASSERT_TRUE(doc.ok());
  const std::string id = core::attr(xmlDocGetRootElement(doc->get()), "ID");
  ASSERT_EQ(post_acs(d, mint("alice@acme.test", id), "/app").status, 303);
  const std::string post = d.fetch(base_ + "/demo/logins/2").body;
  EXPECT_TRUE(contains(post, "<code>" + id + "</code>"));
  EXPECT_TRUE(contains(post, "enveloped in the XML below"));
  EXPECT_EQ(marking_of(post, "samlp:AuthnRequest"), "signed");
}

TEST_F(DemoTest, TamperedAssertionShowsTheFailingCheckAndTheChecksNotRun) {
  core::browser::Browser c;
  auto sent = start_login(c);
  ASSERT_TRUE(sent);
  std::string xml = mint("alice@acme.test", sent->id);
  const auto at = xml.find(">alice@acme.test</saml2:NameID>");
  ASSERT_NE(at, std::string::npos);
  xml.replace(at + 1, 15, "carol@acme.test");  // the account owner, after signing
  auto r = post_acs(c, xml, sent->relay_state);
  ASSERT_EQ(r.status, 403);
  const std::string link = linked_inspector(r.body);
  ASSERT_FALSE(link.empty()) << r.body;
  const std::string page = c.fetch(base_ + link).body;
  const auto rows = trace_rows(page);
  ASSERT_EQ(rows.size(), check_names().size());
  EXPECT_EQ(status_of(rows, "signature_profile"), "passed");
  EXPECT_EQ(status_of(rows, "response_signature"), "skipped");
  EXPECT_EQ(status_of(rows, "assertion_signature"), "failed");
  EXPECT_EQ(status_of(rows, "signature_policy"), "not_run");
  EXPECT_EQ(status_of(rows, "replay"), "not_run");
  EXPECT_TRUE(contains(page, "<span id=\"reason\"><code>sig_invalid</code></span> " +
                                 core::html_escape(core::sentence(core::Reason::sig_invalid))));
  EXPECT_TRUE(contains(page, "Not reached: only an accepted response meets the account rules."));
}

TEST_F(DemoTest, UnsignedResponseIsMarkedUnsignedThroughout) {
  core::browser::Browser c;
  auto sent = start_login(c);
  ASSERT_TRUE(sent);
  auto r = post_acs(c, test::okta_response(shape("alice@acme.test", sent->id)), sent->relay_state);
  ASSERT_EQ(r.status, 403);
  const std::string page = c.fetch(base_ + linked_inspector(r.body)).body;
  EXPECT_TRUE(contains(page, "No ds:Signature anywhere in this message."));
  EXPECT_FALSE(contains(page, "class=\"el signed\""));
  EXPECT_EQ(marking_of(page, "saml2:Assertion"), "unsigned");
  EXPECT_EQ(marking_of(page, "saml2:NameID"), "unsigned");
  const auto rows = trace_rows(page);
  EXPECT_EQ(status_of(rows, "signature_policy"), "failed");
  EXPECT_EQ(status_of(rows, "certificate"), "not_run");
}

TEST_F(DemoTest, EncryptedAssertionIsShownBeforeAndAfterDecryption) {
  auto doc = core::parse_untrusted(mint("alice@acme.test"));  // IdP-initiated: acme allows it
  ASSERT_TRUE(doc.ok());
  xmlNode* a = core::child(xmlDocGetRootElement(doc->get()), core::ns::kSaml, "Assertion");
  core::Rng ids(3);
  ASSERT_TRUE(core::encrypt_assertion(a, test::cert("sp.crt"), {}, ids).ok());
  core::browser::Browser c;
  auto r = post_acs(c, core::serialize(doc->get()));
  ASSERT_EQ(r.status, 303) << r.body;
  const std::string page = c.fetch(base_ + "/demo/logins/1").body;
  const auto before = page.find("Before decryption (as received)");
  const auto after = page.find("After decryption");
  ASSERT_NE(before, std::string::npos);
  ASSERT_NE(after, std::string::npos) << page.substr(before, 400);
  EXPECT_NE(page.find("EncryptedData", before), std::string::npos);
  const auto name_id = page.find("&lt;saml2:NameID", after);
  ASSERT_NE(name_id, std::string::npos);
  EXPECT_EQ(marking_of(page, "saml2:Assertion", after), "signed");
  EXPECT_EQ(status_of(trace_rows(page), "decrypt"), "passed");
  EXPECT_TRUE(contains(page, "None: this browser posted a response without a login started here"));
}

TEST_F(DemoTest, AccountDecisionShowsTheGapCodesWithTheirMeaning) {
  core::browser::Browser c;
  auto sent = start_login(c);  // bob is invited but signs in without the invitation link
  ASSERT_TRUE(sent);
  auto r = post_acs(c, mint("bob@acme.test", sent->id), sent->relay_state);
  ASSERT_EQ(r.status, 403);
  // The refusal page itself names the reason and the gap codes.
  EXPECT_TRUE(contains(r.body, "<code id=\"reason-code\">" + std::string(spelling(LoginReason::login_invitation_pending))));
  EXPECT_TRUE(contains(r.body, "<code class=\"gap-code\">invite_not_accepted</code>"));
  const std::string page = c.fetch(base_ + linked_inspector(r.body)).body;
  EXPECT_TRUE(contains(page, "Accepted: every check passed."));
  EXPECT_TRUE(contains(page, "<tr class=\"gap\"><td><code>invite_not_accepted</code></td><td>" +
                                 core::html_escape(sentence(Gap::invite_not_accepted)) + "</td></tr>"));
  EXPECT_TRUE(contains(page, "refused: <code>" + std::string(spelling(LoginReason::login_invitation_pending))));
}

TEST_F(DemoTest, MarkupFromTheMessageIsShownOnlyEscaped) {
  const std::string name_id = "<script>alert('nameid')</script>@acme.test";
  const std::string value = "\"><img src=x onerror=alert('attr')>";
  const std::string relay = "/app/<script>alert('relay')</script>";
  core::browser::Browser c;
  auto sent = start_login(c, "/sso/acme/login?RelayState=" + core::url_encode(relay));
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->relay_state, relay);
  test::OktaShape s = shape("alice@acme.test", sent->id);
  s.name_id = core::html_escape(name_id);  // XML escaping: the text node holds the markup
  s.attributes = {{"email", core::html_escape(name_id)}, {"title", core::html_escape(value)}};
  auto r = post_acs(c, sign_response(test::okta_response(s)), relay);
  const std::string link = linked_inspector(r.body);
  ASSERT_FALSE(link.empty()) << r.status << r.body;
  auto page = c.fetch(base_ + link);
  ASSERT_EQ(page.status, 200);
  const std::string& b = page.body;
  EXPECT_TRUE(contains(b, "Accepted: every check passed."));  // the identity table shows them too
  for (const std::string& hostile : {name_id, value, relay}) {
    EXPECT_FALSE(contains(b, hostile)) << hostile;
    EXPECT_TRUE(contains(b, core::html_escape(hostile))) << hostile;
  }
  EXPECT_FALSE(contains(b, "<script"));
  EXPECT_FALSE(contains(b, "<img"));
  ASSERT_NE(page.header("content-security-policy"), nullptr);
  EXPECT_TRUE(contains(*page.header("content-security-policy"), "default-src 'none'"));
  // The list page shows the NameID too.
  const std::string list = c.fetch(base_ + "/demo/logins").body;
  EXPECT_FALSE(contains(list, "<script"));
  EXPECT_TRUE(contains(list, core::html_escape(name_id)));
}

TEST_F(DemoTest, UnknownLoginsAndAddressesAreClear404s) {
  core::browser::Browser c;
  for (const char* path : {"/demo/logins/1", "/demo/logins/999999", "/demo/logins/abc", "/demo/logins/-1",
                           "/demo/logins/99999999999999999999999", "/demo/logins/1/other", "/demo/nothing"}) {
    auto r = c.fetch(base_ + path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_TRUE(contains(r.body, "No such login")) << path;
  }
  EXPECT_TRUE(contains(c.fetch(base_ + "/demo/logins/%3Cscript%3E").body, "%3Cscript%3E"));
  EXPECT_EQ(c.post_form(base_ + "/demo/logins", {{"a", "b"}}).status, 405);
}

TEST_F(DemoTest, TheInspectorForgetsTheOldestBeyondItsBound) {
  core::browser::Browser c;
  for (int i = 0; i < 6; ++i) ASSERT_EQ(post_acs(c, mint("alice@acme.test")).status, 303);
  EXPECT_EQ(c.fetch(base_ + "/demo/logins/1").status, 404);
  EXPECT_EQ(c.fetch(base_ + "/demo/logins/2").status, 200);
  EXPECT_EQ(c.fetch(base_ + "/demo/logins/6").status, 200);
  EXPECT_EQ(state_->demo->recent().size(), 5u);
}

TEST_F(DemoTest, AResponseBeyondTheParseLimitIsKeptAndShownBounded) {
  test::OktaShape s = shape("alice@acme.test");
  s.attributes.emplace_back("groups", "Engineering");
  s.bulk_group_values = 1300;  // ~300 KB of XML: beyond the 256 KiB the ACS parses
  const std::string xml = test::okta_response(s);
  ASSERT_GT(xml.size(), options_.max_xml_bytes);
  core::browser::Browser c;
  auto r = post_acs(c, xml);
  ASSERT_EQ(r.status, 413);
  auto page = c.fetch(base_ + linked_inspector(r.body));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, std::to_string(xml.size()) + " bytes were received; only the first " +
                                      std::to_string(options_.max_xml_bytes) + " are kept"));
  EXPECT_TRUE(contains(page.body, "Not well-formed XML"));  // cut mid-element: shown as text
  EXPECT_LT(page.body.size(), 1024u * 1024u);
  EXPECT_EQ(status_of(trace_rows(page.body), "parse"), "failed");
  EXPECT_EQ(c.fetch(base_ + linked_inspector(r.body) + "/response.xml").body, xml.substr(0, options_.max_xml_bytes));
}

TEST_F(SpServerTest, DemoModeOffHasNoInspectorAndNoBanner) {
  core::browser::Browser c;
  EXPECT_EQ(state_->demo, nullptr);
  EXPECT_FALSE(contains(c.fetch(base_ + "/").body, "demo-banner"));
  auto sent = start_login(c);
  ASSERT_TRUE(sent);
  auto r = post_acs(c, test::okta_response(shape("alice@acme.test", sent->id)), sent->relay_state);
  ASSERT_EQ(r.status, 403);
  EXPECT_FALSE(contains(r.body, "/demo/"));
  EXPECT_FALSE(contains(r.body, "demo-banner"));
  for (const char* path : {"/demo/logins", "/demo/logins/1", "/demo/logins/1/response.xml"}) {
    auto page = c.fetch(base_ + path);
    EXPECT_EQ(page.status, 404) << path;
    EXPECT_FALSE(contains(page.body, "demo-banner"));
  }
}

// The pages a class sees on a projector (issue 19), demo mode or not: one
// stylesheet served by the SP, the title said once, the metadata viewer.
TEST_F(SpServerTest, EveryPageLinksTheOneStylesheetAndSaysItsTitleOnce) {
  core::browser::Browser c;
  auto css = c.fetch(base_ + "/assets/sp.css");
  ASSERT_EQ(css.status, 200);
  ASSERT_NE(css.header("content-type"), nullptr);
  EXPECT_EQ(*css.header("content-type"), "text/css; charset=utf-8");
  EXPECT_TRUE(contains(css.body, ".xml{"));
  const std::string index = c.fetch(base_ + "/").body;
  EXPECT_TRUE(contains(index, "<link rel=\"stylesheet\" href=\"/assets/sp.css\">"));
  EXPECT_TRUE(contains(index, "<title>Organizations - Hotjar-shaped SP (saml-harness)</title>"));
  EXPECT_FALSE(contains(index, "<style"));
  EXPECT_TRUE(contains(index, "href=\"/sso/acme/metadata/view\""));
}

TEST_F(SpServerTest, TheMetadataViewerShowsTheFileEscapedAndLeavesTheFileAsItIs) {
  core::browser::Browser c;
  auto file = c.fetch(base_ + "/sso/acme/metadata");
  ASSERT_EQ(file.status, 200);
  ASSERT_NE(file.header("content-type"), nullptr);
  EXPECT_EQ(*file.header("content-type"), "application/samlmetadata+xml");
  auto view = c.fetch(base_ + "/sso/acme/metadata/view");
  ASSERT_EQ(view.status, 200);
  EXPECT_TRUE(contains(view.body, "&lt;md:EntityDescriptor"));
  EXPECT_FALSE(contains(view.body, "<md:EntityDescriptor"));
  EXPECT_TRUE(contains(view.body, "href=\"/sso/acme/metadata\""));
  EXPECT_EQ(c.fetch(base_ + "/sso/nope/metadata/view").status, 404);
}

}  // namespace
}  // namespace samlh::sp::testing
