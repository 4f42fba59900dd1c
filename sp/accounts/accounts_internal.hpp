// Private to the accounts_*.cpp files: the audit draft each operation fills
// and the run() wrapper that commits the change and its audit record in one
// transaction (a change is never without its record, nor a record without
// its change).
#pragma once

#include <string_view>
#include <utility>

#include "sp/accounts/accounts.hpp"

namespace samlh::sp {

struct Accounts::Draft {
  AuditEntry rec;                  // the main record
  std::vector<AuditRecord> extra;  // further records written with the main one
  bool only_if_notable = false;    // skip the main record on a plain success

  Draft(AuditEvent event, core::Instant now) : rec(event, now) {}
  void gap(Gap g) { rec.gap(g); }
  void note(std::string_view s) { rec.note(s); }
};

template <class T, class Body>
Outcome<T> Accounts::run(Draft d, Body&& body) {
  auto db = store_.lock();
  return run<T>(db, std::move(d), std::forward<Body>(body));
}

template <class T, class Body>
Outcome<T> Accounts::run(StoreLock& db, Draft d, Body&& body) {
  try {
    auto tx = db->transaction();
    RefusalResult<T> r = body(db, d);
    if (r.ok()) {
      if (d.rec.outcome() != AuditOutcome::observed) d.rec.succeeded();
    } else {
      d.rec.refused(r.reason());
      d.note(r.failure().detail);
    }
    std::vector<Gap> gaps = d.rec.gaps();
    const bool write_main = !(d.only_if_notable && r.ok() && gaps.empty());
    if (write_main) db->append_audit(d.rec.record());
    for (AuditRecord& x : d.extra) {
      db->append_audit(x);
      for (Gap g : x.gaps) {
        if (std::find(gaps.begin(), gaps.end(), g) == gaps.end()) gaps.push_back(g);
      }
    }
    tx.commit();
    const std::int64_t seq = write_main ? d.rec.record().seq : (d.extra.empty() ? 0 : d.extra.front().seq);
    return Outcome<T>{std::move(r), std::move(gaps), seq};
  } catch (const sql::Error& e) {
    return Outcome<T>{core::fail(LoginReason::login_store_failed, e.what()), {}, 0};
  }
}

}  // namespace samlh::sp
