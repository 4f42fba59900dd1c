// login-stall: does password hashing stall the SP's pages? (issue 17 item 2)
//
// The SP as `sp serve` builds it (one I/O thread; POST /login on the worker
// pool, sp::hashes_password; PBKDF2 at the full 600,000 iterations; rate
// limits off), in this process on a free loopback port, over an in-memory
// store seeded from sp/examples/acme.yaml. Measured in one run:
//  1. idle: the median latency of GET / (sequential, one connection);
//  2. loaded: the same while --clients connections post /login with unknown
//     emails as fast as they are answered (every one costs a full hash: an
//     unknown address is checked against a dummy hash).
// The last line reads exactly
//   idle_ms=<A> loaded_ms=<B> ratio=<B/A> logins_per_s=<C>
// and the target is ratio <= 2. --workers 0 routes /login on the I/O
// thread, as before the pool, for comparison.
//
// Usage: login-stall [--clients N] [--samples N] [--workers N]
// GCC 12 reports -Wnull-dereference false positives in code inlined from
// Asio's scheduler (as in core/http/http_server.cpp); the warning stays on elsewhere.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/http/http_client.hpp"
#include "core/http/http_server.hpp"
#include "core/init.hpp"
#include "sp/config/config.hpp"
#include "sp/server/server.hpp"

using namespace samlh;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
  int clients = 8;
  int samples = 200;
  int workers = sp::ServeLimits{}.password_workers;  // `sp serve`'s default
};

double median_ms(std::vector<double> v) {
  if (v.empty()) return -1;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// `n` sequential GET / on one kept-alive connection; each latency in ms.
// -1 when one is not a 200.
double page_median(const std::string& base, int n) {
  core::http::Client c;
  const auto url = *core::http::parse_url(base + "/");
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    const auto t0 = Clock::now();
    const auto r = c.request("GET", url, {}, "");
    if (r.status != 200) {
      std::fprintf(stderr, "GET / answered %d %s\n", r.status, r.error.c_str());
      return -1;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a reader, not a flood
  }
  return median_ms(std::move(ms));
}

bool parse(int argc, char** argv, Args& a) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    char* end = nullptr;
    const long v = std::strtol(argv[i + 1], &end, 10);
    if (*end != '\0' || v < 0 || v > 10'000) return false;
    if (k == "--clients" && v > 0) {
      a.clients = static_cast<int>(v);
    } else if (k == "--samples" && v > 0) {
      a.samples = static_cast<int>(v);
    } else if (k == "--workers") {
      a.workers = static_cast<int>(v);
    } else {
      return false;
    }
  }
  return argc % 2 == 1;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse(argc, argv, args)) {
    std::fputs("Usage: login-stall [--clients N (8)] [--samples N (200)] [--workers N (2; 0: no pool)]\n", stderr);
    return 2;
  }
  core::LibraryGuard guard;
  auto store = sp::Store::open(":memory:");
  if (!store) return 1;
  core::SystemClock clock;
  sp::RandomTokenSource tokens;
  const sp::SpConfig cfg = sp::load_config(std::string(SAMLH_SOURCE_DIR) + "/sp/examples/acme.yaml");
  if (!sp::seed_store(**store, cfg, clock, tokens)) return 1;
  sp::SpState state(**store, clock, tokens);  // SpOptions{}: rate limits off
  core::http::ServerOptions http;
  http.threads = 1;
  if (args.workers > 0) {
    http.offload = sp::hashes_password;
    http.workers = args.workers;
  }
  core::http::Server server(http, [&state](const core::http::Request& r) { return sp::route(r, state); });
  server.start();
  const std::string base = server.base_url();

  const double idle = page_median(base, args.samples);
  std::atomic<bool> stop{false};
  std::atomic<long> logins{0}, unexpected{0};
  std::vector<std::thread> clients;
  const auto t0 = Clock::now();
  for (int i = 0; i < args.clients; ++i) {
    clients.emplace_back([&, i] {
      core::http::Client c;
      const auto url = *core::http::parse_url(base + "/login");
      const core::http::Headers form{{"Content-Type", "application/x-www-form-urlencoded"}};
      for (long n = 0; !stop; ++n) {
        const std::string body = "org=acme&email=nobody" + std::to_string(i) + "-" + std::to_string(n) +
                                 "%40acme.test&password=guess";
        const int status = c.request("POST", url, form, body).status;
        if (status == 401) ++logins;
        else ++unexpected;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));  // the workers are busy, the queue full
  const double loaded = page_median(base, args.samples);
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  const double rate = static_cast<double>(logins.load()) / secs;  // over the whole loaded phase
  stop = true;
  for (auto& t : clients) t.join();
  server.stop();
  std::printf("GET / median: idle %.3f ms, with %d clients posting /login %.3f ms (%d samples each; %s)\n", idle,
              args.clients, loaded, args.samples,
              args.workers > 0 ? (std::to_string(args.workers) + " hashing workers").c_str() : "no pool");
  std::printf("password logins answered: %.1f/s (401, unknown emails); other answers: %ld\n", rate, unexpected.load());
  const double ratio = idle > 0 && loaded > 0 ? loaded / idle : -1;
  std::printf("idle_ms=%.3f loaded_ms=%.3f ratio=%.2f logins_per_s=%.1f\n", idle, loaded, ratio, rate);
  return idle > 0 && loaded > 0 ? 0 : 1;
}
