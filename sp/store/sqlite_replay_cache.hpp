// The replay cache kept in the SP's SQLite store, so a restart does not
// forget which assertions were used (Profiles 4.1.4.5). Same contract as
// MemoryReplayCache: keyed on (issuer, assertion ID), first use true, replay
// false; expired rows are purged now and then (and by purge()).
//
// Two ways to use it:
//  - remember(): one step, in a transaction of its own;
//  - a Claim (the ACS): the validator's replay check only notes the ID, so
//    validation takes no store lock and commits nothing, and the caller
//    records it inside the transaction that also writes the verdict, the
//    login decision and the session: one commit per login instead of two,
//    and the ID is spent exactly when the answer is.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "sp/store/store.hpp"
#include "sp/validator/replay_cache.hpp"

namespace samlh::sp {

class SqliteReplayCache final : public ReplayCache {
 public:
  explicit SqliteReplayCache(Store& store, std::size_t purge_every = 256) : store_(store), purge_every_(purge_every) {}

  // On a storage failure the answer is false (treated as a replay): refusing
  // a login is the safe side when the SP cannot remember the assertion.
  bool remember(std::string_view issuer, std::string_view assertion_id, core::Instant expires,
                core::Instant now) override;
  // Deletes entries whose expiry is before `now`; returns how many.
  std::size_t purge(core::Instant now);
  std::size_t size();

  // The replay check of one request, decided when the caller stores it: the
  // validator's remember() only notes the ID (and passes), and record(),
  // inside the transaction that commits the answer, stores it or finds it
  // there. Under the store lock that is a complete check: of two concurrent
  // POSTs of one assertion, the second to commit finds the first's row.
  class Claim final : public ReplayCache {
   public:
    explicit Claim(SqliteReplayCache& cache) : cache_(cache) {}

    // Notes the ID; true (the decision is record()'s). A second ID in one
    // response is refused: the validator asks once per assertion.
    bool remember(std::string_view issuer, std::string_view assertion_id, core::Instant expires,
                  core::Instant now) override;
    bool noted() const noexcept { return id_.has_value(); }
    const std::string& assertion_id() const { return id_->second; }
    // Under the caller's lock, inside its transaction: stores the noted ID
    // (purging expired rows now and then). False when the store already has
    // it: a replay. Throws sql::Error like the store.
    bool record(StoreLock& db);

   private:
    SqliteReplayCache& cache_;
    std::optional<std::pair<std::string, std::string>> id_;  // issuer, assertion ID
    core::Instant expires_{};
    core::Instant now_{};
  };

 private:
  bool purge_due();  // counts an insert; true every purge_every_ inserts

  Store& store_;
  std::size_t purge_every_;
  std::size_t inserts_since_purge_ = 0;  // counted under the store lock (a StoreLock is held)
};

}  // namespace samlh::sp
