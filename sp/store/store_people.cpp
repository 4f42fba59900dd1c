// Store: members, invitations, password accounts.
#include "sp/store/store.hpp"

namespace samlh::sp {
namespace {

constexpr std::string_view kMemberColumns =
    "SELECT org_id, email, role, origin, created_ms, updated_ms, first_sso_login_ms FROM members ";

Member read_member(const sql::Query& q) {
  Member m;
  m.org_id = q.integer(0);
  m.email = q.text(1);
  // The CHECK constraints keep these columns inside the enums.
  m.role = role_from_spelling(q.text(2)).value_or(Role::read_only);
  m.origin = member_origin_from_spelling(q.text(3)).value_or(MemberOrigin::seeded);
  m.created = from_ms(q.integer(4));
  m.updated = from_ms(q.integer(5));
  if (auto t = q.opt_integer(6)) m.first_sso_login = from_ms(*t);
  return m;
}

constexpr std::string_view kInvitationColumns =
    "SELECT token, org_id, email, role, inviter, created_ms, expires_ms, status FROM invitations ";

Invitation read_invitation(const sql::Query& q) {
  Invitation i;
  i.token = q.text(0);
  i.org_id = q.integer(1);
  i.email = q.text(2);
  i.role = role_from_spelling(q.text(3)).value_or(Role::read_only);
  i.inviter = q.text(4);
  i.created = from_ms(q.integer(5));
  i.expires = from_ms(q.integer(6));
  i.status = invitation_status_from_spelling(q.text(7)).value_or(InvitationStatus::revoked);
  return i;
}

}  // namespace

std::optional<Member> StoreTables::member(OrgId org, const std::string& email) {
  auto q = db_.query(std::string(kMemberColumns) + "WHERE org_id = ? AND email = ?");
  q.bind_all(org, email);
  if (!q.step()) return std::nullopt;
  return read_member(q);
}

std::vector<Member> StoreTables::members(OrgId org) {
  auto q = db_.query(std::string(kMemberColumns) + "WHERE org_id = ? ORDER BY email");
  q.bind(org);
  std::vector<Member> out;
  while (q.step()) out.push_back(read_member(q));
  return out;
}

std::vector<Member> StoreTables::memberships_of(const std::string& email) {
  auto q = db_.query(std::string(kMemberColumns) + "WHERE email = ? ORDER BY org_id");
  q.bind(email);
  std::vector<Member> out;
  while (q.step()) out.push_back(read_member(q));
  return out;
}

void StoreTables::upsert_member(const Member& m) {
  std::optional<std::int64_t> first;
  if (m.first_sso_login) first = to_ms(*m.first_sso_login);
  db_.query(
         "INSERT INTO members(org_id, email, role, origin, created_ms, updated_ms, first_sso_login_ms) "
         "VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(org_id, email) DO UPDATE SET role = excluded.role, "
         "origin = excluded.origin, updated_ms = excluded.updated_ms, first_sso_login_ms = excluded.first_sso_login_ms")
      .bind_all(m.org_id, m.email, spelling(m.role), spelling(m.origin), to_ms(m.created), to_ms(m.updated), first)
      .run();
}

void StoreTables::delete_member(OrgId org, const std::string& email) {
  db_.query("DELETE FROM members WHERE org_id = ? AND email = ?").bind_all(org, email).run();
}

void StoreTables::insert_invitation(const Invitation& i) {
  db_.query(
         "INSERT INTO invitations(token, org_id, email, role, inviter, created_ms, expires_ms, status, status_ms) "
         "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(i.token, i.org_id, i.email, spelling(i.role), i.inviter, to_ms(i.created), to_ms(i.expires),
                spelling(i.status), to_ms(i.created))
      .run();
}

std::optional<Invitation> StoreTables::invitation(OrgId org, const std::string& token) {
  auto q = db_.query(std::string(kInvitationColumns) + "WHERE org_id = ? AND token = ?");
  q.bind_all(org, token);
  if (!q.step()) return std::nullopt;
  return read_invitation(q);
}

std::vector<Invitation> StoreTables::invitations(OrgId org, std::optional<std::string> email) {
  auto q = db_.query(std::string(kInvitationColumns) +
                     "WHERE org_id = ? AND (?2 IS NULL OR email = ?2) ORDER BY created_ms, token");
  q.bind_all(org, email);
  std::vector<Invitation> out;
  while (q.step()) out.push_back(read_invitation(q));
  return out;
}

void StoreTables::set_invitation_status(const std::string& token, InvitationStatus s, core::Instant at) {
  db_.query("UPDATE invitations SET status = ?, status_ms = ? WHERE token = ?")
      .bind_all(spelling(s), to_ms(at), token)
      .run();
}

void StoreTables::insert_password_account(const PasswordAccount& p) {
  db_.query("INSERT INTO password_accounts(email, password_hash, created_ms) VALUES(?, ?, ?)")
      .bind_all(p.email, p.password_hash, to_ms(p.created))
      .run();
}

std::optional<PasswordAccount> StoreTables::password_account(const std::string& email) {
  auto q = db_.query("SELECT email, password_hash, created_ms FROM password_accounts WHERE email = ?");
  q.bind(email);
  if (!q.step()) return std::nullopt;
  return PasswordAccount{q.text(0), q.text(1), from_ms(q.integer(2))};
}

}  // namespace samlh::sp
