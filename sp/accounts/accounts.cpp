// Accounts: construction, shared helpers, sessions and reads.
#include "sp/accounts/accounts.hpp"

#include "sp/accounts/accounts_internal.hpp"
#include "sp/model/email.hpp"

namespace samlh::sp {




Accounts::Accounts(Store& store, const core::Clock& clock, TokenSource& tokens, AccountsOptions options)
    : store_(store),
      clock_(clock),
      tokens_(tokens),
      options_(options) {}

const std::string& Accounts::dummy_hash() {
  // Lazily: a full-cost PBKDF2 at construction would slow every start-up.
  std::call_once(dummy_once_, [this] { dummy_hash_ = hash_password("not-a-password", options_.password_iterations); });
  return dummy_hash_;
}

LoginResult<std::shared_ptr<const Organization>> Accounts::find_org_snapshot(StoreLock& db, const std::string& slug) {
  auto o = db->org_snapshot(slug);
  if (!o) return core::fail(LoginReason::login_org_unknown, "no organization '" + slug + "'");
  return o;
}

LoginResult<Organization> Accounts::find_org(StoreLock& db, const std::string& slug) {
  auto o = find_org_snapshot(db, slug);
  if (!o) return std::move(o).failure();
  return **o;
}

// Only the Account Owner or an Admin of the organization manages members
// [H2] A.5, [H3] A.8, [H2] A.9.
LoginResult<Member> Accounts::acting_manager(StoreLock& db, const Organization& org, const std::string& actor, Draft& d) {
  auto e = parse_email(actor);
  if (!e) return core::fail(LoginReason::login_forbidden, "acting member's email is malformed");
  d.rec.actor(e->address);
  auto m = db->member(org.id, e->address);
  if (!m) return core::fail(LoginReason::login_forbidden, e->address + " is not a member of " + org.slug);
  if (!can_manage_members(m->role)) {
    return core::fail(LoginReason::login_forbidden,
                      e->address + " is " + std::string(display_name(m->role)) + "; Admin or Account Owner required [H3]");
  }
  return *m;
}

Session Accounts::open_session(StoreLock& db, const Organization& org, const Member& m, SessionVia via, core::Instant now) {
  Session s;
  s.token = tokens_.token(32);
  s.token_sha256 = sha256_hex(s.token);
  s.org_id = org.id;
  s.email = m.email;
  s.via = via;
  s.role = m.role;
  s.created = now;
  s.expires = now + org.sso.session_lifetime;  // lifetime: assumption ([U] A.9)
  db->insert_session(s);
  return s;
}

Outcome<SessionInfo> Accounts::validate_session(const std::string& token) {
  Draft d(AuditEvent::session_use, clock_.now());
  d.only_if_notable = true;
  return run<SessionInfo>(std::move(d), [&](StoreLock& db, Draft& dr) -> LoginResult<SessionInfo> {
    const core::Instant now = dr.rec.time();
    auto s = db->session_by_token(token);
    if (!s) return core::fail(LoginReason::login_session_expired, "unknown session token");
    auto org = db->org_by_id(s->org_id);
    if (org) dr.rec.org(org->slug);
    dr.rec.subject(s->email);
    dr.rec.flow(spelling(s->via));
    if (s->ended) return core::fail(LoginReason::login_session_expired, "session was ended");
    // NotOnOrAfter-style: the expiry instant itself is already expired.
    if (now >= s->expires) return core::fail(LoginReason::login_session_expired, "session lifetime is over");
    auto m = org ? db->member(org->id, s->email) : std::nullopt;
    // Assumption ([U] A.9): by default a session lives only as long as its
    // membership; with remove_ends_sessions off it keeps the role it opened
    // with until it expires.
    if (!m && (!org || org->sso.remove_ends_sessions || !s->role)) {
      return core::fail(LoginReason::login_session_expired, "the membership behind the session was removed");
    }
    const Role role = m ? m->role : *s->role;
    if (!m) dr.note("the membership was removed; the session keeps its role until it expires (remove_ends_sessions off)");
    // C row 4 ([U] at Hotjar, assumption here): the IdP cannot end an SP
    // session; each session records its first use after an IdP deactivation.
    if (db->idp_state(org->id, s->email).inactive && !s->deactivation_gap_recorded) {
      dr.gap(Gap::session_outlives_idp_deactivation);
      dr.note("session used after the IdP deactivated " + s->email);
      db->set_deactivation_gap_recorded(s->token_sha256, true);
    }
    return SessionInfo{org->slug, org->id, s->email, role, s->via, s->expires};
  });
}

Outcome<Session> Accounts::end_session(const std::string& token) {
  return run<Session>(Draft(AuditEvent::logout, clock_.now()), [&](StoreLock& db, Draft& dr) -> LoginResult<Session> {
    auto s = db->session_by_token(token);
    if (!s) return core::fail(LoginReason::login_session_expired, "unknown session token");
    if (auto org = db->org_by_id(s->org_id)) dr.rec.org(org->slug);
    dr.rec.subject(s->email);
    dr.rec.flow(spelling(s->via));
    if (s->ended) return core::fail(LoginReason::login_session_expired, "session already ended");
    s->ended = dr.rec.time();
    db->end_session(s->token_sha256, dr.rec.time());
    return *s;
  });
}

LoginResult<Roster> Accounts::roster(const std::string& slug) {
  auto db = store_.lock();
  try {
    auto org = find_org(db, slug);
    if (!org) return std::move(org).failure();
    Roster r{slug, db->members(org->id), {}};
    const core::Instant now = clock_.now();
    for (Invitation& i : db->invitations(org->id)) {
      if (i.status == InvitationStatus::pending && now < i.expires) r.pending_invitations.push_back(std::move(i));
    }
    return r;
  } catch (const sql::Error& e) {
    return core::fail(LoginReason::login_store_failed, e.what());
  }
}

LoginResult<std::string> Accounts::admin_actor(const std::string& bearer_token) {
  auto db = store_.lock();
  try {
    if (auto email = db->admin_token_email(bearer_token)) return *email;
    return core::fail(LoginReason::login_forbidden, "unknown admin token");
  } catch (const sql::Error& e) {
    return core::fail(LoginReason::login_store_failed, e.what());
  }
}

}  // namespace samlh::sp
