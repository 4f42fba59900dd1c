// The SSO login decision: memberships, invitations, no JIT, ignored role
// claims, 2FA, org switches ([H1][H2][H3] A.2-A.8, C rows 1, 2, 6).
#include "sp_fixture.hpp"

namespace samlh::sp {
namespace {

using core::Reason;
using namespace std::chrono_literals;
using testing::AcmeTest;

class SsoLogin : public AcmeTest {};

TEST_F(SsoLogin, MemberSignsInWithTheirSpRoleAndASessionOfTheConfiguredLifetime) {
  auto out = login("alice@acme.test");
  ASSERT_TRUE(out.ok()) << core::spelling(out.reason());
  EXPECT_EQ(out.result->member.role, Role::admin);
  EXPECT_FALSE(out.result->invitation_accepted);
  const Session& s = out.result->session;
  EXPECT_EQ(s.via, SessionVia::sso);
  EXPECT_EQ(s.expires - s.created, 24h);
  EXPECT_EQ(s.token.size(), 64u);
  const AuditRecord r = record(out.audit_seq);
  EXPECT_EQ(r.event, AuditEvent::sso_login);
  EXPECT_EQ(r.flow, "sp_initiated");
  EXPECT_EQ(r.subject, "alice@acme.test");
  EXPECT_EQ(r.outcome, AuditOutcome::success);
}

TEST_F(SsoLogin, StorageFailureIsLoginStoreFailedAndChangesNothing) {
  // The store refuses every write (a full disk, a read-only file): the
  // login is refused with login_store_failed and nothing is recorded.
  const std::size_t before = audit().size();
  store_->lock()->db().exec("PRAGMA query_only = ON");
  auto out = login("alice@acme.test");
  store_->lock()->db().exec("PRAGMA query_only = OFF");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.reason(), sp::LoginReason::login_store_failed);
  EXPECT_EQ(audit().size(), before);
  EXPECT_TRUE(login("alice@acme.test").ok());  // the store works again
}

TEST_F(SsoLogin, UninvitedUserIsRefusedWithInvitationRequired) {
  auto out = login("mallory@acme.test");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.reason(), sp::LoginReason::login_no_membership);
  EXPECT_EQ(out.gaps, std::vector<Gap>{Gap::invitation_required});
  EXPECT_FALSE(member("acme", "mallory@acme.test").has_value());  // no JIT
  const AuditRecord r = record(out.audit_seq);
  EXPECT_EQ(r.outcome, AuditOutcome::refused);
  EXPECT_EQ(r.reason, "login_no_membership");
  EXPECT_EQ(r.gaps, std::vector<Gap>{Gap::invitation_required});
}

TEST_F(SsoLogin, InviteeThroughTheLinkBecomesMemberWithTheInvitedRole) {
  const std::string token = pending_token("acme", "bob@acme.test");
  auto out = login("bob@acme.test", token);
  ASSERT_TRUE(out.ok()) << core::spelling(out.reason());
  EXPECT_TRUE(out.result->invitation_accepted);
  EXPECT_EQ(out.result->member.role, Role::read_write);
  EXPECT_EQ(out.result->member.origin, MemberOrigin::invitation);
  EXPECT_EQ(invitation("acme", token)->status, InvitationStatus::accepted);
  auto roster = accounts_->roster("acme");
  ASSERT_TRUE(roster.ok());
  EXPECT_TRUE(roster->pending_invitations.empty());
  EXPECT_EQ(roster->members.size(), 4u);
}

TEST_F(SsoLogin, InviteeNotThroughTheLinkIsRefusedWithInviteNotAccepted) {
  auto out = login("bob@acme.test");
  EXPECT_EQ(out.reason(), sp::LoginReason::login_invitation_pending);
  EXPECT_EQ(out.gaps, std::vector<Gap>{Gap::invite_not_accepted});
  EXPECT_FALSE(member("acme", "bob@acme.test").has_value());
  EXPECT_FALSE(pending_token("acme", "bob@acme.test").empty());  // still pending
}

TEST_F(SsoLogin, AcceptOnAnySsoLoginSettingAcceptsWithoutTheLink) {
  update_settings("acme", [](SsoSettings& s) { s.accept_invitation_on_any_sso_login = true; });
  auto out = login("bob@acme.test");
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out.result->invitation_accepted);
  EXPECT_EQ(out.result->member.role, Role::read_write);
}

TEST_F(SsoLogin, InvitationLinkUsedByAnotherPersonIsRefusedMismatch) {
  const std::string token = pending_token("acme", "bob@acme.test");
  EXPECT_EQ(login("mallory@acme.test", token).reason(), sp::LoginReason::login_invitation_mismatch);
  EXPECT_FALSE(member("acme", "mallory@acme.test").has_value());
  EXPECT_EQ(pending_token("acme", "bob@acme.test"), token);
}

TEST_F(SsoLogin, ExpiredInvitationIsRefusedWithInvitationExpired) {
  const std::string token = pending_token("acme", "bob@acme.test");
  clock_.advance(std::chrono::days{7});  // exactly the TTL: expiry is exclusive
  auto out = login("bob@acme.test", token);
  EXPECT_EQ(out.reason(), sp::LoginReason::login_invitation_expired);
  EXPECT_EQ(out.gaps, std::vector<Gap>{Gap::invitation_expired});
  EXPECT_EQ(invitation("acme", token)->status, InvitationStatus::expired);
  // Once marked expired, a login without the link finds no invitation: no JIT.
  EXPECT_EQ(login("bob@acme.test").reason(), sp::LoginReason::login_no_membership);
}

TEST_F(SsoLogin, InvitationIsStillValidOneMillisecondBeforeExpiry) {
  clock_.advance(std::chrono::days{7} - 1ms);
  EXPECT_TRUE(login("bob@acme.test", pending_token("acme", "bob@acme.test")).ok());
}

TEST_F(SsoLogin, LapsedButUnmarkedInvitationWithoutLinkIsRefusedExpired) {
  clock_.advance(std::chrono::days{8});
  auto out = login("bob@acme.test");
  EXPECT_EQ(out.reason(), sp::LoginReason::login_invitation_expired);
  EXPECT_TRUE(out.has_gap(Gap::invitation_expired));
}

TEST_F(SsoLogin, RevokedInvitationIsRefused) {
  const std::string token = pending_token("acme", "bob@acme.test");
  ASSERT_TRUE(accounts_->revoke_invitation("acme", token, "alice@acme.test").ok());
  EXPECT_EQ(login("bob@acme.test", token).reason(), sp::LoginReason::login_invitation_revoked);
  EXPECT_FALSE(member("acme", "bob@acme.test").has_value());
}

TEST_F(SsoLogin, UnknownInvitationTokenIsRefused) {
  EXPECT_EQ(login("bob@acme.test", "0000").reason(), sp::LoginReason::login_invitation_unknown);
}

TEST_F(SsoLogin, SpentInvitationLinkDoesNotRestoreARemovedMembership) {
  const std::string token = pending_token("acme", "bob@acme.test");
  ASSERT_TRUE(login("bob@acme.test", token).ok());
  ASSERT_TRUE(accounts_->remove_member("acme", "bob@acme.test", "alice@acme.test").ok());
  auto again = login("bob@acme.test", token);
  EXPECT_EQ(again.reason(), sp::LoginReason::login_no_membership);
  EXPECT_TRUE(again.has_gap(Gap::invitation_required));
  EXPECT_FALSE(member("acme", "bob@acme.test").has_value());
}

TEST_F(SsoLogin, MemberWithAStaleInvitationLinkSimplySignsIn) {
  EXPECT_TRUE(login("alice@acme.test", "whatever").ok());
}

TEST_F(SsoLogin, DifferingRoleAttributeIsRecordedAndIgnored) {
  Identity id = person("dave@acme.test");
  id.attributes["role"] = {"admin"};
  auto out = accounts_->sso_login("acme", id, sp_flow());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.result->member.role, Role::read_only);
  EXPECT_TRUE(out.has_gap(Gap::idp_role_ignored));
  EXPECT_EQ(member("acme", "dave@acme.test")->role, Role::read_only);
}

TEST_F(SsoLogin, DifferingGroupsAttributeIsRecordedAndIgnored) {
  Identity id = person("alice@acme.test");
  id.attributes["groups"] = {"Everyone", "hotjar-readonly"};
  id.attributes["http://schemas.microsoft.com/ws/2008/06/identity/claims/role"] = {"Admin"};
  auto out = accounts_->sso_login("acme", id, sp_flow());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.result->member.role, Role::admin);
  EXPECT_TRUE(out.has_gap(Gap::idp_role_ignored));
  EXPECT_NE(record(out.audit_seq).detail.find("hotjar-readonly"), std::string::npos);
}

TEST_F(SsoLogin, MatchingRoleAttributeRecordsNoRoleGap) {
  Identity id = person("alice@acme.test");
  id.attributes["Role"] = {"Admin"};
  auto out = accounts_->sso_login("acme", id, sp_flow());
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE(out.has_gap(Gap::idp_role_ignored));
}

TEST_F(SsoLogin, InviteeAcceptingWithADifferingRoleClaimKeepsTheInvitedRole) {
  Identity id = person("bob@acme.test");
  id.attributes["role"] = {"admin"};
  auto out = accounts_->sso_login("acme", id, sp_flow(pending_token("acme", "bob@acme.test")));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.result->member.role, Role::read_write);
  EXPECT_TRUE(out.has_gap(Gap::idp_role_ignored));
}

TEST_F(SsoLogin, FirstSsoLoginRecordsNo2faForSsoUsersOnlyOnce) {
  auto first = login("alice@acme.test");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.gaps, std::vector<Gap>{Gap::no_2fa_for_sso_users});
  EXPECT_TRUE(member("acme", "alice@acme.test")->first_sso_login.has_value());
  auto second = login("alice@acme.test");
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second.gaps.empty());
}

TEST_F(SsoLogin, OrganizationWithSsoDisabledRefuses) {
  EXPECT_EQ(accounts_->sso_login("acme-marketing", person("carol@acme.test"), sp_flow()).reason(),
            sp::LoginReason::login_sso_disabled);
  update_settings("acme", [](SsoSettings& s) { s.sso_enabled = false; });
  EXPECT_EQ(login("alice@acme.test").reason(), sp::LoginReason::login_sso_disabled);
}

TEST_F(SsoLogin, UnknownOrganizationRefuses) {
  EXPECT_EQ(accounts_->sso_login("globex", person("alice@acme.test"), sp_flow()).reason(), sp::LoginReason::login_org_unknown);
}

TEST_F(SsoLogin, IdpInitiatedIsAcceptedOnlyWhereTheOrgAllowsIt) {
  const LoginContext idp{LoginFlow::idp_initiated, std::nullopt, std::nullopt};
  auto ok = accounts_->sso_login("acme", person("alice@acme.test"), idp);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(record(ok.audit_seq).flow, "idp_initiated");
  update_settings("acme", [](SsoSettings& s) { s.idp_initiated_allowed = false; });
  EXPECT_EQ(accounts_->sso_login("acme", person("alice@acme.test"), idp).reason(), Reason::inresp_unsolicited);
}

TEST_F(SsoLogin, Nf2AssertionFromAnotherIdpNeverMapsToAMember) {
  Identity id = person("alice@acme.test");
  id.issuer = "http://www.okta.com/exkOTHERtenant00000";
  EXPECT_EQ(accounts_->sso_login("acme", id, sp_flow()).reason(), Reason::issuer_mismatch);
}

TEST_F(SsoLogin, LoginContextNowOverridesTheClock) {
  const std::string token = pending_token("acme", "bob@acme.test");
  LoginContext ctx = sp_flow(token);
  ctx.now = testing::start_time() + std::chrono::days{30};
  EXPECT_EQ(accounts_->sso_login("acme", person("bob@acme.test"), ctx).reason(), sp::LoginReason::login_invitation_expired);
}

TEST_F(SsoLogin, ExpireInvitationsSweepRecordsInvitationExpiredPerLapsedInvitation) {
  clock_.advance(1min);  // erin's invitation is younger than bob's
  ASSERT_TRUE(accounts_->invite("acme", "erin@acme.test", Role::read_only, "alice@acme.test").ok());
  EXPECT_TRUE(accounts_->expire_invitations("acme").result->empty());
  clock_.advance(std::chrono::days{7});
  auto out = accounts_->expire_invitations("acme");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.result->size(), 2u);
  EXPECT_EQ(out.gaps, std::vector<Gap>{Gap::invitation_expired});
  const auto recs = audit(testing::where(std::nullopt, AuditEvent::invitation_expired));
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].subject, "bob@acme.test");
  EXPECT_EQ(recs[1].subject, "erin@acme.test");
  EXPECT_TRUE(accounts_->expire_invitations("acme").result->empty());
  EXPECT_TRUE(accounts_->roster("acme")->pending_invitations.empty());
}

}  // namespace
}  // namespace samlh::sp
