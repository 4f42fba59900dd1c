// The replay cache: an assertion ID is accepted once, and remembered until
// its validity ends (Profiles 4.1.4.5). Keyed on (issuer, assertion ID), never
// on the Response ID (a fresh wrapper must not launder a used assertion).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "core/clock.hpp"

namespace samlh::sp {

class ReplayCache {
 public:
  virtual ~ReplayCache() = default;
  // True the first time (issuer, id) is seen and records it until `expires`;
  // false on a replay. Entries whose expiry is before `now` may be purged.
  virtual bool remember(std::string_view issuer, std::string_view assertion_id, core::Instant expires,
                        core::Instant now) = 0;
};

class MemoryReplayCache final : public ReplayCache {
 public:
  bool remember(std::string_view issuer, std::string_view assertion_id, core::Instant expires,
                core::Instant now) override;
  std::size_t size() const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, core::Instant, std::less<>> seen_;
  std::size_t inserts_since_purge_ = 0;
};

}  // namespace samlh::sp
