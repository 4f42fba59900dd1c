#include "core/rate_limit.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace samlh::core {

RateLimiter::RateLimiter(RateLimit limit, std::size_t max_keys) : limit_(limit), max_keys_(std::max<std::size_t>(max_keys, 2)) {}

RateLimiter::Bucket& RateLimiter::bucket(std::string_view key, Time now) {
  const double capacity = static_cast<double>(limit_.count);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) shrink(now);
    it = buckets_.emplace(std::string(key), Bucket{capacity, now}).first;
    return it->second;
  }
  Bucket& b = it->second;
  const double per_token_ms = static_cast<double>(limit_.per.count()) / capacity;
  const auto elapsed = std::chrono::duration<double, std::milli>(now - b.last).count();
  if (elapsed > 0) {
    b.tokens = std::min(capacity, b.tokens + elapsed / per_token_ms);
    b.last = now;
  }
  return b;
}

std::optional<std::chrono::seconds> RateLimiter::wait(const Bucket& b) const {
  if (b.tokens >= 1.0) return std::nullopt;
  const double per_token_ms = static_cast<double>(limit_.per.count()) / static_cast<double>(limit_.count);
  const double ms = (1.0 - b.tokens) * per_token_ms;
  return std::chrono::seconds{std::max<long long>(1, static_cast<long long>(std::ceil(ms / 1000.0)))};
}

std::optional<std::chrono::seconds> RateLimiter::take(std::string_view key, Time now) {
  if (!limit_.on()) return std::nullopt;
  std::lock_guard lock(mutex_);
  Bucket& b = bucket(key, now);
  auto w = wait(b);
  if (!w) b.tokens -= 1.0;
  return w;
}

std::optional<std::chrono::seconds> RateLimiter::peek(std::string_view key, Time now) {
  if (!limit_.on()) return std::nullopt;
  std::lock_guard lock(mutex_);
  return wait(bucket(key, now));
}

void RateLimiter::forget(std::string_view key) {
  std::lock_guard lock(mutex_);
  buckets_.erase(std::string(key));
}

std::size_t RateLimiter::keys() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

void RateLimiter::shrink(Time now) {
  // Full again: as if never seen.
  const double capacity = static_cast<double>(limit_.count);
  const double per_token_ms = static_cast<double>(limit_.per.count()) / capacity;
  std::erase_if(buckets_, [&](const auto& kv) {
    const auto elapsed = std::chrono::duration<double, std::milli>(now - kv.second.last).count();
    return kv.second.tokens + elapsed / per_token_ms >= capacity;
  });
  if (buckets_.size() < max_keys_) return;
  // Still full: the least recently used half goes.
  std::vector<Time> times;
  times.reserve(buckets_.size());
  for (const auto& kv : buckets_) times.push_back(kv.second.last);
  auto mid = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
  std::nth_element(times.begin(), mid, times.end());
  const Time cut = *mid;
  std::erase_if(buckets_, [&](const auto& kv) { return kv.second.last <= cut; });
}

}  // namespace samlh::core
