// Store: sessions and the per-org memory of IdP events.
#include "sp/model/secrets.hpp"
#include "sp/store/json_text.hpp"
#include "sp/store/store.hpp"

namespace samlh::sp {
namespace {

constexpr std::string_view kSessionColumns =
    "SELECT token_sha256, org_id, email, via, created_ms, expires_ms, ended_ms, deactivation_gap_recorded, role "
    "FROM sessions ";

Session read_session(const sql::Query& q) {
  Session s;
  s.token_sha256 = q.text(0);
  s.org_id = q.integer(1);
  s.email = q.text(2);
  s.via = q.text(3) == "password" ? SessionVia::password : SessionVia::sso;
  s.created = from_ms(q.integer(4));
  s.expires = from_ms(q.integer(5));
  if (auto t = q.opt_integer(6)) s.ended = from_ms(*t);
  s.deactivation_gap_recorded = q.integer(7) != 0;
  if (auto r = q.opt_text(8)) s.role = role_from_spelling(*r);
  return s;
}

}  // namespace

void StoreTables::insert_session(const Session& s) {
  std::optional<std::int64_t> ended;
  if (s.ended) ended = to_ms(*s.ended);
  const std::string key = s.token_sha256.empty() ? sha256_hex(s.token) : s.token_sha256;
  db_.query(
         "INSERT INTO sessions(token_sha256, org_id, email, via, created_ms, expires_ms, ended_ms, "
         "deactivation_gap_recorded, role) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(key, s.org_id, s.email, spelling(s.via), to_ms(s.created), to_ms(s.expires), ended,
                s.deactivation_gap_recorded,
                s.role ? std::optional<std::string>(std::string(spelling(*s.role))) : std::nullopt)
      .run();
}

std::optional<Session> StoreTables::session_by_token(const std::string& token) {
  auto q = db_.query(std::string(kSessionColumns) + "WHERE token_sha256 = ?");
  q.bind(sha256_hex(token));
  if (!q.step()) return std::nullopt;
  Session s = read_session(q);
  s.token = token;
  return s;
}

std::vector<Session> StoreTables::live_sessions(OrgId org, const std::string& email, core::Instant now) {
  auto q = db_.query(std::string(kSessionColumns) +
                     "WHERE org_id = ? AND email = ? AND ended_ms IS NULL AND expires_ms > ? ORDER BY created_ms");
  q.bind_all(org, email, to_ms(now));
  std::vector<Session> out;
  while (q.step()) out.push_back(read_session(q));
  return out;
}

void StoreTables::end_session(const std::string& token_sha256, core::Instant at) {
  db_.query("UPDATE sessions SET ended_ms = ? WHERE token_sha256 = ? AND ended_ms IS NULL")
      .bind_all(to_ms(at), token_sha256)
      .run();
}

std::size_t StoreTables::end_sessions_of(OrgId org, const std::string& email, core::Instant at) {
  db_.query("UPDATE sessions SET ended_ms = ? WHERE org_id = ? AND email = ? AND ended_ms IS NULL")
      .bind_all(to_ms(at), org, email)
      .run();
  return static_cast<std::size_t>(db_.changes());
}

void StoreTables::set_deactivation_gap_recorded(const std::string& token_sha256, bool recorded) {
  db_.query("UPDATE sessions SET deactivation_gap_recorded = ? WHERE token_sha256 = ?")
      .bind_all(recorded, token_sha256)
      .run();
}

void StoreTables::reset_deactivation_gap_recorded(OrgId org, const std::string& email) {
  db_.query("UPDATE sessions SET deactivation_gap_recorded = 0 WHERE org_id = ? AND email = ?").bind_all(org, email).run();
}

std::int64_t StoreTables::insert_observation(const IdpObservation& o) {
  db_.query(
         "INSERT INTO idp_observations(org_id, kind, email, new_email, groups, at_ms, recorded_ms) "
         "VALUES(?, ?, ?, ?, ?, ?, ?)")
      .bind_all(o.org_id, spelling(o.event.kind), o.event.email, o.event.new_email, strings_to_json(o.event.groups),
                to_ms(o.event.at), to_ms(o.recorded))
      .run();
  return db_.last_insert_rowid();
}

std::vector<IdpObservation> StoreTables::observations(OrgId org) {
  auto q = db_.query(
      "SELECT seq, org_id, kind, email, new_email, groups, at_ms, recorded_ms FROM idp_observations "
      "WHERE org_id = ? ORDER BY seq");
  q.bind(org);
  std::vector<IdpObservation> out;
  while (q.step()) {
    IdpObservation o;
    o.seq = q.integer(0);
    o.org_id = q.integer(1);
    o.event.kind = idp_event_kind_from_spelling(q.text(2)).value_or(IdpEventKind::assigned);
    o.event.email = q.text(3);
    o.event.new_email = q.text(4);
    o.event.groups = strings_from_json(q.text(5));
    o.event.at = from_ms(q.integer(6));
    o.recorded = from_ms(q.integer(7));
    out.push_back(std::move(o));
  }
  return out;
}

IdpState StoreTables::idp_state(OrgId org, const std::string& email) {
  auto q = db_.query("SELECT inactive, rehire_pending, drifted_from FROM idp_state WHERE org_id = ? AND email = ?");
  q.bind_all(org, email);
  IdpState s;
  if (q.step()) {
    s.inactive = q.integer(0) != 0;
    s.rehire_pending = q.integer(1) != 0;
    s.drifted_from = q.opt_text(2);
  }
  return s;
}

void StoreTables::set_idp_state(OrgId org, const std::string& email, const IdpState& s, core::Instant at) {
  db_.query(
         "INSERT INTO idp_state(org_id, email, inactive, rehire_pending, drifted_from, updated_ms) "
         "VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(org_id, email) DO UPDATE SET inactive = excluded.inactive, "
         "rehire_pending = excluded.rehire_pending, drifted_from = excluded.drifted_from, "
         "updated_ms = excluded.updated_ms")
      .bind_all(org, email, s.inactive, s.rehire_pending, s.drifted_from, to_ms(at))
      .run();
}

}  // namespace samlh::sp
