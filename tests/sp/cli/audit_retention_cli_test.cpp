// `sp audit` on a log the retention cap has shortened (sp/AUDIT.md,
// "Retention"): the audit_pruned records are listed and the table ends with
// how many records went.
#include <gtest/gtest.h>

#include "sp/store/store.hpp"
#include "tests/sp/cli/cli_support.hpp"

namespace samlh::test {
namespace {

TEST(SpAuditRetention, TheTableSaysHowManyRecordsTheCapDropped) {
  ScratchDir dir;
  const std::string db = dir.path("sp.db");
  std::int64_t dropped = 0;
  {
    sp::StoreOptions o;
    o.wal_checkpoint_step_pages = 0;
    o.audit_max_records = 20;
    auto store = sp::Store::open(db, o);
    ASSERT_TRUE(store.ok());
    auto lock = (*store)->lock();
    auto tx = lock->transaction();  // one commit: no fsync per record
    const core::Instant t = *core::parse_saml_time("2026-03-01T12:00:00Z");
    for (int i = 0; i < 60; ++i) {
      sp::AuditRecord r = sp::AuditEntry(sp::AuditEvent::sso_validation, t).org("acme")
                              .refused(core::Reason::sig_invalid).take();
      lock->append_audit(r);
    }
    tx.commit();
    dropped = lock->audit_dropped_total();
  }
  ASSERT_GT(dropped, 0);
  const auto table = run_process({kSpBin, "audit", "--db", db});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find(std::to_string(dropped) + " older record(s) dropped by the retention cap"), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("audit_pruned"), std::string::npos) << table.out;
  const auto json = run_process({kSpBin, "audit", "--db", db, "--json", "--event", "audit_pruned"});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"outcome\":\"observed\""), std::string::npos) << json.out;
}

}  // namespace
}  // namespace samlh::test
