// `sp serve`: the Hotjar-shaped SP over HTTP on 127.0.0.1.
//
//   sp serve --config FILE [--port N] [--db FILE] [--threads N] [--sync full|normal] [--seed N]
//            [--now RFC3339] [--test-clock] [--no-rate-limits] [--demo [--demo-logins N]]
//
// --demo (a test system for a class; never on by default) puts a banner on
// every page and keeps the last --demo-logins logins (default 100) in memory
// for the login inspector at /demo/logins (sp/SERVER.md "Demo mode").
//
// --no-rate-limits turns the configuration's attempt limits off (the
// harness's --live mode and bench/login-load, whose every client is
// 127.0.0.1); the worker pool and the connection cap stay.
// --now starts a clock that stands still at that instant; --test-clock adds
// PUT /api/test/clock {"now": RFC3339} to move it (the harness's --live
// mode). Both are for tests: the SP binds 127.0.0.1 only.
//
// The configuration's starting state is applied only to a NEW database
// (--db, default sp.db in the working directory); an existing one keeps
// what admins and logins changed. Prints the URLs, then serves until
// SIGINT or SIGTERM. Exit codes: 0 stopped by a signal; 2 usage,
// configuration, database or listen errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "sp/cli/cli_validate.hpp"

namespace CLI {
class App;
}

namespace samlh::sp::cli {

struct ServeOptions {
  std::string config;
  unsigned short port = 8081;
  std::string db = "sp.db";
  int threads = 1;
  std::string sync = "full";
  std::optional<std::uint64_t> seed;  // AuthnRequest IDs (tokens stay random)
  std::string now;                    // RFC 3339: a clock standing at this instant
  bool test_clock = false;            // PUT /api/test/clock moves the clock
  bool no_rate_limits = false;        // the configuration's `limits:` rates off
  bool demo = false;                  // banner and login inspector (SpOptions::demo)
  std::size_t demo_logins = 100;      // logins the inspector keeps in memory
};

CLI::App* add_serve_command(CLI::App& app, ServeOptions& options);
int run_serve(const ServeOptions& options, Io io);

}  // namespace samlh::sp::cli
