// Accounts: IdP events. The SP has no SCIM and no user-management API
// ([S1] A.1, [I] A.9), so nothing the IdP does reaches it. observe_idp_event
// CHANGES NOTHING in memberships, invitations or sessions (that is the
// point); it records what SSO-only onboarding fails to do, and keeps the
// per-org memory (idp_observations, idp_state) later logins and session uses
// need to record their own gaps:
//  - deactivated/unassigned/suspended with a membership:
//    orphaned_membership_after_idp_deactivation (C rows 4, 8; [H2] A.9), plus
//    session_outlives_idp_deactivation when a live session exists (C row 4,
//    sessions [U]: assumption), plus single_owner_dependency for the Account
//    Owner (C row 9, [H9]); with only a pending invitation:
//    invitation_outlives_idp_deactivation (addition, see gaps.hpp);
//  - assigned with neither membership nor pending invitation:
//    preprovision_requires_invite (C row 1, [H2] A.5);
//  - reactivated while the membership survived (or assigned after an observed
//    deactivation): stale_role_on_rehire at the next successful login (C row 7);
//  - email_changed for a member or invitee: nameid_email_drift now, and again
//    when the new address fails to sign in (C row 5);
//  - groups_changed naming another org's idp_team_group (assumption: a
//    per-org setting): manual_org_move while the person is not a member there
//    or is still a member here although this org's team group was dropped
//    (C row 3).
#include <fmt/format.h>

#include "sp/accounts/accounts.hpp"
#include "sp/accounts/accounts_internal.hpp"
#include "sp/model/email.hpp"

namespace samlh::sp {
namespace {

bool deactivating(IdpEventKind k) {
  return k == IdpEventKind::deactivated || k == IdpEventKind::unassigned || k == IdpEventKind::suspended;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

Outcome<IdpObservation> Accounts::observe_idp_event(const std::string& slug, const IdpEvent& ev) {
  Draft d(audit_event_of(ev.kind), clock_.now());
  d.rec.org(slug);
  d.rec.subject(ev.email);
  d.rec.observed();
  return run<IdpObservation>(std::move(d), [&](StoreLock& db, Draft& dr) -> LoginResult<IdpObservation> {
    const core::Instant now = dr.rec.time();
    auto org = find_org(db, slug);
    if (!org) return std::move(org).failure();
    auto e = parse_email(ev.email);
    if (!e) return std::move(e).failure();
    const std::string email = e->address;
    dr.rec.subject(email);
    IdpObservation obs{0, org->id, ev, now};
    obs.event.email = email;

    const auto member = db->member(org->id, email);
    bool pending = false;
    for (const Invitation& i : db->invitations(org->id, email)) {
      pending = pending || (i.status == InvitationStatus::pending && now < i.expires);
    }
    IdpState st = db->idp_state(org->id, email);

    if (deactivating(ev.kind)) {
      if (member) {
        dr.gap(Gap::orphaned_membership_after_idp_deactivation);
        dr.note(fmt::format("membership as {} remains", spelling(member->role)));
        const auto live = db->live_sessions(org->id, email, now);
        if (!live.empty()) {
          dr.gap(Gap::session_outlives_idp_deactivation);
          dr.note(fmt::format("{} live session(s) remain", live.size()));
          // Each live session records its next use again.
          db->reset_deactivation_gap_recorded(org->id, email);
        }
        if (member->role == Role::account_owner) {
          dr.gap(Gap::single_owner_dependency);
          dr.note("the Account Owner left the IdP; only the owner can transfer ownership [H9]");
        }
      } else if (pending) {
        dr.gap(Gap::invitation_outlives_idp_deactivation);
        dr.note("a pending invitation stays usable");
      }
      st.inactive = true;
      st.rehire_pending = false;
    } else if (ev.kind == IdpEventKind::reactivated || ev.kind == IdpEventKind::assigned) {
      // A reactivation always follows a deactivation (observed or not); an
      // assignment is a return only if the member was seen leaving.
      if (member && (ev.kind == IdpEventKind::reactivated || st.inactive)) {
        st.rehire_pending = true;
        dr.note(fmt::format("membership as {} survived; the old role returns at the next login", spelling(member->role)));
      } else if (!member && !pending && ev.kind == IdpEventKind::assigned) {
        if (org->sso.jit_provisioning_role) {
          dr.note("assignment did nothing yet; the first SSO login will create a membership (jit_provisioning_role)");
        } else {
          dr.gap(Gap::preprovision_requires_invite);
          dr.note("assignment did nothing in the SP; an Admin must invite");
        }
      }
      st.inactive = false;
    } else if (ev.kind == IdpEventKind::email_changed) {
      auto n = parse_email(ev.new_email);
      if (!n) return core::fail(n.reason(), "new email: " + n.failure().detail);
      obs.event.new_email = n->address;
      if (member || pending) {
        dr.gap(Gap::nameid_email_drift);
        dr.note(fmt::format("{} is now {} at the IdP; the SP still keys on the old address", email, n->address));
        IdpState moved = db->idp_state(org->id, n->address);
        moved.drifted_from = email;
        db->set_idp_state(org->id, n->address, moved, now);
      }
    } else if (ev.kind == IdpEventKind::groups_changed) {
      const bool left_here = !org->sso.idp_team_group.empty() && !contains(ev.groups, org->sso.idp_team_group);
      for (const Organization& other : db->orgs()) {
        if (other.id == org->id || other.sso.idp_team_group.empty() || !contains(ev.groups, other.sso.idp_team_group)) {
          continue;
        }
        const bool member_there = db->member(other.id, email).has_value();
        if (!member_there || (member && left_here)) {
          dr.gap(Gap::manual_org_move);
          dr.note(fmt::format("IdP group {} means team {}; member there: {}, still member here: {}",
                              other.sso.idp_team_group, other.slug, member_there, member.has_value()));
        }
      }
    }
    obs.seq = db->insert_observation(obs);
    db->set_idp_state(org->id, email, st, now);
    return obs;
  });
}

}  // namespace samlh::sp
