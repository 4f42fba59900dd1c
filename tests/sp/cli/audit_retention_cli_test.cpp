// `sp audit` on a log the retention cap has shortened (sp/AUDIT.md,
// "Retention"): the audit_pruned records are listed and the table ends with
// how many records went. And the pending invitations' links after the table.
#include <gtest/gtest.h>

#include <chrono>

#include "core/clock.hpp"
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

TEST(SpAuditInvitations, TheTableEndsWithEachPendingInvitationsLink) {
  ScratchDir dir;
  const std::string db = dir.path("sp.db");
  {
    sp::StoreOptions o;
    o.wal_checkpoint_step_pages = 0;
    auto store = sp::Store::open(db, o);
    ASSERT_TRUE(store.ok());
    auto lock = (*store)->lock();
    sp::Account a;
    a.owner_email = "carol@acme.test";
    sp::Organization org;
    org.account_id = lock->insert_account(a);
    org.slug = "acme";
    org.name = "Acme";
    org.sso.acs_url = "http://127.0.0.1:8081/sso/acme/acs";
    org.id = lock->insert_org(org);
    const core::Instant t = core::SystemClock().now();
    sp::Invitation pending{"pendingtoken0123", org.id, "bob@acme.test", sp::Role::read_write, "carol@acme.test", t,
                           t + std::chrono::hours(24), sp::InvitationStatus::pending};
    sp::Invitation used = pending;
    used.token = "acceptedtoken0123";
    used.email = "erin@acme.test";
    used.status = sp::InvitationStatus::accepted;
    lock->insert_invitation(pending);
    lock->insert_invitation(used);
  }
  const auto table = run_process({kSpBin, "audit", "--db", db});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("1 pending invitation(s)"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("bob@acme.test"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("http://127.0.0.1:8081/sso/acme/invite/pendingtoken0123"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("acceptedtoken0123"), std::string::npos) << table.out;  // only pending ones
  const auto other = run_process({kSpBin, "audit", "--db", db, "--subject", "dan@acme.test"});
  EXPECT_EQ(other.out.find("pending invitation"), std::string::npos) << other.out;
  const auto json = run_process({kSpBin, "audit", "--db", db, "--json"});
  EXPECT_EQ(json.out.find("/invite/"), std::string::npos) << json.out;  // JSON lines stay records only
}

}  // namespace
}  // namespace samlh::test
