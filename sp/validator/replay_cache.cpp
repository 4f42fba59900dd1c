#include "sp/validator/replay_cache.hpp"

namespace samlh::sp {

bool MemoryReplayCache::remember(std::string_view issuer, std::string_view assertion_id, core::Instant expires,
                                 core::Instant now) {
  std::lock_guard lock(mu_);
  // Purge now and then, so the cache is bounded by the live assertions.
  if (++inserts_since_purge_ >= 1024) {
    inserts_since_purge_ = 0;
    for (auto it = seen_.begin(); it != seen_.end();) {
      it = it->second < now ? seen_.erase(it) : std::next(it);
    }
  }
  auto key = std::make_pair(std::string(issuer), std::string(assertion_id));
  auto it = seen_.find(key);
  if (it != seen_.end()) {
    // A used ID stays refused even after its expiry: the assertion itself is
    // expired by then, and refusing is always the safe answer.
    return false;
  }
  seen_.emplace(std::move(key), expires);
  return true;
}

std::size_t MemoryReplayCache::size() const {
  std::lock_guard lock(mu_);
  return seen_.size();
}

}  // namespace samlh::sp
