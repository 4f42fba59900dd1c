#include "sp/store/sqlite_replay_cache.hpp"

namespace samlh::sp {

bool SqliteReplayCache::remember(std::string_view issuer, std::string_view assertion_id, core::Instant expires,
                                 core::Instant now) {
  auto db = store_.lock();
  try {
    auto tx = db->transaction();
    if (purge_due()) db->replay_purge(now);
    // A used ID stays refused until purged after its expiry; by then the
    // assertion itself is expired and the validator refuses it for time.
    const bool first = db->replay_insert(std::string(issuer), std::string(assertion_id), expires);
    tx.commit();
    return first;
  } catch (const sql::Error&) {
    return false;
  }
}

bool SqliteReplayCache::purge_due() {
  if (++inserts_since_purge_ < purge_every_) return false;
  inserts_since_purge_ = 0;
  return true;
}

bool SqliteReplayCache::Claim::remember(std::string_view issuer, std::string_view assertion_id,
                                        core::Instant expires, core::Instant now) {
  if (id_) return false;
  id_.emplace(std::string(issuer), std::string(assertion_id));
  expires_ = expires;
  now_ = now;
  return true;
}

bool SqliteReplayCache::Claim::record(StoreLock& db) {
  if (!id_) return false;
  if (cache_.purge_due()) db->replay_purge(now_);
  return db->replay_insert(id_->first, id_->second, expires_);
}

std::size_t SqliteReplayCache::purge(core::Instant now) {
  auto db = store_.lock();
  try {
    return db->replay_purge(now);
  } catch (const sql::Error&) {
    return 0;
  }
}

std::size_t SqliteReplayCache::size() {
  auto db = store_.lock();
  try {
    return db->replay_size();
  } catch (const sql::Error&) {
    return 0;
  }
}

}  // namespace samlh::sp
