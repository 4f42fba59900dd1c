// parse_email against attacks.md EM-1..EM-6 (the SSO-login versions of these
// cases are in sso_identity_test.cpp).
#include <gtest/gtest.h>

#include "sp/model/email.hpp"

namespace samlh::sp {
namespace {

LoginReason reason_of(std::string_view raw) {
  auto r = parse_email(raw);
  EXPECT_FALSE(r.ok()) << raw;
  return r.ok() ? sp::LoginReason::login_forbidden : r.reason();
}

TEST(Email, PlainAddressIsAcceptedAndSplit) {
  auto e = parse_email("alice.smith+hj@acme.test");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->address, "alice.smith+hj@acme.test");
  EXPECT_EQ(e->local, "alice.smith+hj");
  EXPECT_EQ(e->domain, "acme.test");
}

TEST(Email, Em1CaseIsFoldedForAsciiLettersOnly) {
  auto e = parse_email("Admin@Example.COM");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->address, "admin@example.com");
}

TEST(Email, Em2CyrillicHomoglyphIsNonAscii) { EXPECT_EQ(reason_of("\xd0\xb0" "dmin@example.com"), sp::LoginReason::identity_email_non_ascii); }

TEST(Email, Em2FullwidthLettersAreNonAscii) {
  EXPECT_EQ(reason_of("\xef\xbd\x81\xef\xbd\x84\xef\xbd\x8d\xef\xbd\x89\xef\xbd\x8e@example.com"),
            sp::LoginReason::identity_email_non_ascii);
}

TEST(Email, Em3DotlessIIsNonAscii) { EXPECT_EQ(reason_of("adm\xc4\xb1n@example.com"), sp::LoginReason::identity_email_non_ascii); }

TEST(Email, Em4TrailingDotIsInvalid) { EXPECT_EQ(reason_of("admin@example.com."), sp::LoginReason::identity_email_invalid); }

TEST(Email, Em4SuffixDomainParsesButIsNotAllowedForTheParent) {
  auto e = parse_email("admin@example.com.evil.com");
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(domain_allowed(*e, {"example.com"}));
  EXPECT_TRUE(domain_allowed(*e, {"EXAMPLE.com.evil.com"}));
  auto sub = parse_email("admin@sub.example.com");
  ASSERT_TRUE(sub.ok());
  EXPECT_FALSE(domain_allowed(*sub, {"example.com"}));
}

TEST(Email, Em5QuotedLocalPartIsInvalid) {
  EXPECT_EQ(reason_of("\"admin@example.com\"@evil.com"), sp::LoginReason::identity_email_invalid);
  EXPECT_EQ(reason_of("\"admin\"@example.com"), sp::LoginReason::identity_email_invalid);
}

TEST(Email, Em5EncodedWordIsInvalid) {
  EXPECT_EQ(reason_of("=?utf-8?q?admin=40example.com?=@evil.com"), sp::LoginReason::identity_email_invalid);
}

TEST(Email, Em5EmbeddedNulIsRefused) {
  using namespace std::string_view_literals;
  EXPECT_EQ(reason_of("admin@evil.com\0@example.com"sv), sp::LoginReason::identity_email_non_ascii);
}

TEST(Email, Em6ZeroWidthSpaceAndNbspAreNonAscii) {
  EXPECT_EQ(reason_of("admin@example.com\xe2\x80\x8b"), sp::LoginReason::identity_email_non_ascii);
  EXPECT_EQ(reason_of("admin@example.com\xc2\xa0"), sp::LoginReason::identity_email_non_ascii);
}

TEST(Email, Em6WhitespaceIsNeverTrimmed) {
  EXPECT_EQ(reason_of("admin@example.com "), sp::LoginReason::identity_email_invalid);
  EXPECT_EQ(reason_of(" admin@example.com"), sp::LoginReason::identity_email_invalid);
  EXPECT_EQ(reason_of("\nadmin@example.com"), sp::LoginReason::identity_email_non_ascii);
  EXPECT_EQ(reason_of("admin@example.com\t"), sp::LoginReason::identity_email_non_ascii);
}

TEST(Email, MalformedShapesAreInvalid) {
  for (const char* raw : {"admin", "admin@", "@example.com", "admin@@example.com", "a@b@example.com",
                          ".admin@example.com", "admin.@example.com", "ad..min@example.com", "admin@example",
                          "admin@-example.com", "admin@example-.com", "admin@exa_mple.com", "admin@[192.0.2.1]",
                          "admin@192.0.2.1", "admin@example..com", "admin(comment)@example.com"}) {
    EXPECT_EQ(reason_of(raw), sp::LoginReason::identity_email_invalid) << raw;
  }
  EXPECT_EQ(reason_of(""), sp::LoginReason::identity_missing_email);
  EXPECT_EQ(reason_of(std::string(65, 'a') + "@example.com"), sp::LoginReason::identity_email_invalid);
  EXPECT_EQ(reason_of("a@" + std::string(64, 'b') + ".com"), sp::LoginReason::identity_email_invalid);
}

}  // namespace
}  // namespace samlh::sp
