// Copies committed WAL frames back into the database file on a thread of its
// own, so that most of a checkpoint's work (and its fsyncs) happens outside
// the store lock.
//
// Why: a checkpoint runs inside the commit that takes the WAL past the mark,
// with the store lock held, and it fsyncs the WAL and then the database: at
// ACS rates those fsyncs held every other server thread for a large share of
// the time (the CPUs idled ~15% under load). Here the store's connection only
// watches the WAL's size (the WAL hook, after each commit) and, every
// `step_pages`, wakes this thread, which runs a PASSIVE checkpoint on its own
// connection: it copies and syncs what is committed so far and never blocks
// the writer. A PASSIVE checkpoint cannot restart the WAL while commits keep
// coming, so at `inline_pages` the committing connection still checkpoints
// itself, as SQLite would have, but only the tail since the last background
// run is left to copy and sync: the WAL stays bounded and the stall is short.
//
// Durability is unchanged: a commit is durable by the WAL alone; checkpoints
// sync under the connection's synchronous setting, which this one copies.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "sp/store/sqlite.hpp"

namespace samlh::sp {

struct CheckpointOptions {
  int step_pages = 2000;     // wake the background thread each time the WAL grows by this much
  int inline_pages = 10000;  // the committing connection checkpoints itself past this
  bool sync_full = true;     // the store's synchronous setting (FULL or NORMAL)
};

class WalCheckpointer {
 public:
  // Opens a second connection to `path` and installs the WAL hook on `store`
  // (replacing SQLite's own autocheckpoint). Throws sql::Error.
  WalCheckpointer(const std::string& path, sqlite3* store, CheckpointOptions options);
  // Removes the hook and stops the thread (after a checkpoint under way).
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  std::uint64_t background_runs() const noexcept { return background_runs_.load(); }
  std::uint64_t inline_runs() const noexcept { return inline_runs_.load(); }
  // Blocks until no background checkpoint is requested or under way.
  void wait_idle();

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void run();

  sqlite3* store_;
  CheckpointOptions options_;
  sql::Database own_;
  int next_step_ = 0;  // WAL size that wakes the thread next (store lock held)
  std::mutex mu_;
  std::condition_variable wake_, idle_;
  bool requested_ = false;
  bool busy_ = false;
  bool stop_ = false;
  std::atomic<std::uint64_t> background_runs_{0}, inline_runs_{0};
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace samlh::sp
