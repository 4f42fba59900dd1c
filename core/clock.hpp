// Time is injected: every check that compares timestamps takes a Clock.
// There is no global clock; tests and the harness use FixedClock or
// VirtualClock, servers use SystemClock (optionally offset).
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace samlh::core {

using Millis = std::chrono::milliseconds;
using Instant = std::chrono::sys_time<Millis>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

// Always answers the same instant.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Instant t) : t_(t) {}
  Instant now() const override { return t_; }

 private:
  Instant t_;
};

// A clock the owner moves: set() or advance(). Thread-safe reads.
class VirtualClock final : public Clock {
 public:
  explicit VirtualClock(Instant start) : ms_(start.time_since_epoch().count()) {}
  Instant now() const override { return Instant{Millis{ms_.load()}}; }
  void set(Instant t) { ms_.store(t.time_since_epoch().count()); }
  void advance(Millis d) { ms_.fetch_add(d.count()); }

 private:
  std::atomic<long long> ms_;
};

// Another clock shifted by a fixed offset (idp-mock's "set a clock offset").
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(const Clock& base) : base_(base) {}
  Instant now() const override { return base_.now() + Millis{offset_ms_.load()}; }
  void set_offset(Millis d) { offset_ms_.store(d.count()); }
  Millis offset() const { return Millis{offset_ms_.load()}; }

 private:
  const Clock& base_;
  std::atomic<long long> offset_ms_{0};
};

// xs:dateTime as SAML uses it (Core 1.3.3): UTC, "Z" suffix required,
// optional fractional seconds (truncated to milliseconds). Anything else,
// including an offset such as +02:00, is refused.
std::optional<Instant> parse_saml_time(std::string_view s);

// RFC 3339 for command lines (--now): "Z" or a numeric offset.
std::optional<Instant> parse_rfc3339(std::string_view s);

// "2026-03-01T12:00:00.000Z" (with_millis) or "2026-03-01T12:00:00Z".
std::string format_saml_time(Instant t, bool with_millis = true);

// A duration as configuration and scenario files write it: a whole number
// from 0 to 10,000,000 (ASCII digits only: no sign, space, fraction or
// exponent) followed at once by one unit, ms, s, m, h or d ("1500ms", "90s",
// "30m", "24h", "7d"). nullopt for anything else; callers that need a
// positive duration refuse 0 themselves. The one grammar of the SP's
// configuration (sp/SERVER.md) and of scenario files (harness/SCENARIOS.md).
std::optional<Millis> parse_duration(std::string_view s);

}  // namespace samlh::core
