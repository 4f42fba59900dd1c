// Accounts: the SSO login decision and password login.
//
// sso_login, in order (the first refusal decides):
//  1. the organization exists (login_org_unknown) and has SSO enabled
//     (login_sso_disabled) [H1] A.2: SSO is per Organization;
//  2. an IdP-initiated login only where the org accepts them
//     (inresp_unsolicited; [U] A.4, a switch): the validator checks it
//     first, this keeps the account model from accepting what the org refuses;
//  3. the Issuer is the org's IdP (issuer_mismatch): memberships are scoped
//     to the org's IdP, an email asserted by another IdP never maps (NF-2);
//  4. the email (identity_map.hpp: identity_*), then allowed_email_domains
//     (identity_domain_not_allowed; assumption A.10);
//  5. a member signs in: a session; gaps idp_role_ignored, no_2fa_for_sso_users,
//     stale_role_on_rehire as they apply;
//  6. otherwise invitations decide (no JIT [I] A.5, C row 1, unless the
//     org's jit_provisioning_role says otherwise: an assumption either way,
//     [S2] E.6), see sso_login_without_membership.
#include <fmt/format.h>

#include "sp/accounts/accounts.hpp"
#include "sp/accounts/accounts_internal.hpp"
#include "sp/model/email.hpp"
#include "sp/model/identity_map.hpp"

namespace samlh::sp {

using core::Reason;

Outcome<LoginOutcome> Accounts::sso_login(const std::string& slug, const Identity& id, const LoginContext& ctx) {
  auto db = store_.lock();
  return sso_login(db, slug, id, ctx);
}

Outcome<LoginOutcome> Accounts::sso_login(StoreLock& lock, const std::string& slug, const Identity& id,
                                          const LoginContext& ctx) {
  Draft d(AuditEvent::sso_login, ctx.now.value_or(clock_.now()));
  d.rec.org(slug);
  d.rec.flow(spelling(ctx.flow));
  if (!id.name_id.empty()) d.rec.subject(id.name_id);
  return run<LoginOutcome>(lock, std::move(d), [&](StoreLock& db, Draft& dr) -> RefusalResult<LoginOutcome> {
    const core::Instant now = dr.rec.time();
    // The organization as this transaction sees it (a shared snapshot: the
    // login path reads it on every POST and never changes it).
    auto snapshot = find_org_snapshot(db, slug);
    if (!snapshot) return std::move(snapshot).failure();
    const Organization* org = snapshot->get();
    if (!org->sso.sso_enabled) return core::fail(LoginReason::login_sso_disabled, slug);
    if (ctx.flow == LoginFlow::idp_initiated && !org->sso.idp_initiated_allowed) {
      return core::fail(Reason::inresp_unsolicited, "organization does not accept IdP-initiated logins");
    }
    if (id.issuer != org->sso.idp_entity_id) {
      return core::fail(Reason::issuer_mismatch, "issuer '" + id.issuer + "' is not this organization's IdP");
    }
    auto resolved = resolve_email(id, org->sso.email_attribute_names);
    if (!resolved) return std::move(resolved).failure();
    const std::string email = resolved->email.address;
    dr.rec.subject(email);
    if (resolved->asserted != email) dr.note("asserted as '" + resolved->asserted + "'");
    if (!org->sso.allowed_email_domains.empty() && !domain_allowed(resolved->email, org->sso.allowed_email_domains)) {
      return core::fail(LoginReason::identity_domain_not_allowed, "domain " + resolved->email.domain);
    }
    if (auto m = db->member(org->id, email)) return complete_sso_login(db, *org, *m, id, now, false, dr);
    auto r = sso_login_without_membership(db, *org, email, id, ctx, now, dr);
    // C row 5: the address the IdP now sends replaced one the SP knows.
    if (!r) {
      if (auto from = db->idp_state(org->id, email).drifted_from) {
        dr.gap(Gap::nameid_email_drift);
        dr.note("the IdP changed " + *from + " to " + email + "; the membership is keyed on the old address");
      }
    }
    return r;
  });
}

LoginResult<LoginOutcome> Accounts::sso_login_without_membership(StoreLock& db, const Organization& org, const std::string& email,
                                                                  const Identity& id, const LoginContext& ctx,
                                                                  core::Instant now, Draft& d) {
  std::optional<Invitation> inv;
  if (ctx.invitation_token) {
    // Through the link /sso/<org>/invite/<token> [H2] A.5 (assumption: the
    // link carries the token into the SSO login).
    inv = db->invitation(org.id, *ctx.invitation_token);
    if (!inv) return core::fail(LoginReason::login_invitation_unknown, "no invitation " + Invitation::token_hint(*ctx.invitation_token));
    if (inv->email != email) {
      return core::fail(LoginReason::login_invitation_mismatch, "invitation is for " + inv->email + ", signed in as " + email);
    }
    if (inv->status == InvitationStatus::revoked) return core::fail(LoginReason::login_invitation_revoked, Invitation::token_hint(inv->token));
    if (inv->status == InvitationStatus::accepted) {
      // The invitation was used and the membership removed since: the link
      // is spent, and there is still no JIT.
      d.gap(Gap::invitation_required);
      return core::fail(LoginReason::login_no_membership, "invitation already accepted; membership since removed");
    }
  } else {
    for (Invitation& i : db->invitations(org.id, email)) {
      if (i.status == InvitationStatus::pending) inv = std::move(i);  // the newest pending one
    }
    if (!inv) {
      if (org.sso.jit_provisioning_role) {
        // Assumption (jit_provisioning_role set): what "pre-provisioned
        // through SSO configuration" ([S2] E.6) would mean as JIT.
        Member m{org.id, email, *org.sso.jit_provisioning_role, MemberOrigin::jit, now, now, std::nullopt};
        db->upsert_member(m);
        d.note(fmt::format("created by the SSO login as {} (jit_provisioning_role)", spelling(m.role)));
        return complete_sso_login(db, org, m, id, now, false, d);
      }
      // No JIT provisioning [I] A.5, C row 1.
      d.gap(Gap::invitation_required);
      return core::fail(LoginReason::login_no_membership, email + " is not a member and has no pending invitation");
    }
  }
  if (inv->status == InvitationStatus::expired || now >= inv->expires) {
    if (inv->status == InvitationStatus::pending) db->set_invitation_status(inv->token, InvitationStatus::expired, now);
    d.gap(Gap::invitation_expired);
    return core::fail(LoginReason::login_invitation_expired, "invitation " + Invitation::token_hint(inv->token) + " lapsed");
  }
  if (!ctx.invitation_token && !org.sso.accept_invitation_on_any_sso_login) {
    // [H2] A.5: not a member "until they accept the invitation email";
    // assumption: acceptance is the first SSO login through its link.
    d.gap(Gap::invite_not_accepted);
    return core::fail(LoginReason::login_invitation_pending, "invitation " + Invitation::token_hint(inv->token) + " not accepted through its link");
  }
  return accept_invitation(db, org, *inv, id, now, d);
}

LoginResult<LoginOutcome> Accounts::accept_invitation(StoreLock& db, const Organization& org, const Invitation& inv,
                                                       const Identity& id, core::Instant now, Draft& d) {
  db->set_invitation_status(inv.token, InvitationStatus::accepted, now);
  // The invited role, chosen by the inviter [H3] A.8 ("will select your
  // permission-level at the time of sending the invitation").
  Member m{org.id, inv.email, inv.role, MemberOrigin::invitation, now, now, std::nullopt};
  db->upsert_member(m);
  d.note(fmt::format("accepted invitation {} from {} as {}", Invitation::token_hint(inv.token), inv.inviter, spelling(inv.role)));
  return complete_sso_login(db, org, m, id, now, true, d);
}

LoginResult<LoginOutcome> Accounts::complete_sso_login(StoreLock& db, const Organization& org, Member m, const Identity& id,
                                                        core::Instant now, bool accepted, Draft& d) {
  // C rows 2, 6 ([I] A.8): roles are set only inside the SP; a differing
  // role or group claim is recorded and ignored.
  const auto differing = claims_differing_from(role_claims(id, org.sso.role_attribute_names), m.role);
  if (!differing.empty()) {
    d.gap(Gap::idp_role_ignored);
    d.note(fmt::format("IdP claims [{}] ignored; SP role {}", fmt::join(differing, ", "), spelling(m.role)));
  }
  // [H1][H4] A.6: no 2FA for SSO users. Recorded once per member and org, at
  // the first SSO login: from then on the member authenticates through the
  // IdP and the SP's own 2FA cannot apply.
  if (!m.first_sso_login) {
    d.gap(Gap::no_2fa_for_sso_users);
    m.first_sso_login = now;
    db->upsert_member(m);
  }
  // C row 7: the membership survived the IdP deactivation, so the returning
  // user gets the old role. A login while still marked inactive means the IdP
  // let them back without the SP being told: the same rehire.
  IdpState st = db->idp_state(org.id, m.email);
  if (st.rehire_pending || st.inactive) {
    d.gap(Gap::stale_role_on_rehire);
    d.note(fmt::format("returning user kept role {}", spelling(m.role)));
  }
  if (st.rehire_pending || st.inactive || st.drifted_from) {
    st = IdpState{};
    db->set_idp_state(org.id, m.email, st, now);
  }
  Session s = open_session(db, org, m, SessionVia::sso, now);
  return LoginOutcome{std::move(s), std::move(m), accepted};
}

Outcome<LoginOutcome> Accounts::password_login(const std::string& slug, const std::string& email,
                                               const std::string& password) {
  // PBKDF2 runs outside the store lock (it takes a good fraction of a second
  // at full cost); only the stored hash is read first.
  auto e = parse_email(email);
  std::optional<std::string> stored;
  if (e) {
    auto db = store_.lock();
    try {
      if (auto a = db->password_account(e->address)) stored = a->password_hash;
    } catch (const sql::Error&) {
      // The run below meets the same storage error and reports it.
    }
  }
  // Verify against a dummy hash when there is no account, so the time taken
  // does not tell which addresses have one.
  const bool good = verify_password(password, stored ? *stored : dummy_hash()) && stored.has_value();

  Draft d(AuditEvent::password_login, clock_.now());
  d.rec.org(slug);
  d.rec.flow("password");
  d.rec.subject(e ? e->address : email);
  return run<LoginOutcome>(std::move(d), [&](StoreLock& db, Draft& dr) -> LoginResult<LoginOutcome> {
    auto org = find_org(db, slug);
    if (!org) return std::move(org).failure();
    // [H5] A.6 lists SSO as a cause of password-login failure; whether Hotjar
    // enforces is [U], so it is the per-org flag sso_enforced.
    if (org->sso.sso_enabled && org->sso.sso_enforced) {
      return core::fail(LoginReason::login_password_sso_enforced, slug + " enforces SSO");
    }
    if (!good) return core::fail(LoginReason::login_bad_password, "email or password wrong");
    auto m = db->member(org->id, e->address);
    if (!m) return core::fail(LoginReason::login_no_membership, e->address + " is not a member of " + slug);
    if (org->sso.sso_enabled) {
      dr.gap(Gap::password_login_bypasses_sso);
      dr.note("SSO is enabled but not enforced");
    }
    Session s = open_session(db, *org, *m, SessionVia::password, dr.rec.time());
    return LoginOutcome{std::move(s), std::move(*m), false};
  });
}

}  // namespace samlh::sp
