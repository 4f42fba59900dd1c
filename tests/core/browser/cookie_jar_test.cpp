// core/browser/cookie_jar.hpp and the Set-Cookie parse: one test per rule of
// RFC 6265bis the jar keeps (host-only vs Domain, paths, expiry, Secure with
// loopback as a secure origin, SameSite on cross-site requests, one cookie
// per name+domain+path, hosts not ports, prefixes, bounds).
#include <gtest/gtest.h>

#include <string>

#include "core/browser/cookie_jar.hpp"
#include "core/http/cookies.hpp"
#include "core/http/url.hpp"

using namespace samlh::core;
using namespace samlh::core::browser;
using http::parse_url;

namespace {

http::Url url(const std::string& text) {
  auto u = parse_url(text);
  EXPECT_TRUE(u.has_value()) << text;
  return u.value_or(http::Url{});
}

constexpr CookieContext kSameSite{true, true, true};
constexpr CookieContext kCrossSiteGet{false, true, true};    // a top-level cross-site GET navigation
constexpr CookieContext kCrossSitePost{false, true, false};  // the POST binding's form from another site

class Jar : public ::testing::Test {
 protected:
  VirtualClock clock_{Instant{Millis{1'700'000'000'000}}};
  CookieJar jar_{clock_};
  std::string header(const std::string& u, const CookieContext& c = kSameSite) { return jar_.header_for(url(u), c); }
  std::optional<std::string> set(const std::string& u, const std::string& h, const CookieContext& c = kSameSite) {
    return jar_.store(url(u), h, c);
  }
};

TEST(SetCookieParse, NameValueAndAttributes) {
  auto c = http::parse_set_cookie(" sid = a b ; Path=/x; path=/y; Domain=.Example.COM; Max-Age=60; Secure; HttpOnly; "
                                  "SameSite=strict");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name, "sid");
  EXPECT_EQ(c->value, "a b");
  EXPECT_EQ(c->path, "/y");  // the last wins
  EXPECT_EQ(c->domain, "example.com");
  EXPECT_EQ(c->max_age, 60);
  EXPECT_TRUE(c->secure);
  EXPECT_TRUE(c->http_only);
  EXPECT_EQ(c->same_site, http::SameSite::strict);
}

TEST(SetCookieParse, WhatIsIgnored) {
  EXPECT_FALSE(http::parse_set_cookie("a=1\x01; Path=/"));  // a control character voids the header
  EXPECT_FALSE(http::parse_set_cookie("="));
  EXPECT_FALSE(http::parse_set_cookie(std::string(4097, 'n') + "=v"));
  auto nameless = http::parse_set_cookie("justavalue");
  ASSERT_TRUE(nameless);
  EXPECT_EQ(nameless->name, "");
  EXPECT_EQ(nameless->value, "justavalue");
  auto c = http::parse_set_cookie("a=1; Max-Age=1x; Path=relative; SameSite=Bogus; Domain=");
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->max_age);
  EXPECT_EQ(c->path, "");  // default-path
  EXPECT_EQ(c->same_site, http::SameSite::unset);
  EXPECT_EQ(c->domain, "");
}

TEST(SetCookieParse, CookieDates) {
  const auto t = http::parse_cookie_date("Wed, 21 Oct 2015 07:28:00 GMT");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_saml_time(*t), "2015-10-21T07:28:00.000Z");
  EXPECT_EQ(http::parse_cookie_date("Wednesday, 21-Oct-15 07:28:00 GMT"), t);
  EXPECT_EQ(http::parse_cookie_date("Wed Oct 21 07:28:00 2015"), t);
  EXPECT_FALSE(http::parse_cookie_date("Sat, 30 Feb 2030 00:00:00 GMT"));
  EXPECT_FALSE(http::parse_cookie_date("21 Oct 2015"));
  EXPECT_FALSE(http::parse_cookie_date("Wed, 21 Oct 1600 07:28:00 GMT"));
}

TEST_F(Jar, HostOnlyCookiesStayOnTheirHost) {
  EXPECT_FALSE(set("https://sp.example.com/", "a=1"));
  EXPECT_EQ(header("https://sp.example.com/x"), "a=1");
  EXPECT_EQ(header("https://www.sp.example.com/x"), "");
  EXPECT_EQ(header("https://example.com/x"), "");
}

TEST_F(Jar, DomainCookiesReachSubdomains) {
  EXPECT_FALSE(set("https://sp.example.com/", "d=1; Domain=example.com"));
  EXPECT_EQ(header("https://sp.example.com/"), "d=1");
  EXPECT_EQ(header("https://other.example.com/"), "d=1");
  EXPECT_EQ(header("https://example.com/"), "d=1");
  EXPECT_EQ(header("https://badexample.com/"), "");
}

TEST_F(Jar, ADomainThatDoesNotMatchIsRefused) {
  EXPECT_TRUE(set("https://sp.example.com/", "a=1; Domain=other.com"));
  EXPECT_TRUE(set("https://sp.example.com/", "a=1; Domain=com"));  // a top-level name
  EXPECT_TRUE(set("https://sp.example.com/", "a=1; Domain=www.sp.example.com"));
  EXPECT_TRUE(set("http://127.0.0.1/", "a=1; Domain=0.0.1"));  // no suffix match on an address
  EXPECT_FALSE(set("http://127.0.0.1/", "b=2; Domain=127.0.0.1"));
  EXPECT_FALSE(set("http://localhost/", "c=3; Domain=localhost"));  // the host itself: host-only
  EXPECT_EQ(jar_.size(), 2u);
}

TEST_F(Jar, DefaultPathAndPathMatch) {
  EXPECT_FALSE(set("https://sp.test/sso/acme/login?x=1", "bind=1"));
  EXPECT_EQ(jar_.all().front().path, "/sso/acme");
  EXPECT_EQ(header("https://sp.test/sso/acme/acs"), "bind=1");
  EXPECT_EQ(header("https://sp.test/sso/acme"), "bind=1");
  EXPECT_EQ(header("https://sp.test/sso/acmex"), "");
  EXPECT_EQ(header("https://sp.test/sso"), "");
  EXPECT_FALSE(set("https://sp.test/login", "root=1"));  // one '/': default-path "/"
  EXPECT_EQ(header("https://sp.test/elsewhere"), "root=1");
  EXPECT_FALSE(set("https://sp.test/", "app=1; Path=/app"));
  EXPECT_EQ(header("https://sp.test/app/x"), "app=1; root=1");
  EXPECT_EQ(header("https://sp.test/application"), "root=1");
}

TEST_F(Jar, OneCookiePerNameDomainAndPath) {
  EXPECT_FALSE(set("https://sp.test/", "a=1; Path=/"));
  EXPECT_FALSE(set("https://sp.test/", "b=2; Path=/"));
  EXPECT_FALSE(set("https://sp.test/", "a=3; Path=/deep"));
  EXPECT_FALSE(set("https://sp.test/", "a=4; Path=/"));  // replaces a=1, keeps its place
  EXPECT_EQ(jar_.size(), 3u);
  // Longer paths first, then older cookies.
  EXPECT_EQ(header("https://sp.test/deep/x"), "a=3; a=4; b=2");
}

TEST_F(Jar, MaxAgeWinsOverExpiresAndZeroDeletes) {
  EXPECT_FALSE(set("https://sp.test/", "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=10"));
  EXPECT_EQ(header("https://sp.test/"), "a=1");
  clock_.advance(Millis{10'000});
  EXPECT_EQ(header("https://sp.test/"), "");
  EXPECT_FALSE(set("https://sp.test/", "b=1"));
  EXPECT_FALSE(set("https://sp.test/", "b=; Max-Age=0"));
  EXPECT_FALSE(set("https://sp.test/", "c=1"));
  EXPECT_FALSE(set("https://sp.test/", "c=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT"));  // in the past
  EXPECT_EQ(jar_.size(), 0u);
}

TEST_F(Jar, LifetimesAreCappedAt400Days) {
  EXPECT_FALSE(set("https://sp.test/", "a=1; Max-Age=999999999"));
  clock_.advance(std::chrono::hours(24 * 400) - Millis{1});
  EXPECT_EQ(header("https://sp.test/"), "a=1");
  clock_.advance(Millis{1});
  EXPECT_EQ(header("https://sp.test/"), "");
}

TEST_F(Jar, SecureNeedsASecureOriginAndLoopbackIsOne) {
  EXPECT_TRUE(set("http://sp.example/", "s=1; Secure"));  // plain http on the network
  EXPECT_FALSE(set("https://sp.example/", "s=2; Secure"));
  EXPECT_EQ(header("https://sp.example/"), "s=2");
  EXPECT_EQ(header("http://sp.example/"), "");  // never over plain http
  // As Chromium treats them, loopback origins are secure contexts.
  EXPECT_FALSE(set("http://127.0.0.1:8081/", "l=1; Secure"));
  EXPECT_EQ(header("http://127.0.0.1:8081/"), "l=1");
  EXPECT_FALSE(set("http://[::1]:8081/", "v6=1; Secure"));
  EXPECT_EQ(header("http://[::1]:9/"), "v6=1");
  EXPECT_FALSE(set("http://localhost:8081/", "n=1; Secure; SameSite=None"));
  EXPECT_EQ(header("http://localhost:7000/", kCrossSitePost), "n=1");
}

TEST_F(Jar, AnInsecureOriginCannotShadowASecureCookie) {
  EXPECT_FALSE(set("https://sp.example/", "sid=secure; Secure"));
  EXPECT_TRUE(set("http://sp.example/", "sid=evil"));
  EXPECT_EQ(header("https://sp.example/"), "sid=secure");
}

TEST_F(Jar, LaxIsWithheldFromACrossSitePost) {
  EXPECT_FALSE(set("http://127.0.0.1:8081/", "lax=1; SameSite=Lax"));
  EXPECT_FALSE(set("http://127.0.0.1:8081/", "unset=2"));  // counts as Lax
  EXPECT_FALSE(set("http://127.0.0.1:8081/", "strict=3; SameSite=Strict"));
  EXPECT_FALSE(set("http://127.0.0.1:8081/", "none=4; SameSite=None; Secure"));
  const std::string acs = "http://127.0.0.1:8081/acs";
  EXPECT_EQ(header(acs, kCrossSitePost), "none=4");
  EXPECT_EQ(header(acs, kCrossSiteGet), "lax=1; unset=2; none=4");
  EXPECT_EQ(header(acs, kSameSite), "lax=1; unset=2; strict=3; none=4");
  EXPECT_EQ(header(acs, CookieContext{false, false, true}), "none=4");  // a cross-site subresource
}

TEST_F(Jar, SameSiteNoneWithoutSecureIsRefused) {
  EXPECT_EQ(set("http://127.0.0.1/", "n=1; SameSite=None"), "SameSite=None without Secure");
  EXPECT_EQ(jar_.size(), 0u);
}

TEST_F(Jar, ASameSiteCookieFromACrossSiteSubresourceIsRefused) {
  EXPECT_TRUE(set("https://sp.test/", "a=1; SameSite=Lax", CookieContext{false, false, true}));
  EXPECT_FALSE(set("https://sp.test/", "a=1; SameSite=Lax", kCrossSitePost));  // a top-level navigation may
}

TEST_F(Jar, CookiesBelongToHostsNotPorts) {
  // The IdP at :7000 and the SP at :8081 on one host share one jar entry:
  // the IdP's `sid` overwrites the SP's (issue 15's collision).
  EXPECT_FALSE(set("http://127.0.0.1:8081/", "sid=sp; Path=/"));
  EXPECT_EQ(header("http://127.0.0.1:7000/sso"), "sid=sp");
  EXPECT_FALSE(set("http://127.0.0.1:7000/login", "sid=idp; Path=/"));
  EXPECT_EQ(header("http://127.0.0.1:8081/app"), "sid=idp");
  EXPECT_EQ(jar_.size(), 1u);
  // Another loopback name is another host.
  EXPECT_EQ(header("http://localhost:8081/app"), "");
}

TEST_F(Jar, Prefixes) {
  EXPECT_TRUE(set("https://sp.test/", "__Secure-a=1"));
  EXPECT_FALSE(set("https://sp.test/", "__Secure-a=1; Secure"));
  EXPECT_TRUE(set("https://sp.test/", "__Host-b=1; Secure; Path=/x"));
  EXPECT_TRUE(set("https://sp.test/", "__Host-b=1; Secure; Path=/; Domain=sp.test"));
  EXPECT_FALSE(set("https://sp.test/", "__Host-b=1; Secure; Path=/"));
  EXPECT_EQ(jar_.size(), 2u);
}

TEST_F(Jar, TheJarIsBounded) {
  for (int i = 0; i < 200; ++i) EXPECT_FALSE(set("https://sp.test/", "c" + std::to_string(i) + "=1"));
  EXPECT_EQ(jar_.size(), CookieJar::kMaxPerDomain);
  EXPECT_FALSE(jar_.get("c0"));  // the oldest went first
  EXPECT_TRUE(jar_.get("c199"));
}

}  // namespace
