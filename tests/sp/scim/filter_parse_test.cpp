// The filter grammar (RFC 7644 §3.4.2.2): what parses into which tree, what
// is refused with which error, and the bounds that stop hostile filters.
#include <gtest/gtest.h>

#include <string>

#include "sp/scim/filter.hpp"
#include "tests/sp/scim/filter_text.hpp"

namespace samlh::sp::scim {
namespace {

using testing::filter_text;

std::string tree(std::string_view text) {
  auto f = parse_filter(text);
  if (!f) return "error " + std::string(spelling(f.reason())) + ": " + f.failure().detail;
  return filter_text(*f);
}

ErrorCode error_of(std::string_view text, const FilterLimits& limits = {}) {
  auto f = parse_filter(text, limits);
  EXPECT_FALSE(f.ok()) << text;
  return f.ok() ? ErrorCode::internal : f.reason();
}

TEST(ScimFilterParse, OktaUserNameLookup) {
  EXPECT_EQ(tree(R"(userName eq "test.user@okta.local")"), R"((eq userName "test.user@okta.local"))");
}

TEST(ScimFilterParse, EveryComparisonOperator) {
  for (std::string op : {"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"}) {
    EXPECT_EQ(tree("title " + op + " \"x\""), "(" + op + " title \"x\")");
  }
  EXPECT_EQ(tree("title pr"), "(pr title)");
}

TEST(ScimFilterParse, OperatorsAndKeywordsAreCaseInsensitive) {
  EXPECT_EQ(tree(R"(USERNAME EQ "a" AND Title Pr)"), R"((and (eq USERNAME "a") (pr Title)))");
  EXPECT_EQ(tree(R"(Not (title pr) oR active Eq TRUE)"), "(or (not (pr title)) (eq active true))");
}

TEST(ScimFilterParse, NotBindsTighterThanAndWhichBindsTighterThanOr) {
  EXPECT_EQ(tree("a pr or b pr and c pr"), "(or (pr a) (and (pr b) (pr c)))");
  EXPECT_EQ(tree("a pr and b pr or c pr"), "(or (and (pr a) (pr b)) (pr c))");
  EXPECT_EQ(tree("(a pr or b pr) and c pr"), "(and (or (pr a) (pr b)) (pr c))");
  EXPECT_EQ(tree("not (a pr) and b pr"), "(and (not (pr a)) (pr b))");
  EXPECT_EQ(tree("a pr and b pr and c pr"), "(and (and (pr a) (pr b)) (pr c))");
}

TEST(ScimFilterParse, SubAttributesAndSchemaUrnPrefixes) {
  EXPECT_EQ(tree(R"(name.familyName co "Jen")"), R"((co name.familyName "Jen"))");
  EXPECT_EQ(tree(R"(urn:ietf:params:scim:schemas:core:2.0:User:userName sw "j")"),
            R"((sw urn:ietf:params:scim:schemas:core:2.0:User:userName "j"))");
  EXPECT_EQ(tree(R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26")"),
            R"((eq urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value "26"))");
  EXPECT_EQ(tree(R"(members.$ref pr)"), "(pr members.$ref)");
}

TEST(ScimFilterParse, ValuePaths) {
  EXPECT_EQ(tree(R"(emails[type eq "work" and value co "@example.com"])"),
            R"((emails[] (and (eq type "work") (co value "@example.com"))))");
  EXPECT_EQ(tree(R"(userType ne "Intern" and emails[not (type eq "home")])"),
            R"((and (ne userType "Intern") (emails[] (not (eq type "home")))))");
}

TEST(ScimFilterParse, LiteralsFollowJson) {
  EXPECT_EQ(tree("a eq null"), "(eq a null)");
  EXPECT_EQ(tree("a eq false"), "(eq a false)");
  EXPECT_EQ(tree("a gt -12"), "(gt a -12)");
  EXPECT_EQ(tree("a ge 1.5e3"), "(ge a 1500.0)");
  EXPECT_EQ(tree("a le 0"), "(le a 0)");
  EXPECT_EQ(tree(R"(a eq "tab\there \"q\" \\ \/ \u00e9 \ud83d\ude00")"), "(eq a \"tab\\there \\\"q\\\" \\\\ / \u00e9 \U0001F600\")");
  EXPECT_EQ(tree("a eq \"caf\xC3\xA9\""), "(eq a \"caf\u00e9\")");
}

TEST(ScimFilterParse, ExtraSpacesAndDatesAreAccepted) {
  EXPECT_EQ(tree(R"(  meta.lastModified   gt   "2011-05-13T04:42:34Z"  )"),
            R"((gt meta.lastModified "2011-05-13T04:42:34Z"))");
  EXPECT_EQ(tree("( ( a pr ) )"), "(pr a)");
}

TEST(ScimFilterParse, MalformedFiltersAreSyntaxErrors) {
  for (std::string_view bad : {"", "   ", "userName", "userName eq", "userName equals \"x\"", "userName eq \"x\" and",
                               "(userName pr", "userName pr)", "userName eq \"x\" extra", "and userName pr",
                               "userName eq\"x\"", "userName  pr  or", "not userName pr", "a pr andb pr", "a pr [b]"}) {
    EXPECT_EQ(error_of(bad), ErrorCode::filter_syntax) << bad;
  }
}

TEST(ScimFilterParse, BadLiteralsAreLiteralErrors) {
  for (std::string_view bad : {"a eq \"open", R"(a eq "bad \q escape")", R"(a eq "\u12")", R"(a eq "\ud800")",
                               R"(a eq "\udc00")", R"(a eq "\ud800\u0041")", "a eq 01", "a eq 1.", "a eq -", "a eq 1e",
                               "a eq True1", "a eq yes", "a eq 1e999", "a eq \"ctl\x01\"", "a eq \"\xC3\x28\"",
                               "a eq \"\xE0\x80\xAF\"", "a eq \"\xED\xA0\x80\"", "a eq \"\xF4\x90\x80\x80\"", "a eq \"x\"y"}) {
    EXPECT_EQ(error_of(bad), ErrorCode::filter_literal) << bad;
  }
}

TEST(ScimFilterParse, BadAttributePathsArePathErrors) {
  for (std::string_view bad : {"1abc pr", "a.b.c pr", "a. pr", "x:userName pr", "urn:userName: pr",
                               R"(emails[type.sub eq "x"])", R"(emails[urn:x:y:type eq "x"])",
                               R"(emails[type[value pr]])", "name.given$ pr"}) {
    EXPECT_EQ(error_of(bad), ErrorCode::filter_attribute_path) << bad;
  }
}

TEST(ScimFilterParse, OperatorsRefuseValuesTheyCannotCompare) {
  for (std::string_view bad : {"a co 5", "a sw true", "a ew null", "a gt true", "a lt null"}) {
    EXPECT_EQ(error_of(bad), ErrorCode::filter_comparison) << bad;
  }
}

TEST(ScimFilterParse, TooLongFilterIsRefusedBeforeParsing) {
  std::string text = "userName eq \"" + std::string(4096, 'a') + "\"";
  EXPECT_EQ(error_of(text), ErrorCode::filter_too_long);
  EXPECT_EQ(scim_type(ErrorCode::filter_too_long), ScimType::too_many);
  std::string fits = "a eq \"" + std::string(4096 - 7, 'a') + "\"";
  ASSERT_EQ(fits.size(), 4096U);
  EXPECT_TRUE(parse_filter(fits).ok());
}

TEST(ScimFilterParse, NestingDeeperThanTheLimitIsRefused) {
  const auto nested = [](int depth) { return std::string(depth, '(') + "a pr" + std::string(depth, ')'); };
  EXPECT_TRUE(parse_filter(nested(16)).ok());
  EXPECT_EQ(error_of(nested(17)), ErrorCode::filter_too_deep);
  std::string nots;
  for (int i = 0; i < 17; ++i) nots += "not (";
  nots += "a pr" + std::string(17, ')');
  EXPECT_EQ(error_of(nots), ErrorCode::filter_too_deep);
  // A hostile depth fails fast instead of exhausting the stack.
  EXPECT_EQ(error_of(std::string(4000, '(')), ErrorCode::filter_too_deep);
}

TEST(ScimFilterParse, MoreComparisonsThanTheLimitAreRefused) {
  const auto chain = [](int terms) {
    std::string s = "a pr";
    for (int i = 1; i < terms; ++i) s += " or a pr";
    return s;
  };
  EXPECT_TRUE(parse_filter(chain(64)).ok());
  EXPECT_EQ(error_of(chain(65)), ErrorCode::filter_too_many_terms);
  EXPECT_EQ(error_of(chain(3), FilterLimits{4096, 16, 2}), ErrorCode::filter_too_many_terms);
}

TEST(ScimFilterParse, ErrorsNameTheByteOffset) {
  auto f = parse_filter("userName eq \"x\" oops");
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.failure().detail.find("at byte 16"), std::string::npos) << f.failure().detail;
}

TEST(ScimPathParse, PatchPathsOfEveryShape) {
  auto p = parse_path("name.givenName");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->attr.name, "name");
  EXPECT_EQ(p->attr.sub, "givenName");
  EXPECT_FALSE(p->filter.has_value());

  p = parse_path(R"(members[value eq "89bb1940-b905-4575-9e7f-6f887cfb368e"])");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->attr.name, "members");
  ASSERT_TRUE(p->filter.has_value());
  EXPECT_EQ(filter_text(*p->filter), R"((eq value "89bb1940-b905-4575-9e7f-6f887cfb368e"))");

  p = parse_path(R"(emails[type eq "work"].value)");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->sub_after_filter, "value");

  p = parse_path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->attr.urn, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
  EXPECT_EQ(p->attr.name, "manager");
  EXPECT_EQ(p->attr.sub, "value");
}

TEST(ScimPathParse, MalformedPathsFail) {
  for (std::string_view bad : {"", "members[", "members[value eq \"x\"", "members[value eq \"x\"].", "members[]",
                               "name.givenName[value pr]", "members[value eq \"x\"] extra", "a b", ".value",
                               "members[value eq \"x\"].a.b"}) {
    EXPECT_FALSE(parse_path(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace samlh::sp::scim
