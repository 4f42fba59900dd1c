// Store: the audit log.
#include "sp/store/store.hpp"

namespace samlh::sp {

std::int64_t StoreTables::insert_audit(AuditRecord& r) {
  db_.query(
         "INSERT INTO audit_log(time_ms, org, event, actor, subject, flow, outcome, reason, gaps, weak, detail) "
         "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(to_ms(r.time), r.org, spelling(r.event), r.actor, r.subject, r.flow, spelling(r.outcome), r.reason,
                gaps_to_json(r.gaps), weak_to_json(r.weak), r.detail)
      .run();
  r.seq = db_.last_insert_rowid();
  return r.seq;
}

std::vector<AuditRecord> StoreTables::query_audit(const AuditQuery& aq) {
  // One statement with optional filters (?N IS NULL OR ...), so it is
  // prepared once and cached like every other.
  auto q = db_.query(
      "SELECT seq, time_ms, org, event, actor, subject, flow, outcome, reason, gaps, weak, detail FROM audit_log "
      "WHERE (?1 IS NULL OR org = ?1) AND (?2 IS NULL OR event = ?2) AND (?3 IS NULL OR time_ms >= ?3) "
      "AND (?4 IS NULL OR subject = ?4) AND (?5 IS NULL OR seq > ?5) AND (?7 IS NULL OR reason = ?7) "
      "ORDER BY seq LIMIT ?6");
  std::optional<std::int64_t> since;
  if (aq.since) since = to_ms(*aq.since);
  std::optional<std::string> event;
  if (aq.event) event = std::string(spelling(*aq.event));
  q.bind_all(aq.org, event, since, aq.subject, aq.after_seq, static_cast<std::int64_t>(aq.limit), aq.reason);
  std::vector<AuditRecord> out;
  while (q.step()) {
    AuditRecord r;
    r.seq = q.integer(0);
    r.time = from_ms(q.integer(1));
    r.org = q.opt_text(2);
    const std::string event_text = q.text(3);
    const auto e = audit_event_from_spelling(event_text);
    // Only this code writes the column, from the same table.
    if (!e) {
      throw sql::Error(SQLITE_CORRUPT, "audit record " + std::to_string(r.seq) + " has an unknown event '" + event_text + "'");
    }
    r.event = *e;
    r.actor = q.opt_text(4);
    r.subject = q.opt_text(5);
    r.flow = q.opt_text(6);
    const std::string outcome = q.text(7);
    r.outcome = outcome == "refused" ? AuditOutcome::refused
                : outcome == "observed" ? AuditOutcome::observed
                                        : AuditOutcome::success;
    r.reason = q.opt_text(8);
    r.gaps = gaps_from_json(q.text(9));
    r.weak = weak_from_json(q.text(10));
    r.detail = q.text(11);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace samlh::sp
