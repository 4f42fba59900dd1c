// Store: the audit log's retention (the rule: sp/AUDIT.md, "Retention").
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "sp/store/store.hpp"

namespace samlh::sp {
namespace {

// The records a client without a session or a verified response can cause,
// each as many times as it asks: refusals of these events. Why only these:
// accepted logins, admin actions (refused or not), IdP observations and any
// record with a gap code are the evidence the gap report and an incident
// review stand on; they are never dropped. Earlier audit_pruned records go
// too (each new one carries the running total), or with a small cap they
// alone would outgrow it.
constexpr std::array kUnauthenticatedEvents{AuditEvent::sso_validation, AuditEvent::sso_login,
                                            AuditEvent::password_login, AuditEvent::self_signup,
                                            AuditEvent::session_use,    AuditEvent::slo_response};

constexpr std::string_view kDroppedTotalKey = "audit_dropped_total";

// The condition, from the tables' spellings (constants, never input). gaps
// is written by gaps_to_json, which writes an empty list as [].
std::string prunable_where() {
  std::string events;
  for (AuditEvent e : kUnauthenticatedEvents) events += fmt::format("{}'{}'", events.empty() ? "" : ", ", spelling(e));
  return fmt::format("((outcome = '{}' AND gaps = '[]' AND event IN ({})) OR event = '{}')",
                     spelling(AuditOutcome::refused), events, spelling(AuditEvent::audit_pruned));
}

}  // namespace

std::int64_t StoreTables::append_audit(AuditRecord& r) {
  insert_audit(r);
  if (audit_max_records_ <= 0) return r.seq;
  if (audit_rows_) {
    ++*audit_rows_;
  } else {
    audit_rows_ = audit_size();
  }
  if (*audit_rows_ > std::max(audit_max_records_, audit_prune_at_)) {
    // Down to nine tenths, so a prune (a scan and a summary record) runs once
    // per tenth of the cap appended, not on every append past it.
    prune_audit(audit_max_records_ - audit_max_records_ / 10, r.time);
    // Counted again at the next append: the caller's transaction may still
    // roll this prune back.
    audit_rows_.reset();
    // Protected records alone past the cap: look again a tenth later.
    audit_prune_at_ = audit_size() + std::max<std::int64_t>(audit_max_records_ / 10, 1);
  }
  return r.seq;
}

AuditPrune StoreTables::prune_audit(std::int64_t keep, core::Instant now) {
  static const std::string kWhere = prunable_where();
  AuditPrune p;
  sql::Transaction tx(db_);
  const std::int64_t have = audit_size();
  if (have <= keep) return p;
  // One more than the excess: room for the summary record.
  const std::int64_t want = have - keep + 1;
  // Never the newest record: seq is the rowid (max + 1 on insert), so
  // deleting it would let the next record reuse its number.
  auto q = db_.query("SELECT count(*), min(seq), max(seq), min(time_ms), max(time_ms) FROM (SELECT seq, time_ms FROM "
                     "audit_log WHERE " + kWhere + " AND seq < (SELECT max(seq) FROM audit_log) ORDER BY seq LIMIT ?)");
  q.bind(want);
  if (!q.step() || q.integer(0) == 0) return p;
  p.dropped = q.integer(0);
  p.first_seq = q.integer(1);
  p.last_seq = q.integer(2);
  p.first = from_ms(q.integer(3));
  p.last = from_ms(q.integer(4));
  db_.query("DELETE FROM audit_log WHERE seq <= ? AND " + kWhere).bind(p.last_seq).run();
  p.dropped_total = audit_dropped_total() + p.dropped;
  set_meta(std::string(kDroppedTotalKey), std::to_string(p.dropped_total));
  AuditRecord summary =
      AuditEntry(AuditEvent::audit_pruned, now)
          .observed()
          .note(fmt::format("the retention cap dropped {} record(s) (refusals without gap codes, earlier "
                            "audit_pruned records), seq {} to {} ({} to {}), keeping at most {}; {} dropped in all",
                            p.dropped, p.first_seq, p.last_seq, core::format_saml_time(p.first),
                            core::format_saml_time(p.last), keep, p.dropped_total))
          .take();
  p.summary_seq = insert_audit(summary);
  tx.commit();
  return p;
}

std::int64_t StoreTables::audit_size() {
  auto q = db_.query("SELECT count(*) FROM audit_log");
  return q.step() ? q.integer(0) : 0;
}

std::int64_t StoreTables::audit_dropped_total() {
  const auto v = meta(std::string(kDroppedTotalKey));
  return v ? std::stoll(*v) : 0;
}

}  // namespace samlh::sp
