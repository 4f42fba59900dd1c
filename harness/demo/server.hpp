// `harness demo`: the trainer's page over core/http. It reads the IdP's
// control API (users, assignments, the app, a genuine response minted for
// the attacker) and the SP's admin API (the organization's roster), applies
// a mutation of the attack pack, and hands the browser forms that POST the
// result to our SP's ACS or to the deliberately vulnerable SP's. It never
// links idp-mock or the SP: both are processes it talks to over HTTP.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "core/http/http_client.hpp"
#include "core/http/http_server.hpp"
#include "harness/demo/attack.hpp"

namespace samlh::harness::demo {

struct DemoOptions {
  std::string idp_url;         // idp-mock's base URL, e.g. http://127.0.0.1:7000
  std::string sp_url;          // the SP's base URL, e.g. http://127.0.0.1:8081
  std::string org = "acme";    // the SP organization
  std::string app = "hotjar";  // the IdP app
  std::string sp_token;        // an SP admin or auditor token (the roster)
  std::string vulnerable_url;  // the vulnerable SP's base URL; "" when not running
};

class DemoApp {
 public:
  DemoApp(DemoOptions options, AttackKeys keys);
  core::http::Response route(const core::http::Request& req);

 private:
  core::http::Response home();
  core::http::Response attack(const core::http::Request& req);
  // GET or POST to a base URL + path; nullptr body: GET.
  core::http::ClientResponse call(const std::string& base, const std::string& method, const std::string& path,
                                  const std::string* json_body, const std::string& bearer = "");

  DemoOptions options_;
  AttackKeys keys_;
  std::mutex mu_;  // the client: one request at a time
  core::http::Client client_;
};

// The IdP's app, as the control API describes it (GET /api/v1/apps/<app>):
// its IdP-initiated SSO URL and metadata URL. Empty strings when unreadable.
struct AppUrls {
  std::string sso;
  std::string metadata;
};
AppUrls read_app(core::http::Client& client, const std::string& idp_url, const std::string& app);

// The TEST signing key of the IdP from the tenant YAML (signing.key and
// signing.certificate, relative to the file). Throws std::runtime_error.
core::PrivateKey idp_key_from_config(const std::string& path);

}  // namespace samlh::harness::demo
