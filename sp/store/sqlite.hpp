// A thin RAII layer over the SQLite C API, used only inside sp/.
//
// Every handle is owned (sqlite3 by Database, sqlite3_stmt by its cache
// entry); a Query borrows a cached prepared statement and resets it on
// destruction, so a statement is prepared once per connection. Errors throw
// sql::Error; the sp services catch it at their boundary and return
// LoginReason::login_store_failed (STYLE.md: results across modules).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

namespace samlh::sp::sql {

class Error : public std::runtime_error {
 public:
  Error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const noexcept { return code_; }

 private:
  int code_;
};

struct DbCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

class Query;

class Database {
 public:
  // Opens (creating if needed) `path`, or ":memory:". Throws Error.
  static Database open(const std::string& path);

  // Runs one or more statements without results (pragmas, DDL).
  void exec(std::string_view sql);
  // A prepared statement from the cache, reset and with bindings cleared.
  Query query(std::string_view sql);
  std::int64_t last_insert_rowid() const noexcept;
  int changes() const noexcept;
  bool in_transaction() const noexcept;
  sqlite3* handle() const noexcept { return db_.get(); }
  [[noreturn]] void raise(int code, std::string_view context) const;

 private:
  explicit Database(DbPtr db) : db_(std::move(db)) {}
  DbPtr db_;  // declared first: destroyed after the statements in cache_
  std::unordered_map<std::string, StmtPtr> cache_;
};

// One execution of a cached statement. Bind with bind(...) (1-based,
// positional in call order), then step() for rows or run() for writes.
class Query {
 public:
  Query(const Database& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query();

  Query& bind(std::int64_t v);
  Query& bind(int v) { return bind(static_cast<std::int64_t>(v)); }
  Query& bind(bool v) { return bind(static_cast<std::int64_t>(v ? 1 : 0)); }
  Query& bind(std::string_view v);
  Query& bind(const std::string& v) { return bind(std::string_view{v}); }
  Query& bind(const char* v) { return bind(std::string_view{v}); }
  Query& bind(std::nullptr_t);
  Query& bind(const std::optional<std::string>& v) { return v ? bind(std::string_view{*v}) : bind(nullptr); }
  Query& bind(const std::optional<std::int64_t>& v) { return v ? bind(*v) : bind(nullptr); }
  template <class... A>
  Query& bind_all(const A&... a) {
    (bind(a), ...);
    return *this;
  }

  bool step();  // true: a row is available
  void run();   // steps to completion, ignoring rows

  std::int64_t integer(int col) const;
  std::string text(int col) const;
  bool is_null(int col) const;
  std::optional<std::int64_t> opt_integer(int col) const;
  std::optional<std::string> opt_text(int col) const;

 private:
  const Database* db_;
  sqlite3_stmt* stmt_;
  int next_ = 1;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless committed. Inside an open
// transaction it joins it (commit and rollback are left to the outer one).
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool owner_ = false;
  bool done_ = false;
};

}  // namespace samlh::sp::sql
