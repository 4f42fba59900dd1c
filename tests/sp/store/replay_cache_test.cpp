#include <gtest/gtest.h>

#include "sp/store/sqlite_replay_cache.hpp"
#include "tests/sp/temp_dir.hpp"

namespace samlh::sp {
namespace {

using namespace std::chrono_literals;

core::Instant t0() { return *core::parse_saml_time("2026-03-01T12:00:00Z"); }
constexpr const char* kIssuer = "http://www.okta.com/exk1acmeH0tjar5Sx0h7";

class SqliteReplayCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = std::move(Store::open(":memory:")).value(); }
  // One request's claim, as the ACS makes it: noted during validation, then
  // recorded in a transaction that commits (or not). record()'s answer.
  bool claim_and_record(SqliteReplayCache& cache, const char* id, core::Instant expires, core::Instant now,
                        bool commit = true) {
    SqliteReplayCache::Claim c(cache);
    EXPECT_TRUE(c.remember(kIssuer, id, expires, now));
    auto db = store_->lock();
    auto tx = db->transaction();
    const bool recorded = c.record(db);
    if (commit) tx.commit();
    return recorded;
  }
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteReplayCacheTest, FirstUseIsAcceptedAndAReplayIsRefused) {
  SqliteReplayCache cache(*store_);
  EXPECT_TRUE(cache.remember(kIssuer, "id123", t0() + 5min, t0()));
  EXPECT_FALSE(cache.remember(kIssuer, "id123", t0() + 5min, t0() + 1s));
  EXPECT_EQ(cache.size(), 1u);
}

TEST_F(SqliteReplayCacheTest, KeyedOnIssuerAndAssertionId) {
  SqliteReplayCache cache(*store_);
  EXPECT_TRUE(cache.remember(kIssuer, "id123", t0() + 5min, t0()));
  EXPECT_TRUE(cache.remember("http://www.okta.com/exkOTHER", "id123", t0() + 5min, t0()));
  EXPECT_TRUE(cache.remember(kIssuer, "id124", t0() + 5min, t0()));
}

TEST_F(SqliteReplayCacheTest, ExpiredEntriesArePurgedAndLiveOnesKept) {
  SqliteReplayCache cache(*store_);
  ASSERT_TRUE(cache.remember(kIssuer, "old", t0() + 5min, t0()));
  ASSERT_TRUE(cache.remember(kIssuer, "new", t0() + 15min, t0()));
  EXPECT_EQ(cache.purge(t0() + 5min), 0u);  // expiry instant itself: kept until after it
  EXPECT_EQ(cache.purge(t0() + 10min), 1u);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_FALSE(cache.remember(kIssuer, "new", t0() + 15min, t0() + 10min));
}

TEST_F(SqliteReplayCacheTest, PurgesOnItsOwnEveryNInserts) {
  SqliteReplayCache cache(*store_, /*purge_every=*/3);
  ASSERT_TRUE(cache.remember(kIssuer, "a", t0() + 1min, t0()));
  ASSERT_TRUE(cache.remember(kIssuer, "b", t0() + 1min, t0()));
  EXPECT_EQ(cache.size(), 2u);
  ASSERT_TRUE(cache.remember(kIssuer, "c", t0() + 1h, t0() + 30min));  // third insert purges a and b first
  EXPECT_EQ(cache.size(), 1u);
}

TEST(SqliteReplayCacheFile, UsedIdsSurviveARestart) {
  testing::TempDir dir;
  const std::string path = dir.file("sp.db");
  {
    auto store = std::move(Store::open(path)).value();
    SqliteReplayCache cache(*store);
    ASSERT_TRUE(cache.remember(kIssuer, "id9", t0() + 5min, t0()));
  }
  auto store = std::move(Store::open(path)).value();
  SqliteReplayCache cache(*store);
  EXPECT_FALSE(cache.remember(kIssuer, "id9", t0() + 5min, t0() + 1min));
}

TEST_F(SqliteReplayCacheTest, AClaimOnlyNotesTheIdUntilRecorded) {
  SqliteReplayCache cache(*store_);
  SqliteReplayCache::Claim c(cache);
  EXPECT_FALSE(c.noted());
  ASSERT_TRUE(c.remember(kIssuer, "id1", t0() + 5min, t0()));
  EXPECT_TRUE(c.noted());
  EXPECT_EQ(c.assertion_id(), "id1");
  EXPECT_FALSE(c.remember(kIssuer, "id1b", t0() + 5min, t0()));  // one assertion per claim
  EXPECT_EQ(cache.size(), 0u);  // nothing stored before record()
  SqliteReplayCache::Claim unnoted(cache);
  {
    auto db = store_->lock();
    EXPECT_FALSE(unnoted.record(db));
  }
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(SqliteReplayCacheTest, OfTwoClaimsOnOneIdOnlyTheFirstToRecordPasses) {
  SqliteReplayCache cache(*store_);
  SqliteReplayCache::Claim first(cache), racing(cache);
  ASSERT_TRUE(first.remember(kIssuer, "id1", t0() + 5min, t0()));
  ASSERT_TRUE(racing.remember(kIssuer, "id1", t0() + 5min, t0()));  // both validated at once
  auto db = store_->lock();
  {
    auto tx = db->transaction();
    EXPECT_TRUE(first.record(db));
    tx.commit();
  }
  auto tx = db->transaction();
  EXPECT_FALSE(racing.record(db));
}

TEST_F(SqliteReplayCacheTest, ARecordedClaimRefusesTheIdForeverAfter) {
  SqliteReplayCache cache(*store_);
  EXPECT_TRUE(claim_and_record(cache, "id2", t0() + 5min, t0()));
  EXPECT_EQ(cache.size(), 1u);
  // A later claim passes validation; storing it finds the row: the caller
  // turns the verdict into replay_assertion.
  EXPECT_FALSE(claim_and_record(cache, "id2", t0() + 5min, t0() + 1s));
  // The one-step path agrees.
  EXPECT_FALSE(cache.remember(kIssuer, "id2", t0() + 5min, t0() + 1s));
}

TEST_F(SqliteReplayCacheTest, ARolledBackRecordLeavesTheIdUnspent) {
  SqliteReplayCache cache(*store_);
  EXPECT_TRUE(claim_and_record(cache, "id3", t0() + 5min, t0(), /*commit=*/false));
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_TRUE(cache.remember(kIssuer, "id3", t0() + 5min, t0()));
}

TEST_F(SqliteReplayCacheTest, ClaimsPurgeExpiredRowsEveryNRecords) {
  SqliteReplayCache cache(*store_, /*purge_every=*/2);
  ASSERT_TRUE(claim_and_record(cache, "a", t0() + 1min, t0()));
  EXPECT_EQ(cache.size(), 1u);
  ASSERT_TRUE(claim_and_record(cache, "b", t0() + 1h, t0() + 30min));  // the second record purges a first
  EXPECT_EQ(cache.size(), 1u);
}

TEST(MemoryReplayCacheContract, BehavesLikeTheSqliteOneOnFirstUseAndReplay) {
  MemoryReplayCache cache;
  EXPECT_TRUE(cache.remember(kIssuer, "id1", t0() + 5min, t0()));
  EXPECT_FALSE(cache.remember(kIssuer, "id1", t0() + 5min, t0()));
}

}  // namespace
}  // namespace samlh::sp
