// Dates and timestamps of the input files. Okta's reports give timestamps "in
// ISO 8601 format" [O21]; the exact form is not documented, so every common
// ISO 8601 form is read and turned into UTC.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace samlh::harness::reconcile {

using Instant = std::chrono::sys_seconds;
using Day = std::chrono::sys_days;

// Exactly YYYY-MM-DD (a real calendar date).
std::optional<Day> parse_day(std::string_view s);

// YYYY-MM-DD, optionally followed by 'T' or one space and HH:MM[:SS[.fraction]]
// and an optional zone: Z, +HH:MM, +HHMM or +HH (or -). No zone means UTC
// (an assumption: the reports' time zone is not documented [O21]). A date
// alone is midnight UTC. Fractions are dropped.
std::optional<Instant> parse_timestamp(std::string_view s);

std::string format_day(Day d);
std::string format_instant(Instant t);  // YYYY-MM-DDTHH:MM:SSZ
Day day_of(Instant t);
// Whole days from `from` to `to` (negative when `to` is earlier).
long days_between(Day from, Day to);
// Today in UTC, from the system clock (the default of --as-of).
Day today_utc();

}  // namespace samlh::harness::reconcile
