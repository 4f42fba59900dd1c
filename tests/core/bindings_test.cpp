#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/bindings.hpp"
#include "core/inspect_form.hpp"
#include "tests/support/test_keys.hpp"

namespace samlh::core {
namespace {

TEST(Base64, RoundTripsAndToleratesLineWrapping) {
  for (std::string s : {"", "a", "ab", "abc", "abcd", "hello world, this is SAML"}) {
    const std::string enc = base64_encode(s, 4);
    auto dec = base64_decode(enc, 1024);
    ASSERT_TRUE(dec.ok()) << enc;
    EXPECT_EQ(*dec, s);
  }
  EXPECT_EQ(base64_encode("abc"), "YWJj");
  EXPECT_EQ(*base64_decode("YW\r\nJj", 10), "abc");
}

TEST(Base64, IsStrict) {
  for (const char* bad : {"YWJ", "YW=j", "YWJj=", "Y===", "YWJ!", "YQ=a", "YR==", "YWJjZA=", "====", "YW Jj!"}) {
    auto r = base64_decode(bad, 1024);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.reason(), Reason::binding_bad_base64) << bad;
    }
  }
  auto big = base64_decode(std::string(4000, 'A'), 100);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.reason(), Reason::binding_too_large);
}

// Every byte value at every length up to a few quanta, unwrapped (the fast
// path to the end) and wrapped (the checking loop after the first line), and
// a defect at each position: the verdict never depends on where the fast
// path stopped.
TEST(Base64, FastPathAgreesWithTheCheckingLoopEverywhere) {
  std::string data;
  for (int len = 0; len <= 40; ++len) {
    data.push_back(static_cast<char>((len * 73 + 11) & 0xFF));
    for (std::size_t wrap : {std::size_t{0}, std::size_t{8}}) {
      const std::string enc = base64_encode(data, wrap);
      auto dec = base64_decode(enc, 1024);
      ASSERT_TRUE(dec.ok()) << enc;
      EXPECT_EQ(*dec, data) << enc;
    }
    const std::string enc = base64_encode(data);
    for (std::size_t at = 0; at < enc.size(); ++at) {
      std::string bad = enc;
      bad[at] = '!';
      EXPECT_EQ(base64_decode(bad, 1024).reason(), Reason::binding_bad_base64) << bad;
      std::string spaced = enc;
      spaced.insert(at, "\r\n");
      auto ok = base64_decode(spaced, 1024);
      ASSERT_TRUE(ok.ok()) << spaced;
      EXPECT_EQ(*ok, data);
    }
    EXPECT_EQ(base64_decode(enc + "AAAA", 1024).ok(), enc.find('=') == std::string::npos) << enc;
  }
}

TEST(Form, ParsesAndRefusesRepeatsAndBadEscapes) {
  auto f = parse_form("SAMLResponse=PHg%2B&RelayState=%2Fapp+home");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(*form_get(*f, "SAMLResponse"), "PHg+");
  EXPECT_EQ(*form_get(*f, "RelayState"), "/app home");
  EXPECT_EQ(parse_form("a=1&a=2").reason(), Reason::binding_bad_form);
  EXPECT_EQ(parse_form("a=%zz").reason(), Reason::binding_bad_form);
  EXPECT_EQ(parse_form("a=%4").reason(), Reason::binding_bad_form);
  EXPECT_EQ(form_encode({{"a b", "c&d"}}), "a%20b=c%26d");
}

// The decoder copies plain runs found with memchr; this checks it against
// the byte-at-a-time definition over every string of up to five characters
// drawn from escapes, hex digits, '+', and plain bytes (including an escape
// whose result is itself '%', which must not be decoded again).
std::optional<std::string> percent_decode_reference(const std::string& in) {
  auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out.push_back(' ');
    } else if (in[i] != '%') {
      out.push_back(in[i]);
    } else {
      if (i + 2 >= in.size() || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0) return std::nullopt;
      out.push_back(static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2])));
      i += 2;
    }
  }
  return out;
}

TEST(Form, PercentDecodingAgreesWithTheDefinitionEverywhere) {
  const std::string alphabet = "%25Bf+gZ";
  std::vector<std::string> all{""};
  for (int len = 1; len <= 5; ++len) {
    std::vector<std::string> next;
    for (const std::string& s : all) {
      if (s.size() + 1 != static_cast<std::size_t>(len)) continue;
      for (const char c : alphabet) next.push_back(s + c);
    }
    all.insert(all.end(), next.begin(), next.end());
  }
  ASSERT_GT(all.size(), 37000u);
  for (const std::string& s : all) {
    const auto want = percent_decode_reference(s);
    auto got = parse_form("v=" + s);
    ASSERT_EQ(got.ok(), want.has_value()) << s;
    if (want) {
      ASSERT_EQ(*form_get(*got, "v"), *want) << s;
    } else {
      ASSERT_EQ(got.reason(), Reason::binding_bad_form) << s;
    }
  }
}

TEST(Deflate, RoundTripsAndCapsInflation) {
  const std::string xml = "<samlp:AuthnRequest ID=\"x\"/>" + std::string(5000, ' ');
  auto back = inflate_raw(deflate_raw(xml), 1 << 20);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, xml);
  // DS-2: a bomb expanding far past the cap is stopped
  const std::string bomb = deflate_raw(std::string(50 * 1024 * 1024, 'A'));
  EXPECT_LT(bomb.size(), 100u * 1024u);
  auto r = inflate_raw(bomb, 1 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), Reason::binding_inflate_too_large);
  EXPECT_EQ(inflate_raw("not deflate at all", 1024).reason(), Reason::binding_inflate_failed);
}

TEST(Redirect, SignedQueryVerifiesOverTheRawString) {
  const auto sp = test::key("sp");
  const std::string q = encode_redirect("<AuthnRequest/>", "SAMLRequest", std::string_view("/deep/link?x=1"), &sp);
  auto m = decode_redirect(q, "SAMLRequest");
  ASSERT_TRUE(m.ok()) << m.failure().detail;
  EXPECT_EQ(m->xml, "<AuthnRequest/>");
  EXPECT_EQ(m->relay_state, "/deep/link?x=1");
  const std::vector<Certificate> keys{test::cert("sp.crt")};
  EXPECT_TRUE(verify_redirect_signature(*m, keys, false).ok());
  const std::vector<Certificate> other{test::cert("attacker.crt")};
  EXPECT_EQ(verify_redirect_signature(*m, other, false).reason(), Reason::binding_signature);
  // Tampering with RelayState breaks the signature.
  std::string tampered = q;
  tampered.replace(tampered.find("RelayState=") + 11, 3, "%2Fx");
  auto t = decode_redirect(tampered, "SAMLRequest");
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(verify_redirect_signature(*t, keys, false).ok());
}

TEST(Redirect, Sha1SigAlgNeedsPolicy) {
  const auto sp = test::key("sp");
  const std::string q = encode_redirect("<AuthnRequest/>", "SAMLRequest", std::nullopt, &sp, SignatureAlgorithm::rsa_sha1);
  auto m = decode_redirect(q, "SAMLRequest");
  ASSERT_TRUE(m.ok());
  const std::vector<Certificate> keys{test::cert("sp.crt")};
  EXPECT_FALSE(verify_redirect_signature(*m, keys, false).ok());
  EXPECT_TRUE(verify_redirect_signature(*m, keys, true).ok());
}

TEST(Redirect, MissingOrRepeatedParameters) {
  EXPECT_EQ(decode_redirect("RelayState=x", "SAMLRequest").reason(), Reason::binding_missing);
  EXPECT_EQ(decode_redirect("SAMLRequest=a&SAMLRequest=b", "SAMLRequest").reason(), Reason::binding_bad_form);
}

TEST(RawSignatures, EcdsaUsesRawRS) {
  const auto ec = test::key("ec");
  auto sig = sign_bytes("data", ec, SignatureAlgorithm::ecdsa_sha256);
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(sig->size(), 64u);
  EXPECT_TRUE(verify_bytes("data", *sig, test::cert("ec.crt").public_key(), SignatureAlgorithm::ecdsa_sha256));
  EXPECT_FALSE(verify_bytes("datb", *sig, test::cert("ec.crt").public_key(), SignatureAlgorithm::ecdsa_sha256));
}

TEST(AutoPost, EscapesEverything) {
  const std::string html = auto_post_form("https://sp/acs?a=\"x\"", {{"RelayState", "<script>"}});
  EXPECT_NE(html.find("&quot;x&quot;"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
}

TEST(Bindings, InspectPostFormShowsTheDecodedMessageEscapedAndWaitsForItsButton) {
  const std::string xml = "<samlp:Response ID=\"_r\"><x>&lt;script&gt;</x></samlp:Response>";
  const std::string b64 = base64_encode(xml);
  const std::string html = inspect_post_form("https://sp/acs", {{"SAMLResponse", b64}, {"RelayState", "<b>/app</b>"}});
  EXPECT_EQ(html.find("onload"), std::string::npos);  // nothing is sent before the button
  EXPECT_NE(html.find("<button type=\"submit\" id=\"post-continue\">"), std::string::npos);
  // The form still carries the fields as sent (a browser posts them unchanged).
  EXPECT_NE(html.find("<input type=\"hidden\" name=\"SAMLResponse\" value=\"" + b64 + "\"/>"), std::string::npos);
  // The message decoded, escaped: its markup and its escaped text are text.
  EXPECT_NE(html.find("&lt;samlp:Response ID=&quot;_r&quot;&gt;&lt;x&gt;&amp;lt;script&amp;gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;/app&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<samlp"), std::string::npos);
  // Not base64: said so, and shown as sent.
  EXPECT_NE(inspect_post_form("https://sp/acs", {{"SAMLResponse", "%%%"}}).find("Not decodable"), std::string::npos);
}

}  // namespace
}  // namespace samlh::core
