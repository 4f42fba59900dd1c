// Applying a loaded configuration to a new database.
#include <fmt/format.h>

#include "sp/config/config.hpp"

namespace samlh::sp {

LoginResult<bool> seed_store(Store& store, const SpConfig& cfg, const core::Clock& clock, TokenSource& tokens,
                              int password_iterations) {
  auto db = store.lock();
  try {
    auto tx = db->transaction();
    // Why: the file is the starting state, not a sync source; re-applying it
    // would undo what admins and logins changed since.
    if (db->meta("seeded_from") || !db->orgs().empty()) return false;
    const core::Instant now = clock.now();
    for (const AccountSeed& a : cfg.accounts) {
      const AccountId account = db->insert_account(Account{0, a.name, a.owner, now});
      for (const OrgSeed& o : a.organizations) {
        Organization org{0, account, o.slug, o.name, o.sso, now};
        org.id = db->insert_org(org);
        for (const MemberSeed& m : o.members) {
          db->upsert_member(Member{org.id, m.email, m.role, MemberOrigin::seeded, now, now, std::nullopt});
        }
        for (const InvitationSeed& i : o.invitations) {
          Invitation inv;
          inv.token = i.token.value_or(tokens.token(16));
          inv.org_id = org.id;
          inv.email = i.email;
          inv.role = i.role;
          inv.inviter = i.inviter;
          inv.created = now;
          inv.expires = now + o.sso.invitation_ttl;
          db->insert_invitation(inv);
        }
      }
    }
    for (const PasswordSeed& p : cfg.password_accounts) {
      const std::string hash = p.password_hash ? *p.password_hash : hash_password(*p.password, password_iterations);
      db->insert_password_account(PasswordAccount{p.email, hash, now});
    }
    for (const AdminTokenSeed& t : cfg.admin_tokens) db->insert_admin_token(t.token, t.email);
    db->set_meta("seeded_from", cfg.source);
    AuditRecord rec = AuditEntry(AuditEvent::config_seed, now)
                          .note(fmt::format("starting state from {}: {} account(s)", cfg.source, cfg.accounts.size()))
                          .take();
    db->append_audit(rec);
    tx.commit();
    return true;
  } catch (const sql::Error& e) {
    return core::fail(LoginReason::login_store_failed, e.what());
  }
}

}  // namespace samlh::sp
