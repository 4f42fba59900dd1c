// Per-key rate limits (token buckets): the SP's attempt limits on password
// logins and on its unauthenticated write paths. A limit of `count` per `per`
// lets `count` through at once and one more every per/count after that;
// count 0 is off. Time is a steady clock passed in (tests) or read here,
// never the SP's clock (the harness moves that one). Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace samlh::core {

struct RateLimit {
  std::size_t count = 0;  // 0: no limit
  std::chrono::milliseconds per{std::chrono::minutes{1}};
  bool on() const { return count > 0 && per.count() > 0; }
};

class RateLimiter {
 public:
  using Time = std::chrono::steady_clock::time_point;

  // At most `max_keys` keys are tracked; beyond that the buckets that are
  // full again are forgotten, and if none is, the oldest half (memory stays
  // bounded whatever the number of clients).
  explicit RateLimiter(RateLimit limit, std::size_t max_keys = 100'000);

  // Takes one from the key's bucket: nullopt when allowed, else how long
  // until the next one is (a Retry-After).
  std::optional<std::chrono::seconds> take(std::string_view key) { return take(key, std::chrono::steady_clock::now()); }
  std::optional<std::chrono::seconds> take(std::string_view key, Time now);
  // Whether one would be allowed, taking nothing (limits counted on failure).
  std::optional<std::chrono::seconds> peek(std::string_view key) { return peek(key, std::chrono::steady_clock::now()); }
  std::optional<std::chrono::seconds> peek(std::string_view key, Time now);
  // Forgets the key (a successful login clears its failures).
  void forget(std::string_view key);

  const RateLimit& limit() const { return limit_; }
  std::size_t keys() const;

 private:
  struct Bucket {
    double tokens = 0;
    Time last;
  };
  Bucket& bucket(std::string_view key, Time now);
  std::optional<std::chrono::seconds> wait(const Bucket& b) const;
  void shrink(Time now);

  RateLimit limit_;
  std::size_t max_keys_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace samlh::core
