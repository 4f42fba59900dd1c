// `harness demo`: the command line over DemoApp (server.hpp), so
// harness/main.cpp only registers it and calls run().
//
//   harness demo --idp URL --sp URL [--listen 127.0.0.1:7300] [--vulnerable-listen 127.0.0.1:8082]
//                [--idp-config FILE] [--sp-token TOKEN] [--org SLUG] [--app NAME]
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace samlh::harness::demo {

struct CommandOptions {
  std::string idp;
  std::string sp;
  std::string listen = "127.0.0.1:7300";
  std::string vulnerable_listen = "127.0.0.1:8082";
  std::string idp_config;  // "" = <root>/idp-mock/examples/acme.yaml
  std::string sp_token;    // "" = $SAMLH_DEMO_SP_TOKEN, else the acme example's owner token
  std::string org = "acme";
  std::string app = "hotjar";
};

// A host:port that `harness demo` may listen on (loopback only), or the
// problem as a sentence.
struct ListenAddress {
  std::string host;
  unsigned short port = 0;
  std::string problem;
};
ListenAddress parse_listen(const std::string& text);

class DemoCommand {
 public:
  explicit DemoCommand(CLI::App& app);
  bool parsed() const;
  // Serves until SIGINT or SIGTERM. Exit codes: 0 stopped, 2 usage or start-up error.
  int run(const std::string& root);

 private:
  CLI::App* cmd_;
  CommandOptions o_;
};

}  // namespace samlh::harness::demo
