// Admin actions and their permission matrix ([H2] A.5/A.9, [H3] A.8, [H9]).
#include "sp_fixture.hpp"

namespace samlh::sp {
namespace {

using core::Reason;
using testing::AcmeTest;

class Admin : public AcmeTest {};

// --- invite ------------------------------------------------------------------

TEST_F(Admin, AdminInvitesWithRoleTokenLinkAndExpiry) {
  auto out = accounts_->invite("acme", "Erin@Acme.test", Role::read_only, "alice@acme.test");
  ASSERT_TRUE(out.ok()) << core::spelling(out.reason());
  const Invitation& inv = *out.result;
  EXPECT_EQ(inv.email, "erin@acme.test");
  EXPECT_EQ(inv.role, Role::read_only);
  EXPECT_EQ(inv.inviter, "alice@acme.test");
  EXPECT_EQ(inv.status, InvitationStatus::pending);
  EXPECT_EQ(inv.token.size(), 32u);
  EXPECT_EQ(inv.expires - inv.created, std::chrono::days{7});
  EXPECT_EQ(Invitation::link_path("acme", inv.token), "/sso/acme/invite/" + inv.token);
  const AuditRecord r = record(out.audit_seq);
  EXPECT_EQ(r.event, AuditEvent::invite);
  EXPECT_EQ(r.actor, "alice@acme.test");
  EXPECT_EQ(r.subject, "erin@acme.test");
  EXPECT_EQ(r.outcome, AuditOutcome::success);
  EXPECT_FALSE(r.reason.has_value());
}

TEST_F(Admin, AuditDetailShowsOnlyATokenHint) {
  auto out = accounts_->invite("acme", "erin@acme.test", Role::read_only, "alice@acme.test");
  ASSERT_TRUE(out.ok());
  const std::string detail = record(out.audit_seq).detail;
  EXPECT_EQ(detail.find(out.result->token), std::string::npos) << detail;
  EXPECT_NE(detail.find(Invitation::token_hint(out.result->token)), std::string::npos) << detail;
}

TEST_F(Admin, OwnerCanInvite) {
  EXPECT_TRUE(accounts_->invite("acme", "erin@acme.test", Role::admin, "carol@acme.test").ok());
}

TEST_F(Admin, ReadWriteAndReadOnlyCannotInvite) {
  ASSERT_TRUE(accounts_->change_role("acme", "dave@acme.test", Role::read_write, "alice@acme.test").ok());
  auto rw = accounts_->invite("acme", "erin@acme.test", Role::read_only, "dave@acme.test");
  EXPECT_EQ(rw.reason(), sp::LoginReason::login_forbidden);
  ASSERT_TRUE(accounts_->change_role("acme", "dave@acme.test", Role::read_only, "alice@acme.test").ok());
  auto ro = accounts_->invite("acme", "erin@acme.test", Role::read_only, "dave@acme.test");
  EXPECT_EQ(ro.reason(), sp::LoginReason::login_forbidden);
  EXPECT_EQ(record(ro.audit_seq).reason, "login_forbidden");
  EXPECT_EQ(record(ro.audit_seq).outcome, AuditOutcome::refused);
}

TEST_F(Admin, NonMemberAndMalformedActorCannotInvite) {
  EXPECT_EQ(accounts_->invite("acme", "erin@acme.test", Role::read_only, "mallory@acme.test").reason(),
            sp::LoginReason::login_forbidden);
  EXPECT_EQ(accounts_->invite("acme", "erin@acme.test", Role::read_only, "alice @acme.test").reason(),
            sp::LoginReason::login_forbidden);
}

TEST_F(Admin, AdminOfAnotherOrgCannotInviteHere) {
  // alice is Admin of acme only, not of acme-marketing.
  EXPECT_EQ(accounts_->invite("acme-marketing", "erin@acme.test", Role::read_only, "alice@acme.test").reason(),
            sp::LoginReason::login_forbidden);
}

TEST_F(Admin, InvitationCannotCarryAccountOwner) {
  EXPECT_EQ(accounts_->invite("acme", "erin@acme.test", Role::account_owner, "carol@acme.test").reason(),
            sp::LoginReason::login_forbidden);
}

TEST_F(Admin, InvitingAnExistingMemberIsRefused) {
  EXPECT_EQ(accounts_->invite("acme", "DAVE@acme.test", Role::admin, "alice@acme.test").reason(),
            sp::LoginReason::login_already_member);
}

TEST_F(Admin, InvitingAMalformedAddressIsRefusedWithItsIdentityReason) {
  EXPECT_EQ(accounts_->invite("acme", "erin@acme.test.", Role::read_only, "alice@acme.test").reason(),
            sp::LoginReason::identity_email_invalid);
  EXPECT_EQ(accounts_->invite("acme", "\xd0\xb5rin@acme.test", Role::read_only, "alice@acme.test").reason(),
            sp::LoginReason::identity_email_non_ascii);
}

TEST_F(Admin, InvitingOutsideAllowedDomainsIsRefused) {
  update_settings("acme", [](SsoSettings& s) { s.allowed_email_domains = {"acme.test"}; });
  EXPECT_EQ(accounts_->invite("acme", "erin@acme.test.evil.com", Role::read_only, "alice@acme.test").reason(),
            sp::LoginReason::identity_domain_not_allowed);
  EXPECT_TRUE(accounts_->invite("acme", "erin@acme.test", Role::read_only, "alice@acme.test").ok());
}

TEST_F(Admin, ReinvitingSupersedesThePendingInvitation) {
  const std::string old = pending_token("acme", "bob@acme.test");
  auto out = accounts_->invite("acme", "bob@acme.test", Role::admin, "carol@acme.test");
  ASSERT_TRUE(out.ok());
  EXPECT_NE(out.result->token, old);
  EXPECT_EQ(invitation("acme", old)->status, InvitationStatus::revoked);
  EXPECT_EQ(pending_token("acme", "bob@acme.test"), out.result->token);
}

TEST_F(Admin, UnknownOrganizationIsRefused) {
  EXPECT_EQ(accounts_->invite("globex", "erin@acme.test", Role::read_only, "alice@acme.test").reason(),
            sp::LoginReason::login_org_unknown);
}

// --- revoke_invitation ----------------------------------------------------------

TEST_F(Admin, AdminRevokesAPendingInvitation) {
  const std::string token = pending_token("acme", "bob@acme.test");
  auto out = accounts_->revoke_invitation("acme", token, "alice@acme.test");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.result->status, InvitationStatus::revoked);
  EXPECT_EQ(invitation("acme", token)->status, InvitationStatus::revoked);
  EXPECT_EQ(accounts_->revoke_invitation("acme", token, "alice@acme.test").reason(), sp::LoginReason::login_invitation_revoked);
}

TEST_F(Admin, ReadOnlyCannotRevoke) {
  EXPECT_EQ(accounts_->revoke_invitation("acme", pending_token("acme", "bob@acme.test"), "dave@acme.test").reason(),
            sp::LoginReason::login_forbidden);
}

TEST_F(Admin, RevokingAnUnknownOrAcceptedInvitationIsRefused) {
  EXPECT_EQ(accounts_->revoke_invitation("acme", "nope", "alice@acme.test").reason(), sp::LoginReason::login_invitation_unknown);
  const std::string token = pending_token("acme", "bob@acme.test");
  ASSERT_TRUE(login("bob@acme.test", token).ok());
  EXPECT_EQ(accounts_->revoke_invitation("acme", token, "alice@acme.test").reason(), sp::LoginReason::login_already_member);
}

// --- change_role ------------------------------------------------------------------

TEST_F(Admin, AdminChangesARole) {
  auto out = accounts_->change_role("acme", "dave@acme.test", Role::read_write, "alice@acme.test");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(member("acme", "dave@acme.test")->role, Role::read_write);
  EXPECT_EQ(record(out.audit_seq).detail, "read_only -> read_write");
}

TEST_F(Admin, OwnerPromotesToAdmin) {
  ASSERT_TRUE(accounts_->change_role("acme", "dave@acme.test", Role::admin, "carol@acme.test").ok());
  EXPECT_EQ(member("acme", "dave@acme.test")->role, Role::admin);
}

TEST_F(Admin, NonAdminsCannotChangeRoles) {
  EXPECT_EQ(accounts_->change_role("acme", "alice@acme.test", Role::read_only, "dave@acme.test").reason(),
            sp::LoginReason::login_forbidden);
  EXPECT_EQ(member("acme", "alice@acme.test")->role, Role::admin);
}

TEST_F(Admin, NobodyBecomesOwnerByRoleChange) {
  EXPECT_EQ(accounts_->change_role("acme", "alice@acme.test", Role::account_owner, "carol@acme.test").reason(),
            sp::LoginReason::login_forbidden);
}

TEST_F(Admin, TheOwnersRoleCannotBeChanged) {
  EXPECT_EQ(accounts_->change_role("acme", "carol@acme.test", Role::read_only, "alice@acme.test").reason(),
            sp::LoginReason::login_forbidden);
  EXPECT_EQ(accounts_->change_role("acme", "carol@acme.test", Role::admin, "carol@acme.test").reason(),
            sp::LoginReason::login_forbidden);
}

TEST_F(Admin, ChangingTheRoleOfANonMemberIsRefused) {
  EXPECT_EQ(accounts_->change_role("acme", "mallory@acme.test", Role::admin, "alice@acme.test").reason(),
            sp::LoginReason::login_member_unknown);
}

// --- remove_member -------------------------------------------------------------------

TEST_F(Admin, AdminRemovesAMemberAndTheirSessionsEnd) {
  auto s = login("dave@acme.test");
  ASSERT_TRUE(s.ok());
  auto out = accounts_->remove_member("acme", "dave@acme.test", "alice@acme.test");
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE(member("acme", "dave@acme.test").has_value());
  EXPECT_EQ(accounts_->validate_session(s.result->session.token).reason(), sp::LoginReason::login_session_expired);
}

TEST_F(Admin, OwnerRemovesAnAdmin) {
  ASSERT_TRUE(accounts_->remove_member("acme", "alice@acme.test", "carol@acme.test").ok());
  EXPECT_FALSE(member("acme", "alice@acme.test").has_value());
}

TEST_F(Admin, MembersCannotRemoveThemselves) {
  EXPECT_EQ(accounts_->remove_member("acme", "alice@acme.test", "alice@acme.test").reason(), sp::LoginReason::login_forbidden);
  EXPECT_EQ(accounts_->remove_member("acme", "dave@acme.test", "dave@acme.test").reason(), sp::LoginReason::login_forbidden);
  EXPECT_TRUE(member("acme", "dave@acme.test").has_value());
}

TEST_F(Admin, ReadOnlyCannotRemoveOthers) {
  EXPECT_EQ(accounts_->remove_member("acme", "alice@acme.test", "dave@acme.test").reason(), sp::LoginReason::login_forbidden);
}

TEST_F(Admin, TheOwnerCannotBeRemoved) {
  EXPECT_EQ(accounts_->remove_member("acme", "carol@acme.test", "alice@acme.test").reason(), sp::LoginReason::login_forbidden);
  EXPECT_TRUE(member("acme", "carol@acme.test").has_value());
}

TEST_F(Admin, RemovingANonMemberIsRefused) {
  EXPECT_EQ(accounts_->remove_member("acme", "mallory@acme.test", "alice@acme.test").reason(),
            sp::LoginReason::login_member_unknown);
}

// --- transfer_ownership -------------------------------------------------------------------

TEST_F(Admin, OwnerTransfersAndKeepsAccessAsAdmin) {
  auto out = accounts_->transfer_ownership("acme", "alice@acme.test", "carol@acme.test");
  ASSERT_TRUE(out.ok()) << core::spelling(out.reason());
  EXPECT_EQ(out.result->owner_email, "alice@acme.test");
  EXPECT_EQ(account_of("acme")->owner_email, "alice@acme.test");
  // Every organization of the account: the new owner is Account Owner, the old one Admin [H9].
  for (const char* slug : {"acme", "acme-marketing"}) {
    EXPECT_EQ(member(slug, "alice@acme.test")->role, Role::account_owner) << slug;
    EXPECT_EQ(member(slug, "carol@acme.test")->role, Role::admin) << slug;
  }
  EXPECT_EQ(member("acme-marketing", "alice@acme.test")->origin, MemberOrigin::ownership_transfer);
}

TEST_F(Admin, OnlyTheCurrentOwnerTransfers) {
  EXPECT_EQ(accounts_->transfer_ownership("acme", "alice@acme.test", "alice@acme.test").reason(),
            sp::LoginReason::login_forbidden);
  EXPECT_EQ(accounts_->transfer_ownership("acme", "dave@acme.test", "alice@acme.test").reason(),
            sp::LoginReason::login_forbidden);
  EXPECT_EQ(account_of("acme")->owner_email, "carol@acme.test");
}

TEST_F(Admin, TransferToANonMemberIsRefused) {
  EXPECT_EQ(accounts_->transfer_ownership("acme", "mallory@acme.test", "carol@acme.test").reason(),
            sp::LoginReason::login_member_unknown);
}

TEST_F(Admin, TransferToSomeoneOwningAnotherAccountIsRefused) {
  // dave owns a separate account ([H6]: one account per owner email).
  {
    auto db = store_->lock();
    db->insert_account(Account{0, "Dave's", "dave@acme.test", clock_.now()});
  }
  EXPECT_EQ(accounts_->transfer_ownership("acme", "dave@acme.test", "carol@acme.test").reason(),
            sp::LoginReason::login_forbidden);
}

// --- set_sso ------------------------------------------------------------------------------

TEST_F(Admin, AdminEnforcesSsoAndReadOnlyCannot) {
  EXPECT_EQ(accounts_->set_sso("acme", SsoSwitches{true, true, false}, "dave@acme.test").reason(),
            sp::LoginReason::login_forbidden);
  auto out = accounts_->set_sso("acme", SsoSwitches{true, true, false}, "alice@acme.test");
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(org("acme").sso.sso_enforced);
  EXPECT_FALSE(org("acme").sso.idp_initiated_allowed);
}

TEST_F(Admin, EveryAdminActionIsAuditedWithItsActor) {
  (void)accounts_->invite("acme", "erin@acme.test", Role::read_only, "alice@acme.test");
  (void)accounts_->change_role("acme", "dave@acme.test", Role::read_write, "alice@acme.test");
  (void)accounts_->remove_member("acme", "dave@acme.test", "alice@acme.test");
  (void)accounts_->set_sso("acme", SsoSwitches{true, false, true}, "alice@acme.test");
  (void)accounts_->revoke_invitation("acme", pending_token("acme", "erin@acme.test"), "alice@acme.test");
  (void)accounts_->transfer_ownership("acme", "alice@acme.test", "carol@acme.test");
  std::vector<std::string> events;
  for (const AuditRecord& r : audit(testing::where("acme"))) {
    EXPECT_TRUE(r.actor.has_value()) << spelling(r.event);
    events.emplace_back(spelling(r.event));
  }
  EXPECT_EQ(events, (std::vector<std::string>{"invite", "change_role", "remove_member", "set_sso", "revoke_invitation",
                                              "transfer_ownership"}));
}

}  // namespace
}  // namespace samlh::sp
