// The SP's state in one SQLite file: accounts, organizations and their SSO
// settings, members, invitations, sessions, password accounts, admin tokens,
// the IdP observations, the replay cache and the audit log.
//
// Durability: WAL with synchronous=FULL. In WAL mode NORMAL already survives
// a killed process, but a power cut can lose the last commits; FULL syncs the
// WAL on every commit so an audit record, once committed, survives both. The
// cost is one fsync per login or admin action, which is noise at SSO rates.
// Schema: numbered migration steps (store_schema.cpp), tracked by
// PRAGMA user_version, all pending steps applied in one transaction.
//
// Typed methods (StoreTables) throw sql::Error on a storage failure; callers
// outside sp/ use the services (Accounts, AuditLog, SqliteReplayCache), which
// return LoginReason::login_store_failed instead. The typed methods are
// reachable only through the StoreLock that Store::lock() returns.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "sp/model/audit_record.hpp"
#include "sp/model/login_reason.hpp"
#include "sp/model/model.hpp"
#include "sp/store/sqlite.hpp"
#include "sp/store/wal_checkpointer.hpp"

namespace samlh::sp {

// FULL: every commit is fsynced (survives a power cut). NORMAL (WAL): a
// commit reaches the OS before the call returns, so a killed process loses
// nothing, but a power cut may lose the last commits; it spares the fsync
// (about 4 ms on the CI disk), which caps a server at a few hundred commits
// per second. `sp serve --sync` chooses; FULL is the default.
enum class StoreSync : std::uint8_t { full, normal };

// The audit log's default cap in records (sp/AUDIT.md, "Retention"): about
// 100 MB of refusal records (~400 bytes each with the table's pages).
inline constexpr std::int64_t kDefaultAuditMaxRecords = 200'000;

struct StoreOptions {
  // Stop migrating at this schema version (tests of the migration steps).
  std::optional<int> migrate_to;
  StoreSync sync = StoreSync::full;
  // A reader (`sp audit`): open the file read-only, never create or migrate
  // it; a file that is not an SP database at this program's schema version
  // is refused with the reason.
  bool read_only = false;
  // WAL pages after which the committing connection copies the WAL back
  // into the database itself (PRAGMA wal_autocheckpoint, or the
  // checkpointer's inline mark). Why not SQLite's 1000: that checkpoint runs
  // inside a commit with the store lock held, and its cost is mostly fixed
  // (two fsyncs) plus the distinct pages touched, not the frames (the audit
  // and session tables append to the same few pages). bench/login-load, ACS
  // POSTs/s, medians of 4 runs: 1000 pages ~1390, 10000 ~1650.
  int wal_autocheckpoint_pages = 10'000;
  // Each time the WAL grows by this many pages a thread of the store's
  // checkpoints it on its own connection, outside the store lock, leaving the
  // inline checkpoint above only the tail (sp/store/wal_checkpointer.hpp). 0: none.
  // Measured as above: ~1535 without, ~1740 with (steps of 2000 or 1000).
  int wal_checkpoint_step_pages = 2'000;
  // The audit log's cap (sp/AUDIT.md, "Retention"): an append that takes the
  // log past it prunes (StoreTables::prune_audit) down to nine tenths. 0: none.
  std::int64_t audit_max_records = kDefaultAuditMaxRecords;
};

// What one StoreTables::prune_audit dropped (all zero when nothing was).
struct AuditPrune {
  std::int64_t dropped = 0;                  // records deleted
  std::int64_t first_seq = 0, last_seq = 0;  // the oldest and newest of them
  core::Instant first{}, last{};             // their times
  std::int64_t dropped_total = 0;            // by every prune of this database, this one included
  std::int64_t summary_seq = 0;              // the audit_pruned record written for it
};

struct AuditQuery {
  std::optional<std::string> org;
  std::optional<AuditEvent> event;
  std::optional<core::Instant> since;  // inclusive
  std::optional<std::string> subject;
  std::optional<std::int64_t> after_seq;  // exclusive: for tailing the log
  std::optional<std::string> reason;      // a reason spelling
  std::size_t limit = 10'000;
};

// An AuthnRequest this SP sent, bound to one browser: the store keeps the
// SHA-256 of the binding cookie's value, never the value (sp/server/server.hpp).
struct OutstandingRequest {
  std::string id;
  OrgId org_id = 0;
  std::string browser_sha256;
  std::string relay_state;                      // where to go after the login
  std::optional<std::string> invitation_token;  // set for /sso/<org>/invite/<token>
  core::Instant created{};
  core::Instant expires{};  // exclusive
  std::optional<core::Instant> used;
};

// Store's organization cache (below): immutable snapshots by slug behind a
// leaf mutex (nothing else is taken while it is held).
class OrgSnapshotCache {
 public:
  std::shared_ptr<const Organization> find(const std::string& slug) const;
  void put(const std::string& slug, std::shared_ptr<const Organization> o);
  void clear();

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Organization>> by_slug_;
};

class Store;

// The store's tables: every typed method, reachable only through a StoreLock
// (Store::lock()), so none runs without the store's mutex held. Typed
// methods throw sql::Error on a storage failure; writes that belong together
// go in one transaction().
class StoreTables {
 public:
  StoreTables(const StoreTables&) = delete;
  StoreTables& operator=(const StoreTables&) = delete;

  int schema_version();
  std::string integrity_check();  // "ok" when sound
  std::string journal_mode();
  sql::Transaction transaction() { return sql::Transaction(db_); }
  sql::Database& db() noexcept { return db_; }

  // Accounts and organizations.
  AccountId insert_account(const Account& a);
  std::optional<Account> account(AccountId id);
  std::optional<Account> account_owned_by(const std::string& email);
  void set_account_owner(AccountId id, const std::string& email);
  OrgId insert_org(const Organization& o);  // with its SSO settings
  std::optional<Organization> org_by_slug(const std::string& slug);
  // The same, without a copy: an immutable snapshot shared with the cache
  // (a later write makes a new one; this one stays valid). Null if unknown.
  std::shared_ptr<const Organization> org_snapshot(const std::string& slug);
  std::optional<Organization> org_by_id(OrgId id);
  std::vector<Organization> orgs();
  std::vector<Organization> orgs_in_account(AccountId id);
  void update_sso(OrgId id, const SsoSettings& s);

  // Members and invitations.
  std::optional<Member> member(OrgId org, const std::string& email);
  std::vector<Member> members(OrgId org);
  std::vector<Member> memberships_of(const std::string& email);
  void upsert_member(const Member& m);
  void delete_member(OrgId org, const std::string& email);
  void insert_invitation(const Invitation& inv);
  std::optional<Invitation> invitation(OrgId org, const std::string& token);
  std::vector<Invitation> invitations(OrgId org, std::optional<std::string> email = std::nullopt);
  void set_invitation_status(const std::string& token, InvitationStatus s, core::Instant at);

  // Password accounts and admin bearer tokens (kept as SHA-256).
  void insert_password_account(const PasswordAccount& p);
  std::optional<PasswordAccount> password_account(const std::string& email);
  void insert_admin_token(const std::string& token, const std::string& email);
  std::optional<std::string> admin_token_email(const std::string& token);

  // Sessions (kept by SHA-256 of the token).
  void insert_session(const Session& s);
  std::optional<Session> session_by_token(const std::string& token);
  std::vector<Session> live_sessions(OrgId org, const std::string& email, core::Instant now);
  void end_session(const std::string& token_sha256, core::Instant at);
  std::size_t end_sessions_of(OrgId org, const std::string& email, core::Instant at);
  void set_deactivation_gap_recorded(const std::string& token_sha256, bool recorded);
  void reset_deactivation_gap_recorded(OrgId org, const std::string& email);

  // The per-org memory of IdP events.
  std::int64_t insert_observation(const IdpObservation& o);
  std::vector<IdpObservation> observations(OrgId org);
  IdpState idp_state(OrgId org, const std::string& email);
  void set_idp_state(OrgId org, const std::string& email, const IdpState& s, core::Instant at);

  // AuthnRequests bound to browsers (store_requests.cpp). take_ marks the
  // request used at `at` and returns it as it was before (used unset the
  // first time): single use is decided by the caller from that.
  void insert_authn_request(const OutstandingRequest& r);
  std::optional<OutstandingRequest> take_authn_request(const std::string& browser_sha256, core::Instant at);
  std::size_t purge_authn_requests(core::Instant now);  // expired before `now`

  // The what-if SCIM endpoint's resources (store_scim.cpp): `kind` is
  // "User" or "Group", `resource` its JSON text, `name` its unique key.
  std::vector<std::string> scim_resources(OrgId org, std::string_view kind);  // in creation order
  std::optional<std::string> scim_resource(OrgId org, std::string_view kind, const std::string& id);
  bool scim_name_taken(OrgId org, std::string_view kind, const std::string& name, const std::string& except_id);
  void put_scim_resource(OrgId org, std::string_view kind, const std::string& id, const std::string& name,
                         const std::string& resource);  // insert or replace by id
  void delete_scim_resource(OrgId org, std::string_view kind, const std::string& id);

  // Audit log: append assigns rec.seq.
  std::int64_t append_audit(AuditRecord& rec);
  std::vector<AuditRecord> query_audit(const AuditQuery& q);
  // Retention (store_retention.cpp; the rule: sp/AUDIT.md, "Retention").
  // Deletes, oldest first, the records an unauthenticated client can cause
  // (audit_prunable) until at most `keep` remain with the summary, never the
  // newest record (so seq is never reused), and appends one audit_pruned
  // record at `now` saying how many and which: one transaction (joins the
  // caller's). When the protected records alone exceed `keep`, keeps them all.
  AuditPrune prune_audit(std::int64_t keep, core::Instant now);
  std::int64_t audit_size();           // records in the log
  std::int64_t audit_dropped_total();  // records every prune has dropped

  // Replay cache rows (see sqlite_replay_cache.hpp).
  bool replay_insert(const std::string& issuer, const std::string& id, core::Instant expires);
  std::size_t replay_purge(core::Instant now);
  std::size_t replay_size();

  std::optional<std::string> meta(const std::string& key);
  void set_meta(const std::string& key, const std::string& value);

 private:
  friend class Store;
  explicit StoreTables(sql::Database db) : db_(std::move(db)) {}
  void migrate(std::optional<int> target, bool& fresh);
  void watch_org_writes();
  std::shared_ptr<const Organization> cached_org(const std::string& slug);
  std::int64_t insert_audit(AuditRecord& r);

  sql::Database db_;
  // Organizations by slug as last read (every ACS POST and login reads its
  // organization twice; its settings hold JSON lists), each an immutable
  // snapshot shared with whoever holds it (org_snapshot). Emptied by any write
  // to organizations or sso_settings on this connection (SQLite's update
  // hook, so no write path can forget it), by any rollback, and when another
  // connection has committed (PRAGMA data_version). Its own mutex lets
  // Store::last_org_snapshot read it without the store lock.
  OrgSnapshotCache org_cache_;
  std::int64_t org_cache_version_ = -1;  // under the store lock
  // Retention (under the store lock): the cap, the records counted once and
  // then kept by each append (a rolled-back append over-counts, which only
  // brings a prune forward: it counts again), and the count past which the
  // next prune runs (raised when protected records alone fill the cap).
  std::int64_t audit_max_records_ = 0;
  std::optional<std::int64_t> audit_rows_;
  std::int64_t audit_prune_at_ = 0;
};

// The store's mutex, held from Store::lock() until this handle is destroyed;
// the tables are reached through it (lock->member(...)). Functions that run
// inside a caller's locked section take a StoreLock&, so holding the lock is
// a parameter, not a convention. Not recursive: taking lock() again on the
// same thread while a StoreLock lives deadlocks.
class StoreLock {
 public:
  StoreTables* operator->() const noexcept { return tables_; }

 private:
  friend class Store;
  StoreLock(std::mutex& mu, StoreTables& t) : lock_(mu), tables_(&t) {}

  std::unique_lock<std::mutex> lock_;
  StoreTables* tables_;
};

class Store {
 public:
  // ":memory:" for tests. Fails with login_store_failed (detail says why),
  // including when the file's schema is newer than this program knows.
  static LoginResult<std::unique_ptr<Store>> open(const std::string& path, StoreOptions options = {});
  static int latest_schema_version() noexcept;

  bool fresh() const noexcept { return fresh_; }  // schema created by this open
  StoreLock lock() { return StoreLock(mu_, tables_); }
  // The background checkpointer (file databases with wal_checkpoint_step_pages > 0).
  WalCheckpointer* checkpointer() noexcept { return checkpointer_.get(); }

  // The one read without the store lock: the snapshot org_snapshot last
  // returned, if nothing has dropped it since (null when there is none).
  // Writes on this connection and rollbacks drop it at once, but another
  // connection's commit is only noticed by the next org_snapshot under the
  // lock, and a snapshot read inside a transaction shows that transaction's
  // writes before they commit (a rollback then drops it). So a caller must
  // confirm it under the lock before a decision rests on it (the ACS does,
  // sp/accounts/acs.hpp).
  std::shared_ptr<const Organization> last_org_snapshot(const std::string& slug) const;

 private:
  explicit Store(sql::Database db) : tables_(std::move(db)) {}

  std::mutex mu_;
  StoreTables tables_;
  bool fresh_ = false;
  // After tables_: stopped (and its hook removed) before the connection closes.
  std::unique_ptr<WalCheckpointer> checkpointer_;
};

// Milliseconds since the epoch, as stored.
inline std::int64_t to_ms(core::Instant t) { return t.time_since_epoch().count(); }
inline core::Instant from_ms(std::int64_t ms) { return core::Instant{core::Millis{ms}}; }

}  // namespace samlh::sp
