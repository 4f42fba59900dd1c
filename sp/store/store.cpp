#include "sp/store/store.hpp"

#include <fmt/format.h>

#include "sp/model/secrets.hpp"
#include "sp/store/store_schema.hpp"

namespace samlh::sp {

int Store::latest_schema_version() noexcept { return migrations().back().version; }

LoginResult<std::unique_ptr<Store>> Store::open(const std::string& path, StoreOptions options) {
  try {
    std::unique_ptr<Store> store(new Store(sql::Database::open(path, options.read_only)));
    StoreTables& t = store->tables_;
    sqlite3_busy_timeout(t.db_.handle(), 5000);
    t.watch_org_writes();
    t.audit_max_records_ = options.audit_max_records;
    if (options.read_only) {
      t.db_.exec("PRAGMA query_only=ON");
      const int have = t.schema_version();  // "file is not a database" for anything but SQLite
      const int latest = latest_schema_version();
      if (have == 0) {
        return core::fail(LoginReason::login_store_failed,
                          path + " is not an SP database (schema version 0: an empty file or another program's)");
      }
      if (have != latest) {
        return core::fail(LoginReason::login_store_failed,
                          fmt::format("{} has schema version {}, this program reads {} (`sp serve` migrates it)", path,
                                      have, latest));
      }
      return store;
    }
    const bool file = path != ":memory:" && !path.empty();
    if (file) {
      // Why WAL: readers never block the writer, and a commit is one append
      // to the WAL, which is what makes a kill between writes harmless.
      if (const std::string mode = t.journal_mode(); mode != "wal") {
        t.db_.exec("PRAGMA journal_mode=WAL");
        if (t.journal_mode() != "wal") {
          return core::fail(LoginReason::login_store_failed, "cannot switch " + path + " to WAL");
        }
      }
    }
    t.db_.exec(options.sync == StoreSync::full ? "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                                                    : "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    t.db_.exec(fmt::format("PRAGMA wal_autocheckpoint={}", options.wal_autocheckpoint_pages));
    t.migrate(options.migrate_to, store->fresh_);
    if (file && options.wal_checkpoint_step_pages > 0) {
      store->checkpointer_ = std::make_unique<WalCheckpointer>(
          path, t.db_.handle(),
          CheckpointOptions{options.wal_checkpoint_step_pages, options.wal_autocheckpoint_pages,
                            options.sync == StoreSync::full});
    }
    return store;
  } catch (const std::exception& e) {
    return core::fail(LoginReason::login_store_failed, e.what());
  }
}

std::string StoreTables::journal_mode() {
  auto q = db_.query("PRAGMA journal_mode");
  return q.step() ? q.text(0) : std::string{};
}

int StoreTables::schema_version() {
  auto q = db_.query("PRAGMA user_version");
  return q.step() ? static_cast<int>(q.integer(0)) : 0;
}

void StoreTables::migrate(std::optional<int> target, bool& fresh) {
  const int latest = Store::latest_schema_version();
  const int want = target.value_or(latest);
  sql::Transaction tx(db_);
  const int have = schema_version();
  if (have > latest) {
    throw sql::Error(SQLITE_ERROR, fmt::format("database schema version {} is newer than this program's {}", have, latest));
  }
  fresh = have == 0;
  for (const Migration& m : migrations()) {
    if (m.version <= have || m.version > want) continue;
    db_.exec(m.sql);
    // user_version lives in the file header and is written inside this
    // transaction: either every step applies or none does.
    db_.exec(fmt::format("PRAGMA user_version = {}", m.version));
  }
  tx.commit();
}

std::string StoreTables::integrity_check() {
  auto q = db_.query("PRAGMA integrity_check");
  std::string out;
  while (q.step()) {
    if (!out.empty()) out += "\n";
    out += q.text(0);
  }
  return out;
}

std::optional<std::string> StoreTables::meta(const std::string& key) {
  auto q = db_.query("SELECT value FROM meta WHERE key = ?");
  q.bind(key);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void StoreTables::set_meta(const std::string& key, const std::string& value) {
  db_.query("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .bind_all(key, value)
      .run();
}

void StoreTables::insert_admin_token(const std::string& token, const std::string& email) {
  db_.query("INSERT INTO admin_tokens(token_sha256, email) VALUES(?, ?)").bind_all(sha256_hex(token), email).run();
}

std::optional<std::string> StoreTables::admin_token_email(const std::string& token) {
  auto q = db_.query("SELECT email FROM admin_tokens WHERE token_sha256 = ?");
  q.bind(sha256_hex(token));
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

bool StoreTables::replay_insert(const std::string& issuer, const std::string& id, core::Instant expires) {
  db_.query("INSERT OR IGNORE INTO replay_cache(issuer, assertion_id, expires_ms) VALUES(?, ?, ?)")
      .bind_all(issuer, id, to_ms(expires))
      .run();
  return db_.changes() == 1;
}

std::size_t StoreTables::replay_purge(core::Instant now) {
  db_.query("DELETE FROM replay_cache WHERE expires_ms < ?").bind(to_ms(now)).run();
  return static_cast<std::size_t>(db_.changes());
}

std::size_t StoreTables::replay_size() {
  auto q = db_.query("SELECT count(*) FROM replay_cache");
  return q.step() ? static_cast<std::size_t>(q.integer(0)) : 0;
}

}  // namespace samlh::sp
