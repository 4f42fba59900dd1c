// core/browser/html.hpp: forms and links read with libxml2's HTML parser.
// The pages under data/ are written as pysaml2 (rendered by pysaml2 itself,
// data/make_pysaml2_pages.py), python3-saml, SimpleSAMLphp and Okta style
// IdPs and SPs write their auto-submit forms; the rest are small pages for
// one rule each (HTML's successful controls).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/browser/html.hpp"
#include "tests/support/test_keys.hpp"

using namespace samlh;
using namespace samlh::core::browser;

namespace {

std::string page(const std::string& name) {
  const std::string path = test::source_path("tests/core/browser/data/" + name);
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const Form* saml_form(const std::vector<Form>& forms) {
  for (const Form& f : forms) {
    if (f.has("SAMLResponse") || f.has("SAMLRequest")) return &f;
  }
  return nullptr;
}

TEST(SamlPages, Pysaml2ResponseWithARawAmpersandInItsAction) {
  const auto forms = parse_forms(page("pysaml2_response.html"), "https://idp.example.org/sso");
  ASSERT_EQ(forms.size(), 1u);
  const Form& f = forms[0];
  EXPECT_EQ(f.method, "post");
  EXPECT_EQ(f.action, "https://sp.example.com/acs?a=1&b=2");
  ASSERT_NE(f.get("SAMLResponse"), nullptr);
  EXPECT_EQ(*f.get("SAMLResponse"),
            "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiIElEPSJfcHlzYW1s"
            "Ml9yIiBWZXJzaW9uPSIyLjAiPj4+Pj8/Pzwvc2FtbHA6UmVzcG9uc2U+");
  EXPECT_EQ(*f.get("RelayState"), "/dashboard?x=1&y=<2>");
  // The <noscript> submit button is a submitter without a name: never sent.
  EXPECT_EQ(f.fields.size(), 2u);
  EXPECT_TRUE(f.submitters.empty());
}

TEST(SamlPages, Pysaml2RequestWithQuotesInRelayState) {
  const auto forms = parse_forms(page("pysaml2_request.html"), "https://sp.example.com/login");
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_EQ(forms[0].action, "https://idp.example.org/sso/post");
  EXPECT_EQ(*forms[0].get("RelayState"), "it's \"quoted\"");
  EXPECT_EQ(forms[0].get("SAMLRequest")->find('+') != std::string::npos, true);
}

TEST(SamlPages, OktaStyleHexReferencesInValuesAndAction) {
  const auto forms = parse_forms(page("okta_style.html"), "http://127.0.0.1:7000/app/hotjar/exk/sso/saml");
  ASSERT_EQ(forms.size(), 1u);
  const Form& f = forms[0];
  EXPECT_EQ(f.method, "post");  // METHOD="POST"
  EXPECT_EQ(f.id, "appForm");
  EXPECT_EQ(f.action, "http://127.0.0.1:8081/sso/acme/acs");
  EXPECT_EQ(*f.get("SAMLResponse"), "PHNhbWxwOlJlc3BvbnNlIElEPSJva3RhIj4+Pj48L3NhbWxwOlJlc3BvbnNlPg==");
  EXPECT_EQ(*f.get("RelayState"), "/sites/42?tab=heatmaps");
}

TEST(SamlPages, SimpleSamlPhpStyleSecondFormInsideNoscriptWrappers) {
  const auto forms = parse_forms(page("simplesamlphp_style.html"), "https://idp.example.org/simplesaml/saml2/idp/SSOService.php");
  ASSERT_EQ(forms.size(), 2u);
  EXPECT_EQ(forms[0].method, "get");
  EXPECT_EQ(forms[0].action, "https://idp.example.org/simplesaml/saml2/idp/SSOService.php?");
  ASSERT_EQ(forms[0].fields.size(), 1u);
  EXPECT_EQ(forms[0].fields[0], (std::pair<std::string, std::string>{"language", "en"}));
  const Form* f = saml_form(forms);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f, &forms[1]);
  EXPECT_EQ(f->action, "https://sp.example.net/simplesaml/module.php/saml/sp/saml2-acs.php/default-sp");
  EXPECT_EQ(*f->get("SAMLResponse"), "PD94bWwgdmVyc2lvbj0iMS4wIj8+PHNhbWxwOlJlc3BvbnNlLz4=");
  EXPECT_EQ(*f->get("RelayState"), "https://sp.example.net/o'brien?a=1&b=2");
}

TEST(SamlPages, Python3SamlStyleBaseHrefAndJinjaEscapes) {
  const auto forms = parse_forms(page("python3_saml_style.html"), "https://sp.example.com/login");
  ASSERT_EQ(forms.size(), 2u);
  EXPECT_EQ(forms[0].action, "https://idp.example.org/logout");  // against <base href>, not the page
  const Form* f = saml_form(forms);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->name, "saml-form");
  EXPECT_EQ(f->action, "https://idp.example.org/saml2/sso/post?tenant=acme");
  EXPECT_EQ(*f->get("RelayState"), "{\"next\": '/app'}");
  EXPECT_EQ(f->fields.size(), 2u);  // the unnamed submit input is not sent
}

TEST(SamlPages, UpperCaseUnquotedDecimalReferencesNoClosingForm) {
  const auto forms = parse_forms(page("uppercase_unquoted.html"), "http://127.0.0.1:7000/sso");
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_EQ(forms[0].method, "post");
  EXPECT_EQ(forms[0].action, "http://127.0.0.1:8081/sso/acme/acs");
  EXPECT_EQ(*forms[0].get("SAMLResponse"), "PHNhbWxwOlJlc3BvbnNlIElEPSJva3RhIj4+Pj48L3NhbWxwOlJlc3BvbnNlPg==");
  EXPECT_EQ(*forms[0].get("RelayState"), "/app");
}

// HTML's successful controls, one page.
TEST(SuccessfulControls, AsABrowserSubmitsThem) {
  const std::string html = R"(<form action="/go">
    <input name="a" value="1"><input name="a" value="2">
    <input name="off" value="x" disabled>
    <input type="checkbox" name="cb" checked><input type="checkbox" name="cb2" value="no">
    <input type="radio" name="r" value="one"><input type="radio" name="r" value="two" checked>
    <input type="password" name="password">
    <input type="text" name="t" value="line
break">
    <input type="hidden" name="h" value="line
break">
    <input type="hidden" name="_charset_">
    <input type="file" name="upload"><input type="reset" name="rs"><input type="button" name="bt" value="b">
    <input type="image" name="img" src="x.png">
    <textarea name="ta">some
text</textarea>
    <select name="s"><option>first</option><option value="2" selected>second</option></select>
    <select name="s0"><option disabled>x</option><option> y  z </option></select>
    <select name="m" multiple><optgroup><option selected>m1</option></optgroup><option selected value="m2">M</option></select>
    <fieldset disabled><legend><input name="in_legend" value="ok"></legend><input name="in_set" value="no"></fieldset>
    <button name="go" value="now">Go</button><button type="button" name="nope">x</button>
    <input type="submit" name="also" value="Send">
    <input name="">
  </form>
  <input form="f2" name="outside" value="o"><form id="f2"></form>
  <a href="/next?x=1">next</a><a href="mailto:x@y">mail</a>)";
  const HtmlPage p = read_html(html, "http://127.0.0.1:8081/dir/page");
  ASSERT_EQ(p.forms.size(), 2u);
  const Form& f = p.forms[0];
  EXPECT_EQ(f.method, "get");
  EXPECT_EQ(f.action, "http://127.0.0.1:8081/go");
  const Fields expected = {{"a", "1"},       {"a", "2"},           {"cb", "on"},        {"r", "two"},
                           {"password", ""}, {"t", "linebreak"},   {"h", "line\r\nbreak"}, {"_charset_", "UTF-8"},
                           {"ta", "some\r\ntext"}, {"s", "2"},     {"s0", "y z"},    {"m", "m1"},
                           {"m", "m2"},      {"in_legend", "ok"}};
  EXPECT_EQ(f.fields, expected);
  const Fields buttons = {{"go", "now"}, {"also", "Send"}};
  EXPECT_EQ(f.submitters, buttons);
  EXPECT_EQ(f.get("a"), &f.fields[0].second);  // the first value
  ASSERT_EQ(p.forms[1].fields.size(), 1u);
  EXPECT_EQ(p.forms[1].fields[0].second, "o");
  EXPECT_EQ(p.forms[1].action, "http://127.0.0.1:8081/dir/page");  // no action: the page itself
  const std::vector<std::string> links = {"http://127.0.0.1:8081/next?x=1", "mailto:x@y"};
  EXPECT_EQ(p.links, links);
}

TEST(Pages, TheHeaderCharsetDecidesAndValuesComeOutAsUtf8) {
  const std::string latin1 = "<form><input name=n value=\"caf\xe9\"></form>";
  EXPECT_EQ(*parse_forms(latin1, "http://h/", "ISO-8859-1")[0].get("n"), "caf\xc3\xa9");
  const std::string utf8 = "<form><input name=n value=\"caf\xc3\xa9\"></form>";
  EXPECT_EQ(*parse_forms(utf8, "http://h/", charset_of("text/html; charset=\"utf-8\""))[0].get("n"), "caf\xc3\xa9");
  EXPECT_EQ(*parse_forms(utf8, "http://h/", "no-such-charset")[0].get("n"), "caf\xc3\xa9");
  EXPECT_EQ(charset_of("text/html"), "");
}

TEST(Pages, InputIsBounded) {
  HtmlLimits small;
  small.max_bytes = 64;
  const HtmlPage p = read_html("<form><input name=a value=1></form>" + std::string(64, ' '), "http://h/", "", small);
  EXPECT_TRUE(p.too_large);
  EXPECT_TRUE(p.forms.empty());
  EXPECT_TRUE(read_html("", "http://h/").forms.empty());
  EXPECT_TRUE(read_html("{\"json\": true}", "http://h/").forms.empty());
}

TEST(Pages, NoNetworkNoEntitiesFromOutside) {
  // A DOCTYPE with an external subset and an entity defined there: nothing
  // is fetched, and the unknown reference stays text.
  const std::string html = R"(<!DOCTYPE html SYSTEM "http://127.0.0.1:1/evil.dtd"><form><input name=a value="&evil;"></form>)";
  const auto forms = parse_forms(html, "http://h/");
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_EQ(*forms[0].get("a"), "&evil;");
}

}  // namespace
