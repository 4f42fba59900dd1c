// The group filter "Matches regex" (okta-hotjar.md B.9 [O3]) on PCRE2: Java
// syntax, the whole name as Java's matches(), and limits that turn a runaway
// pattern into idp_group_filter_limit (issue 17 item 1).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include <yaml-cpp/yaml.h>

#include "idp-mock/tenant/config.hpp"
#include "idp-mock/tenant/group_regex.hpp"
#include "idp-mock/tenant/settings.hpp"

using namespace samlh;
using idp::GroupRegex;
using idp::IdpReason;

namespace {

bool matches(const std::string& pattern, const std::string& name) {
  auto r = GroupRegex::compile(pattern).matches(name);
  EXPECT_TRUE(r.ok()) << pattern << ": " << (r.ok() ? "" : r.failure().detail);
  return r.ok() && *r;
}

}  // namespace

TEST(GroupRegex, JavaInlineFlagsAndEscapesAreAccepted) {
  // std::regex (ECMAScript) refused (?i); Java and Okta take it.
  EXPECT_TRUE(matches("(?i)HOTJAR-.*", "hotjar-admins"));
  EXPECT_TRUE(matches("(?i)HOTJAR-.*", "Hotjar-Users"));
  EXPECT_FALSE(matches("HOTJAR-.*", "hotjar-admins"));
  EXPECT_TRUE(matches("\\u0068otjar-\\x{61}dmins", "hotjar-admins"));  // Java's \uhhhh and \x{h..h}
  EXPECT_TRUE(matches("hotjar-(?<role>admins|users)", "hotjar-users"));
  EXPECT_TRUE(matches("\\p{Lu}\\p{Ll}+", "Édith"));  // Unicode classes on UTF-8 names
  EXPECT_TRUE(matches("a++b", "aaab"));              // possessive quantifiers
}

TEST(GroupRegex, TheWholeNameMustMatchAsJavaMatches) {
  EXPECT_FALSE(matches("hotjar", "hotjar-admins"));
  EXPECT_FALSE(matches("admins", "hotjar-admins"));
  EXPECT_FALSE(matches("hotjar-.*", "x-hotjar-admins"));
  EXPECT_TRUE(matches("hotjar|other", "hotjar"));
  EXPECT_FALSE(matches("hotjar|other", "hotjar-admins"));  // the alternation is anchored as a whole
  EXPECT_FALSE(matches(".*", "line\nbreak"));               // '.' stops at a line terminator, as in Java
}

TEST(GroupRegex, AVeryLongNameMatchesDotStar) {
  // std::regex recursed once per character and overflowed the stack at 30,000.
  EXPECT_TRUE(matches(".*", std::string(30'000, 'g')));
  EXPECT_TRUE(matches("hotjar-.*", "hotjar-" + std::string(100'000, 'x')));
}

TEST(GroupRegex, CatastrophicBacktrackingIsATypedError) {
  // 37 characters: std::regex took seconds on this, holding the IdP's lock.
  const std::string name = std::string(35, 'a') + "cb";
  ASSERT_EQ(name.size(), 37u);
  auto r = GroupRegex::compile("(a|aa)+b").matches(name);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), IdpReason::idp_group_filter_limit);
  EXPECT_NE(r.failure().detail.find("limit"), std::string::npos) << r.failure().detail;
  // The same regex on a short name still answers.
  EXPECT_TRUE(matches("(a|aa)+b", "aab"));
  EXPECT_FALSE(matches("(a|aa)+b", "aac"));
}

TEST(GroupRegex, DeepNestingHitsTheDepthOrHeapLimitNotTheStack) {
  auto r = GroupRegex::compile("(a|b)*c").matches(std::string(200'000, 'a'));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), IdpReason::idp_group_filter_limit);
}

TEST(GroupRegex, ABadPatternIsRefusedWithItsOffset) {
  try {
    (void)GroupRegex::compile("hotjar-(");
    ADD_FAILURE() << "compiled";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("offset 8"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)GroupRegex::compile(std::string(GroupRegex::kMaxPatternLength + 1, 'a')), std::invalid_argument);
}

TEST(GroupRegex, TheSettingsReaderTakesJavaSyntaxAndNamesABadRegex) {
  idp::AppSettings s;
  idp::apply_settings(s, YAML::Load("group_attribute_statements:\n"
                                    "  - {name: groups, filter: regex, value: \"(?i)HOTJAR-.*\"}\n"),
                      idp::SettingsSource{"t.yaml", "."});
  ASSERT_EQ(s.group_attribute_statements.size(), 1u);
  auto hit = s.group_attribute_statements[0].matches("Hotjar-Admins");
  ASSERT_TRUE(hit.ok());
  EXPECT_TRUE(*hit);
  try {
    idp::apply_settings(s, YAML::Load("group_attribute_statements:\n  - {name: groups, filter: regex, value: \"a(\"}\n"),
                        idp::SettingsSource{"t.yaml", "."});
    ADD_FAILURE() << "accepted";
  } catch (const idp::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("t.yaml:2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("bad regex"), std::string::npos) << e.what();
  }
}
