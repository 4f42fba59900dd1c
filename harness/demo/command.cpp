// DemoCommand (command.hpp).
#include "harness/demo/command.hpp"

#include <pthread.h>
#include <signal.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>

#include <CLI/CLI.hpp>

#include "core/file_reader.hpp"
#include "harness/demo/server.hpp"
#include "harness/demo/vulnerable.hpp"

namespace samlh::harness::demo {
namespace {

// The acme example SP's owner token (sp/examples/acme.yaml admin_tokens): a TEST token.
constexpr const char* kExampleSpToken = "carol-admin-token-0123456789abcdef";

core::PrivateKey cert_key(const std::string& root, const std::string& key, const std::string& cert) {
  auto k = core::read_capped(root + "/certs/" + key, core::kMaxConfigFileBytes);
  auto c = core::read_capped(root + "/certs/" + cert, core::kMaxConfigFileBytes);
  if (!k || !c) throw std::runtime_error("cannot read certs/" + key + " or certs/" + cert);
  auto pk = core::PrivateKey::from_pem(*k, *c);
  if (!pk) throw std::runtime_error("certs/" + key + ": " + pk.failure().detail);
  return *pk;
}

}  // namespace

ListenAddress parse_listen(const std::string& text) {
  ListenAddress a;
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    a.problem = "'" + text + "' is not HOST:PORT";
    return a;
  }
  a.host = text.substr(0, colon);
  const std::string port = text.substr(colon + 1);
  unsigned v = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
  if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || v > 65535) {
    a.problem = "'" + port.substr(0, 20) + "' is not a port (0 to 65535)";
  } else if (!loopback_host(a.host)) {
    a.problem = "the demo listens on loopback only (127.0.0.1, ::1, localhost), not '" + a.host.substr(0, 60) + "'";
  }
  a.port = static_cast<unsigned short>(v);
  if (a.host == "[::1]") a.host = "::1";
  return a;
}

DemoCommand::DemoCommand(CLI::App& app) {
  cmd_ = app.add_subcommand("demo",
                            "Serve the trainer's page (user picker, attack mode) and the deliberately vulnerable "
                            "demo SP, on loopback, beside running idp-mock --demo and sp serve --demo");
  cmd_->add_option("--idp", o_.idp, "idp-mock's base URL, e.g. http://127.0.0.1:7000")->type_name("URL")->required();
  cmd_->add_option("--sp", o_.sp, "The SP's base URL, e.g. http://127.0.0.1:8081")->type_name("URL")->required();
  cmd_->add_option("--listen", o_.listen, "Where the trainer's page listens (loopback only)")
      ->type_name("HOST:PORT")
      ->capture_default_str();
  cmd_->add_option("--vulnerable-listen", o_.vulnerable_listen,
                   "Where the deliberately vulnerable demo SP listens (loopback only)")
      ->type_name("HOST:PORT")
      ->capture_default_str();
  cmd_->add_option("--idp-config", o_.idp_config,
                   "idp-mock's tenant YAML: its TEST signing key signs the mutations (default: "
                   "idp-mock/examples/acme.yaml)")
      ->type_name("FILE");
  cmd_->add_option("--sp-token", o_.sp_token,
                   "An SP admin token to read the roster (default: $SAMLH_DEMO_SP_TOKEN, else the acme example's)")
      ->type_name("TOKEN");
  cmd_->add_option("--org", o_.org, "The SP organization")->type_name("SLUG")->capture_default_str();
  cmd_->add_option("--app", o_.app, "The IdP app")->type_name("NAME")->capture_default_str();
}

bool DemoCommand::parsed() const { return cmd_->parsed(); }

int DemoCommand::run(const std::string& root) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts
  const ListenAddress listen = parse_listen(o_.listen);
  const ListenAddress vulnerable = parse_listen(o_.vulnerable_listen);
  for (const ListenAddress* a : {&listen, &vulnerable}) {
    if (!a->problem.empty()) {
      std::cerr << "harness demo: " << a->problem << "\n";
      return 2;
    }
  }
  try {
    DemoOptions d;
    d.idp_url = o_.idp;
    d.sp_url = o_.sp;
    d.org = o_.org;
    d.app = o_.app;
    const char* env = std::getenv("SAMLH_DEMO_SP_TOKEN");
    d.sp_token = !o_.sp_token.empty() ? o_.sp_token : env != nullptr ? env : kExampleSpToken;
    const std::string config = o_.idp_config.empty() ? root + "/idp-mock/examples/acme.yaml" : o_.idp_config;
    AttackKeys keys{idp_key_from_config(config), cert_key(root, "attacker.key", "attacker.crt"),
                    cert_key(root, "attacker.key", "attacker-clone.crt")};
    core::http::Client client;
    const AppUrls app = read_app(client, d.idp_url, d.app);
    if (app.metadata.empty())
      throw std::runtime_error("idp-mock does not answer at " + d.idp_url + " for app " + d.app);
    const VulnerableSp sp("/usr/bin/python3", root + "/harness/demo/vulnerable_sp/vulnerable_sp.py", vulnerable.host,
                          vulnerable.port, app.metadata);
    d.vulnerable_url = sp.base_url();
    DemoApp demo(d, std::move(keys));
    core::http::ServerOptions so;
    so.address = listen.host;
    so.port = listen.port;
    so.server_header = "harness-demo";
    core::http::Server server(so, [&demo](const core::http::Request& r) { return demo.route(r); });
    server.listen();
    server.start();
    std::cout << "harness demo: trainer's page " << server.base_url() << "/\n"
              << "  deliberately vulnerable SP " << sp.base_url() << "/ (never for real accounts)\n"
              << "  Ctrl-C stops both" << std::endl;
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "harness demo: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace samlh::harness::demo
