#include <gtest/gtest.h>

#include "sp/model/identity_map.hpp"
#include "sp/model/model.hpp"

namespace samlh::sp {
namespace {

using core::Reason;

const std::vector<std::string> kEmailNames = SsoSettings{}.email_attribute_names;
const std::vector<std::string> kRoleNames = SsoSettings{}.role_attribute_names;

Identity with_name_id(std::string value, std::string format) {
  Identity id;
  id.name_id = std::move(value);
  id.name_id_format = std::move(format);
  return id;
}

TEST(IdentityMap, EmailAddressNameIdIsTheKey) {
  auto r = resolve_email(with_name_id("Alice@Acme.test", std::string(kNameIdEmailAddress)), kEmailNames);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->email.address, "alice@acme.test");
  EXPECT_EQ(r->source, EmailSource::name_id);
  EXPECT_EQ(r->asserted, "Alice@Acme.test");
}

TEST(IdentityMap, UnspecifiedNameIdHoldingAnEmailIsTheKey) {
  auto r = resolve_email(with_name_id("alice@acme.test", std::string(kNameIdUnspecified)), kEmailNames);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->source, EmailSource::name_id);
  auto absent = resolve_email(with_name_id("alice@acme.test", ""), kEmailNames);
  ASSERT_TRUE(absent.ok());
  EXPECT_EQ(absent->source, EmailSource::name_id);
}

TEST(IdentityMap, Nf1TransientNameIdFallsBackToTheEmailAttribute) {
  Identity id = with_name_id("alice@acme.test", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
  id.attributes["email"] = {"bob@acme.test"};
  auto r = resolve_email(id, kEmailNames);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->email.address, "bob@acme.test");
  EXPECT_EQ(r->source, EmailSource::attribute);
}

TEST(IdentityMap, PersistentNameIdIsNeverTheKey) {
  Identity id = with_name_id("alice@acme.test", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
  auto r = resolve_email(id, kEmailNames);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), sp::LoginReason::identity_missing_email);
}

TEST(IdentityMap, OpaqueUnspecifiedNameIdUsesTheAttribute) {
  Identity id = with_name_id("00u1abcdEFGH", std::string(kNameIdUnspecified));
  id.attributes["Email"] = {"alice@acme.test"};
  auto r = resolve_email(id, kEmailNames);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->email.address, "alice@acme.test");
}

TEST(IdentityMap, MalformedEmailNameIdIsRefusedNotReplacedByTheAttribute) {
  Identity id = with_name_id("\xd0\xb0lice@acme.test", std::string(kNameIdEmailAddress));
  id.attributes["email"] = {"alice@acme.test"};
  auto r = resolve_email(id, kEmailNames);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.reason(), sp::LoginReason::identity_email_non_ascii);
  // Unspecified with a fullwidth '@' is an email claim too (non-ASCII).
  Identity fw = with_name_id("alice\xef\xbc\xa0" "acme.test", std::string(kNameIdUnspecified));
  fw.attributes["email"] = {"alice@acme.test"};
  auto r2 = resolve_email(fw, kEmailNames);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.reason(), sp::LoginReason::identity_email_non_ascii);
}

TEST(IdentityMap, Nf4TwoEmailValuesAreAmbiguous) {
  Identity id = with_name_id("x", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
  id.attributes["email"] = {"eve@acme.test", "alice@acme.test"};
  EXPECT_EQ(resolve_email(id, kEmailNames).reason(), sp::LoginReason::identity_email_ambiguous);
  id.attributes["email"] = {"alice@acme.test", "eve@acme.test"};
  EXPECT_EQ(resolve_email(id, kEmailNames).reason(), sp::LoginReason::identity_email_ambiguous);
  id.attributes["email"] = {"alice@acme.test", "alice@acme.test"};
  EXPECT_EQ(resolve_email(id, kEmailNames).reason(), sp::LoginReason::identity_email_ambiguous);
}

TEST(IdentityMap, Nf4TwoEmailAttributesAreAmbiguous) {
  Identity id = with_name_id("x", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
  id.attributes["email"] = {"eve@acme.test"};
  id.attributes["Email"] = {"alice@acme.test"};
  EXPECT_EQ(resolve_email(id, kEmailNames).reason(), sp::LoginReason::identity_email_ambiguous);
}

TEST(IdentityMap, EmailAttributeNamesAreExact) {
  Identity id = with_name_id("x", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
  id.attributes["EMAIL"] = {"alice@acme.test"};
  EXPECT_EQ(resolve_email(id, kEmailNames).reason(), sp::LoginReason::identity_missing_email);
}

TEST(IdentityMap, RoleClaimsComeFromTheConfiguredNamesCaseInsensitively) {
  Identity id;
  id.attributes["Role"] = {"Admin"};
  id.attributes["groups"] = {"Everyone", "hotjar-admins"};
  id.attributes["department"] = {"Sales"};
  id.attributes["http://schemas.microsoft.com/ws/2008/06/identity/claims/role"] = {"read_only"};
  const auto claims = role_claims(id, kRoleNames);
  EXPECT_EQ(claims.size(), 4u);
  const auto differ = claims_differing_from(claims, Role::admin);
  EXPECT_EQ(differ, (std::vector<std::string>{"Everyone", "hotjar-admins", "read_only"}));
  EXPECT_TRUE(claims_differing_from({"Read & Write", "read_write"}, Role::read_write).empty());
}

}  // namespace
}  // namespace samlh::sp
