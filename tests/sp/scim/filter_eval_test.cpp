// Checking filters against RFC 7643 attributes, and evaluating them over
// resources: caseExact rules, multi-valued and complex attributes, value
// paths, extensions, presence and null.
#include <gtest/gtest.h>

#include <string>

#include "sp/scim/filter.hpp"

namespace samlh::sp::scim {
namespace {

using json = nlohmann::json;

const json kUser = json::parse(R"({
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
  "id": "2819c223-7f76-453a-919d-413861904646",
  "externalId": "00uAbC",
  "userName": "Test.User@Okta.local",
  "name": {"givenName": "Test", "familyName": "User"},
  "displayName": "",
  "active": true,
  "emails": [{"value": "test.user@okta.local", "type": "work", "primary": true},
             {"value": "tu@home.example", "type": "home"}],
  "meta": {"resourceType": "User", "lastModified": "2024-03-01T10:00:00Z"},
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "701984",
                                                                 "manager": {"value": "26118915"}}
})");

bool user_matches(std::string_view text) {
  auto f = parse_filter(text);
  EXPECT_TRUE(f.ok()) << text << ": " << (f.ok() ? "" : f.failure().detail);
  if (!f) return false;
  EXPECT_FALSE(check_filter(*f, ResourceKind::user).has_value()) << text;
  return matches(*f, kUser, ResourceKind::user);
}

std::optional<ErrorCode> check_error(std::string_view text, ResourceKind kind = ResourceKind::user) {
  auto f = parse_filter(text);
  EXPECT_TRUE(f.ok()) << text;
  if (!f) return ErrorCode::internal;
  auto e = check_filter(*f, kind);
  if (!e) return std::nullopt;
  return e->reason;
}

TEST(ScimFilterEval, UserNameComparesCaseInsensitively) {
  EXPECT_TRUE(user_matches(R"(userName eq "test.user@okta.local")"));
  EXPECT_TRUE(user_matches(R"(USERNAME eq "TEST.USER@OKTA.LOCAL")"));
  EXPECT_FALSE(user_matches(R"(userName eq "other@okta.local")"));
}

TEST(ScimFilterEval, CaseExactAttributesCompareExactly) {
  EXPECT_TRUE(user_matches(R"(id eq "2819c223-7f76-453a-919d-413861904646")"));
  EXPECT_FALSE(user_matches(R"(id eq "2819C223-7F76-453A-919D-413861904646")"));
  EXPECT_TRUE(user_matches(R"(externalId eq "00uAbC")"));
  EXPECT_FALSE(user_matches(R"(externalId eq "00uabc")"));
}

TEST(ScimFilterEval, StringOperators) {
  EXPECT_TRUE(user_matches(R"(userName sw "test.")"));
  EXPECT_TRUE(user_matches(R"(userName ew "LOCAL")"));
  EXPECT_TRUE(user_matches(R"(userName co "user@")"));
  EXPECT_FALSE(user_matches(R"(userName sw "user")"));
  EXPECT_FALSE(user_matches(R"(userName ew "test.user@okta.local.")"));
  EXPECT_TRUE(user_matches(R"(name.familyName gt "A")"));
  EXPECT_TRUE(user_matches(R"(name.familyName le "user")"));
  EXPECT_FALSE(user_matches(R"(name.familyName lt "user")"));
  EXPECT_TRUE(user_matches(R"(meta.lastModified gt "2024-01-01T00:00:00Z")"));
  EXPECT_FALSE(user_matches(R"(meta.lastModified ge "2024-03-01T10:00:01Z")"));
}

TEST(ScimFilterEval, NeIsTheNegationOfEq) {
  EXPECT_TRUE(user_matches(R"(userName ne "someone@else")"));
  EXPECT_FALSE(user_matches(R"(userName ne "TEST.user@okta.local")"));
  EXPECT_TRUE(user_matches(R"(title ne "Boss")"));  // absent
}

TEST(ScimFilterEval, BooleansAndNull) {
  EXPECT_TRUE(user_matches("active eq true"));
  EXPECT_FALSE(user_matches("active eq false"));
  EXPECT_TRUE(user_matches("active ne false"));
  EXPECT_TRUE(user_matches("title eq null"));
  EXPECT_FALSE(user_matches("userName eq null"));
  EXPECT_TRUE(user_matches("userName ne null"));
}

TEST(ScimFilterEval, PresenceNeedsANonEmptyValue) {
  EXPECT_TRUE(user_matches("userName pr"));
  EXPECT_FALSE(user_matches("title pr"));
  EXPECT_FALSE(user_matches("displayName pr"));  // ""
  EXPECT_TRUE(user_matches("name pr"));
  EXPECT_TRUE(user_matches("emails pr"));
  EXPECT_TRUE(user_matches("emails.primary pr"));
}

TEST(ScimFilterEval, MultiValuedAttributesMatchWhenAnyValueDoes) {
  EXPECT_TRUE(user_matches(R"(emails.value ew "@home.example")"));
  EXPECT_TRUE(user_matches(R"(emails co "okta.local")"));  // compared by "value"
  EXPECT_TRUE(user_matches(R"(emails.type eq "home")"));
  EXPECT_FALSE(user_matches(R"(emails.type eq "other")"));
}

TEST(ScimFilterEval, ValuePathsTestEachValueAsAWhole) {
  EXPECT_TRUE(user_matches(R"(emails[type eq "work" and value co "okta"])"));
  // Both conditions hold, but on different values: no match.
  EXPECT_FALSE(user_matches(R"(emails[type eq "home" and value co "okta"])"));
  EXPECT_TRUE(user_matches(R"(emails[not (primary eq true)])"));
}

TEST(ScimFilterEval, LogicalOperators) {
  EXPECT_TRUE(user_matches(R"(userName pr and (title pr or active eq true))"));
  EXPECT_FALSE(user_matches(R"(userName pr and not (active eq true))"));
  EXPECT_TRUE(user_matches(R"(title pr or name.givenName eq "test")"));
}

TEST(ScimFilterEval, ExtensionAttributesByUrn) {
  EXPECT_TRUE(user_matches(R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984")"));
  EXPECT_TRUE(user_matches(R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915")"));
  EXPECT_TRUE(user_matches(R"(urn:ietf:params:scim:schemas:core:2.0:User:userName sw "test")"));
  EXPECT_FALSE(user_matches(R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department pr)"));
}

TEST(ScimFilterEval, GroupMembers) {
  const json group = json::parse(R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1",
    "displayName":"Engineering","members":[{"value":"u1","display":"a"},{"value":"u2"}]})");
  auto f = parse_filter(R"(members[value eq "u2"])");
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(check_filter(*f, ResourceKind::group).has_value());
  EXPECT_TRUE(matches(*f, group, ResourceKind::group));
  f = parse_filter(R"(displayName eq "engineering")");
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(matches(*f, group, ResourceKind::group));
}

TEST(ScimFilterCheck, UnknownAttributesAreInvalidFilters) {
  EXPECT_EQ(check_error(R"(nickname2 eq "x")"), ErrorCode::filter_unknown_attribute);
  EXPECT_EQ(check_error(R"(name.nickname eq "x")"), ErrorCode::filter_unknown_attribute);
  EXPECT_EQ(check_error(R"(urn:example:ext:1.0:User:x eq "x")"), ErrorCode::filter_unknown_attribute);
  EXPECT_EQ(check_error(R"(emails[kind eq "work"])"), ErrorCode::filter_unknown_attribute);
  EXPECT_EQ(check_error(R"(userName eq "x")", ResourceKind::group), ErrorCode::filter_unknown_attribute);
  EXPECT_EQ(check_error(R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:x pr)", ResourceKind::group),
            ErrorCode::filter_unknown_attribute);
  EXPECT_EQ(scim_type(ErrorCode::filter_unknown_attribute), ScimType::invalid_filter);
}

TEST(ScimFilterCheck, PasswordIsNeverASearchOracle) {
  EXPECT_EQ(check_error(R"(password sw "a")"), ErrorCode::filter_write_only_attribute);
  EXPECT_EQ(check_error("password pr"), ErrorCode::filter_write_only_attribute);
}

TEST(ScimFilterCheck, ComparisonsMustSuitTheAttributeType) {
  EXPECT_EQ(check_error(R"(active gt "a")"), ErrorCode::filter_comparison);  // ordering a boolean
  EXPECT_EQ(check_error(R"(active eq "true")"), ErrorCode::filter_comparison);
  EXPECT_EQ(check_error("userName eq 5"), ErrorCode::filter_comparison);
  EXPECT_EQ(check_error(R"(x509Certificates.value gt "a")"), ErrorCode::filter_comparison);  // binary
  EXPECT_EQ(check_error(R"(name eq "x")"), ErrorCode::filter_comparison);  // complex without "value"
  EXPECT_EQ(check_error(R"(userName[value eq "x"])"), ErrorCode::filter_comparison);
  EXPECT_EQ(check_error("active eq null"), std::nullopt);
  EXPECT_EQ(check_error(R"(emails eq "a@b")"), std::nullopt);
  EXPECT_EQ(check_error("name pr"), std::nullopt);
}

TEST(ScimFilterEval, NonObjectResourcesNeverMatch) {
  auto f = parse_filter("userName pr");
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(matches(*f, json::array(), ResourceKind::user));
  EXPECT_FALSE(matches(*f, json("text"), ResourceKind::user));
}

}  // namespace
}  // namespace samlh::sp::scim
