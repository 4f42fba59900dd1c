#include "sp/store/sqlite.hpp"

namespace samlh::sp::sql {

Database Database::open(const std::string& path, bool read_only) {
  sqlite3* raw = nullptr;
  const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbPtr db(raw);  // owned from here, even when open failed (SQLite hands out a handle for the message)
  if (rc != SQLITE_OK) {
    throw Error(rc, "sqlite3_open_v2(" + path + "): " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  return Database(std::move(db));
}

void Database::raise(int code, std::string_view context) const {
  throw Error(code, std::string(context) + ": " + sqlite3_errmsg(db_.get()));
}

void Database::exec(std::string_view sql) {
  char* msg = nullptr;
  const std::string s(sql);
  const int rc = sqlite3_exec(db_.get(), s.c_str(), nullptr, nullptr, &msg);
  if (rc != SQLITE_OK) {
    std::string what = msg ? msg : sqlite3_errstr(rc);
    sqlite3_free(msg);
    throw Error(rc, "exec: " + what);
  }
}

Query Database::query(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it == cache_.end()) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &raw, nullptr);
    StmtPtr stmt(raw);
    if (rc != SQLITE_OK) raise(rc, "prepare '" + std::string(sql) + "'");
    it = cache_.emplace(std::string(sql), std::move(stmt)).first;
  }
  return Query(*this, it->second.get());
}

std::int64_t Database::last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(db_.get()); }
int Database::changes() const noexcept { return sqlite3_changes(db_.get()); }
bool Database::in_transaction() const noexcept { return sqlite3_get_autocommit(db_.get()) == 0; }

Query::~Query() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Query& Query::bind(std::int64_t v) {
  const int rc = sqlite3_bind_int64(stmt_, next_++, v);
  if (rc != SQLITE_OK) db_->raise(rc, "bind");
  return *this;
}

Query& Query::bind(std::string_view v) {
  const int rc = sqlite3_bind_text64(stmt_, next_++, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) db_->raise(rc, "bind");
  return *this;
}

Query& Query::bind(std::nullptr_t) {
  const int rc = sqlite3_bind_null(stmt_, next_++);
  if (rc != SQLITE_OK) db_->raise(rc, "bind");
  return *this;
}

bool Query::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_->raise(rc, std::string("step '") + sqlite3_sql(stmt_) + "'");
}

void Query::run() {
  while (step()) {
  }
}

std::int64_t Query::integer(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string Query::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  const int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string{};
}

bool Query::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::optional<std::int64_t> Query::opt_integer(int col) const {
  if (is_null(col)) return std::nullopt;
  return integer(col);
}

std::optional<std::string> Query::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

Transaction::Transaction(Database& db) : db_(db) {
  if (!db_.in_transaction()) {
    db_.query("BEGIN IMMEDIATE").run();  // cached statements: no SQL parse per transaction
    owner_ = true;
  }
}

Transaction::~Transaction() {
  if (owner_ && !done_) {
    try {
      db_.query("ROLLBACK").run();
    } catch (const Error&) {
      // Rollback fails only when SQLite already rolled back (e.g. on
      // SQLITE_FULL); nothing is left to undo.
    }
  }
}

void Transaction::commit() {
  if (owner_ && !done_) db_.query("COMMIT").run();
  done_ = true;
}

}  // namespace samlh::sp::sql
