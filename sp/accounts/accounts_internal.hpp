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
  AuditRecord rec;
  std::vector<AuditRecord> extra;  // further records written with the main one
  bool only_if_notable = false;    // skip the main record on a plain success

  Draft(std::string_view event, core::Instant now) {
    rec.event = std::string(event);
    rec.time = now;
  }
  void gap(Gap g) {
    if (std::find(rec.gaps.begin(), rec.gaps.end(), g) == rec.gaps.end()) rec.gaps.push_back(g);
  }
  void note(std::string_view s) {
    if (!rec.detail.empty()) rec.detail += "; ";
    rec.detail += s;
  }
};

template <class T, class Body>
Outcome<T> Accounts::run(Draft d, Body&& body) {
  auto lock = store_.lock();
  try {
    auto tx = store_.transaction();
    RefusalResult<T> r = body(d);
    if (r.ok()) {
      if (d.rec.outcome != AuditOutcome::observed) d.rec.outcome = AuditOutcome::success;
    } else {
      d.rec.outcome = AuditOutcome::refused;
      d.rec.reason = std::string(core::spelling(r.reason()));
      if (!r.failure().detail.empty()) d.note(r.failure().detail);
    }
    std::vector<Gap> gaps = d.rec.gaps;
    const bool write_main = !(d.only_if_notable && r.ok() && d.rec.gaps.empty());
    if (write_main) store_.append_audit(d.rec);
    for (AuditRecord& x : d.extra) {
      store_.append_audit(x);
      for (Gap g : x.gaps) {
        if (std::find(gaps.begin(), gaps.end(), g) == gaps.end()) gaps.push_back(g);
      }
    }
    tx.commit();
    const std::int64_t seq = write_main ? d.rec.seq : (d.extra.empty() ? 0 : d.extra.front().seq);
    return Outcome<T>{std::move(r), std::move(gaps), seq};
  } catch (const sql::Error& e) {
    return Outcome<T>{core::fail(LoginReason::login_store_failed, e.what()), {}, 0};
  }
}

}  // namespace samlh::sp
