// core/http under load (issue 17 items 2, 3): slow routes on the worker pool
// with a bounded queue, the connection cap, and the accept loop when file
// descriptors run out. Loopback, port 0, bounded counts.
// GCC 12 reports -Wnull-dereference false positives in code inlined from
// Asio's scheduler and reactor; the warning stays on everywhere else.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <future>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/http/http_client.hpp"
#include "core/http/http_server.hpp"

using namespace samlh::core::http;
using namespace std::chrono_literals;

namespace {

ClientResponse get(const std::string& url, std::chrono::milliseconds timeout = 3s) {
  ClientOptions o;
  o.timeout = timeout;
  Client c(o);
  return c.request("GET", *parse_url(url), {}, "");
}

// A plain blocking TCP connection to 127.0.0.1:port (-1 on failure).
int connect_to(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{2, 0};  // no read waits longer than this
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

// Sends a GET and reads until the server closes (or 2 s pass).
std::string get_raw(int fd) {
  const std::string req = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) < 0) return {};
  std::string out;
  char buf[1024];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  return out;
}

// Polls until `url` answers 200 (true) or `limit` passes.
bool serves_again(const std::string& url, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (get(url, 500ms).status == 200) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

// A gate the slow route waits at until the test opens it.
struct Gate {
  std::mutex m;
  std::condition_variable cv;
  bool open = false;
  int inside = 0;
  void wait() {
    std::unique_lock l(m);
    ++inside;
    cv.notify_all();
    cv.wait(l, [&] { return open; });
  }
  bool wait_inside(int n) {
    std::unique_lock l(m);
    return cv.wait_for(l, 5s, [&] { return inside >= n; });
  }
  void release() {
    std::lock_guard l(m);
    open = true;
    cv.notify_all();
  }
};

}  // namespace

// Item 2: while every worker is busy, a page is still answered on the one
// I/O thread, and a request beyond the queue is 503 at once.
TEST(HttpShedding, SlowRoutesRunOnWorkersAndAFullQueueIs503) {
  Gate gate;
  ServerOptions o;
  o.threads = 1;
  o.workers = 1;
  o.offload_queue = 1;
  o.offload = [](const Request& r) { return r.path == "/slow"; };
  Server server(o, [&](const Request& r) {
    if (r.path == "/slow") gate.wait();
    return Response::text(200, r.path);
  });
  server.start();
  const std::string base = server.base_url();
  auto first = std::async(std::launch::async, [&] { return get(base + "/slow", 10s); });
  ASSERT_TRUE(gate.wait_inside(1));
  auto queued = std::async(std::launch::async, [&] { return get(base + "/slow", 10s); });
  std::this_thread::sleep_for(200ms);  // the second is read and queued

  const auto page = get(base + "/page", 2s);
  EXPECT_EQ(page.status, 200) << page.error;
  const auto over = get(base + "/slow", 2s);
  EXPECT_EQ(over.status, 503);
  ASSERT_NE(over.header("retry-after"), nullptr);
  EXPECT_EQ(*over.header("retry-after"), "1");

  gate.release();
  EXPECT_EQ(first.get().status, 200);
  EXPECT_EQ(queued.get().status, 200);
  EXPECT_EQ(get(base + "/slow").status, 200);  // the queue drained
}

// Item 3: beyond max_connections a new connection gets 503 instead of
// waiting, and once the others go the server serves again.
TEST(HttpShedding, ConnectionsBeyondTheCapGet503AndServingResumes) {
  ServerOptions o;
  o.max_connections = 8;
  Server server(o, [](const Request&) { return Response::text(200, "ok"); });
  server.start();
  std::vector<int> held;
  for (int i = 0; i < 8; ++i) {
    const int fd = connect_to(server.port());
    ASSERT_GE(fd, 0);
    held.push_back(fd);
  }
  std::this_thread::sleep_for(200ms);  // all eight accepted
  for (int i = 0; i < 3; ++i) {
    const int fd = connect_to(server.port());
    ASSERT_GE(fd, 0);
    const std::string reply = get_raw(fd);
    ::close(fd);
    EXPECT_EQ(reply.rfind("HTTP/1.1 503", 0), 0u) << reply;
    EXPECT_NE(reply.find("Retry-After: 1"), std::string::npos) << reply;
  }
  for (int fd : held) ::close(fd);
  EXPECT_TRUE(serves_again(server.base_url() + "/", 3s));
}

namespace {

// utime + stime of a process, in seconds.
double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  std::istringstream fields(line.substr(line.rfind(')') + 2));  // after "pid (comm) "
  std::string f;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) utime = std::stoull(f);
    if (i == 15) stime = std::stoull(f);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

// Item 3: a server out of file descriptors (RLIMIT_NOFILE 32, in a child
// process) with more clients than that waiting: accept pauses instead of
// spinning (the issue measured 0.6 CPU-s/s), waiting clients get 503, and
// when the clients go it serves again.
TEST(HttpShedding, OutOfDescriptorsAcceptPausesAndRecovers) {
#ifdef SAMLH_SANITIZED
  // The sanitizer runtimes use descriptors themselves (UBSan's vptr check
  // tests memory with a pipe: without descriptors it reports every checked
  // object as an invalid vptr). scripts/test runs this test on Release.
  GTEST_SKIP() << "needs a build without sanitizers (run on Release by scripts/test)";
#endif
  int pipefd[2];
  ASSERT_EQ(::pipe(pipefd), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipefd[0]);
    rlimit lim{32, 32};
    if (::setrlimit(RLIMIT_NOFILE, &lim) != 0) ::_exit(3);
    ServerOptions o;
    o.max_connections = 1000;  // above the descriptors: accept itself fails
    o.accept_backoff = 100ms;
    Server server(o, [](const Request&) { return Response::text(200, "ok"); });
    server.listen();
    const unsigned short port = server.port();
    if (::write(pipefd[1], &port, sizeof port) != static_cast<ssize_t>(sizeof port)) ::_exit(4);
    ::close(pipefd[1]);
    server.run();
    ::_exit(0);
  }
  ::close(pipefd[1]);
  unsigned short port = 0;
  ASSERT_EQ(::read(pipefd[0], &port, sizeof port), static_cast<ssize_t>(sizeof port));
  ::close(pipefd[0]);

  std::vector<int> clients;
  for (int i = 0; i < 60; ++i) {
    const int fd = connect_to(port);
    if (fd >= 0) clients.push_back(fd);
  }
  const double before = cpu_seconds(child);
  std::this_thread::sleep_for(1s);
  const double used = cpu_seconds(child) - before;
  EXPECT_LT(used, 0.3) << "CPU seconds in 1 s of exhausted descriptors";

  int refused = 0;
  for (int fd : clients) {
    ::fcntl(fd, F_SETFL, O_NONBLOCK);
    char buf[16] = {};
    if (::recv(fd, buf, 12, 0) == 12 && std::string(buf, 12) == "HTTP/1.1 503") ++refused;
  }
  EXPECT_GT(refused, 0) << "clients the server could not take were answered 503";
  for (int fd : clients) ::close(fd);
  EXPECT_TRUE(serves_again("http://127.0.0.1:" + std::to_string(port) + "/", 5s));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
}
