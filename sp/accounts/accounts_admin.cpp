// Accounts: admin actions (invite, revoke, roles, removal, ownership, SSO
// switches) and the invitation sweep.
#include "sp/accounts/accounts.hpp"

#include <fmt/format.h>

#include "sp/accounts/accounts_internal.hpp"
#include "sp/model/email.hpp"

namespace samlh::sp {



Outcome<Invitation> Accounts::invite(const std::string& slug, const std::string& email, Role role,
                                     const std::string& actor) {
  Draft d(AuditEvent::invite, clock_.now());
  d.rec.org(slug);
  d.rec.subject(email);
  return run<Invitation>(std::move(d), [&](StoreLock& db, Draft& dr) -> LoginResult<Invitation> {
    const core::Instant now = dr.rec.time();
    auto org = find_org(db, slug);
    if (!org) return std::move(org).failure();
    auto inviter = acting_manager(db, *org, actor, dr);
    if (!inviter) return std::move(inviter).failure();
    // [H2] A.5: "Read Only, Read & Write, and Admin"; Owner only by transfer [H9].
    if (!invitable(role)) return core::fail(LoginReason::login_forbidden, "an invitation cannot carry Account Owner [H2][H9]");
    auto e = parse_email(email);
    if (!e) return std::move(e).failure();
    dr.rec.subject(e->address);
    // Assumption A.10: with allowed domains set, inviting an address that could
    // never sign in is refused up front.
    if (!org->sso.allowed_email_domains.empty() && !domain_allowed(*e, org->sso.allowed_email_domains)) {
      return core::fail(LoginReason::identity_domain_not_allowed, "domain " + e->domain + " is not allowed");
    }
    if (db->member(org->id, e->address)) return core::fail(LoginReason::login_already_member, e->address);
    for (const Invitation& old : db->invitations(org->id, e->address)) {
      if (old.status != InvitationStatus::pending) continue;
      db->set_invitation_status(old.token, InvitationStatus::revoked, now);  // superseded
      dr.note("superseded invitation " + Invitation::token_hint(old.token));
    }
    Invitation inv;
    inv.token = tokens_.token(16);
    inv.org_id = org->id;
    inv.email = e->address;
    inv.role = role;
    inv.inviter = inviter->email;
    inv.created = now;
    inv.expires = now + org->sso.invitation_ttl;  // assumption: TTL is [U] A.5
    db->insert_invitation(inv);
    dr.note(fmt::format("role {}; link {}", spelling(role), Invitation::link_path(org->slug, Invitation::token_hint(inv.token))));
    return inv;
  });
}

Outcome<Invitation> Accounts::revoke_invitation(const std::string& slug, const std::string& token,
                                                const std::string& actor) {
  Draft d(AuditEvent::revoke_invitation, clock_.now());
  d.rec.org(slug);
  return run<Invitation>(std::move(d), [&](StoreLock& db, Draft& dr) -> LoginResult<Invitation> {
    auto org = find_org(db, slug);
    if (!org) return std::move(org).failure();
    if (auto a = acting_manager(db, *org, actor, dr); !a) return std::move(a).failure();
    auto inv = db->invitation(org->id, token);
    if (!inv) return core::fail(LoginReason::login_invitation_unknown, "no invitation " + Invitation::token_hint(token));
    dr.rec.subject(inv->email);
    switch (inv->status) {
      case InvitationStatus::accepted: return core::fail(LoginReason::login_already_member, "invitation was accepted");
      case InvitationStatus::revoked: return core::fail(LoginReason::login_invitation_revoked, "already revoked");
      case InvitationStatus::expired: return core::fail(LoginReason::login_invitation_expired, "already expired");
      case InvitationStatus::pending: break;
    }
    if (dr.rec.time() >= inv->expires) return core::fail(LoginReason::login_invitation_expired, "lapsed");
    db->set_invitation_status(inv->token, InvitationStatus::revoked, dr.rec.time());
    inv->status = InvitationStatus::revoked;
    return *inv;
  });
}

Outcome<Member> Accounts::change_role(const std::string& slug, const std::string& subject, Role role,
                                      const std::string& actor) {
  Draft d(AuditEvent::change_role, clock_.now());
  d.rec.org(slug);
  d.rec.subject(subject);
  return run<Member>(std::move(d), [&](StoreLock& db, Draft& dr) -> LoginResult<Member> {
    auto org = find_org(db, slug);
    if (!org) return std::move(org).failure();
    // [H3] A.8: "Only the Account Owner or users with Admin-level permissions
    // on the Organization can change team-member permission."
    if (auto a = acting_manager(db, *org, actor, dr); !a) return std::move(a).failure();
    auto e = parse_email(subject);
    if (!e) return std::move(e).failure();
    dr.rec.subject(e->address);
    auto m = db->member(org->id, e->address);
    if (!m) return core::fail(LoginReason::login_member_unknown, e->address);
    // [H9] A.8: ownership moves only by transfer, by the current Owner.
    if (role == Role::account_owner) return core::fail(LoginReason::login_forbidden, "Account Owner only by transfer [H9]");
    if (m->role == Role::account_owner) {
      return core::fail(LoginReason::login_forbidden, "the Account Owner's role changes only by transfer [H9]");
    }
    dr.note(fmt::format("{} -> {}", spelling(m->role), spelling(role)));
    m->role = role;
    m->updated = dr.rec.time();
    db->upsert_member(*m);
    return *m;
  });
}

Outcome<Member> Accounts::remove_member(const std::string& slug, const std::string& subject, const std::string& actor) {
  Draft d(AuditEvent::remove_member, clock_.now());
  d.rec.org(slug);
  d.rec.subject(subject);
  return run<Member>(std::move(d), [&](StoreLock& db, Draft& dr) -> LoginResult<Member> {
    auto org = find_org(db, slug);
    if (!org) return std::move(org).failure();
    // [H2] A.9: "Only the Account Owner or another Admin user can revoke".
    auto a = acting_manager(db, *org, actor, dr);
    if (!a) return std::move(a).failure();
    auto e = parse_email(subject);
    if (!e) return std::move(e).failure();
    dr.rec.subject(e->address);
    // [H2] A.9: "Team Members cannot revoke their own access".
    if (e->address == a->email) return core::fail(LoginReason::login_forbidden, "members cannot remove themselves [H2]");
    auto m = db->member(org->id, e->address);
    if (!m) return core::fail(LoginReason::login_member_unknown, e->address);
    // [H6] A.2: the account always has its one Owner; transfer first [H9].
    if (m->role == Role::account_owner) return core::fail(LoginReason::login_forbidden, "the Account Owner cannot be removed");
    db->delete_member(org->id, e->address);
    // Assumption ([U] A.9, remove_ends_sessions): removal in the SP takes
    // effect at once, so the member's sessions in this org end with it (the
    // IdP could never end them).
    if (org->sso.remove_ends_sessions) {
      const std::size_t ended = db->end_sessions_of(org->id, e->address, dr.rec.time());
      dr.note(fmt::format("was {}; {} session(s) ended", spelling(m->role), ended));
    } else {
      dr.note(fmt::format("was {}; open sessions run until they expire (remove_ends_sessions off)", spelling(m->role)));
    }
    return *m;
  });
}

Outcome<Account> Accounts::transfer_ownership(const std::string& slug, const std::string& new_owner,
                                              const std::string& actor) {
  Draft d(AuditEvent::transfer_ownership, clock_.now());
  d.rec.org(slug);
  d.rec.subject(new_owner);
  return run<Account>(std::move(d), [&](StoreLock& db, Draft& dr) -> LoginResult<Account> {
    const core::Instant now = dr.rec.time();
    auto org = find_org(db, slug);
    if (!org) return std::move(org).failure();
    auto account = db->account(org->account_id);
    if (!account) return core::fail(LoginReason::login_store_failed, "organization without account");
    auto a = parse_email(actor);
    if (!a) return core::fail(LoginReason::login_forbidden, "acting member's email is malformed");
    dr.rec.actor(a->address);
    // [H9]: only the current Account Owner (or Support, not modelled).
    if (a->address != account->owner_email) return core::fail(LoginReason::login_forbidden, "only the Account Owner [H9]");
    auto e = parse_email(new_owner);
    if (!e) return std::move(e).failure();
    dr.rec.subject(e->address);
    if (e->address == account->owner_email) return core::fail(LoginReason::login_forbidden, "already the Account Owner");
    if (!db->member(org->id, e->address)) return core::fail(LoginReason::login_member_unknown, e->address);
    // [H6] A.2: "A registered email with Hotjar can only be the Account Owner for a single Account."
    if (db->account_owned_by(e->address)) {
      return core::fail(LoginReason::login_forbidden, e->address + " already owns another account [H6]");
    }
    db->set_account_owner(account->id, e->address);
    for (const Organization& o : db->orgs_in_account(account->id)) {
      // [H9]: the change does "Not remove the old Account Owner's access to
      // Organizations": the old owner stays, as Admin.
      if (auto old = db->member(o.id, account->owner_email)) {
        old->role = Role::admin;
        old->updated = now;
        db->upsert_member(*old);
      }
      // [I] A.8: the Owner "automatically includes all Admin permission
      // levels" across the account, so the new owner holds every org.
      Member m = db->member(o.id, e->address)
                     .value_or(Member{o.id, e->address, Role::account_owner, MemberOrigin::ownership_transfer, now,
                                      now, std::nullopt});
      m.role = Role::account_owner;
      m.updated = now;
      db->upsert_member(m);
    }
    dr.note("previous owner " + account->owner_email + " is now Admin");
    account->owner_email = e->address;
    return *account;
  });
}

Outcome<SsoSettings> Accounts::set_sso(const std::string& slug, SsoSwitches s, const std::string& actor) {
  Draft d(AuditEvent::set_sso, clock_.now());
  d.rec.org(slug);
  return run<SsoSettings>(std::move(d), [&](StoreLock& db, Draft& dr) -> LoginResult<SsoSettings> {
    auto org = find_org(db, slug);
    if (!org) return std::move(org).failure();
    // Assumption: who may connect SSO is [U] A.3/A.7; Admin "can modify ...
    // integrations" [H3] A.8, so Admin or Owner.
    if (auto a = acting_manager(db, *org, actor, dr); !a) return std::move(a).failure();
    org->sso.sso_enabled = s.enabled;
    org->sso.sso_enforced = s.enforced;
    org->sso.idp_initiated_allowed = s.idp_initiated_allowed;
    db->update_sso(org->id, org->sso);
    dr.note(fmt::format("enabled={} enforced={} idp_initiated_allowed={}", s.enabled, s.enforced,
                        s.idp_initiated_allowed));
    return org->sso;
  });
}

Outcome<std::vector<Invitation>> Accounts::expire_invitations(const std::string& slug) {
  Draft d(AuditEvent::expire_invitations, clock_.now());
  d.rec.org(slug);
  d.only_if_notable = true;
  return run<std::vector<Invitation>>(std::move(d), [&](StoreLock& db, Draft& dr) -> LoginResult<std::vector<Invitation>> {
    auto org = find_org(db, slug);
    if (!org) return std::move(org).failure();
    std::vector<Invitation> lapsed;
    for (Invitation& i : db->invitations(org->id)) {
      if (i.status != InvitationStatus::pending || dr.rec.time() < i.expires) continue;
      db->set_invitation_status(i.token, InvitationStatus::expired, dr.rec.time());
      i.status = InvitationStatus::expired;
      dr.extra.push_back(AuditEntry(AuditEvent::invitation_expired, dr.rec.time())
                             .org(slug)
                             .subject(i.email)
                             .observed()
                             .gap(Gap::invitation_expired)
                             .note("invitation " + Invitation::token_hint(i.token) + " from " + i.inviter +
                                   " lapsed before the invitee signed in")
                             .take());
      lapsed.push_back(std::move(i));
    }
    return lapsed;
  });
}

}  // namespace samlh::sp
