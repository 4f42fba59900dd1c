// core/http/url.hpp: the project's URLs over Boost.URL. Reference resolution
// against RFC 3986 section 5.4 (every normal and abnormal example), the
// Locations a browser meets (protocol-relative, query-only, fragment-only,
// scheme-changing, IPv6, backslashes, stray bytes), origins, loopback hosts,
// request-targets, query parameters and form encoding.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/http/url.hpp"

using namespace samlh::core::http;

namespace {

struct Case {
  const char* reference;
  const char* expected;
};

// RFC 3986 5.4, base "http://a/b/c/d;p?q".
constexpr const char* kRfcBase = "http://a/b/c/d;p?q";

// 5.4.1 Normal Examples.
const std::vector<Case> kNormal = {
    {"g:h", "g:h"},
    {"g", "http://a/b/c/g"},
    {"./g", "http://a/b/c/g"},
    {"g/", "http://a/b/c/g/"},
    {"/g", "http://a/g"},
    {"//g", "http://g"},
    {"?y", "http://a/b/c/d;p?y"},
    {"g?y", "http://a/b/c/g?y"},
    {"#s", "http://a/b/c/d;p?q#s"},
    {"g#s", "http://a/b/c/g#s"},
    {"g?y#s", "http://a/b/c/g?y#s"},
    {";x", "http://a/b/c/;x"},
    {"g;x", "http://a/b/c/g;x"},
    {"g;x?y#s", "http://a/b/c/g;x?y#s"},
    {"", "http://a/b/c/d;p?q"},
    {".", "http://a/b/c/"},
    {"./", "http://a/b/c/"},
    {"..", "http://a/b/"},
    {"../", "http://a/b/"},
    {"../g", "http://a/b/g"},
    {"../..", "http://a/"},
    {"../../", "http://a/"},
    {"../../g", "http://a/g"},
};

// 5.4.2 Abnormal Examples (the strict parser's reading of "http:g").
const std::vector<Case> kAbnormal = {
    {"../../../g", "http://a/g"},
    {"../../../../g", "http://a/g"},
    {"/./g", "http://a/g"},
    {"/../g", "http://a/g"},
    {"g.", "http://a/b/c/g."},
    {".g", "http://a/b/c/.g"},
    {"g..", "http://a/b/c/g.."},
    {"..g", "http://a/b/c/..g"},
    {"./../g", "http://a/b/g"},
    {"./g/.", "http://a/b/c/g/"},
    {"g/./h", "http://a/b/c/g/h"},
    {"g/../h", "http://a/b/c/h"},
    {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
    {"g;x=1/../y", "http://a/b/c/y"},
    {"g?y/./x", "http://a/b/c/g?y/./x"},
    {"g?y/../x", "http://a/b/c/g?y/../x"},
    {"g#s/./x", "http://a/b/c/g#s/./x"},
    {"g#s/../x", "http://a/b/c/g#s/../x"},
    {"http:g", "http:g"},
};

TEST(Rfc3986, NormalExamples) {
  for (const Case& c : kNormal) {
    EXPECT_EQ(resolve_reference(kRfcBase, c.reference).value_or("(none)"), c.expected) << "reference " << c.reference;
  }
}

TEST(Rfc3986, AbnormalExamples) {
  for (const Case& c : kAbnormal) {
    EXPECT_EQ(resolve_reference(kRfcBase, c.reference).value_or("(none)"), c.expected) << "reference " << c.reference;
  }
}

// The Locations an SP or IdP sends, from a page the browser is on.
constexpr const char* kPage = "http://127.0.0.1:8081/sso/acme/acs?x=1";

TEST(Locations, ProtocolRelativeGoesToAnotherHost) {
  const auto r = resolve_reference(kPage, "//evil.example/p");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "http://evil.example/p");
  const auto u = parse_url(*r);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "evil.example");
  EXPECT_EQ(u->port, 80);
}

TEST(Locations, QueryOnlyKeepsThePath) {
  EXPECT_EQ(resolve_reference(kPage, "?next=1"), "http://127.0.0.1:8081/sso/acme/acs?next=1");
  EXPECT_EQ(resolve_reference("http://127.0.0.1:8081/a/", "?next=1"), "http://127.0.0.1:8081/a/?next=1");
}

TEST(Locations, FragmentOnlyKeepsPathAndQuery) {
  EXPECT_EQ(resolve_reference(kPage, "#done"), "http://127.0.0.1:8081/sso/acme/acs?x=1#done");
  const auto u = parse_url("http://127.0.0.1:8081/sso/acme/acs?x=1#done");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->target(), "/sso/acme/acs?x=1");  // the fragment is never sent
  EXPECT_EQ(u->fragment, "done");
}

TEST(Locations, SchemeChanging) {
  EXPECT_EQ(resolve_reference(kPage, "https://sp.example/app"), "https://sp.example/app");
  EXPECT_EQ(resolve_reference("https://sp.example/a", "//idp.example/sso"), "https://idp.example/sso");
  const auto u = parse_url("HTTPS://SP.Example/app");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "sp.example");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->origin(), "https://sp.example");
  // Other schemes resolve, and are no http(s) URL to fetch.
  EXPECT_EQ(resolve_reference(kPage, "javascript:alert(1)"), "javascript:alert(1)");
  EXPECT_FALSE(parse_url("javascript:alert(1)"));
  EXPECT_FALSE(parse_url("ftp://127.0.0.1/x"));
}

TEST(Locations, Ipv6) {
  EXPECT_EQ(resolve_reference("http://[::1]:8081/sso/acme/login", "/sso/acme/acs"), "http://[::1]:8081/sso/acme/acs");
  EXPECT_EQ(resolve_reference(kPage, "//[::1]:7000/sso"), "http://[::1]:7000/sso");
  const auto u = parse_url("http://[0:0:0:0:0:0:0:1]:7000/sso?a=1");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "[0:0:0:0:0:0:0:1]");
  EXPECT_EQ(u->port, 7000);
  EXPECT_EQ(u->authority(), "[0:0:0:0:0:0:0:1]:7000");
  EXPECT_TRUE(is_loopback_host(u->host));
  EXPECT_TRUE(is_ip_literal("[::1]"));
}

TEST(Locations, WhatABrowserCleansFirst) {
  // WHATWG: '\' is '/' before the query (so "/\evil" is protocol-relative),
  // tabs and newlines vanish, a space or a stray '%' is percent-encoded.
  EXPECT_EQ(resolve_reference(kPage, "/\\evil.example/x"), "http://evil.example/x");
  EXPECT_EQ(resolve_reference(kPage, " /app?next=a b\t"), "http://127.0.0.1:8081/app?next=a%20b");
  EXPECT_EQ(resolve_reference(kPage, "/a\r\nb"), "http://127.0.0.1:8081/ab");
  EXPECT_EQ(resolve_reference(kPage, "/?q=%%41"), "http://127.0.0.1:8081/?q=%25%41");
  EXPECT_EQ(resolve_reference(kPage, "/caf\xc3\xa9"), "http://127.0.0.1:8081/caf%C3%A9");
  EXPECT_FALSE(resolve_reference("not absolute", "/x"));
  EXPECT_EQ(browser_url("http://h/sso?SAMLRequest=%%%"), "http://h/sso?SAMLRequest=%25%25%25");
  EXPECT_FALSE(browser_url("/relative"));
}

// Boost.URL 1.81 alone reads these hosts as 127.0.0.1 (boostorg/url#755).
TEST(ParseUrl, AHostThatStartsLikeAnAddressIsAName) {
  const auto u = parse_url("http://127.0.0.1.evil.test/");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "127.0.0.1.evil.test");
  EXPECT_EQ(u->path, "/");
  EXPECT_FALSE(is_loopback_host(u->host));
  const auto p = parse_url("http://1.2.3.4.Example:8080/x?y=1");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->host, "1.2.3.4.example");
  EXPECT_EQ(p->port, 8080);
  EXPECT_EQ(p->path, "/x");
  EXPECT_EQ(p->query, "y=1");
  EXPECT_EQ(parse_url("http://10.0.0.1.nip.io")->host, "10.0.0.1.nip.io");
  const auto r = resolve_reference(kPage, "//127.0.0.1.evil.test:9/p");
  ASSERT_TRUE(r);
  EXPECT_EQ(parse_url(*r)->origin(), "http://127.0.0.1.evil.test:9");
  EXPECT_FALSE(parse_url("http://1.2.3.4:5x/"));
  EXPECT_EQ(resolve_reference("http://127.0.0.1.evil.test/a/b", "/c"), "http://127.0.0.1.evil.test/c");
  EXPECT_EQ(resolve_reference(kPage, "//127.0.0.1.evil.test/p"), "http://127.0.0.1.evil.test/p");
  EXPECT_EQ(with_query("http://1.2.3.4.evil.test:8/a?b", "c=1"), "http://1.2.3.4.evil.test:8/a?c=1");
  EXPECT_EQ(parse_url("http://127.0.0.1:8081/")->host, "127.0.0.1");
}

TEST(ParseUrl, PartsAndNormalForm) {
  const auto u = parse_url("HTTP://User:pw@LocalHost:8081?a=%2F#f");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "http");
  EXPECT_EQ(u->host, "localhost");  // userinfo dropped, host lower-cased
  EXPECT_EQ(u->port, 8081);
  EXPECT_EQ(u->path, "/");
  EXPECT_EQ(u->query, "a=%2F");
  EXPECT_EQ(u->target(), "/?a=%2F");
  EXPECT_EQ(u->str(), "http://localhost:8081/?a=%2F#f");
  EXPECT_FALSE(parse_url("http://h/a")->query);  // no '?' at all
  EXPECT_EQ(parse_url("http://h/a?")->query, "");
  EXPECT_EQ(parse_url("http://h:80/")->origin(), "http://h");
  EXPECT_FALSE(parse_url("http://h:99999/"));
  EXPECT_FALSE(parse_url("http://h:0/"));
  EXPECT_FALSE(parse_url("http:///path"));
  EXPECT_FALSE(parse_url("/relative"));
  EXPECT_FALSE(parse_url("http://a b/"));
}

TEST(Origins, SchemeHostAndPort) {
  const auto a = *parse_url("http://127.0.0.1:7000/x");
  EXPECT_TRUE(same_origin(a, *parse_url("http://127.0.0.1:7000/y?z")));
  EXPECT_FALSE(same_origin(a, *parse_url("http://127.0.0.1:8081/x")));
  EXPECT_FALSE(same_origin(a, *parse_url("https://127.0.0.1:7000/x")));
  EXPECT_FALSE(same_origin(a, *parse_url("http://localhost:7000/x")));
}

TEST(Origins, LoopbackIsAParsedAddressNotAPrefix) {
  for (const char* h : {"127.0.0.1", "127.9.8.7", "[::1]", "localhost", "LOCALHOST", "idp.localhost"}) {
    EXPECT_TRUE(is_loopback_host(h)) << h;
  }
  for (const char* h : {"127.0.0.1.evil.test", "localhost.evil.test", "[::2]", "128.0.0.1", "sp.example", ""}) {
    EXPECT_FALSE(is_loopback_host(h)) << h;
  }
}

TEST(Targets, OriginFormOnly) {
  const auto t = parse_target("/sso/acme/acs?SAMLRequest=a%2Bb&x");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/sso/acme/acs");
  EXPECT_EQ(t->query, "SAMLRequest=a%2Bb&x");  // raw: a Redirect signature covers it
  EXPECT_EQ(parse_target("/")->query, "");
  EXPECT_FALSE(parse_target("http://h/x"));
  EXPECT_FALSE(parse_target("*"));
  EXPECT_FALSE(parse_target("/a?x=%zz"));
}

TEST(Queries, DecodedParamsInOrder) {
  const auto p = query_params("a=1+2&b=%2B&a=3&&flag&=v");
  ASSERT_TRUE(p);
  const QueryParams expected = {{"a", "1 2"}, {"b", "+"}, {"a", "3"}, {"flag", ""}, {"", "v"}};
  EXPECT_EQ(*p, expected);
  EXPECT_FALSE(query_params("a=%zz"));
  EXPECT_EQ(raw_query_param("SAMLRequest=a%2Bb&RelayState=x", "SAMLRequest"), "a%2Bb");
  EXPECT_FALSE(raw_query_param("a=1", "SAMLRequest"));
  EXPECT_EQ(percent_decode("a%2Bb+c"), "a+b+c");
  EXPECT_EQ(percent_decode("a%2Bb+c", true), "a+b c");
  EXPECT_FALSE(percent_decode("%2"));
  EXPECT_EQ(percent_encode("a b/~"), "a%20b%2F~");
}

TEST(Queries, ReplacingOneRawParamKeepsEveryOtherByte) {
  const std::string loc = "http://idp/sso?SAMLRequest=old%2B&RelayState=%2Fq&SigAlg=x&Signature=s%3D#f";
  EXPECT_EQ(with_raw_query_param(loc, "SAMLRequest", "new%2F"),
            "http://idp/sso?SAMLRequest=new%2F&RelayState=%2Fq&SigAlg=x&Signature=s%3D#f");
  EXPECT_FALSE(with_raw_query_param(loc, "Missing", "v"));
  EXPECT_FALSE(with_raw_query_param(loc, "SAMLRequest", "bad%"));
}

TEST(Forms, EncodedAsBrowsersEncodeThem) {
  EXPECT_EQ(form_urlencode({{"a b", "x+y/z=~*"}, {"SAMLResponse", "PD94+/="}}),
            "a+b=x%2By%2Fz%3D%7E*&SAMLResponse=PD94%2B%2F%3D");
  EXPECT_EQ(with_query("http://sp/acs?old=1#frag", "a=1"), "http://sp/acs?a=1");
  EXPECT_EQ(append_query("https://idp/sso?tenant=a#f", "SAMLRequest=x%2B"), "https://idp/sso?tenant=a&SAMLRequest=x%2B#f");
  EXPECT_EQ(append_query("https://idp/sso", "SAMLRequest=x"), "https://idp/sso?SAMLRequest=x");
  EXPECT_EQ(append_query("https://idp/sso?", "SAMLRequest=x"), "https://idp/sso?SAMLRequest=x");
  EXPECT_FALSE(append_query("https://idp/sso", "bad%"));
}

}  // namespace
