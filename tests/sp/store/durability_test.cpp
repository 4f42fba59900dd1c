// Nothing committed is lost when the process is killed between (or in the
// middle of) writes: a child commits numbered writes and prints each number
// after COMMIT; it is SIGKILLed mid-run; the database must pass
// integrity_check and hold every printed number, in both tables.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "sp/store/store.hpp"
#include "tests/sp/temp_dir.hpp"

namespace samlh::sp {
namespace {

struct KilledRun {
  std::set<long long> printed;
  int status = 0;
};

// Starts the writer, reads until it printed `threshold` numbers, waits a
// little (so the kill lands at an arbitrary point of a transaction), kills it
// and drains the pipe: every line in it was printed after a commit.
KilledRun run_and_kill(const std::string& db, long long first, std::size_t threshold, int extra_ms) {
  int fds[2];
  if (::pipe(fds) != 0) {
    ADD_FAILURE() << "pipe";
    return {};
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    const std::string start = std::to_string(first);
    ::execl(SAMLH_DURABILITY_WRITER, SAMLH_DURABILITY_WRITER, db.c_str(), start.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  KilledRun run;
  std::string pending;
  bool killed = false;
  char buf[4096];
  while (true) {
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) break;  // EOF: the child is gone
    pending.append(buf, static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
      run.printed.insert(std::stoll(pending.substr(0, nl)));
      pending.erase(0, nl + 1);
    }
    if (!killed && run.printed.size() >= threshold) {
      std::this_thread::sleep_for(std::chrono::milliseconds(extra_ms));
      ::kill(pid, SIGKILL);
      killed = true;
    }
  }
  ::close(fds[0]);
  ::waitpid(pid, &run.status, 0);
  return run;
}

long long max_number(Store& s) {
  auto db = s.lock();
  auto q = db->db().query("SELECT max(CAST(detail AS INTEGER)) FROM audit_log WHERE org = 'dur'");
  return q.step() && !q.is_null(0) ? q.integer(0) : 0;
}

TEST(Durability, SigkillMidRunLosesNoCommittedWriteAndLeavesASoundDatabase) {
  testing::TempDir dir;
  const std::string db = dir.file("sp.db");
  long long next = 1;
  for (int cycle = 0; cycle < 3; ++cycle) {
    const KilledRun run = run_and_kill(db, next, 40, 3 + 7 * cycle);
    ASSERT_TRUE(WIFSIGNALED(run.status)) << "writer exited on its own, status " << run.status;
    EXPECT_EQ(WTERMSIG(run.status), SIGKILL);
    ASSERT_GE(run.printed.size(), 40u);

    auto opened = Store::open(db);
    ASSERT_TRUE(opened.ok()) << opened.failure().detail;
    auto store = std::move(opened).value();
    {
      auto tables = store->lock();
      EXPECT_EQ(tables->integrity_check(), "ok");
      const auto org = tables->org_by_slug("dur");
      ASSERT_TRUE(org.has_value());
      for (long long n : run.printed) {
        auto q = tables->db().query("SELECT count(*) FROM audit_log WHERE org = 'dur' AND detail = ?");
        q.bind(std::to_string(n));
        ASSERT_TRUE(q.step());
        EXPECT_EQ(q.integer(0), 1) << "audit record " << n << " was printed as committed but is missing";
        std::string email("n");  // append: GCC 12's -Wrestrict misfires on "n" + to_string(n)
        email.append(std::to_string(n)).append("@dur.test");
        EXPECT_TRUE(tables->member(org->id, email).has_value()) << "member row " << n << " missing: a torn transaction";
      }
      // Both writes of a transaction, or neither.
      auto members = tables->db().query("SELECT count(*) FROM members WHERE email LIKE 'n%@dur.test'");
      auto records = tables->db().query("SELECT count(*) FROM audit_log WHERE org = 'dur'");
      ASSERT_TRUE(members.step() && records.step());
      EXPECT_EQ(members.integer(0), records.integer(0));
    }
    // Committed but killed before printing: at most the one in flight.
    const long long top = max_number(*store);
    EXPECT_GE(top, *run.printed.rbegin());
    EXPECT_LE(top, *run.printed.rbegin() + 1);
    next = top + 1;
  }
}

}  // namespace
}  // namespace samlh::sp
