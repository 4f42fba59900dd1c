#include <gtest/gtest.h>

#include "core/clock.hpp"

namespace samlh::core {
namespace {

using namespace std::chrono;

Instant at(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms = 0) {
  return Instant{sys_days{year{y} / month{mo} / day{d}}.time_since_epoch() + hours{h} + minutes{mi} + seconds{s} +
                 milliseconds{ms}};
}

TEST(SamlTime, ParsesUtcWithAndWithoutFraction) {
  EXPECT_EQ(parse_saml_time("2026-03-01T12:00:00Z"), at(2026, 3, 1, 12, 0, 0));
  EXPECT_EQ(parse_saml_time("2026-03-01T12:00:00.054Z"), at(2026, 3, 1, 12, 0, 0, 54));
  EXPECT_EQ(parse_saml_time("2026-03-01T12:00:00.1Z"), at(2026, 3, 1, 12, 0, 0, 100));
  // fractions finer than a millisecond are truncated
  EXPECT_EQ(parse_saml_time("2026-03-01T12:00:00.123999Z"), at(2026, 3, 1, 12, 0, 0, 123));
}

TEST(SamlTime, RefusesAnythingButUtcZ) {
  for (const char* bad : {"2026-03-01T12:00:00", "2026-03-01T12:00:00+00:00", "2026-03-01 12:00:00Z",
                          "2026-02-30T12:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01T12:00:00.Z",
                          "2026-03-01T12:00:00Zjunk", " 2026-03-01T12:00:00Z", "", "garbage"}) {
    EXPECT_FALSE(parse_saml_time(bad).has_value()) << bad;
  }
}

TEST(Rfc3339, AcceptsOffsets) {
  EXPECT_EQ(parse_rfc3339("2026-03-01T14:00:00+02:00"), at(2026, 3, 1, 12, 0, 0));
  EXPECT_EQ(parse_rfc3339("2026-03-01T10:30:00-01:30"), at(2026, 3, 1, 12, 0, 0));
  EXPECT_EQ(parse_rfc3339("2026-03-01T12:00:00Z"), at(2026, 3, 1, 12, 0, 0));
  EXPECT_FALSE(parse_rfc3339("2026-03-01T12:00:00+2").has_value());
}

TEST(SamlTime, FormatsRoundTrip) {
  const Instant t = at(2026, 3, 1, 12, 0, 0, 54);
  EXPECT_EQ(format_saml_time(t), "2026-03-01T12:00:00.054Z");
  EXPECT_EQ(format_saml_time(t, false), "2026-03-01T12:00:00Z");
  EXPECT_EQ(parse_saml_time(format_saml_time(t)), t);
}

TEST(Clocks, VirtualAndOffsetClocksMove) {
  VirtualClock v{at(2026, 1, 1, 0, 0, 0)};
  v.advance(minutes{5});
  EXPECT_EQ(v.now(), at(2026, 1, 1, 0, 5, 0));
  OffsetClock o{v};
  o.set_offset(hours{-1});
  EXPECT_EQ(o.now(), at(2025, 12, 31, 23, 5, 0));
}

// The one duration grammar (clock.hpp): digits, then ms, s, m, h or d.
TEST(Duration, ReadsEveryUnit) {
  EXPECT_EQ(parse_duration("1500ms"), Millis{1500});
  EXPECT_EQ(parse_duration("90s"), seconds{90});
  EXPECT_EQ(parse_duration("30m"), minutes{30});
  EXPECT_EQ(parse_duration("24h"), hours{24});
  EXPECT_EQ(parse_duration("7d"), days{7});
  EXPECT_EQ(parse_duration("0s"), Millis{0});  // callers wanting a positive duration refuse it
  EXPECT_EQ(parse_duration("10000000d"), days{10'000'000});
}

TEST(Duration, RefusesAnythingElse) {
  for (const char* bad : {"", "d", "ms", "7", "7 d", " 7d", "7d ", "-5m", "+5m", "1.5h", "1e3s", "5x", "5M", "5D",
                          "5sec", "5mss", "10000001d", "99999999999999999999s"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace samlh::core
