// idp-mock: the Okta-shaped mock IdP.
//
//   idp-mock serve --config FILE [--port N] [--seed S] [--now RFC3339] [--demo] [--threads N]
//   idp-mock mint  --config FILE --app NAME --user LOGIN [--in-response-to ID] [--acs URL]
//                  [--now RFC3339] [--seed S] [--base64|--form] [-o FILE]
//
// Exit codes: 0 ok, 1 refused or failed, 2 usage or configuration error.
#include <pthread.h>

#include <csignal>
#include <cstdlib>
#include <thread>
#include <fstream>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>

#include "core/bindings.hpp"
#include "core/clock.hpp"
#include "core/file_reader.hpp"
#include "core/http/http_server.hpp"
#include "core/init.hpp"
#include "idp-mock/server/idp.hpp"
#include "idp-mock/tenant/config.hpp"

using namespace samlh;

namespace {

std::optional<core::Instant> parse_now(const std::string& s) {
  if (s.empty()) return std::nullopt;
  auto t = core::parse_rfc3339(s);
  if (!t) throw CLI::ValidationError("--now", "not an RFC 3339 time: " + s);
  return t;
}

int serve(const std::string& config_path, int port, std::optional<std::uint64_t> seed, const std::string& now,
          bool demo, int threads, bool allow_remote) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts
  idp::TenantConfig cfg = idp::load_config(config_path);
  idp::IdpOptions o;
  const char* token = std::getenv("IDP_MOCK_API_TOKEN");  // never on the command line (ps)
  o.api_token = token != nullptr ? token : "";
  if (auto why = idp::remote_listen_refusal(cfg.address, allow_remote, o.api_token)) throw idp::ConfigError(*why);
  if (port >= 0) {
    cfg.port = static_cast<unsigned short>(port);
    cfg.base_url = "http://" + cfg.address + ":" + std::to_string(port);
  }
  core::SystemClock system;
  auto start = parse_now(now);
  // --now: a virtual clock that stands still except through the control API.
  core::VirtualClock virtual_clock{start.value_or(core::Instant{})};
  const core::Clock& clock = start ? static_cast<const core::Clock&>(virtual_clock) : system;
  o.seed = seed;
  o.demo = demo;
  auto listen_port = cfg.port;
  auto address = cfg.address;
  idp::Idp idp(std::move(cfg), clock, o);
  core::http::ServerOptions so;
  so.address = address;
  so.port = listen_port;
  so.threads = threads;
  so.server_header = "idp-mock";
  core::http::Server server(so, [&idp](const core::http::Request& r) { return idp.route(r); });
  server.listen();
  // An explicit or ephemeral port: the URLs follow the bound socket.
  if (port >= 0 || listen_port == 0) idp.set_base_url(server.base_url());
  std::string base = idp.base_url();
  std::cout << "idp-mock: org " << idp.config().org << " on " << server.base_url() << (demo ? " (demo)" : "")
            << "\n";
  for (const auto& a : idp.config().apps) {
    std::cout << "  app " << a.app.name << " (" << a.app.label << ")\n"
              << "    issuer   " << a.app.issuer() << "\n"
              << "    SSO URL  " << base << idp::sso_path(a.app) << "\n"
              << "    metadata " << base << idp::metadata_path(a.app) << "\n";
  }
  std::cout << "  control API " << base << "/api/v1/\n" << std::flush;
  // Why sigwait: stopping the server is not async-signal-safe, so a thread
  // waits for SIGINT/SIGTERM (blocked everywhere else) and stops it.
  std::thread waiter([&server, set = signals] {
    int sig = 0;
    sigwait(&set, &sig);
    server.stop();
  });
  server.run();
  waiter.join();
  return 0;
}

int mint(const std::string& config_path, const std::string& app, const std::string& user,
         const std::string& in_response_to, const std::string& acs, const std::string& now,
         std::optional<std::uint64_t> seed, bool base64, bool form, const std::string& out_path) {
  idp::TenantConfig cfg = idp::load_config(config_path);
  auto t = parse_now(now);
  core::SystemClock system;
  core::FixedClock fixed{t.value_or(core::Instant{})};
  const core::Clock& clock = t ? static_cast<const core::Clock&>(fixed) : system;
  idp::IdpOptions o;
  o.seed = seed;
  o.log_sink = [](const std::string&) {};
  idp::Idp idp(std::move(cfg), clock, o);
  idp::MintParams p;
  p.acs = acs;
  if (!in_response_to.empty()) p.in_response_to = in_response_to;
  auto m = idp.mint(app, user, p);
  if (!m) {
    std::cerr << "idp-mock mint: " << core::spelling(m.reason()) << ": " << m.failure().detail << "\n";
    return 1;
  }
  std::string out = m->xml;
  if (base64) out = core::base64_encode(m->xml) + "\n";
  if (form) out = core::form_encode({{"SAMLResponse", core::base64_encode(m->xml)}}) + "\n";
  if (out_path.empty() || out_path == "-") {
    std::cout << out;
  } else {
    std::ofstream f(out_path, std::ios::binary);
    f << out;
    if (!f) {
      std::cerr << "idp-mock mint: cannot write " << out_path << "\n";
      return 1;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  core::LibraryGuard guard;
  CLI::App cli{"idp-mock: an Okta-shaped mock SAML 2.0 identity provider"};
  cli.require_subcommand(1);

  std::string config = std::string(SAMLH_SOURCE_DIR) + "/idp-mock/examples/acme.yaml";
  const std::string config_help =
      "tenant YAML, at most " + core::cap_text(core::kMaxConfigFileBytes) + " (default: idp-mock/examples/acme.yaml)";
  std::optional<std::uint64_t> seed;
  std::string now;

  auto* s = cli.add_subcommand("serve", "serve the IdP over HTTP (binds 127.0.0.1)");
  int port = -1;
  bool demo = false;
  int threads = 1;
  s->add_option("--config", config, config_help);
  s->add_option("--port", port, "port (default from the config; 0 = any free port)")->check(CLI::Range(0, 65535));
  s->add_option("--seed", seed, "seed IDs, cookies and tokens for a repeatable run");
  s->add_option("--now", now, "start a virtual clock at this RFC 3339 time (moves only via the API)");
  s->add_flag("--demo", demo, "add a user picker to the sign-in page");
  bool allow_remote = false;
  s->add_flag("--allow-remote", allow_remote,
              "allow a listen.address that is not loopback; needs IDP_MOCK_API_TOKEN (32+ characters), which the "
              "control API then requires as Authorization: Bearer");
  s->add_option("--threads", threads, "I/O threads (default 1: deterministic)")->check(CLI::Range(1, 64));

  auto* m = cli.add_subcommand("mint", "write one signed Response without a server");
  std::string app, user, irt, acs, out;
  bool b64 = false, form = false;
  m->add_option("--config", config, config_help);
  m->add_option("--app", app, "app name in the config, e.g. hotjar")->required();
  m->add_option("--user", user, "user login, e.g. carol@acme.test")->required();
  m->add_option("--in-response-to", irt, "AuthnRequest ID (SP-initiated); omit for IdP-initiated");
  m->add_option("--acs", acs, "ACS URL (default: the app's Single sign-on URL)");
  m->add_option("--now", now, "issue instant, RFC 3339 (default: the system clock)");
  m->add_option("--seed", seed, "seed the IDs for a byte-for-byte repeatable response");
  auto* fb = m->add_flag("--base64", b64, "write base64 (the POST binding's value)");
  m->add_flag("--form", form, "write a urlencoded SAMLResponse=... form body")->excludes(fb);
  m->add_option("-o,--output", out, "output file (default: stdout)");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = cli.exit(e);
    return rc == 0 ? 0 : 2;
  }
  try {
    if (s->parsed()) return serve(config, port, seed, now, demo, threads, allow_remote);
    return mint(config, app, user, irt, acs, now, seed, b64, form, out);
  } catch (const idp::ConfigError& e) {
    std::cerr << "idp-mock: " << e.what() << "\n";
    return 2;
  } catch (const CLI::ValidationError& e) {
    std::cerr << "idp-mock: " << e.what() << "\n";
    return 2;
  } catch (const std::runtime_error& e) {
    std::cerr << "idp-mock: " << e.what() << "\n";
    return 2;
  }
}
