// An SP-initiated login through the harness's browser (core/browser), for
// tests/targets/quickstart_test.py (issue 22): open the SP's login URL,
// follow its redirect to idp-mock, sign in with the credentials, let the
// POST binding's form carry the Response to the SP's ACS, then ask the SP's
// oracle who is logged in. One JSON line on stdout:
//   {"status": <last page>, "url": ..., "chain": [every URL requested],
//    "oracle_status": N, "oracle_body": "...", "error": "..."}
//
//   sp_login LOGIN_URL USER PASSWORD ORACLE_URL
// Exit 0 when the oracle answered 200, 1 otherwise, 2 on usage.
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/browser/browser.hpp"
#include "core/init.hpp"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: sp_login LOGIN_URL USER PASSWORD ORACLE_URL\n";
    return 2;
  }
  samlh::core::LibraryGuard guard;
  namespace browser = samlh::core::browser;
  browser::BrowserOptions options;
  options.request_timeout = std::chrono::milliseconds(10'000);
  browser::Browser b("developer", options);
  browser::NavigateOptions nav;
  nav.credentials = browser::Credentials{argv[2], argv[3]};
  nav.max_hops = 12;
  const browser::Page page = b.navigate(argv[1], nav);
  const auto oracle = b.fetch(argv[4]);
  nlohmann::json out = {{"status", page.status},         {"url", page.url},
                        {"chain", page.chain},          {"oracle_status", oracle.status},
                        {"oracle_body", oracle.body},    {"error", page.error},
                        {"page", page.body.substr(0, 400)}};
  std::cout << out.dump() << "\n";
  return oracle.status == 200 ? 0 : 1;
}
