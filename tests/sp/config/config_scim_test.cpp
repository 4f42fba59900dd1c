// `scim:` per organization: the what-if SCIM endpoint's settings (issue 20;
// not a Hotjar feature, okta-hotjar.md E.4). Off unless given; the token is
// kept only as its SHA-256 and never appears in an error.
#include <gtest/gtest.h>

#include <fstream>

#include "sp/config/config.hpp"
#include "sp/model/secrets.hpp"
#include "tests/sp/temp_dir.hpp"

namespace samlh::sp {
namespace {

std::string org_with(const std::string& scim) {
  return "accounts:\n  - owner: carol@acme.test\n    organizations:\n      - slug: acme\n" +
         std::string(scim.empty() ? "" : "        scim:\n" + scim) + "      - slug: other\n";
}

std::string error_of(const std::string& yaml) {
  try {
    parse_config(yaml, ".", "test.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ConfigScim, OffUnlessGivenAndDefaultsAsDocumented) {
  EXPECT_TRUE(scim_settings(parse_config(org_with(""), ".", "t")).empty());
  const auto all = scim_settings(parse_config(org_with("          token: scim-token-0123456789abcdef\n"), ".", "t"));
  ASSERT_EQ(all.size(), 1u);
  const ScimOrgSettings& s = all.at("acme");
  EXPECT_EQ(s.token_sha256, sha256_hex("scim-token-0123456789abcdef"));
  EXPECT_EQ(s.default_role, Role::read_only);
  EXPECT_TRUE(s.group_roles.empty());
  EXPECT_EQ(s.owner, ScimOwnerRule::keep_access);
  EXPECT_EQ(s.pending_invitations, ScimInvitationRule::revoke);
  EXPECT_EQ(s.existing_members, ScimExistingMemberRule::adopt);
  EXPECT_EQ(s.reactivation, ScimReactivationRule::groups);
}

TEST(ConfigScim, EverySettingIsReadAndTheTokenMayComeFromAFile) {
  testing::TempDir dir;
  std::ofstream(dir.file("scim.token")) << "file-token-0123456789abcdef\n";
  const std::string yaml = org_with(
      "          token_file: scim.token\n          default_role: none\n"
      "          group_roles: {Hotjar Admins: admin, Editors: read_write}\n          owner: refuse\n"
      "          pending_invitations: keep\n          existing_members: keep_role\n          reactivation: read_only\n");
  const ScimOrgSettings s = scim_settings(parse_config(yaml, std::filesystem::path(dir.file("")), "t")).at("acme");
  EXPECT_EQ(s.token_sha256, sha256_hex("file-token-0123456789abcdef"));
  EXPECT_FALSE(s.default_role);
  EXPECT_EQ(s.group_roles.at("Hotjar Admins"), Role::admin);
  EXPECT_EQ(s.owner, ScimOwnerRule::refuse);
  EXPECT_EQ(s.pending_invitations, ScimInvitationRule::keep);
  EXPECT_EQ(s.existing_members, ScimExistingMemberRule::keep_role);
  EXPECT_EQ(s.reactivation, ScimReactivationRule::read_only);
}

TEST(ConfigScim, MistakesAreErrorsThatNeverShowTheToken) {
  EXPECT_NE(error_of(org_with("          default_role: admin\n")).find("exactly one of token, token_file"), std::string::npos);
  const std::string short_token = error_of(org_with("          token: short-secret\n"));
  EXPECT_NE(short_token.find("at least 16"), std::string::npos) << short_token;
  EXPECT_EQ(short_token.find("short-secret"), std::string::npos);
  EXPECT_NE(error_of(org_with("          token: scim-token-0123456789abcdef\n          group_roles: {A: account_owner}\n"))
                .find("admin, read_write or read_only"),
            std::string::npos);
  EXPECT_NE(error_of(org_with("          token: scim-token-0123456789abcdef\n          owner: maybe\n")).find("keep_access, refuse"),
            std::string::npos);
  EXPECT_NE(error_of(org_with("          token: scim-token-0123456789abcdef\n          colour: red\n")).find("'colour'"),
            std::string::npos);
}

}  // namespace
}  // namespace samlh::sp
