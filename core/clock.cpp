#include "core/clock.hpp"

#include <cstdio>

namespace samlh::core {
namespace {

using namespace std::chrono;

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

// Parses "YYYY-MM-DDThh:mm:ss[.f+]" and returns the index after it, or npos.
std::size_t parse_local(std::string_view s, Instant& out) {
  int Y = 0, M = 0, D = 0, h = 0, m = 0, sec = 0;
  if (!digits(s, 0, 4, Y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, M) || s[7] != '-' ||
      !digits(s, 8, 2, D) || s[10] != 'T' || !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, m) ||
      s[16] != ':' || !digits(s, 17, 2, sec)) {
    return std::string_view::npos;
  }
  const year_month_day ymd{year{Y}, month{static_cast<unsigned>(M)}, day{static_cast<unsigned>(D)}};
  if (!ymd.ok() || h > 23 || m > 59 || sec > 59) return std::string_view::npos;
  std::size_t pos = 19;
  long long ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    int scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::string_view::npos;
  }
  out = Instant{sys_days{ymd}.time_since_epoch() + hours{h} + minutes{m} + seconds{sec} + Millis{ms}};
  return pos;
}

}  // namespace

Instant SystemClock::now() const { return time_point_cast<Millis>(system_clock::now()); }

std::optional<Instant> parse_saml_time(std::string_view s) {
  Instant t;
  const std::size_t pos = parse_local(s, t);
  if (pos == std::string_view::npos || pos + 1 != s.size() || s[pos] != 'Z') return std::nullopt;
  return t;
}

std::optional<Instant> parse_rfc3339(std::string_view s) {
  Instant t;
  const std::size_t pos = parse_local(s, t);
  if (pos == std::string_view::npos) return std::nullopt;
  const std::string_view zone = s.substr(pos);
  if (zone == "Z" || zone == "z") return t;
  int oh = 0, om = 0;
  if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && digits(zone, 1, 2, oh) && zone[3] == ':' &&
      digits(zone, 4, 2, om) && oh < 24 && om < 60) {
    const auto offset = hours{oh} + minutes{om};
    return zone[0] == '+' ? t - offset : t + offset;
  }
  return std::nullopt;
}

std::string format_saml_time(Instant t, bool with_millis) {
  const auto day_point = floor<days>(t);
  const year_month_day ymd{day_point};
  const hh_mm_ss hms{t - day_point};
  char buf[40];
  if (with_millis) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
  }
  return buf;
}

std::optional<Millis> parse_duration(std::string_view s) {
  constexpr long long kMaxCount = 10'000'000;
  std::size_t digits = 0;
  long long n = 0;
  for (; digits < s.size() && s[digits] >= '0' && s[digits] <= '9'; ++digits) {
    n = n * 10 + (s[digits] - '0');
    if (n > kMaxCount) return std::nullopt;
  }
  if (digits == 0) return std::nullopt;
  const std::string_view unit = s.substr(digits);
  if (unit == "ms") return Millis{n};
  if (unit == "s") return Millis{n * 1'000};
  if (unit == "m") return Millis{n * 60'000};
  if (unit == "h") return Millis{n * 3'600'000};
  if (unit == "d") return Millis{n * 86'400'000};
  return std::nullopt;
}

}  // namespace samlh::core
