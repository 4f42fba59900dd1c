// idp-mock: the Okta-shaped mock IdP.
//
//   idp-mock serve --config FILE [--port N] [--seed S] [--now RFC3339] [--demo [--demo-responses N]] [--threads N]
//   idp-mock mint  --config FILE --app NAME --user LOGIN [--in-response-to ID] [--acs URL]
//                  [--now RFC3339] [--seed S] [--base64|--form] [-o FILE]
//   idp-mock init  --sp-metadata URL|FILE ... [-o tenant.yaml]
// serve, mint and init take, instead of --config, one app per SP (issue 22):
//   --sp-metadata URL|FILE (repeatable) | --acs URL --audience ID, [--encrypt],
//   [--signing-key PEM --signing-cert PEM], [--users FILE]
//
// Exit codes: 0 ok, 1 refused or failed, 2 usage or configuration error.
#include <pthread.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <fstream>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>

#include "core/cli_values.hpp"
#include "core/bindings.hpp"
#include "core/clock.hpp"
#include "core/file_reader.hpp"
#include "core/http/http_server.hpp"
#include "core/init.hpp"
#include "idp-mock/server/idp.hpp"
#include "idp-mock/server/quick_setup.hpp"
#include "idp-mock/tenant/config.hpp"
#include "idp-mock/tenant/tenant_writer.hpp"

using namespace samlh;

namespace {

std::optional<core::Instant> parse_now(const std::string& s) {
  if (s.empty()) return std::nullopt;
  auto t = core::parse_rfc3339(s);
  if (!t) throw CLI::ValidationError("--now", "not an RFC 3339 time: " + s);
  return t;
}

int write_out(const std::string& text, const std::string& out_path, const char* who) {
  if (out_path.empty() || out_path == "-") {
    std::cout << text;
    return 0;
  }
  std::ofstream f(out_path, std::ios::binary);
  f << text;
  if (!f) {
    std::cerr << who << ": cannot write " << out_path << "\n";
    return 1;
  }
  return 0;
}

// Where the tenant comes from: --config, or the SPs given on the command line.
struct TenantSource {
  std::string config;
  bool config_given = false;
  idp::QuickSetup quick;

  idp::TenantConfig load() const {
    if (!quick.wanted()) return idp::load_config(config);
    if (config_given) throw idp::ConfigError("--config and --sp-metadata/--acs are alternatives: give one");
    return idp::quick_tenant(quick);
  }
};

// The active users assigned to the app, and their password when they share one.
std::string users_to_try(const idp::TenantConfig& t, const std::string& app) {
  std::string out, password;
  bool shared = true;
  int shown = 0, more = 0;
  for (const auto& u : t.directory.users()) {
    if (u.status != idp::UserStatus::active || !t.directory.is_assigned(app, u.login)) continue;
    if (shown == 0) password = u.password;
    shared = shared && u.password == password;
    if (shown++ < 5) {
      out += (out.empty() ? "" : ", ") + u.login;
    } else {
      ++more;
    }
  }
  if (out.empty()) return "none (assign a user through the control API)";
  if (more > 0) out += " (+" + std::to_string(more) + " more)";
  if (shared && !password.empty()) out += ", password " + password;
  return out;
}

int serve(const TenantSource& source, int port, std::optional<std::uint64_t> seed, const std::string& now,
          bool demo, int demo_responses, int threads, bool allow_remote) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts
  idp::TenantConfig cfg = source.load();
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
  o.demo_responses = static_cast<std::size_t>(demo_responses);
  auto listen_port = cfg.port;
  auto address = cfg.address;
  const std::size_t max_connections = cfg.max_connections;
  idp::Idp idp(std::move(cfg), clock, o);
  core::http::ServerOptions so;
  so.address = address;
  so.port = listen_port;
  so.threads = threads;
  so.server_header = "idp-mock";
  so.max_connections = max_connections;
  core::http::Server server(so, [&idp](const core::http::Request& r) { return idp.route(r); });
  server.listen();
  // An explicit or ephemeral port: the URLs follow the bound socket.
  if (port >= 0 || listen_port == 0) idp.set_base_url(server.base_url());
  std::string base = idp.base_url();
  std::cout << "idp-mock: org " << idp.config().org << " on " << server.base_url() << (demo ? " (demo)" : "")
            << "\n";
  if (demo) std::cout << "  response inspector: " << base << "/demo/responses\n";
  // Per app: what to paste into the SP, and who can sign in.
  for (const auto& a : idp.config().apps) {
    std::cout << "  app " << a.app.name << " (" << a.app.label << ")\n"
              << "    IdP metadata URL  " << base << idp::metadata_path(a.app) << "\n"
              << "    IdP entity ID     " << a.app.issuer() << "\n"
              << "    IdP SSO URL       " << base << idp::sso_path(a.app) << "\n"
              << "    SP entity ID      " << a.app.settings.audience_uri << "\n"
              << "    SP ACS URL        " << a.app.settings.single_sign_on_url << "\n"
              << "    users to try      " << users_to_try(idp.config(), a.app.name) << "\n";
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

int mint(const TenantSource& source, std::string app, const std::string& user,
         const std::string& in_response_to, const std::string& acs, const std::string& now,
         std::optional<std::uint64_t> seed, bool base64, bool form, const std::string& out_path) {
  idp::TenantConfig cfg = source.load();
  if (app.empty()) {
    if (cfg.apps.size() != 1) {
      std::string names;
      for (const auto& a : cfg.apps) names += " " + a.app.name;
      throw CLI::ValidationError("--app", "name one of the apps:" + names);
    }
    app = cfg.apps.front().app.name;
  }
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
  return write_out(out, out_path, "idp-mock mint");
}

// The tenant YAML of the SPs given, with Okta's labels as comments.
int init(const TenantSource& source, const std::string& out_path) {
  if (!source.quick.wanted()) throw idp::ConfigError("init needs --sp-metadata URL|FILE or --acs URL --audience ID");
  const idp::TenantConfig cfg = source.load();
  idp::TenantYamlOptions o;
  o.header = {"idp-mock tenant written by `idp-mock init`; serve it with `idp-mock serve --config FILE`.",
              "Keys under settings: are the snake_case of Okta's App Integration Wizard labels (the comments),",
              "see idp-mock/README.md. The signing key is a TEST-ONLY key unless --signing-key gave another."};
  for (const auto& s : source.quick.sp_metadata) o.header.push_back("SP metadata: " + s);
  const idp::SigningPaths keys = idp::signing_paths(source.quick);
  o.signing_key = keys.key;
  o.signing_certificate = keys.certificate;
  if (!out_path.empty() && out_path != "-") {
    // Paths relative to the written file, as load_config reads them.
    const auto dir = std::filesystem::absolute(out_path).parent_path();
    o.signing_key = std::filesystem::relative(keys.key, dir).string();
    o.signing_certificate = std::filesystem::relative(keys.certificate, dir).string();
  }
  return write_out(idp::tenant_yaml(cfg, o), out_path, "idp-mock init");
}

// The options that stand up one app per SP, on serve, mint and init.
void add_sp_options(CLI::App* c, idp::QuickSetup& q, bool with_acs) {
  c->add_option("--sp-metadata", q.sp_metadata,
                "An SP's SAML metadata, http:// URL or file (repeatable: one app per SP); instead of --config")->type_name("URL|PATH");
  if (with_acs) c->add_option("--acs", q.acs, "An SP without metadata: its ACS URL (with --audience)")->type_name("URL");
  c->add_option("--audience", q.audience, "An SP without metadata: its entity ID (the Audience URI; with --acs)")->type_name("ID");
  c->add_flag("--encrypt", q.encrypt, "Encrypt assertions to the SP's metadata certificate (Okta: off by default)");
  c->add_option("--signing-key", q.signing_key, "IdP signing key, PEM (default: the demo tenant's TEST key)")->type_name("PEM");
  c->add_option("--signing-cert", q.signing_cert, "Its certificate, PEM")->type_name("PEM");
  c->add_option("--users", q.users, "A directory file, users: and groups: (default: the demo tenant's)")->type_name("PATH");
}

}  // namespace

int main(int argc, char** argv) {
  core::LibraryGuard guard;
  CLI::App cli{"idp-mock: an Okta-shaped mock SAML 2.0 identity provider"};
  cli.require_subcommand(1);

  TenantSource src;
  src.config = std::string(SAMLH_SOURCE_DIR) + "/idp-mock/examples/acme.yaml";
  src.quick.demo_tenant = src.config;
  std::optional<std::uint64_t> seed;
  std::string now;
  const std::string config_help =
      "Tenant YAML, at most " + core::cap_text(core::kMaxConfigFileBytes) + " (default: idp-mock/examples/acme.yaml)";

  auto* s = cli.add_subcommand("serve", "Serve the IdP over HTTP (binds 127.0.0.1)");
  int port = -1;
  bool demo = false;
  int threads = 1;
  auto* s_config = s->add_option("--config", src.config, config_help)->type_name("PATH");
  add_sp_options(s, src.quick, true);
  s->add_option("--port", port, "Port (default from the config, 7000 with --sp-metadata; 0 = any free port)")->type_name("PORT")
      ->check(CLI::Validator([](std::string& v) { return core::port_problem(v); }, ""));
  s->add_option("--seed", seed, "Seed IDs, cookies and tokens for a repeatable run")->type_name("SEED");
  s->add_option("--now", now, "Start a virtual clock at this RFC 3339 time (moves only via the API)")->type_name("RFC3339");
  auto* s_demo = s->add_flag("--demo", demo,
                             "Demo mode for a class: a user picker on the sign-in page and the response inspector "
                             "at /demo/responses (a test system: never for real accounts)");
  int demo_responses = 100;
  s->add_option("--demo-responses", demo_responses, "Responses the inspector keeps in memory (with --demo)")
      ->type_name("N")
      ->check(CLI::Range(1, 10000))
      ->needs(s_demo)
      ->capture_default_str();
  bool allow_remote = false;
  s->add_flag("--allow-remote", allow_remote,
              "Allow a listen.address that is not loopback; needs IDP_MOCK_API_TOKEN (32+ characters), which the "
              "control API then requires as Authorization: Bearer");
  s->add_option("--threads", threads, "I/O threads (default 1: deterministic)")->type_name("N")->check(CLI::Range(1, 64));

  auto* m = cli.add_subcommand("mint", "Write one signed Response without a server");
  std::string app, user, irt, acs, out;
  bool b64 = false, form = false;
  auto* m_config = m->add_option("--config", src.config, config_help)->type_name("PATH");
  add_sp_options(m, src.quick, false);
  m->add_option("--app", app, "App name (default: the only app)")->type_name("NAME");
  m->add_option("--user", user, "User login, e.g. carol@acme.test")->type_name("LOGIN")->required();
  m->add_option("--in-response-to", irt, "AuthnRequest ID (SP-initiated); omit for IdP-initiated")->type_name("ID");
  m->add_option("--acs", acs,
                "ACS URL (default: the app's Single sign-on URL); with --audience, an SP without metadata")->type_name("URL");
  m->add_option("--now", now, "Issue instant, RFC 3339 (default: the system clock)")->type_name("RFC3339");
  m->add_option("--seed", seed, "Seed the IDs for a byte-for-byte repeatable response")->type_name("SEED");
  auto* fb = m->add_flag("--base64", b64, "Write base64 (the POST binding's value)");
  m->add_flag("--form", form, "Write a urlencoded SAMLResponse=... form body")->excludes(fb);
  m->add_option("-o,--output", out, "Output file (default: stdout)")->type_name("PATH");

  auto* i = cli.add_subcommand("init", "Write the tenant YAML for the SPs given (Okta's labels as comments)");
  add_sp_options(i, src.quick, true);
  i->add_option("-o,--output", out, "Output file (default: stdout)")->type_name("PATH");

  const std::string version = core::version_line("idp-mock");
  cli.set_version_flag("--version", version, "Print the version and exit");
  for (CLI::App* sub : {s, m, i}) sub->set_version_flag("--version", version, "Print the version and exit");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = cli.exit(e);
    return rc == 0 ? 0 : 2;
  }
  try {
    if (s->parsed()) {
      src.config_given = s_config->count() > 0;
      return serve(src, port, seed, now, demo, demo_responses, threads, allow_remote);
    }
    if (i->parsed()) return init(src, out);
    src.config_given = m_config->count() > 0;
    // mint --acs alone overrides the ACS; with --audience it is an SP without metadata.
    if (!src.quick.audience.empty()) std::swap(src.quick.acs, acs);
    return mint(src, app, user, irt, acs, now, seed, b64, form, out);
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
