#include "sp/store/wal_checkpointer.hpp"

namespace samlh::sp {

WalCheckpointer::WalCheckpointer(const std::string& path, sqlite3* store, CheckpointOptions options)
    : store_(store), options_(options), own_(sql::Database::open(path)), next_step_(options.step_pages) {
  sqlite3_busy_timeout(own_.handle(), 5000);
  own_.exec(options_.sync_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  thread_ = std::thread([this] { run(); });
  sqlite3_wal_hook(store_, &WalCheckpointer::on_commit, this);
}

WalCheckpointer::~WalCheckpointer() {
  sqlite3_wal_hook(store_, nullptr, nullptr);
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

// Called by SQLite on the store's connection after each commit (store lock
// held): a signal, or at the inline mark the checkpoint SQLite itself would run.
int WalCheckpointer::on_commit(void* self, sqlite3* db, const char* schema, int wal_pages) {
  auto* c = static_cast<WalCheckpointer*>(self);
  if (wal_pages < c->next_step_ - c->options_.step_pages) c->next_step_ = c->options_.step_pages;  // the WAL restarted
  if (wal_pages >= c->options_.inline_pages) {
    // A failed checkpoint is not the commit's failure; the next commit retries.
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    ++c->inline_runs_;
    c->next_step_ = c->options_.step_pages;
    return SQLITE_OK;
  }
  if (wal_pages >= c->next_step_) {
    c->next_step_ = wal_pages + c->options_.step_pages;
    {
      std::lock_guard lock(c->mu_);
      c->requested_ = true;
    }
    c->wake_.notify_one();
  }
  return SQLITE_OK;
}

void WalCheckpointer::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return requested_ || stop_; });
    if (stop_) break;
    requested_ = false;
    busy_ = true;
    lock.unlock();
    // BUSY (another checkpoint runs) or a partial copy (a reader still needs
    // old frames) is fine: the next step asks again, and the inline mark
    // bounds the WAL regardless.
    sqlite3_wal_checkpoint_v2(own_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    ++background_runs_;
    lock.lock();
    busy_ = false;
    if (!requested_) idle_.notify_all();
  }
  busy_ = false;
  idle_.notify_all();
}

void WalCheckpointer::wait_idle() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [this] { return (!requested_ && !busy_) || stop_; });
}

}  // namespace samlh::sp
