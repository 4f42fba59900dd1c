#include "sp/cli_serve.hpp"

#include <pthread.h>
#include <signal.h>

#include <filesystem>
#include <ostream>

#include <CLI/CLI.hpp>

#include "core/http_server.hpp"
#include "sp/config.hpp"
#include "sp/server.hpp"

namespace samlh::sp::cli {

CLI::App* add_serve_command(CLI::App& app, ServeOptions& o) {
  CLI::App* cmd = app.add_subcommand("serve", "Serve the SP over HTTP on 127.0.0.1 (SSO, pages, admin API)");
  cmd->add_option("--config", o.config, "YAML starting state (applied to a new database only)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--port", o.port, "TCP port on 127.0.0.1 (0: any free port)")->capture_default_str();
  cmd->add_option("--db", o.db, "SQLite database file")->capture_default_str();
  cmd->add_option("--threads", o.threads, "server threads")->check(CLI::Range(1, 64))->capture_default_str();
  cmd->add_option("--sync", o.sync,
                  "full: fsync every commit (survives a power cut); normal: survives a killed process only, faster")
      ->check(CLI::IsMember({"full", "normal"}))
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "seed for AuthnRequest IDs (repeatable runs; tokens stay random)");
  return cmd;
}

int run_serve(const ServeOptions& o, Io io) {
  SpConfig cfg;
  try {
    cfg = load_config(o.config);
  } catch (const ConfigError& e) {
    io.err << "sp serve: " << e.what() << "\n";
    return kExitUsage;
  }
  StoreOptions so;
  so.sync = o.sync == "normal" ? StoreSync::normal : StoreSync::full;
  auto store = Store::open(o.db, so);
  if (!store) {
    io.err << "sp serve: cannot open database " << o.db << ": " << store.failure().detail << "\n";
    return kExitUsage;
  }
  core::SystemClock clock;
  RandomTokenSource tokens;
  auto seeded = seed_store(**store, cfg, clock, tokens);
  if (!seeded) {
    io.err << "sp serve: cannot apply " << o.config << ": " << seeded.failure().detail << "\n";
    return kExitUsage;
  }
  SpOptions options;
  options.seed = o.seed;
  SpState state(**store, clock, tokens, options);
  core::http::ServerOptions http;
  http.port = o.port;
  http.threads = o.threads;
  http.server_header = "saml-harness-sp";
  core::http::Server server(http, [&state](const core::http::Request& r) { return route(r, state); });
  try {
    server.listen();
  } catch (const std::exception& e) {
    io.err << "sp serve: " << e.what() << "\n";
    return kExitUsage;
  }
  // Why block first: the server threads inherit the mask, so SIGINT/SIGTERM
  // reach only sigwait below and the shutdown is orderly.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  server.start();
  io.out << "sp: listening on " << server.base_url() << "\n";
  io.out << "sp: database " << std::filesystem::absolute(o.db).string()
         << (*seeded ? " (new: starting state from " + o.config + ")" : " (existing state kept)") << "\n";
  for (const std::string& line : describe_urls(state, server.base_url())) io.out << "  " << line << "\n";
  io.out.flush();
  int sig = 0;
  sigwait(&stop, &sig);
  io.out << "sp: stopping (signal " << sig << ")\n";
  server.stop();
  return 0;
}

}  // namespace samlh::sp::cli
