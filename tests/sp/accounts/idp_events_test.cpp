// IdP events change nothing in the SP (no SCIM); they record what SSO-only
// onboarding fails to do (okta-hotjar.md C rows 1, 3, 4, 5, 7, 9).
#include "sp_fixture.hpp"

namespace samlh::sp {
namespace {

using core::Reason;
using namespace std::chrono_literals;
using testing::AcmeTest;

class IdpEvents : public AcmeTest {
 protected:
  Outcome<IdpObservation> observe(IdpEventKind k, const std::string& email, std::string new_email = {},
                                  std::vector<std::string> groups = {}, const std::string& slug = "acme") {
    return accounts_->observe_idp_event(slug, IdpEvent{k, email, std::move(new_email), std::move(groups), clock_.now()});
  }
  std::size_t live_sessions(const std::string& email) {
    const OrgId acme = org("acme").id;
    return store_->lock()->live_sessions(acme, email, clock_.now()).size();
  }
};

TEST_F(IdpEvents, DeactivationLeavesMembershipAndSessionAndRecordsOrphan) {
  auto s = login("dave@acme.test");
  ASSERT_TRUE(s.ok());
  auto out = observe(IdpEventKind::deactivated, "dave@acme.test");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.gaps, (std::vector<Gap>{Gap::orphaned_membership_after_idp_deactivation,
                                        Gap::session_outlives_idp_deactivation}));
  // Nothing changed: that is the point.
  EXPECT_EQ(member("acme", "dave@acme.test")->role, Role::read_only);
  EXPECT_EQ(live_sessions("dave@acme.test"), 1u);
  const AuditRecord r = record(out.audit_seq);
  EXPECT_EQ(r.event, AuditEvent::idp_deactivated);
  EXPECT_EQ(r.outcome, AuditOutcome::observed);
  EXPECT_FALSE(r.reason.has_value());
}

TEST_F(IdpEvents, DeactivationWithoutALiveSessionRecordsOnlyTheOrphan) {
  auto out = observe(IdpEventKind::deactivated, "dave@acme.test");
  EXPECT_EQ(out.gaps, std::vector<Gap>{Gap::orphaned_membership_after_idp_deactivation});
}

TEST_F(IdpEvents, UnassignmentAndSuspensionAlsoLeaveAnOrphan) {
  EXPECT_EQ(observe(IdpEventKind::unassigned, "dave@acme.test").gaps,
            std::vector<Gap>{Gap::orphaned_membership_after_idp_deactivation});
  EXPECT_EQ(observe(IdpEventKind::suspended, "alice@acme.test").gaps,
            std::vector<Gap>{Gap::orphaned_membership_after_idp_deactivation});
}

TEST_F(IdpEvents, UsingASessionAfterDeactivationRecordsSessionOutlivesOncePerSession) {
  const std::string t = login("dave@acme.test").result->session.token;
  ASSERT_TRUE(observe(IdpEventKind::deactivated, "dave@acme.test").ok());
  clock_.advance(1h);
  auto use = accounts_->validate_session(t);
  ASSERT_TRUE(use.ok());  // still alive: the IdP cannot end it
  EXPECT_EQ(use.gaps, std::vector<Gap>{Gap::session_outlives_idp_deactivation});
  EXPECT_EQ(record(use.audit_seq).event, AuditEvent::session_use);
  EXPECT_EQ(record(use.audit_seq).outcome, AuditOutcome::success);
  auto again = accounts_->validate_session(t);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again.gaps.empty());
}

TEST_F(IdpEvents, DeactivatingTheAccountOwnerRecordsSingleOwnerDependency) {
  auto out = observe(IdpEventKind::deactivated, "carol@acme.test");
  EXPECT_TRUE(out.has_gap(Gap::orphaned_membership_after_idp_deactivation));
  EXPECT_TRUE(out.has_gap(Gap::single_owner_dependency));
  const AccountId account = org("acme").account_id;
  EXPECT_EQ(store_->lock()->account(account)->owner_email, "carol@acme.test");
}

TEST_F(IdpEvents, DeactivatingAnAdminIsNoOwnerDependency) {
  EXPECT_FALSE(observe(IdpEventKind::deactivated, "alice@acme.test").has_gap(Gap::single_owner_dependency));
}

TEST_F(IdpEvents, DeactivatingAnInviteeRecordsInvitationOutlivesIdpDeactivation) {
  const std::string token = pending_token("acme", "bob@acme.test");
  auto out = observe(IdpEventKind::deactivated, "bob@acme.test");
  EXPECT_EQ(out.gaps, std::vector<Gap>{Gap::invitation_outlives_idp_deactivation});
  EXPECT_EQ(pending_token("acme", "bob@acme.test"), token);
}

TEST_F(IdpEvents, DeactivatingAStrangerRecordsNoGap) {
  auto out = observe(IdpEventKind::deactivated, "mallory@acme.test");
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out.gaps.empty());
}

TEST_F(IdpEvents, AssigningSomeoneWithoutInvitationRecordsPreprovisionRequiresInvite) {
  auto out = observe(IdpEventKind::assigned, "mallory@acme.test");
  EXPECT_EQ(out.gaps, std::vector<Gap>{Gap::preprovision_requires_invite});
  EXPECT_FALSE(member("acme", "mallory@acme.test").has_value());
  // And the assigned person still cannot sign in.
  EXPECT_EQ(login("mallory@acme.test").reason(), sp::LoginReason::login_no_membership);
}

TEST_F(IdpEvents, AssigningAnInviteeOrAMemberRecordsNoPreprovisionGap) {
  EXPECT_TRUE(observe(IdpEventKind::assigned, "bob@acme.test").gaps.empty());
  EXPECT_TRUE(observe(IdpEventKind::assigned, "alice@acme.test").gaps.empty());
}

TEST_F(IdpEvents, EmailChangeRecordsDriftAndAgainWhenTheNewAddressFailsToSignIn) {
  auto out = observe(IdpEventKind::email_changed, "dave@acme.test", "david@acme.test");
  EXPECT_EQ(out.gaps, std::vector<Gap>{Gap::nameid_email_drift});
  EXPECT_TRUE(member("acme", "dave@acme.test").has_value());
  auto again = login("david@acme.test");
  EXPECT_EQ(again.reason(), sp::LoginReason::login_no_membership);
  EXPECT_EQ(again.gaps, (std::vector<Gap>{Gap::invitation_required, Gap::nameid_email_drift}));
  EXPECT_EQ(out.result->event.new_email, "david@acme.test");
}

TEST_F(IdpEvents, DriftEndsOnceTheNewAddressIsInvitedAndAccepted) {
  ASSERT_TRUE(observe(IdpEventKind::email_changed, "dave@acme.test", "david@acme.test").ok());
  auto inv = accounts_->invite("acme", "david@acme.test", Role::read_only, "alice@acme.test");
  ASSERT_TRUE(inv.ok());
  auto in = login("david@acme.test", inv.result->token);
  ASSERT_TRUE(in.ok());
  EXPECT_FALSE(in.has_gap(Gap::nameid_email_drift));
  const OrgId acme = org("acme").id;
  EXPECT_FALSE(store_->lock()->idp_state(acme, "david@acme.test").drifted_from.has_value());
}

TEST_F(IdpEvents, EmailChangeNeedsAValidNewAddress) {
  EXPECT_EQ(observe(IdpEventKind::email_changed, "dave@acme.test", "").reason(), sp::LoginReason::identity_missing_email);
  EXPECT_EQ(observe(IdpEventKind::email_changed, "dave@acme.test", "d\xc3\xa1ve@acme.test").reason(),
            sp::LoginReason::identity_email_non_ascii);
}

TEST_F(IdpEvents, ReactivatedMemberGetsTheOldRoleAndStaleRoleOnRehireAtNextLogin) {
  ASSERT_TRUE(login("alice@acme.test").ok());
  ASSERT_TRUE(observe(IdpEventKind::deactivated, "alice@acme.test").ok());
  clock_.advance(std::chrono::days{90});
  auto react = observe(IdpEventKind::reactivated, "alice@acme.test");
  ASSERT_TRUE(react.ok());
  EXPECT_TRUE(react.gaps.empty());  // recorded when it takes effect: the next login
  auto back = login("alice@acme.test");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.result->member.role, Role::admin);
  EXPECT_EQ(back.gaps, std::vector<Gap>{Gap::stale_role_on_rehire});
  auto later = login("alice@acme.test");
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later.gaps.empty());
}

TEST_F(IdpEvents, ReactivationWithoutAnObservedDeactivationStillFlagsTheRehire) {
  ASSERT_TRUE(observe(IdpEventKind::reactivated, "dave@acme.test").ok());
  EXPECT_TRUE(login("dave@acme.test").has_gap(Gap::stale_role_on_rehire));
}

TEST_F(IdpEvents, AssigningAnActiveMemberIsNoRehire) {
  ASSERT_TRUE(observe(IdpEventKind::assigned, "dave@acme.test").ok());
  EXPECT_FALSE(login("dave@acme.test").has_gap(Gap::stale_role_on_rehire));
}

TEST_F(IdpEvents, ReassignmentAfterUnassignmentIsARehireToo) {
  ASSERT_TRUE(observe(IdpEventKind::unassigned, "dave@acme.test").ok());
  ASSERT_TRUE(observe(IdpEventKind::assigned, "dave@acme.test").ok());
  EXPECT_TRUE(login("dave@acme.test").has_gap(Gap::stale_role_on_rehire));
}

TEST_F(IdpEvents, RehireAfterRemovalNeedsANewInvitation) {
  ASSERT_TRUE(observe(IdpEventKind::deactivated, "dave@acme.test").ok());
  ASSERT_TRUE(accounts_->remove_member("acme", "dave@acme.test", "alice@acme.test").ok());
  auto react = observe(IdpEventKind::reactivated, "dave@acme.test");
  EXPECT_TRUE(react.gaps.empty());
  auto in = login("dave@acme.test");
  EXPECT_EQ(in.reason(), sp::LoginReason::login_no_membership);
  EXPECT_FALSE(in.has_gap(Gap::stale_role_on_rehire));
}

TEST_F(IdpEvents, GroupMoveToAnotherTeamRecordsManualOrgMove) {
  auto out = observe(IdpEventKind::groups_changed, "dave@acme.test", "", {"Everyone", "hotjar-marketing"});
  EXPECT_EQ(out.gaps, std::vector<Gap>{Gap::manual_org_move});
  EXPECT_TRUE(member("acme", "dave@acme.test").has_value());
  EXPECT_FALSE(member("acme-marketing", "dave@acme.test").has_value());
}

TEST_F(IdpEvents, GroupChangeWithinTheSameTeamRecordsNothing) {
  EXPECT_TRUE(observe(IdpEventKind::groups_changed, "dave@acme.test", "", {"Everyone", "hotjar-acme"}).gaps.empty());
}

TEST_F(IdpEvents, GroupMoveOfSomeoneAlreadyInBothTeamsStillNeedsRemovalHere) {
  // carol is in both orgs; her groups now name marketing only: still a member of acme.
  EXPECT_EQ(observe(IdpEventKind::groups_changed, "carol@acme.test", "", {"hotjar-marketing"}).gaps,
            std::vector<Gap>{Gap::manual_org_move});
  // Both team groups: nothing to move.
  EXPECT_TRUE(observe(IdpEventKind::groups_changed, "carol@acme.test", "", {"hotjar-acme", "hotjar-marketing"})
                  .gaps.empty());
}

TEST_F(IdpEvents, ObservationsAreKeptPerOrganization) {
  ASSERT_TRUE(observe(IdpEventKind::deactivated, "dave@acme.test").ok());
  ASSERT_TRUE(observe(IdpEventKind::email_changed, "alice@acme.test", "alice.smith@acme.test").ok());
  ASSERT_TRUE(observe(IdpEventKind::assigned, "erin@acme.test", "", {}, "acme-marketing").ok());
  const OrgId acme_id = org("acme").id;
  const OrgId marketing_id = org("acme-marketing").id;
  auto db = store_->lock();
  const auto acme = db->observations(acme_id);
  ASSERT_EQ(acme.size(), 2u);
  EXPECT_EQ(acme[0].event.kind, IdpEventKind::deactivated);
  EXPECT_EQ(acme[1].event.new_email, "alice.smith@acme.test");
  EXPECT_EQ(db->observations(marketing_id).size(), 1u);
  EXPECT_TRUE(db->idp_state(acme_id, "dave@acme.test").inactive);
  EXPECT_FALSE(db->idp_state(marketing_id, "dave@acme.test").inactive);
}

TEST_F(IdpEvents, UnknownOrganizationAndMalformedEmailAreRefused) {
  EXPECT_EQ(observe(IdpEventKind::deactivated, "dave@acme.test", "", {}, "globex").reason(), sp::LoginReason::login_org_unknown);
  EXPECT_EQ(observe(IdpEventKind::deactivated, "dave@acme.test ").reason(), sp::LoginReason::identity_email_invalid);
}

}  // namespace
}  // namespace samlh::sp
