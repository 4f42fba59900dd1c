// Password login next to SSO ([H5] A.6) and self sign-up ([H3] A.5, [H7], [H8]).
#include "sp_fixture.hpp"

#include "sp/model/secrets.hpp"

namespace samlh::sp {
namespace {

using core::Reason;
using testing::AcmeTest;

class PasswordLogin : public AcmeTest {};
class SelfSignup : public AcmeTest {};

TEST_F(PasswordLogin, MemberWithPasswordWhileSsoIsNotEnforcedRecordsBypass) {
  auto out = accounts_->password_login("acme", "alice@acme.test", "Alice-Password-1");
  ASSERT_TRUE(out.ok()) << core::spelling(out.reason());
  EXPECT_EQ(out.result->session.via, SessionVia::password);
  EXPECT_EQ(out.result->member.role, Role::admin);
  EXPECT_EQ(out.gaps, std::vector<Gap>{Gap::password_login_bypasses_sso});
  EXPECT_EQ(record(out.audit_seq).flow, "password");
}

TEST_F(PasswordLogin, RefusedWhenTheOrganizationEnforcesSso) {
  ASSERT_TRUE(accounts_->set_sso("acme", SsoSwitches{true, true, true}, "alice@acme.test").ok());
  auto out = accounts_->password_login("acme", "alice@acme.test", "Alice-Password-1");
  EXPECT_EQ(out.reason(), sp::LoginReason::login_password_sso_enforced);
  EXPECT_TRUE(out.gaps.empty());
}

TEST_F(PasswordLogin, EnforcementAppliesOnlyWhileSsoIsEnabled) {
  ASSERT_TRUE(accounts_->set_sso("acme", SsoSwitches{false, true, false}, "alice@acme.test").ok());
  auto out = accounts_->password_login("acme", "alice@acme.test", "Alice-Password-1");
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out.gaps.empty());  // SSO off: nothing to bypass
}

TEST_F(PasswordLogin, WrongPasswordAndUnknownEmailAreTheSameRefusal) {
  EXPECT_EQ(accounts_->password_login("acme", "alice@acme.test", "alice-password-1").reason(), sp::LoginReason::login_bad_password);
  EXPECT_EQ(accounts_->password_login("acme", "carol@acme.test", "Alice-Password-1").reason(),
            sp::LoginReason::login_bad_password);
  EXPECT_EQ(accounts_->password_login("acme", "not an email", "x").reason(), sp::LoginReason::login_bad_password);
}

TEST_F(PasswordLogin, PasswordAccountWithoutMembershipIsRefused) {
  ASSERT_TRUE(accounts_->self_signup("erin@example.org", "Erin-Password-1").ok());
  EXPECT_EQ(accounts_->password_login("acme", "erin@example.org", "Erin-Password-1").reason(),
            sp::LoginReason::login_no_membership);
}

TEST_F(PasswordLogin, RemovedMemberCannotSignInWithPassword) {
  ASSERT_TRUE(accounts_->remove_member("acme", "dave@acme.test", "alice@acme.test").ok());
  EXPECT_EQ(accounts_->password_login("acme", "dave@acme.test", "Dave-Password-1").reason(), sp::LoginReason::login_no_membership);
}

TEST_F(SelfSignup, CreatesASeparateAccountOwnedByThePersonAndNeverJoinsTheCompanyOrg) {
  const std::string token = pending_token("acme", "bob@acme.test");
  auto out = accounts_->self_signup("bob@acme.test", "Bob-Password-1");
  ASSERT_TRUE(out.ok()) << core::spelling(out.reason());
  const SignupOutcome& s = *out.result;
  EXPECT_EQ(s.account.owner_email, "bob@acme.test");
  EXPECT_NE(s.organization.account_id, org("acme").account_id);
  EXPECT_EQ(s.owner.role, Role::account_owner);
  EXPECT_EQ(s.owner.origin, MemberOrigin::signup);
  EXPECT_FALSE(s.organization.sso.sso_enabled);
  EXPECT_FALSE(member("acme", "bob@acme.test").has_value());
  EXPECT_EQ(pending_token("acme", "bob@acme.test"), token);  // the invitation is untouched
  // Recorded against the company org: bob bypassed his invitation link.
  EXPECT_TRUE(out.has_gap(Gap::shadow_account_via_self_signup));
  const auto recs = audit(testing::where("acme", AuditEvent::self_signup));
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].gaps, std::vector<Gap>{Gap::shadow_account_via_self_signup});
  EXPECT_NE(recs[0].detail.find("pending invitation"), std::string::npos);
  EXPECT_EQ(record(out.audit_seq).org, s.organization.slug);
  // The new owner signs in to their own org with the password; no SSO there.
  auto own = accounts_->password_login(s.organization.slug, "bob@acme.test", "Bob-Password-1");
  ASSERT_TRUE(own.ok());
  EXPECT_TRUE(own.gaps.empty());
}

TEST_F(SelfSignup, KnownCompanyDomainRelatesToEveryOrgHoldingIt) {
  auto out = accounts_->self_signup("mallory@acme.test", "Mallory-Password-1");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.result->related_orgs, (std::vector<std::string>{"acme", "acme-marketing"}));
}

TEST_F(SelfSignup, AllowedDomainRelates) {
  update_settings("acme-marketing", [](SsoSettings& s) { s.allowed_email_domains = {"acme-corp.test"}; });
  auto out = accounts_->self_signup("erin@acme-corp.test", "Erin-Password-1");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.result->related_orgs, std::vector<std::string>{"acme-marketing"});
}

TEST_F(SelfSignup, UnrelatedAddressRecordsNoGap) {
  auto out = accounts_->self_signup("erin@example.org", "Erin-Password-1");
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out.gaps.empty());
  EXPECT_TRUE(out.result->related_orgs.empty());
}

TEST_F(SelfSignup, PublicMailDomainDoesNotRelateByDomainAlone) {
  ASSERT_TRUE(accounts_->invite("acme", "frank@gmail.com", Role::read_only, "alice@acme.test").ok());
  auto other = accounts_->self_signup("grace@gmail.com", "Grace-Password-1");
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other.result->related_orgs.empty());
  auto invitee = accounts_->self_signup("frank@gmail.com", "Frank-Password-1");  // but his invitation relates
  ASSERT_TRUE(invitee.ok());
  EXPECT_EQ(invitee.result->related_orgs, std::vector<std::string>{"acme"});
}

TEST_F(SelfSignup, EmailAlreadyInTheSystemIsRefused) {
  EXPECT_EQ(accounts_->self_signup("alice@acme.test", "Alice-Password-2").reason(), sp::LoginReason::login_signup_email_taken);
  EXPECT_EQ(accounts_->self_signup("carol@acme.test", "Carol-Password-2").reason(), sp::LoginReason::login_signup_email_taken);
  ASSERT_TRUE(accounts_->self_signup("erin@example.org", "Erin-Password-1").ok());
  EXPECT_EQ(accounts_->self_signup("ERIN@example.org", "Erin-Password-1").reason(), sp::LoginReason::login_signup_email_taken);
}

TEST_F(SelfSignup, WeakPasswordIsRefused) {
  const std::vector<std::string> weak{"short1A", "alllowercase1", "ALLUPPERCASE1", std::string(64, 'a') + "A"};
  for (const std::string& p : weak) {
    EXPECT_EQ(accounts_->self_signup("erin@example.org", p).reason(), sp::LoginReason::login_password_weak) << p;
  }
}

TEST_F(SelfSignup, MalformedEmailIsRefusedWithItsIdentityReason) {
  EXPECT_EQ(accounts_->self_signup("\xd0\xb0lice@acme.test", "Alice-Password-1").reason(),
            sp::LoginReason::identity_email_non_ascii);
}

TEST(Passwords, HashVerifiesAndRejectsWrongOrMalformed) {
  const std::string h = hash_password("Correct-Horse-1", 1000);
  EXPECT_EQ(h.rfind("pbkdf2-sha256$1000$", 0), 0u);
  EXPECT_TRUE(verify_password("Correct-Horse-1", h));
  EXPECT_FALSE(verify_password("Correct-Horse-2", h));
  EXPECT_NE(hash_password("Correct-Horse-1", 1000), h);  // salted
  EXPECT_FALSE(verify_password("x", "pbkdf2-sha256$0$00$00"));
  EXPECT_FALSE(verify_password("x", "md5$1$00$00"));
  EXPECT_FALSE(verify_password("x", "garbage"));
}

TEST(Passwords, PolicyIsHotjars) {
  EXPECT_TRUE(password_meets_policy("Abcdefgh"));
  EXPECT_FALSE(password_meets_policy("Abcdefg"));
  EXPECT_FALSE(password_meets_policy("abcdefgh"));
  EXPECT_FALSE(password_meets_policy("ABCDEFGH"));
  EXPECT_TRUE(password_meets_policy("A" + std::string(63, 'b')));
  EXPECT_FALSE(password_meets_policy("A" + std::string(64, 'b')));
}

TEST(Tokens, SeededSourceRepeatsAndRandomSourceDoesNot) {
  SeededTokenSource a(7), b(7);
  EXPECT_EQ(a.token(16), b.token(16));
  EXPECT_EQ(a.token(32).size(), 64u);
  RandomTokenSource r;
  EXPECT_NE(r.token(16), r.token(16));
}

}  // namespace
}  // namespace samlh::sp
