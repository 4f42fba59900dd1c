#include <gtest/gtest.h>

#include <string>

#include "core/xml.hpp"

namespace samlh::core {
namespace {

Reason refusal(std::string_view xml, const ParseLimits& lim = {}) {
  auto r = parse_untrusted(xml, lim);
  EXPECT_FALSE(r.ok()) << "accepted: " << xml.substr(0, 120);
  return r.ok() ? Reason::binding_missing : r.reason();
}

TEST(HardenedParse, AcceptsPlainDocument) {
  auto r = parse_untrusted(R"(<?xml version="1.0" encoding="UTF-8"?><a xmlns="urn:x"><b>t</b></a>)");
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_EQ(local_name(xmlDocGetRootElement(r->get())), "a");
}

TEST(HardenedParse, DT1_HarmlessDoctypeIsRefused) {
  EXPECT_EQ(refusal("<!DOCTYPE Response><Response/>"), Reason::xml_doctype);
}

TEST(HardenedParse, DT2_ClassicXxeIsRefusedBeforeAnyFetch) {
  EXPECT_EQ(refusal(R"(<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>)"), Reason::xml_doctype);
}

TEST(HardenedParse, DT3_ExternalDtdIsRefused) {
  EXPECT_EQ(refusal(R"(<!DOCTYPE r SYSTEM "http://127.0.0.1:9/x.dtd"><r/>)"), Reason::xml_doctype);
}

TEST(HardenedParse, DT4_ParameterEntityIsRefused) {
  EXPECT_EQ(refusal(R"(<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p"> %p;]><r/>)"), Reason::xml_doctype);
}

TEST(HardenedParse, DT5_BillionLaughsIsRefusedBeforeExpansion) {
  std::string dtd = "<!DOCTYPE r [<!ENTITY l0 \"lol\">";
  for (int i = 1; i < 10; ++i) {
    dtd += "<!ENTITY l" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) dtd += "&l" + std::to_string(i - 1) + ";";
    dtd += "\">";
  }
  dtd += "]><r>&l9;</r>";
  EXPECT_EQ(refusal(dtd), Reason::xml_doctype);
}

TEST(HardenedParse, DT6_QuadraticBlowupIsRefused) {
  std::string doc = "<!DOCTYPE r [<!ENTITY a \"" + std::string(100000, 'a') + "\">]><r>";
  for (int i = 0; i < 1000; ++i) doc += "&a;";
  doc += "</r>";
  EXPECT_EQ(refusal(doc), Reason::xml_doctype);
}

TEST(HardenedParse, DT7_AttlistDefaultedNamespaceIsRefused) {
  EXPECT_EQ(refusal(R"(<!DOCTYPE r [<!ATTLIST Signature xmlns CDATA #FIXED "http://www.w3.org/2000/09/xmldsig#">]><r><Signature/></r>)"),
            Reason::xml_doctype);
}

TEST(HardenedParse, DT8_AttlistIdDeclarationIsRefused) {
  EXPECT_EQ(refusal(R"(<!DOCTYPE r [<!ATTLIST Evil Foo ID #IMPLIED>]><r><Evil Foo="_A"/></r>)"), Reason::xml_doctype);
}

TEST(HardenedParse, DT10_XIncludeIsNeverProcessed) {
  auto r = parse_untrusted(
      R"(<r><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/></r>)");
  ASSERT_TRUE(r.ok());
  const xmlNode* inc = first_element(xmlDocGetRootElement(r->get()));
  ASSERT_NE(inc, nullptr);
  EXPECT_EQ(local_name(inc), "include");  // still an element, nothing was read
  EXPECT_EQ(text(xmlDocGetRootElement(r->get())), "");
}

TEST(HardenedParse, UndeclaredEntityReferenceIsMalformed) {
  EXPECT_EQ(refusal("<r>&e;</r>"), Reason::xml_malformed);
}

TEST(HardenedParse, NS7_UndeclaredPrefixIsANamespaceError) {
  EXPECT_EQ(refusal("<r><foo:bar/></r>"), Reason::xml_namespace);
}

TEST(HardenedParse, NS7_QNameWithTwoColonsIsANamespaceError) {
  EXPECT_EQ(refusal(R"(<r xmlns:a="urn:a"><a:b:c/></r>)"), Reason::xml_namespace);
}

TEST(HardenedParse, TR7_RelativeNamespaceUriIsRefused) {
  // The "void canonicalization" class: libxml2 c14n fails on relative URIs.
  EXPECT_EQ(refusal(R"(<r xmlns:ns="1"><ns:x/></r>)"), Reason::xml_namespace);
}

TEST(HardenedParse, NotWellFormedIsMalformed) {
  EXPECT_EQ(refusal("<r><a></r>"), Reason::xml_malformed);
  EXPECT_EQ(refusal("<r/><r/>"), Reason::xml_malformed);  // CVE-2022-39299: one root only
  EXPECT_EQ(refusal(""), Reason::xml_malformed);
}

TEST(HardenedParse, NonUtf8IsRefused) {
  EXPECT_EQ(refusal(R"(<?xml version="1.0" encoding="ISO-8859-1"?><r/>)"), Reason::xml_encoding);
  const std::string utf16("\xFF\xFE<\0r\0/\0>\0", 10);
  EXPECT_EQ(refusal(utf16), Reason::xml_encoding);
}

TEST(HardenedParse, DS3_TenThousandLevelsAreRefused) {
  std::string doc;
  for (int i = 0; i < 10000; ++i) doc += "<a>";
  for (int i = 0; i < 10000; ++i) doc += "</a>";
  EXPECT_EQ(refusal(doc), Reason::xml_too_deep);
}

TEST(HardenedParse, DS3_ManyAttributesAreRefused) {
  std::string doc = "<r";
  for (int i = 0; i < 1000; ++i) doc += " a" + std::to_string(i) + "=\"x\"";
  doc += "/>";
  EXPECT_EQ(refusal(doc), Reason::xml_too_many_nodes);
}

TEST(HardenedParse, DS3_HundredThousandAttributesAreRefusedBeforeLibxml2SeesThem) {
  // libxml2's duplicate-attribute check is quadratic: this must never reach it.
  std::string doc = "<r";
  for (int i = 0; i < 100000; ++i) doc += " a" + std::to_string(i) + "=\"x\"";
  doc += "/>";
  EXPECT_EQ(refusal(doc), Reason::xml_too_many_nodes);
  // quoted '=' and '>' inside values, comments and CDATA do not count
  std::string ok = "<r a=\"1=2>3\" b='=='><!-- <x a=1 b=2 c=3> --><![CDATA[<y a='1' b='2'>]]></r>";
  ParseLimits two;
  two.max_attributes = 2;
  EXPECT_TRUE(parse_untrusted(ok, two).ok());
  // the other quote inside a value neither opens nor closes anything
  EXPECT_EQ(refusal("<r a=\"it's\" b='say \"x=1\"' c=\"3\"/>", two), Reason::xml_too_many_nodes);
  EXPECT_TRUE(parse_untrusted("<r a=\"it's\" b='say \"x=1\"'/>", two).ok());
}

TEST(HardenedParse, DS3_ManyNodesAreRefused) {
  ParseLimits lim;
  lim.max_nodes = 1000;
  std::string doc = "<r>";
  for (int i = 0; i < 2000; ++i) doc += "<a/>";
  doc += "</r>";
  EXPECT_EQ(refusal(doc, lim), Reason::xml_too_many_nodes);
  std::string comments = "<r>";
  for (int i = 0; i < 2000; ++i) comments += "<!---->";
  comments += "</r>";
  EXPECT_EQ(refusal(comments, lim), Reason::xml_too_many_nodes);
}

TEST(HardenedParse, OneMegabytePassesThirtyMegabytesAreRefused) {
  std::string big = "<r>";
  while (big.size() < 1024 * 1024) big += "<v xmlns:xs=\"urn:x\">value-value-value</v>";
  big += "</r>";
  EXPECT_TRUE(parse_untrusted(big).ok());
  const std::string huge(30 * 1024 * 1024, ' ');
  EXPECT_EQ(refusal(huge), Reason::xml_too_large);
}

TEST(XmlText, CommentAndCdataSplitsReadWhole) {
  auto r = parse_untrusted("<n>admin@example.com<!---->.evil.com<![CDATA[]]>x</n>");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(text(xmlDocGetRootElement(r->get())), "admin@example.com.evil.comx");
}

TEST(XmlHelpers, AttributesAreUnqualifiedOnly) {
  auto r = parse_untrusted(R"(<r xmlns:p="urn:p" p:ID="evil" ID="good"/>)");
  ASSERT_TRUE(r.ok());
  const xmlNode* root = xmlDocGetRootElement(r->get());
  EXPECT_EQ(attr(root, "ID"), "good");
  EXPECT_FALSE(has_attr(root, "Id"));
}

}  // namespace
}  // namespace samlh::core
