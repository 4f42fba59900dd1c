// The Hotjar-shaped SP over HTTP: a pure route function over SpState, the
// state the handlers share (store, account rules, audit log, replay cache,
// clock, randomness, parsed keys). Handlers are thin: each reads the request,
// calls the model (Accounts, the validator) and renders the outcome; a
// refusal becomes http_status(reason) and words from user_message(reason),
// while the precise reason lands in the audit log.
//
// Routes (org = an organization slug):
//   GET  /                        index: organizations and their links
//   GET  /sso/<org>/login         SP-initiated login (?RelayState=/path, ?passive=1)
//   GET  /sso/<org>/invite/<tok>  SP-initiated login bound to an invitation
//   POST /sso/<org>/acs           the Assertion Consumer Service (HTTP-POST)
//   GET  /sso/<org>/metadata      SP metadata
//   GET  /sso/<org>/slo           SP-initiated logout; GET/POST with a
//                                 SAMLResponse: the IdP's LogoutResponse
//   GET  /app[/...], /app.json    who am I (JSON with Accept: application/json)
//   GET/POST /login, /signup      password login and self sign-up (non-SSO)
//   POST /logout                  ends the session
//   /api/...                      the admin API (sp/server/routes_admin.cpp)
//   /scim/v2/<org>/...             the what-if SCIM 2.0 endpoint, off unless the org
//                                  has `scim:` settings; NOT a Hotjar feature (E.4)
//   GET  /demo/logins[/<id>[/response.xml]]  demo mode only: the login
//                                 inspector (sp/server/routes_demo.cpp)
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/http/http_server.hpp"
#include "core/key_cache.hpp"
#include "core/result.hpp"
#include "core/rng.hpp"
#include "sp/accounts/accounts.hpp"
#include "sp/accounts/acs.hpp"
#include "sp/accounts/audit.hpp"
#include "sp/accounts/scim_service.hpp"
#include "sp/model/rate_limits.hpp"
#include "sp/model/secrets.hpp"
#include "sp/server/demo_log.hpp"
#include "sp/store/sqlite_replay_cache.hpp"
#include "sp/store/store.hpp"

namespace samlh::sp {

struct SpOptions {
  // How long an AuthnRequest may be answered (assumption: Okta's assertion
  // lifetime is 5 minutes, B.6; a sign-in page may take longer).
  core::Millis authn_request_lifetime{std::chrono::minutes{10}};
  std::optional<std::uint64_t> seed;  // request IDs; nullopt: unseeded
  std::size_t max_form_bytes = 512 * 1024;  // an ACS POST larger than this is refused (413)
  // The largest XML document the ACS parses (xml_too_large beyond; the other
  // ParseLimits keep their defaults). Why 256 KB, below the validator's 4 MB
  // default: a 512 KB form carries at most about 370 KB of XML (base64 and
  // percent-encoding), so with the default the form cap alone would decide
  // and the XML limit would never be reached; Okta responses are a few
  // kilobytes (a few hundred groups stay far below 256 KB).
  std::size_t max_xml_bytes = 256 * 1024;
  // Read-only auditors of the admin API (config `auditor_tokens`): the
  // SHA-256 (hex) of each token -> its name. See routes_admin.cpp.
  std::map<std::string, std::string> auditors;
  // The what-if SCIM endpoint (not a Hotjar feature, E.4): org slug -> its
  // settings (config `organizations: - scim:`); none: no endpoint.
  std::map<std::string, ScimOrgSettings> scim;
  // Attempt limits per client address (sp/model/rate_limits.hpp): all off
  // here; `sp serve` sets them from its configuration.
  RateLimits limits;
  // `sp serve --demo` (never on by default): a banner on every page and the
  // login inspector (/demo/logins), keeping the last `demo_logins` logins in
  // memory (sp/server/demo_log.hpp). Off: /demo/ is 404, no banner.
  bool demo = false;
  std::size_t demo_logins = 100;
};

// The limiters of SpOptions::limits, one bucket per client address (or per
// email and address).
struct SpLimiters {
  explicit SpLimiters(const RateLimits& l)
      : login_per_address(l.login_per_address),
        login_failures_per_account(l.login_failures_per_account),
        acs_refusals_per_address(l.acs_refusals_per_address),
        sso_requests_per_address(l.sso_requests_per_address) {}
  core::RateLimiter login_per_address;
  core::RateLimiter login_failures_per_account;
  core::RateLimiter acs_refusals_per_address;
  core::RateLimiter sso_requests_per_address;
};

// The SpOptions::auditors entry of a token.
void add_auditor(SpOptions& options, std::string_view token, std::string name);

struct SpState {
  // `keys`: the PEM cache to share (the harness keeps one for every SP it
  // builds); null: the state owns its own.
  SpState(Store& s, const core::Clock& c, TokenSource& t, SpOptions o = {}, AccountsOptions a = {},
          core::KeyCache* keys = nullptr);

  Store& store;
  const core::Clock& clock;
  TokenSource& tokens;  // session, binding-cookie and invitation tokens
  SpOptions options;
  Accounts accounts;
  AuditLog audit;
  SqliteReplayCache replay;
  core::Rng rng;  // AuthnRequest and LogoutRequest IDs (not secrets)
  SpLimiters limiters;

 private:
  std::unique_ptr<core::KeyCache> own_keys_;

 public:
  core::KeyCache& keys;  // the organizations' certificates and keys, parsed once per PEM text
  Acs acs;               // the Assertion Consumer Service (sp/accounts/acs.hpp)
  ScimService scim;      // the what-if SCIM endpoint (sp/accounts/scim_service.hpp)
  std::unique_ptr<DemoLog> demo;  // SpOptions::demo; null: demo mode off
};

// The one entry point: never throws for any input (a storage error is a 503
// page, anything unexpected a 500 from the HTTP server).
core::http::Response route(const core::http::Request& req, SpState& state);

// The requests that hash a password (POST /login, POST /signup: PBKDF2 at
// full cost, ~0.2 s): `sp serve` routes them on its worker pool
// (core::http::ServerOptions::offload), never on an I/O thread.
bool hashes_password(const core::http::Request& req);

// "http://127.0.0.1:8081": for printing URLs. Routes themselves use the
// organization's configured ACS and entity ID.
std::vector<std::string> describe_urls(SpState& state, const std::string& base_url);

}  // namespace samlh::sp
