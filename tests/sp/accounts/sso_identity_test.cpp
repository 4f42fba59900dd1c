// Who the assertion names, through sso_login: attacks.md EM-1..EM-6, NF-1,
// NF-4. A malformed or look-alike address is refused with its reason and is
// never folded into another member's identity.
#include "sp_fixture.hpp"

namespace samlh::sp {
namespace {

using core::Reason;
using testing::AcmeTest;

class SsoIdentity : public AcmeTest {
 protected:
  // Refused with `r`, no session, no membership created for anyone.
  void expect_refused(const Identity& id, Refusal r) {
    const OrgId acme = org("acme").id;
    const std::size_t members_before = store_->lock()->members(acme).size();
    auto out = accounts_->sso_login("acme", id, sp_flow());
    ASSERT_FALSE(out.ok()) << id.name_id;
    EXPECT_EQ(out.reason(), r) << id.name_id << ": got " << core::spelling(out.reason());
    EXPECT_EQ(store_->lock()->members(acme).size(), members_before);
    EXPECT_EQ(record(out.audit_seq).reason, std::string(core::spelling(r)));
  }
  void expect_refused(const std::string& name_id, Refusal r) { expect_refused(person(name_id), r); }
};

TEST_F(SsoIdentity, Em1CaseVariantSignsInAsTheSameMemberByPolicy) {
  auto out = login("Alice@ACME.test");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.result->member.email, "alice@acme.test");
  EXPECT_EQ(out.result->member.role, Role::admin);
  EXPECT_NE(record(out.audit_seq).detail.find("asserted as 'Alice@ACME.test'"), std::string::npos);
}

TEST_F(SsoIdentity, Em2CyrillicHomoglyphIsRefusedNotFoldedIntoAlice) {
  expect_refused("\xd0\xb0lice@acme.test", sp::LoginReason::identity_email_non_ascii);
}

TEST_F(SsoIdentity, Em2FullwidthAddressIsRefused) {
  expect_refused("\xef\xbd\x81lice@acme.test", sp::LoginReason::identity_email_non_ascii);
}

TEST_F(SsoIdentity, Em3DotlessIIsRefused) { expect_refused("al\xc4\xb1" "ce@acme.test", sp::LoginReason::identity_email_non_ascii); }

TEST_F(SsoIdentity, Em4TrailingDotIsRefused) { expect_refused("alice@acme.test.", sp::LoginReason::identity_email_invalid); }

TEST_F(SsoIdentity, Em4SuffixDomainIsNotAnAllowedDomain) {
  update_settings("acme", [](SsoSettings& s) { s.allowed_email_domains = {"acme.test"}; });
  expect_refused("alice@acme.test.evil.com", sp::LoginReason::identity_domain_not_allowed);
  expect_refused("alice@sub.acme.test", sp::LoginReason::identity_domain_not_allowed);
  EXPECT_TRUE(login("alice@acme.test").ok());
}

TEST_F(SsoIdentity, Em5QuotedLocalPartIsRefused) {
  expect_refused("\"alice@acme.test\"@evil.com", sp::LoginReason::identity_email_invalid);
}

TEST_F(SsoIdentity, Em5EncodedWordIsRefused) {
  expect_refused("=?utf-8?q?alice=40acme.test?=@evil.com", sp::LoginReason::identity_email_invalid);
}

TEST_F(SsoIdentity, Em5ControlCharacterDomainSplitIsRefused) {
  using namespace std::string_literals;
  expect_refused("alice@evil.com\0@acme.test"s, sp::LoginReason::identity_email_non_ascii);
}

TEST_F(SsoIdentity, Em6ZeroWidthSpaceIsRefused) {
  expect_refused("alice@acme.test\xe2\x80\x8b", sp::LoginReason::identity_email_non_ascii);
}

TEST_F(SsoIdentity, Em6TrailingSpaceAndNbspAndLeadingNewlineAreRefused) {
  expect_refused("alice@acme.test ", sp::LoginReason::identity_email_invalid);
  expect_refused("alice@acme.test\xc2\xa0", sp::LoginReason::identity_email_non_ascii);
  expect_refused("\nalice@acme.test", sp::LoginReason::identity_email_non_ascii);
}

TEST_F(SsoIdentity, Nf1TransientNameIdFallsBackToTheEmailAttribute) {
  Identity id = person("_2f8a9c1e0b", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
  id.attributes["email"] = {"alice@acme.test"};
  auto out = accounts_->sso_login("acme", id, sp_flow());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.result->member.email, "alice@acme.test");
}

TEST_F(SsoIdentity, TransientNameIdWithoutEmailAttributeIsMissingEmail) {
  expect_refused(person("_2f8a9c1e0b", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"),
                 sp::LoginReason::identity_missing_email);
}

TEST_F(SsoIdentity, Nf4TwoEmailValuesAreAmbiguousInEitherOrder) {
  Identity id = person("_t", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
  id.attributes["email"] = {"mallory@acme.test", "alice@acme.test"};
  expect_refused(id, sp::LoginReason::identity_email_ambiguous);
  id.attributes["email"] = {"alice@acme.test", "mallory@acme.test"};
  expect_refused(id, sp::LoginReason::identity_email_ambiguous);
}

TEST_F(SsoIdentity, Nf4TwoEmailAttributesAreAmbiguous) {
  Identity id = person("_t", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
  id.attributes["email"] = {"mallory@acme.test"};
  id.attributes["Email"] = {"alice@acme.test"};
  expect_refused(id, sp::LoginReason::identity_email_ambiguous);
}

TEST_F(SsoIdentity, LookAlikeEmailNameIdIsNotRescuedByACleanAttribute) {
  Identity id = person("\xd0\xb0lice@acme.test");
  id.attributes["email"] = {"alice@acme.test"};
  expect_refused(id, sp::LoginReason::identity_email_non_ascii);
}

TEST_F(SsoIdentity, RefusedIdentityCreatesNoSessionForTheLookAlikeTarget) {
  ASSERT_FALSE(login("\xd0\xb0lice@acme.test").ok());
  auto db = store_->lock();
  auto q = db->db().query("SELECT count(*) FROM sessions");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 0);
}

}  // namespace
}  // namespace samlh::sp
