// The replay cache kept in the SP's SQLite store, so a restart does not
// forget which assertions were used (Profiles 4.1.4.5). Same contract as
// MemoryReplayCache: keyed on (issuer, assertion ID), first use true, replay
// false; expired rows are purged now and then (and by purge()).
#pragma once

#include <cstddef>

#include "sp/replay_cache.hpp"
#include "sp/store.hpp"

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

 private:
  Store& store_;
  std::size_t purge_every_;
  std::size_t inserts_since_purge_ = 0;
};

}  // namespace samlh::sp
