#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "sp/store/sqlite.hpp"
#include "sp/store/store.hpp"
#include "sp/store/store_schema.hpp"
#include "tests/sp/temp_dir.hpp"

namespace samlh::sp {
namespace {

using testing::TempDir;

std::unique_ptr<Store> open_ok(const std::string& path, StoreOptions o = {}) {
  auto s = Store::open(path, o);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.failure().detail);
  return s.ok() ? std::move(s).value() : nullptr;
}

core::Instant t0() { return *core::parse_saml_time("2026-03-01T12:00:00Z"); }

TEST(StoreMigrations, NewFileIsMigratedToTheLatestVersionInWalMode) {
  TempDir dir;
  auto s = open_ok(dir.file("sp.db"));
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->fresh());
  auto db = s->lock();
  EXPECT_EQ(db->schema_version(), Store::latest_schema_version());
  EXPECT_EQ(db->journal_mode(), "wal");
  EXPECT_EQ(db->integrity_check(), "ok");
  auto q = db->db().query("PRAGMA synchronous");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 2);  // FULL
  auto fk = db->db().query("PRAGMA foreign_keys");
  ASSERT_TRUE(fk.step());
  EXPECT_EQ(fk.integer(0), 1);
}

// An audit record of `event` for acme at t0.
AuditRecord acme_record(AuditEvent event) { return AuditEntry(event, t0()).org("acme").take(); }

// Appends `n` audit records, one commit each; returns the WAL file's largest size.
std::uintmax_t append_records(Store& s, const std::string& path, int n, WalCheckpointer* wait_for = nullptr) {
  std::uintmax_t largest = 0;
  for (int i = 0; i < n; ++i) {
    {
      auto db = s.lock();
      auto tx = db->transaction();
      AuditRecord rec = acme_record(AuditEvent::sso_validation);
      rec.subject = "user" + std::to_string(i) + "@acme.test";
      rec.detail = std::string(300, 'x');
      db->append_audit(rec);
      tx.commit();
    }
    if (wait_for != nullptr) wait_for->wait_idle();
    largest = std::max(largest, std::filesystem::file_size(path + "-wal"));
  }
  return largest;
}

std::uintmax_t frame_bytes(Store& s) {
  auto db = s.lock();
  auto page = db->db().query("PRAGMA page_size");
  return page.step() ? static_cast<std::uintmax_t>(page.integer(0) + 24) : 0;
}

TEST(StoreWal, CheckpointsAtTheConfiguredSizeKeepTheWalBounded) {
  TempDir dir;
  const std::string path = dir.file("sp.db");
  {
    auto s = open_ok(path);
    ASSERT_NE(s->checkpointer(), nullptr);  // the default: its hook replaces SQLite's
    StoreOptions plain;
    plain.wal_checkpoint_step_pages = 0;
    auto sq = open_ok(path, plain);
    auto db = sq->lock();
    auto q = db->db().query("PRAGMA wal_autocheckpoint");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.integer(0), 10'000);  // the default mark
  }
  // SQLite's own inline checkpoints (no background thread), then the
  // checkpointer's inline path (a step it never reaches).
  for (int step : {0, 1'000'000}) {
    StoreOptions o;
    o.sync = StoreSync::normal;
    o.wal_autocheckpoint_pages = 40;
    o.wal_checkpoint_step_pages = step;
    auto s = open_ok(path, o);
    ASSERT_TRUE(s);
    const std::uintmax_t largest = append_records(*s, path, 600);
    // Without checkpoints 600 commits of 3+ pages each would pass 1800
    // pages; with them the WAL is restarted past 40 (a commit's frames may
    // overshoot the mark, and the file keeps its largest size).
    EXPECT_LT(largest, frame_bytes(*s) * 80) << "step " << step;
    if (step != 0) {
      ASSERT_NE(s->checkpointer(), nullptr);
      EXPECT_GT(s->checkpointer()->inline_runs(), 10u);
      EXPECT_EQ(s->checkpointer()->background_runs(), 0u);
    }
  }
  auto s = open_ok(path);
  EXPECT_EQ(s->lock()->query_audit(AuditQuery{}).size(), 1200u);
}

// The background checkpointer copies the WAL outside the store lock; with it
// idle between commits (wait_idle), every PASSIVE run completes, so the next
// commit restarts the WAL and it never grows past a step.
TEST(StoreWal, BackgroundCheckpointsKeepTheWalWithinAStep) {
  TempDir dir;
  const std::string path = dir.file("sp.db");
  StoreOptions o;
  o.sync = StoreSync::normal;
  o.wal_autocheckpoint_pages = 1'000'000;  // never inline
  o.wal_checkpoint_step_pages = 20;
  auto s = open_ok(path, o);
  ASSERT_TRUE(s);
  ASSERT_NE(s->checkpointer(), nullptr);
  const std::uintmax_t largest = append_records(*s, path, 600, s->checkpointer());
  EXPECT_GT(s->checkpointer()->background_runs(), 10u);
  EXPECT_EQ(s->checkpointer()->inline_runs(), 0u);
  EXPECT_LT(largest, frame_bytes(*s) * 40);
  // Everything committed is readable from a fresh connection after a restart.
  s.reset();
  auto reopened = open_ok(path);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->lock()->query_audit(AuditQuery{}).size(), 600u);
  EXPECT_EQ(reopened->lock()->integrity_check(), "ok");
}

TEST(StoreWal, MemoryDatabasesHaveNoCheckpointer) {
  auto s = open_ok(":memory:");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->checkpointer(), nullptr);
}

TEST(StoreMigrations, EmptyExistingFileIsMigrated) {
  TempDir dir;
  { std::ofstream(dir.file("empty.db")); }
  auto s = open_ok(dir.file("empty.db"));
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->fresh());
  auto db = s->lock();
  EXPECT_EQ(db->schema_version(), Store::latest_schema_version());
}

TEST(StoreMigrations, ReopenKeepsDataAndRunsNoMigrationAgain) {
  TempDir dir;
  const std::string path = dir.file("sp.db");
  {
    auto s = open_ok(path);
    auto db = s->lock();
    auto tx = db->transaction();
    db->insert_account(Account{0, "Acme", "carol@acme.test", t0()});
    tx.commit();
  }
  auto s = open_ok(path);
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->fresh());
  EXPECT_EQ(s->lock()->schema_version(), Store::latest_schema_version());
  ASSERT_TRUE(s->lock()->account_owned_by("carol@acme.test").has_value());
}

TEST(StoreMigrations, UpgradesAnOlderSchemaKeepingItsData) {
  TempDir dir;
  const std::string path = dir.file("sp.db");
  {
    auto s = open_ok(path, StoreOptions{1});
    ASSERT_TRUE(s);
    EXPECT_EQ(s->lock()->schema_version(), 1);
    s->lock()->insert_account(Account{0, "Acme", "carol@acme.test", t0()});
    // Version 2's table does not exist yet.
    EXPECT_THROW(s->lock()->db().query("SELECT count(*) FROM idp_observations"), sql::Error);
  }
  auto s = open_ok(path);
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->fresh());
  auto db = s->lock();
  EXPECT_EQ(db->schema_version(), Store::latest_schema_version());
  EXPECT_TRUE(db->account_owned_by("carol@acme.test").has_value());
  auto q = db->db().query("SELECT count(*) FROM idp_observations");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 0);
}

// Version 5 rebuilds the audit log: every record keeps its seq and fields,
// the unread indexes and the AUTOINCREMENT bookkeeping are gone, and the
// next record still follows the last one.
TEST(StoreMigrations, AuditLogRebuildKeepsEveryRecordAndItsSequence) {
  TempDir dir;
  const std::string path = dir.file("sp.db");
  std::vector<std::int64_t> before;
  {
    auto s = open_ok(path, StoreOptions{4});
    ASSERT_TRUE(s);
    auto db = s->lock();
    auto tx = db->transaction();
    // Written as version 4 had them (append_audit writes today's columns).
    for (int i = 0; i < 3; ++i) {
      db->db()
          .query("INSERT INTO audit_log(time_ms, org, event, actor, subject, flow, outcome, reason, gaps, detail) "
                 "VALUES(?, ?, 'sso_login', NULL, ?, NULL, ?, NULL, '[\"invitation_required\"]', ?)")
          .bind_all(to_ms(t0() + std::chrono::seconds(i)), i == 1 ? "globex" : "acme",
                    "user" + std::to_string(i) + "@acme.test", i == 2 ? "refused" : "success",
                    "record " + std::to_string(i))
          .run();
      before.push_back(db->db().last_insert_rowid());
    }
    tx.commit();
    auto idx = db->db().query("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'");
    ASSERT_TRUE(idx.step());
    EXPECT_EQ(idx.integer(0), 3);  // what version 5 removes
  }
  auto s = open_ok(path);
  ASSERT_TRUE(s);
  auto db = s->lock();
  EXPECT_EQ(db->schema_version(), Store::latest_schema_version());
  auto all = db->query_audit({});
  ASSERT_EQ(all.size(), 3u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, before[i]);
    EXPECT_EQ(all[i].event, AuditEvent::sso_login);
    EXPECT_EQ(all[i].detail, "record " + std::to_string(i));
    EXPECT_EQ(all[i].subject, "user" + std::to_string(i) + "@acme.test");
    EXPECT_EQ(all[i].gaps, std::vector<Gap>{Gap::invitation_required});
    EXPECT_TRUE(all[i].weak.empty());  // version 6: an empty list for older records
  }
  AuditQuery by_org;
  by_org.org = "globex";
  auto globex = db->query_audit(by_org);
  ASSERT_EQ(globex.size(), 1u);
  EXPECT_EQ(globex[0].seq, before[1]);
  {
    auto idx = db->db().query("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'");
    ASSERT_TRUE(idx.step());
    EXPECT_EQ(idx.integer(0), 0);
    auto seqrow = db->db().query("SELECT count(*) FROM sqlite_sequence WHERE name = 'audit_log'");
    ASSERT_TRUE(seqrow.step());
    EXPECT_EQ(seqrow.integer(0), 0);
  }
  auto tx = db->transaction();
  AuditRecord next = AuditEntry(AuditEvent::sso_login, t0()).take();
  EXPECT_EQ(db->append_audit(next), before.back() + 1);
  tx.commit();
  EXPECT_EQ(db->integrity_check(), "ok");
}

// The weak options a verdict relied on are a list in the record, stored and
// read back as it was written; an event is its table value.
TEST(StoreAudit, WeakOptionsAndTheEventRoundTrip) {
  auto s = open_ok(":memory:");
  ASSERT_TRUE(s);
  auto db = s->lock();
  AuditRecord rec = AuditEntry(AuditEvent::sso_validation, t0())
                        .org("acme")
                        .weak(core::Weakness::sha1_signature)
                        .weak(core::Weakness::expired_idp_certificate)
                        .weak(core::Weakness::sha1_signature)  // kept once
                        .take();
  db->append_audit(rec);
  AuditQuery q;
  q.event = AuditEvent::sso_validation;
  auto back = db->query_audit(q);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].event, AuditEvent::sso_validation);
  EXPECT_EQ(back[0].weak,
            (std::vector<core::Weakness>{core::Weakness::sha1_signature, core::Weakness::expired_idp_certificate}));
  q.event = AuditEvent::sso_login;
  EXPECT_TRUE(db->query_audit(q).empty());
}

TEST(StoreMigrations, MigrationVersionsAreDenseAndOrdered) {
  int expected = 1;
  for (const Migration& m : migrations()) EXPECT_EQ(m.version, expected++);
}

TEST(StoreMigrations, NewerSchemaThanTheProgramIsRefused) {
  TempDir dir;
  const std::string path = dir.file("sp.db");
  {
    auto s = open_ok(path);
    s->lock()->db().exec("PRAGMA user_version = 99");
  }
  auto s = Store::open(path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.reason(), sp::LoginReason::login_store_failed);
}

TEST(StoreMigrations, UnopenablePathIsAStoreFailure) {
  auto s = Store::open("/nonexistent-dir/for/sure/sp.db");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.reason(), sp::LoginReason::login_store_failed);
}

TEST(Store, OneAccountPerOwnerEmailIsEnforcedBySchema) {
  auto s = open_ok(":memory:");
  auto db = s->lock();
  db->insert_account(Account{0, "A", "carol@acme.test", t0()});
  EXPECT_THROW(db->insert_account(Account{0, "B", "carol@acme.test", t0()}), sql::Error);  // [H6]
}

TEST(Store, OrganizationAndSettingsRoundTrip) {
  auto s = open_ok(":memory:");
  auto db = s->lock();
  const AccountId a = db->insert_account(Account{0, "A", "carol@acme.test", t0()});
  Organization o{0, a, "acme", "Acme", {}, t0()};
  o.sso.idp_entity_id = "http://www.okta.com/exk1acmeH0tjar5Sx0h7";
  o.sso.idp_certificates = {"-----BEGIN CERTIFICATE-----\nA\n", "-----BEGIN CERTIFICATE-----\nB\n"};
  o.sso.allowed_email_domains = {"acme.test"};
  o.sso.sso_enabled = true;
  o.sso.session_lifetime = std::chrono::hours{2};
  o.sso.idp_team_group = "hotjar-acme";
  o.id = db->insert_org(o);
  auto back = db->org_by_slug("acme");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->id, o.id);
  EXPECT_EQ(back->sso.idp_certificates, o.sso.idp_certificates);
  EXPECT_EQ(back->sso.allowed_email_domains, o.sso.allowed_email_domains);
  EXPECT_EQ(back->sso.session_lifetime, o.sso.session_lifetime);
  EXPECT_EQ(back->sso.email_attribute_names, SsoSettings{}.email_attribute_names);
  EXPECT_TRUE(back->sso.sso_enabled);
  EXPECT_EQ(back->sso.idp_team_group, "hotjar-acme");
  EXPECT_EQ(db->orgs_in_account(a).size(), 1u);
}

TEST(Store, SessionTokensAreStoredOnlyAsHashes) {
  auto s = open_ok(":memory:");
  auto db = s->lock();
  const AccountId a = db->insert_account(Account{0, "A", "carol@acme.test", t0()});
  const OrgId org = db->insert_org(Organization{0, a, "acme", "Acme", {}, t0()});
  Session sess;
  sess.token = "secret-session-token";
  sess.org_id = org;
  sess.email = "carol@acme.test";
  sess.created = t0();
  sess.expires = t0() + std::chrono::hours{1};
  db->insert_session(sess);
  auto q = db->db().query("SELECT count(*) FROM sessions WHERE token_sha256 = ?");
  q.bind("secret-session-token");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.integer(0), 0);
  ASSERT_TRUE(db->session_by_token("secret-session-token").has_value());
}

TEST(Store, FailedTransactionLeavesNothingBehind) {
  auto s = open_ok(":memory:");
  auto db = s->lock();
  try {
    auto tx = db->transaction();
    db->insert_account(Account{0, "A", "carol@acme.test", t0()});
    db->insert_account(Account{0, "B", "carol@acme.test", t0()});  // throws: unique owner
    tx.commit();
  } catch (const sql::Error&) {
  }
  EXPECT_FALSE(db->account_owned_by("carol@acme.test").has_value());
}


// The organization cache (store_orgs.cpp) must never serve settings that are
// not the committed ones: each way of changing them is observed.
Organization acme_org(AccountId account) {
  Organization o;
  o.account_id = account;
  o.slug = "acme";
  o.name = "Acme";
  o.created = t0();
  o.sso.idp_entity_id = "urn:idp:one";
  o.sso.sso_enabled = true;
  return o;
}

TEST(StoreOrgCache, SeesUpdatesThroughTheStoreAndThroughRawSql) {
  auto s = open_ok(":memory:");
  ASSERT_TRUE(s);
  auto db = s->lock();
  const OrgId id = db->insert_org(acme_org(db->insert_account(Account{0, "Acme", "carol@acme.test", t0()})));
  ASSERT_EQ(db->org_by_slug("acme")->sso.idp_entity_id, "urn:idp:one");  // now cached
  SsoSettings changed = db->org_by_slug("acme")->sso;
  changed.idp_entity_id = "urn:idp:two";
  db->update_sso(id, changed);
  EXPECT_EQ(db->org_by_slug("acme")->sso.idp_entity_id, "urn:idp:two");
  db->db().query("UPDATE sso_settings SET sso_enabled = 0 WHERE org_id = ?").bind(id).run();
  EXPECT_FALSE(db->org_by_slug("acme")->sso.sso_enabled);
  db->db().query("UPDATE organizations SET name = 'Renamed' WHERE id = ?").bind(id).run();
  EXPECT_EQ(db->org_by_slug("acme")->name, "Renamed");
  EXPECT_FALSE(db->org_by_slug("nope").has_value());
}

// The login path holds a snapshot across the store lock's release (the
// signature checks run outside it): a later write must not change it under
// the holder, and the next snapshot must show the write.
TEST(StoreOrgCache, ASnapshotIsSharedUntilAWriteAndNeverChangesUnderItsHolder) {
  auto s = open_ok(":memory:");
  ASSERT_TRUE(s);
  auto db = s->lock();
  const OrgId id = db->insert_org(acme_org(db->insert_account(Account{0, "Acme", "carol@acme.test", t0()})));
  const auto first = db->org_snapshot("acme");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(db->org_snapshot("acme"), first);  // cached: the same object, no copy
  SsoSettings changed = first->sso;
  changed.idp_entity_id = "urn:idp:two";
  db->update_sso(id, changed);
  EXPECT_EQ(first->sso.idp_entity_id, "urn:idp:one");
  const auto second = db->org_snapshot("acme");
  ASSERT_NE(second, nullptr);
  EXPECT_NE(second, first);
  EXPECT_EQ(second->sso.idp_entity_id, "urn:idp:two");
  EXPECT_EQ(db->org_snapshot("nope"), nullptr);
}

TEST(StoreOrgCache, ARolledBackChangeIsForgotten) {
  auto s = open_ok(":memory:");
  ASSERT_TRUE(s);
  auto db = s->lock();
  const OrgId id = db->insert_org(acme_org(db->insert_account(Account{0, "Acme", "carol@acme.test", t0()})));
  {
    auto tx = db->transaction();
    SsoSettings changed = db->org_by_slug("acme")->sso;
    changed.idp_entity_id = "urn:idp:uncommitted";
    db->update_sso(id, changed);
    // Read inside the transaction: the cache may hold the uncommitted value...
    EXPECT_EQ(db->org_by_slug("acme")->sso.idp_entity_id, "urn:idp:uncommitted");
  }  // ...until the rollback
  EXPECT_EQ(db->org_by_slug("acme")->sso.idp_entity_id, "urn:idp:one");
}

// Two connections to one file holding acme: `a` caches, `b` commits
// behind its back.
struct TwoConnections {
  TwoConnections() {
    a = open_ok(dir.file("sp.db"));
    b = open_ok(dir.file("sp.db"));
    if (!a || !b) return;
    auto db = a->lock();
    id = db->insert_org(acme_org(db->insert_account(Account{0, "Acme", "carol@acme.test", t0()})));
  }
  void set_entity_id_through_b(const std::string& entity) {
    auto db = b->lock();
    SsoSettings changed = db->org_by_slug("acme")->sso;
    changed.idp_entity_id = entity;
    db->update_sso(id, changed);
  }
  TempDir dir;
  std::unique_ptr<Store> a, b;
  OrgId id = 0;
};

TEST(StoreOrgCache, SeesAnotherConnectionsCommit) {
  TwoConnections c;
  ASSERT_TRUE(c.a && c.b);
  {
    auto db = c.a->lock();
    ASSERT_EQ(db->org_by_slug("acme")->sso.idp_entity_id, "urn:idp:one");
  }
  c.set_entity_id_through_b("urn:idp:from-b");
  auto db = c.a->lock();
  EXPECT_EQ(db->org_by_slug("acme")->sso.idp_entity_id, "urn:idp:from-b");
}

// last_org_snapshot is read without the store lock: it may only ever
// return what org_snapshot returned, and loses it on every event that empties
// the cache, except another connection's commit, which waits for the next
// read under the lock (the ACS confirms its snapshot there).
TEST(StoreOrgCache, TheLastSnapshotIsDroppedByEveryLocalChangeAndRenewedByTheNextLockedRead) {
  TwoConnections c;
  ASSERT_TRUE(c.a && c.b);
  Store& a = *c.a;
  EXPECT_EQ(a.last_org_snapshot("acme"), nullptr);  // nothing read yet
  auto read = [&] {
    auto db = a.lock();
    return db->org_snapshot("acme");
  };
  auto first = read();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(a.last_org_snapshot("acme"), first);
  EXPECT_EQ(a.last_org_snapshot("nope"), nullptr);
  {
    auto db = a.lock();
    SsoSettings changed = first->sso;
    changed.idp_entity_id = "urn:idp:two";
    db->update_sso(c.id, changed);
  }
  EXPECT_EQ(a.last_org_snapshot("acme"), nullptr);  // a write through the store
  ASSERT_NE(read(), nullptr);
  {
    auto db = a.lock();
    db->db().query("UPDATE organizations SET name = 'Renamed' WHERE id = ?").bind(c.id).run();
  }
  EXPECT_EQ(a.last_org_snapshot("acme"), nullptr);  // raw SQL
  ASSERT_NE(read(), nullptr);
  {
    auto db = a.lock();
    auto tx = db->transaction();
    AuditRecord rec = acme_record(AuditEvent::sso_login);
    db->append_audit(rec);
  }  // rolled back
  EXPECT_EQ(a.last_org_snapshot("acme"), nullptr);
  const auto before = read();
  ASSERT_NE(before, nullptr);
  c.set_entity_id_through_b("urn:idp:from-b");
  EXPECT_EQ(a.last_org_snapshot("acme"), before);  // not yet known here...
  const auto after = read();                        // ...until a read under the lock
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->sso.idp_entity_id, "urn:idp:from-b");
  EXPECT_EQ(a.last_org_snapshot("acme"), after);
}

}  // namespace
}  // namespace samlh::sp
