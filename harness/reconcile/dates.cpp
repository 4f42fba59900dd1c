#include "harness/reconcile/dates.hpp"

#include <fmt/format.h>

namespace samlh::harness::reconcile {
namespace {

using namespace std::chrono;

// `n` ASCII digits at s[at]; nullopt otherwise.
std::optional<int> digits(std::string_view s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// The zone suffix as an offset east of UTC, in seconds.
std::optional<int> zone_offset(std::string_view z) {
  if (z.empty() || z == "Z" || z == "z") return 0;
  if (z[0] != '+' && z[0] != '-') return std::nullopt;
  const int sign = z[0] == '+' ? 1 : -1;
  auto hh = digits(z, 1, 2);
  if (!hh || *hh > 23) return std::nullopt;
  int mm = 0;
  if (z.size() == 3) {
    mm = 0;
  } else if (z.size() == 6 && z[3] == ':') {
    auto m = digits(z, 4, 2);
    if (!m) return std::nullopt;
    mm = *m;
  } else if (z.size() == 5) {
    auto m = digits(z, 3, 2);
    if (!m) return std::nullopt;
    mm = *m;
  } else {
    return std::nullopt;
  }
  if (mm > 59) return std::nullopt;
  return sign * (*hh * 3600 + mm * 60);
}

}  // namespace

std::optional<Day> parse_day(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = digits(s, 0, 4);
  auto m = digits(s, 5, 2);
  auto d = digits(s, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  const year_month_day ymd{year{*y}, month{static_cast<unsigned>(*m)}, day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

std::optional<Instant> parse_timestamp(std::string_view s) {
  auto date = parse_day(s.substr(0, 10));
  if (!date) return std::nullopt;
  if (s.size() == 10) return Instant{*date};
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  auto hh = digits(s, 11, 2);
  auto mi = digits(s, 14, 2);
  if (!hh || !mi || s.size() < 16 || s[13] != ':' || *hh > 23 || *mi > 59) return std::nullopt;
  std::size_t at = 16;
  int ss = 0;
  if (at < s.size() && s[at] == ':') {
    auto sec = digits(s, at + 1, 2);
    if (!sec || *sec > 60) return std::nullopt;
    ss = *sec == 60 ? 59 : *sec;  // a leap second reads as :59
    at += 3;
    if (at < s.size() && (s[at] == '.' || s[at] == ',')) {
      std::size_t end = at + 1;
      while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
      if (end == at + 1) return std::nullopt;
      at = end;
    }
  }
  auto offset = zone_offset(s.substr(at));
  if (!offset) return std::nullopt;
  return Instant{*date} + hours{*hh} + minutes{*mi} + seconds{ss} - seconds{*offset};
}

std::string format_day(Day d) {
  const year_month_day ymd{d};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::string format_instant(Instant t) {
  const Day d = floor<days>(t);
  const hh_mm_ss hms{t - d};
  return fmt::format("{}T{:02}:{:02}:{:02}Z", format_day(d), hms.hours().count(), hms.minutes().count(),
                     hms.seconds().count());
}

Day day_of(Instant t) { return floor<days>(t); }

long days_between(Day from, Day to) { return static_cast<long>((to - from).count()); }

Day today_utc() { return floor<days>(system_clock::now()); }

}  // namespace samlh::harness::reconcile
