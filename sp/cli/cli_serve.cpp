#include "core/cli_values.hpp"
#include "sp/cli/cli_serve.hpp"

#include <pthread.h>
#include <signal.h>

#include <filesystem>
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "core/file_reader.hpp"
#include "core/http/http_server.hpp"
#include "sp/config/config.hpp"
#include "sp/server/server.hpp"

namespace samlh::sp::cli {

CLI::App* add_serve_command(CLI::App& app, ServeOptions& o) {
  CLI::App* cmd = app.add_subcommand("serve", "Serve the SP over HTTP on 127.0.0.1 (SSO, pages, admin API)");
  cmd->add_option("--config", o.config,
                  "YAML starting state (applied to a new database only), at most " +
                      core::cap_text(core::kMaxConfigFileBytes))->type_name("PATH")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--port", o.port, "TCP port on 127.0.0.1 (0: any free port)")->type_name("PORT")
      ->check(CLI::Validator([](std::string& v) { return core::port_problem(v); }, ""))
      ->capture_default_str();
  cmd->add_option("--db", o.db, "SQLite database file")->type_name("PATH")->capture_default_str();
  cmd->add_option("--threads", o.threads, "Server threads")->type_name("N")->check(CLI::Range(1, 64))->capture_default_str();
  cmd->add_option("--sync", o.sync,
                  "Durability: full fsyncs every commit (survives a power cut); normal survives a killed process only, faster")->type_name("MODE")
      ->check(CLI::IsMember({"full", "normal"}))
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "Seed for AuthnRequest IDs (repeatable runs; tokens stay random)")->type_name("SEED");
  cmd->add_option("--now", o.now, "Start a clock standing at this RFC 3339 instant (tests)")->type_name("RFC3339");
  cmd->add_flag("--test-clock", o.test_clock, "Accept PUT /api/test/clock {\"now\": RFC3339} (tests)");
  cmd->add_flag("--no-rate-limits", o.no_rate_limits,
                "Turn the configuration's attempt limits (limits:) off: tests and load runs from 127.0.0.1");
  CLI::Option* demo = cmd->add_flag("--demo", o.demo,
                "Demo mode for a class: a test-system banner on every page and the login inspector at /demo/logins");
  cmd->add_option("--demo-logins", o.demo_logins, "Logins the inspector keeps in memory (with --demo)")
      ->type_name("N")
      ->check(CLI::Range(1, 10000))
      ->needs(demo)
      ->capture_default_str();
  return cmd;
}

namespace {

// PUT /api/test/clock {"now": "2026-03-02T09:00:00Z"}: the harness's --live mode.
core::http::Response move_clock(const core::http::Request& r, core::OffsetClock& clock, const core::Clock& base) {
  if (r.method == "GET") {
    return core::http::Response::json(200, "{\"now\":\"" + core::format_saml_time(clock.now()) + "\"}\n");
  }
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  const auto t = j.is_object() && j["now"].is_string() ? core::parse_rfc3339(j["now"].get<std::string>()) : std::nullopt;
  if (!t) return core::http::Response::json(400, "{\"error\":\"body must be {\\\"now\\\": RFC3339}\"}\n");
  clock.set_offset(std::chrono::duration_cast<core::Millis>(*t - base.now()));
  return core::http::Response::json(200, "{\"now\":\"" + core::format_saml_time(clock.now()) + "\"}\n");
}

}  // namespace

int run_serve(const ServeOptions& o, Io io) {
  // Blocked before any thread starts (the server's I/O threads and its
  // password workers, made when it is constructed, inherit the mask), so
  // SIGINT/SIGTERM reach only the sigwait below and the stop is orderly.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  SpConfig cfg;
  try {
    cfg = load_config(o.config);
  } catch (const ConfigError& e) {
    io.err << "sp serve: " << e.what() << "\n";
    return kExitUsage;
  }
  StoreOptions so;
  so.sync = o.sync == "normal" ? StoreSync::normal : StoreSync::full;
  so.audit_max_records = cfg.limits.audit_max_records;
  auto store = Store::open(o.db, so);
  if (!store) {
    io.err << "sp serve: cannot open database " << o.db << ": " << store.failure().detail << "\n";
    return kExitUsage;
  }
  // The clock: the system's, or one standing at --now; --test-clock lets
  // the harness move it (an offset over the base clock).
  std::unique_ptr<core::Clock> base;
  if (o.now.empty()) {
    base = std::make_unique<core::SystemClock>();
  } else {
    auto t = core::parse_rfc3339(o.now);
    if (!t) {
      io.err << "sp serve: --now is not an RFC 3339 instant: " << o.now << "\n";
      return kExitUsage;
    }
    base = std::make_unique<core::FixedClock>(*t);
  }
  core::OffsetClock clock(*base);
  RandomTokenSource tokens;
  auto seeded = seed_store(**store, cfg, clock, tokens);
  if (!seeded) {
    io.err << "sp serve: cannot apply " << o.config << ": " << seeded.failure().detail << "\n";
    return kExitUsage;
  }
  SpOptions options;
  options.seed = o.seed;
  if (!o.no_rate_limits) options.limits = cfg.limits.rates;
  for (const AuditorTokenSeed& a : cfg.auditor_tokens) add_auditor(options, a.token, a.name);
  options.scim = scim_settings(cfg);  // the what-if SCIM endpoint: off unless an org has `scim:`
  options.demo = o.demo;
  options.demo_logins = o.demo_logins;
  SpState state(**store, clock, tokens, options);
  core::http::ServerOptions http;
  http.port = o.port;
  http.threads = o.threads;
  http.server_header = "saml-harness-sp";
  http.offload = hashes_password;
  http.workers = cfg.limits.password_workers;
  http.offload_queue = cfg.limits.password_queue;
  http.max_connections = cfg.limits.max_connections;
  const bool test_clock = o.test_clock;
  core::http::Server server(http, [&state, &clock, &base, test_clock](const core::http::Request& r) {
    if (test_clock && r.path == "/api/test/clock") return move_clock(r, clock, *base);
    return route(r, state);
  });
  try {
    server.listen();
  } catch (const std::exception& e) {
    io.err << "sp serve: " << e.what() << "\n";
    return kExitUsage;
  }
  server.start();
  io.out << "sp: listening on " << server.base_url() << "\n";
  io.out << "sp: database " << std::filesystem::absolute(o.db).string()
         << (*seeded ? " (new: starting state from " + o.config + ")" : " (existing state kept)") << "\n";
  for (const std::string& line : describe_urls(state, server.base_url())) io.out << "  " << line << "\n";
  if (o.demo) {
    io.out << "sp: DEMO MODE (a test system): login inspector at " << server.base_url() << "/demo/logins, the last "
           << o.demo_logins << " logins kept in memory\n";
  }
  io.out.flush();
  int sig = 0;
  sigwait(&stop, &sig);
  io.out << "sp: stopping (signal " << sig << ")\n";
  server.stop();
  return 0;
}

}  // namespace samlh::sp::cli
