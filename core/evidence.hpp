// Evidence: a titled record of something a run did (one HTTP exchange with
// its SAML messages decoded, a mutation, an API call), as reports show it.
// The browser (core/browser) writes it; the harness's reports (harness/)
// keep it per step.
#pragma once

#include <string>

namespace samlh::core {

struct Evidence {
  std::string title;  // "[carol@acme.test] GET http://127.0.0.1:8081/sso/acme/login -> 302"
  std::string body;   // request/response summary and decoded SAML messages
};

}  // namespace samlh::core
