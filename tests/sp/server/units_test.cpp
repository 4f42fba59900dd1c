// Unit tests of the server's pure parts: the reason -> HTTP status and words
// mapping (every reason), the cookie rules, the AuthnRequest and metadata
// shapes, the admin JSON/CSV shapes.
#include <gtest/gtest.h>

#include "core/browser/cookie_jar.hpp"
#include "core/http/url.hpp"
#include "core/metadata.hpp"
#include "core/xml.hpp"
#include "sp/server/admin_json.hpp"
#include "sp/server/cookie_rules.hpp"
#include "sp/server/reason_http.hpp"
#include "sp/server/saml_messages.hpp"
#include "sp/server/sp_metadata.hpp"
#include "tests/support/test_keys.hpp"

namespace samlh::sp {
namespace {

using core::Reason;

core::Instant t0() { return *core::parse_saml_time("2026-03-01T12:00:00Z"); }

// Every code a page or a JSON error can name: the message, login, admin API
// and tool tables.
std::vector<HttpError> every_http_error() {
  std::vector<HttpError> out;
  for (Reason r : core::all_reasons()) out.emplace_back(r);
  for (LoginReason r : all_login_reasons()) out.emplace_back(r);
  for (ApiError e : all_api_errors()) out.emplace_back(e);
  for (core::ToolError e : core::all_tool_errors()) out.emplace_back(e);
  return out;
}

TEST(ReasonHttp, EveryReasonHasAnErrorStatusAndPlainWords) {
  const auto all = every_http_error();
  EXPECT_EQ(all.size(), core::all_reasons().size() + all_login_reasons().size() + all_api_errors().size() +
                            core::all_tool_errors().size());
  for (const HttpError& r : all) {
    const int st = http_status(r);
    EXPECT_GE(st, 400) << core::spelling(r);
    EXPECT_LT(st, 600) << core::spelling(r);
    EXPECT_FALSE(user_title(r).empty());
    const std::string_view m = user_message(r);
    EXPECT_GT(m.size(), 20u) << core::spelling(r);
    // Words for people: never the reason spelling itself.
    EXPECT_EQ(m.find(core::spelling(r)), std::string_view::npos) << core::spelling(r);
  }
}

TEST(ReasonHttp, StatusesByKind) {
  EXPECT_EQ(http_status(Reason::xml_doctype), 400);
  EXPECT_EQ(http_status(Reason::binding_bad_base64), 400);
  EXPECT_EQ(http_status(Reason::binding_too_large), 413);
  EXPECT_EQ(http_status(Reason::sig_invalid), 403);
  EXPECT_EQ(http_status(Reason::replay_assertion), 403);
  EXPECT_EQ(http_status(Reason::inresp_mismatch), 403);
  EXPECT_EQ(http_status(sp::LoginReason::login_no_membership), 403);
  EXPECT_EQ(http_status(sp::LoginReason::login_bad_password), 401);
  EXPECT_EQ(http_status(sp::LoginReason::login_session_expired), 401);
  EXPECT_EQ(http_status(sp::LoginReason::login_org_unknown), 404);
  EXPECT_EQ(http_status(sp::LoginReason::login_already_member), 409);
  EXPECT_EQ(http_status(sp::LoginReason::login_password_weak), 422);
  EXPECT_EQ(http_status(sp::LoginReason::login_store_failed), 503);
  EXPECT_EQ(http_status(ApiError::api_bad_json), 400);
  EXPECT_EQ(http_status(ApiError::api_bad_filter), 400);
  EXPECT_EQ(http_status(core::ToolError::sign_failed), 500);
}

TEST(CookieRules, LoopbackAndSites) {
  EXPECT_TRUE(plain_loopback("http://127.0.0.1:8081/sso/acme/acs"));
  EXPECT_TRUE(plain_loopback("http://localhost/x"));
  EXPECT_TRUE(plain_loopback("http://[::1]:80/"));
  EXPECT_FALSE(plain_loopback("https://127.0.0.1/"));
  EXPECT_FALSE(plain_loopback("http://sp.example.com/"));
  EXPECT_FALSE(plain_loopback("http://127.0.0.1.evil.test/"));
  EXPECT_TRUE(same_site("http://127.0.0.1:7000/a", "http://127.0.0.1:8081/b"));  // ports do not make a site
  EXPECT_FALSE(same_site("http://localhost:7000/a", "http://127.0.0.1:8081/b"));
  EXPECT_FALSE(same_site("https://sp.test/", "http://sp.test/"));
  EXPECT_TRUE(same_site("https://User@SP.test/", "https://sp.test:443/"));
  EXPECT_FALSE(same_site("not a url", "not a url"));
}

TEST(CookieRules, SessionCookieIsHttpOnlyLaxAndSecureUnlessPlainLoopback) {
  SsoSettings s;
  s.acs_url = "http://127.0.0.1:8081/sso/acme/acs";
  auto c = session_cookie(s, "t", std::chrono::hours{24});
  EXPECT_TRUE(c.http_only);
  EXPECT_FALSE(c.secure);
  EXPECT_EQ(c.same_site, core::http::SameSite::lax);
  EXPECT_EQ(c.max_age, 86400);
  s.acs_url = "https://sp.example.com/sso/acme/acs";
  EXPECT_TRUE(session_cookie(s, "t", std::chrono::hours{1}).secure);
}

TEST(CookieRules, BindingCookieSurvivesTheCrossSitePostOnlyAsSameSiteNone) {
  SsoSettings s;
  s.acs_url = "https://sp.example.com/sso/acme/acs";
  s.idp_sso_url = "https://acme.okta.test/app/x/y/sso/saml";
  auto cross = binding_cookie("acme", s, "v", std::chrono::minutes{10});
  EXPECT_EQ(cross.same_site, core::http::SameSite::none);
  EXPECT_TRUE(cross.secure);
  EXPECT_EQ(cross.path, "/sso/acme/");
  s.idp_sso_url = "https://sp.example.com/idp/sso";
  auto same = binding_cookie("acme", s, "v", std::chrono::minutes{10});
  EXPECT_EQ(same.same_site, core::http::SameSite::lax);
  EXPECT_TRUE(same.secure);
  // Why the rule: a browser withholds a Lax cookie from the IdP's cross-site
  // POST, and sends a None one.
  core::SystemClock clock;
  core::browser::CookieJar jar(clock);
  const auto login = *core::http::parse_url("https://sp.example.com/sso/acme/login");
  const auto acs = *core::http::parse_url("https://sp.example.com/sso/acme/acs");
  const core::browser::CookieContext cross_site_post{false, true, false};
  EXPECT_FALSE(jar.store(login, core::http::format_set_cookie(same)));
  EXPECT_EQ(jar.header_for(acs, cross_site_post), "");
  EXPECT_FALSE(jar.store(login, core::http::format_set_cookie(cross)));
  EXPECT_EQ(jar.header_for(acs, cross_site_post), "samlh_authn=v");
  EXPECT_EQ(jar.header_for(*core::http::parse_url("https://sp.example.com/sso/acme-marketing/acs")), "");
}

TEST(SamlMessages, AuthnRequestShape) {
  const std::string xml = authn_request_xml({"_abc", t0(), "https://idp/sso?x=1&y=2", "https://sp/acs", "https://sp/md"});
  auto doc = core::parse_untrusted(xml);
  ASSERT_TRUE(doc.ok()) << xml;
  xmlNode* root = xmlDocGetRootElement(doc->get());
  EXPECT_TRUE(core::is_element(root, core::ns::kSamlp, "AuthnRequest"));
  EXPECT_EQ(core::attr(root, "ID"), "_abc");
  EXPECT_EQ(core::attr(root, "Destination"), "https://idp/sso?x=1&y=2");
  EXPECT_EQ(core::attr(root, "IssueInstant"), "2026-03-01T12:00:00Z");
  EXPECT_EQ(core::attr(root, "ProtocolBinding"), core::kBindingPost);
  EXPECT_EQ(core::text(core::child(root, core::ns::kSaml, "Issuer")), "https://sp/md");
  xmlNode* policy = core::child(root, core::ns::kSamlp, "NameIDPolicy");
  EXPECT_EQ(core::attr(policy, "AllowCreate"), "false");
}

TEST(SamlMessages, RedirectToADestinationWithAQueryKeepsIt) {
  auto r = send_request("<x/>", "https://idp/sso?app=1", RequestBinding::redirect, std::string("/app"), nullptr);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->status, 302);
  EXPECT_EQ(r->headers[0].second.rfind("https://idp/sso?app=1&SAMLRequest=", 0), 0u);
}

TEST(SpMetadata, WithoutKeysOrSloItStillParses) {
  SsoSettings s;
  s.sp_entity_id = "urn:sp";
  s.acs_url = "https://sp/consume";
  EXPECT_EQ(sp_slo_url(s), "");
  auto md = core::parse_sp_metadata(sp_metadata_xml(s));
  ASSERT_TRUE(md.ok());
  EXPECT_TRUE(md->slo.empty());
  EXPECT_TRUE(md->signing_certificates.empty());
}

TEST(AdminJson, RosterCsvQuotesAndDefusesFormulas) {
  Roster r;
  r.org = "acme";
  Member m;
  m.email = "=cmd@acme.test";
  m.role = Role::admin;
  r.members.push_back(m);
  Invitation i;
  i.email = "a,b@acme.test";
  i.inviter = "x@acme.test";
  r.pending_invitations.push_back(i);
  const std::string csv = roster_csv(r);
  EXPECT_NE(csv.find("member,'=cmd@acme.test,admin"), std::string::npos) << csv;
  EXPECT_NE(csv.find("invitation,\"a,b@acme.test\",read_only,pending"), std::string::npos) << csv;
}

TEST(AdminJson, AuditQueryAndPercentDecoding) {
  auto q = audit_query_from("event=invite&after_seq=3&limit=5&since=2026-03-01T12:00:00Z", "acme");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->org, "acme");
  EXPECT_EQ(q->after_seq, 3);
  EXPECT_EQ(q->limit, 5u);
  EXPECT_FALSE(audit_query_from("limit=-1", "acme"));
  EXPECT_FALSE(audit_query_from("limit=20000", "acme"));
  EXPECT_FALSE(audit_query_from("surprise=1", "acme"));
  EXPECT_EQ(percent_decode("bob%40acme.test"), "bob@acme.test");
  EXPECT_EQ(percent_decode("a+b%2"), "a+b%2");
}

}  // namespace
}  // namespace samlh::sp
