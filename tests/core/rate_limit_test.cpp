// core::RateLimiter: token buckets per key, with a steady time passed in.
#include <gtest/gtest.h>

#include <string>

#include "core/rate_limit.hpp"

using namespace samlh::core;
using namespace std::chrono_literals;

namespace {
const RateLimiter::Time t0{};
}

TEST(RateLimiter, LetsCountThroughThenOneEveryPerOverCount) {
  RateLimiter l({3, 60s});
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(l.take("a", t0)) << i;
  auto wait = l.take("a", t0);
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 20s);                 // one token per 20 s
  EXPECT_TRUE(l.take("a", t0 + 19s));    // not yet
  EXPECT_FALSE(l.take("a", t0 + 20s));   // one more
  EXPECT_TRUE(l.take("a", t0 + 20s));
  EXPECT_FALSE(l.take("b", t0));         // another key has its own bucket
}

TEST(RateLimiter, PeekTakesNothingAndForgetRefills) {
  RateLimiter l({1, 60s});
  EXPECT_FALSE(l.peek("k", t0));
  EXPECT_FALSE(l.peek("k", t0));
  EXPECT_FALSE(l.take("k", t0));
  EXPECT_TRUE(l.peek("k", t0));
  l.forget("k");
  EXPECT_FALSE(l.peek("k", t0));
}

TEST(RateLimiter, CountZeroIsOff) {
  RateLimiter l({0, 60s});
  for (int i = 0; i < 1000; ++i) ASSERT_FALSE(l.take("a", t0));
  EXPECT_EQ(l.keys(), 0u);
}

TEST(RateLimiter, KeysStayBounded) {
  RateLimiter l({2, 60s}, 100);
  for (int i = 0; i < 1000; ++i) {
    (void)l.take(std::to_string(i), t0);
    (void)l.take(std::to_string(i), t0);  // empty: not forgettable as full
  }
  EXPECT_LE(l.keys(), 100u);
  // A recent key survives a shrink of older ones.
  EXPECT_TRUE(l.take("999", t0));
}
