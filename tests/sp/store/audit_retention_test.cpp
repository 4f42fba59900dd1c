// The audit log's retention (sp/AUDIT.md, "Retention"): past the cap the
// oldest unauthenticated refusals go first, with a record of how many; the
// evidence (accepted logins, admin actions, gap codes) always stays.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "sp/store/store.hpp"

namespace samlh::sp {
namespace {

core::Instant t0() { return *core::parse_saml_time("2026-03-01T12:00:00Z"); }

std::unique_ptr<Store> capped_store(std::int64_t cap) {
  StoreOptions o;
  o.audit_max_records = cap;
  auto s = Store::open(":memory:", o);
  EXPECT_TRUE(s.ok());
  return s.ok() ? std::move(s).value() : nullptr;
}

// The record kinds of the test: the evidence, then what an unauthenticated
// client can cause as often as it likes.
AuditRecord record_of_kind(int kind, int i) {
  const core::Instant at = t0() + core::Millis{i};
  const std::string who = "user" + std::to_string(i) + "@acme.test";
  switch (kind) {
    case 0: return AuditEntry(AuditEvent::sso_login, at).org("acme").subject(who).succeeded().take();
    case 1:  // an admin action, refused: still an admin action
      return AuditEntry(AuditEvent::invite, at).org("acme").actor("alice@acme.test").refused(LoginReason::login_forbidden).take();
    case 2:  // a refusal that carries a gap code
      return AuditEntry(AuditEvent::sso_login, at).org("acme").subject(who).refused(LoginReason::login_no_membership)
          .gap(Gap::invitation_required).take();
    case 3: return AuditEntry(AuditEvent::idp_deactivated, at).org("acme").subject(who).observed().take();
    case 4: return AuditEntry(AuditEvent::sso_validation, at).org("acme").refused(core::Reason::sig_invalid).take();
    case 5: return AuditEntry(AuditEvent::password_login, at).subject(who).refused(LoginReason::login_bad_password).take();
    case 6: return AuditEntry(AuditEvent::session_use, at).refused(LoginReason::login_session_expired).take();
    default: return AuditEntry(AuditEvent::sso_login, at).org("nope").refused(LoginReason::login_org_unknown).take();
  }
}
bool is_evidence(int kind) { return kind < 4; }

std::int64_t append(Store& s, AuditRecord rec) {
  auto db = s.lock();
  auto tx = db->transaction();
  const std::int64_t seq = db->append_audit(rec);
  tx.commit();
  return seq;
}

std::vector<AuditRecord> all_records(Store& s) {
  AuditQuery q;
  q.limit = 1'000'000;
  return s.lock()->query_audit(q);
}

TEST(AuditRetention, PastTheCapRefusalsGoOldestFirstAndEveryPieceOfEvidenceStays) {
  constexpr std::int64_t kCap = 200;
  auto s = capped_store(kCap);
  ASSERT_TRUE(s);
  std::set<std::int64_t> evidence, refusals;
  std::int64_t last_seq = 0;
  for (int i = 0; i < 400; ++i) {
    const int kind = i % 16 < 4 ? i % 16 : 4 + i % 4;  // a quarter evidence
    const std::int64_t seq = append(*s, record_of_kind(kind, i));
    EXPECT_GT(seq, last_seq) << "a sequence number was reused";
    last_seq = seq;
    (is_evidence(kind) ? evidence : refusals).insert(seq);
    ASSERT_LE(s->lock()->audit_size(), kCap);
  }
  const auto kept = all_records(*s);
  std::set<std::int64_t> kept_seqs, pruned_summaries;
  for (const AuditRecord& r : kept) {
    kept_seqs.insert(r.seq);
    if (r.event == AuditEvent::audit_pruned) {
      EXPECT_EQ(r.outcome, AuditOutcome::observed);
      pruned_summaries.insert(r.seq);
    }
  }
  for (std::int64_t seq : evidence) EXPECT_TRUE(kept_seqs.count(seq)) << "evidence record " << seq << " was dropped";
  std::int64_t dropped = 0, newest_dropped = 0, oldest_kept = 0;
  for (std::int64_t seq : refusals) {
    if (kept_seqs.count(seq)) {
      if (oldest_kept == 0) oldest_kept = seq;
    } else {
      ++dropped;
      newest_dropped = seq;
    }
  }
  EXPECT_GT(dropped, 0);
  EXPECT_LT(newest_dropped, oldest_kept) << "a newer refusal went before an older one";
  EXPECT_FALSE(pruned_summaries.empty());
  // Every record ever appended has a seq (1, 2, ...: none reused), the
  // summaries included: those not kept are exactly the count.
  const std::int64_t appended = kept.back().seq;
  EXPECT_EQ(s->lock()->audit_dropped_total(), appended - static_cast<std::int64_t>(kept.size()));
  EXPECT_GE(s->lock()->audit_dropped_total(), dropped);
}

TEST(AuditRetention, AFloodOfRefusalsStaysUnderTheCapAndSaysHowManyWent) {
  constexpr std::int64_t kCap = 50;
  auto s = capped_store(kCap);
  ASSERT_TRUE(s);
  const std::int64_t accepted = append(*s, record_of_kind(0, 0));
  for (int i = 1; i <= 500; ++i) {
    append(*s, record_of_kind(4 + i % 4, i));
    ASSERT_LE(s->lock()->audit_size(), kCap);
  }
  const auto kept = all_records(*s);
  EXPECT_EQ(kept.front().seq, accepted);
  // Each summary carries the running total; older ones go oldest first like
  // the refusals (counted), so at most one per tenth of the cap is left.
  std::int64_t summaries = 0;
  for (const AuditRecord& r : kept) summaries += r.event == AuditEvent::audit_pruned ? 1 : 0;
  EXPECT_GE(summaries, 1);
  EXPECT_LE(summaries, 11);
  const std::int64_t appended = s->lock()->query_audit({}).back().seq;
  EXPECT_EQ(s->lock()->audit_dropped_total(), appended - static_cast<std::int64_t>(kept.size()));
}

TEST(AuditRetention, EvidenceAloneBeyondTheCapIsAllKept) {
  auto s = capped_store(10);
  ASSERT_TRUE(s);
  for (int i = 0; i < 40; ++i) append(*s, record_of_kind(i % 4, i));
  EXPECT_EQ(s->lock()->audit_size(), 40);
  EXPECT_EQ(s->lock()->audit_dropped_total(), 0);
  for (const AuditRecord& r : all_records(*s)) EXPECT_NE(r.event, AuditEvent::audit_pruned);
}

TEST(AuditRetention, ThePruneIsOneTransactionWithTheCallers) {
  auto s = capped_store(0);  // no cap: prune only when asked
  ASSERT_TRUE(s);
  for (int i = 0; i < 20; ++i) append(*s, record_of_kind(4, i));
  {
    auto db = s->lock();
    auto tx = db->transaction();
    const AuditPrune p = db->prune_audit(5, t0());
    EXPECT_EQ(p.dropped, 16);  // 20 records + the summary, down to 5
    EXPECT_EQ(db->audit_size(), 5);
    EXPECT_EQ(p.first_seq, 1);
    EXPECT_EQ(p.last_seq, 16);
    // No commit: the caller's transaction rolls back, and the prune with it.
  }
  EXPECT_EQ(s->lock()->audit_size(), 20);
  EXPECT_EQ(s->lock()->audit_dropped_total(), 0);
  const AuditPrune p = s->lock()->prune_audit(5, t0());
  EXPECT_EQ(p.dropped_total, 16);
  EXPECT_EQ(s->lock()->audit_size(), 5);
  EXPECT_EQ(all_records(*s).back().seq, p.summary_seq);
  EXPECT_GT(p.summary_seq, 20) << "the newest record was kept, so no number is reused";
}

}  // namespace
}  // namespace samlh::sp
