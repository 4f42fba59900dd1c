// The running IdP: one Okta org (directory, apps, signing credentials,
// sessions, event log) behind a mutex, plus the pure HTTP route function.
// The state is reached only through an Idp::Locked, a handle that holds the
// mutex for as long as it lives: code that needs the state takes a Locked&,
// so "the caller holds the lock" is a type, not a comment.
//
// Time comes only from the injected clock, shifted by the control API's
// offset; IDs, session cookies and state tokens only from the seeded Rng, so
// a run with a seed and a fixed or virtual clock is byte-for-byte repeatable
// (RSA PKCS#1 v1.5 signatures are deterministic; ECDSA signatures and
// encryption use fresh randomness and are the documented exception).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/http/http_server.hpp"
#include "core/key_cache.hpp"
#include "core/keys.hpp"
#include "core/result.hpp"
#include "core/rng.hpp"
#include "idp-mock/assertion/minter.hpp"
#include "idp-mock/server/api_guard.hpp"
#include "idp-mock/server/demo_log.hpp"
#include "idp-mock/server/scim_client.hpp"
#include "idp-mock/tenant/config.hpp"
#include "idp-mock/tenant/idp_reason.hpp"

namespace samlh::idp {

// A signing credential of one app (B.4): one ACTIVE, others INACTIVE.
struct Credential {
  std::string kid;
  core::PrivateKey key;
  bool active = false;
  core::Instant created{};
};

struct AppRuntime {
  App app;
  std::vector<Credential> keys;
  const Credential& active() const;
};

// The Okta session ("sid" cookie): a second SSO skips the password.
struct IdpSession {
  std::string id;
  std::string login;
  core::Instant authn_instant{};
};

// One line of the event log: admin changes (kind "change") and SSO events
// (kind "sso"), like Okta's System Log.
struct Event {
  std::uint64_t seq = 0;
  core::Instant at{};
  std::string kind;    // change | sso
  std::string action;  // e.g. user.lifecycle.deactivate, app.sso.denied
  std::string target;
  std::string detail;
};

// The detail of a failed sign-in in the System Log (action user.session.start):
// a wrong password or unknown user, or (followed by the status, DEPROVISIONED
// or SUSPENDED) a user who may not sign in at all. Both show the same page.
inline constexpr std::string_view kSignInBadCredentials = "FAILURE: INVALID_CREDENTIALS";
inline constexpr std::string_view kSignInInactivePrefix = "FAILURE: USER_NOT_ACTIVE ";

// What the harness's World reads of an app (Idp::app).
struct AppView {
  App app;
  core::PrivateKey active_key;
};

// One grant of an app to a user, directly or through one group, from when it
// took effect to when it ended (the assignment reports, assignment_report.hpp).
// Who it was for is kept as last seen while the grant was active.
struct AssignmentSpan {
  std::string app;
  std::string login;
  std::string group;  // "" for an individual assignment
  std::string user_id;
  std::string user_name;
  std::string app_login;
  core::Instant assigned_on{};
  std::optional<core::Instant> unassigned_on;
};

struct IdpOptions {
  std::optional<std::uint64_t> seed;  // nullopt: unseeded (non-repeatable IDs)
  bool demo = false;                  // sign-in page with a user picker, the inspector at /demo/responses
  std::size_t demo_responses = 100;   // responses the inspector keeps (with demo)
  // Where each event line goes besides the in-memory log; default stdout.
  std::function<void(const std::string&)> log_sink;
  // Host names the control API answers to besides localhost, 127.0.0.1,
  // [::1], the listen address and the base URL's host (api_guard.hpp).
  std::vector<std::string> api_host_names;
  // Non-empty: every control API call needs Authorization: Bearer <token>.
  std::string api_token;
  // The parsed signing keys to share (the harness keeps one cache for every
  // IdP it builds); null: each key is parsed when the tenant is (re)loaded.
  core::KeyCache* keys = nullptr;
  // The SCIM provisioning client's bounds (scim_client.hpp).
  ScimClientOptions scim;
};

// Per-login parameters of a mint (SP-initiated values come from the request).
struct MintParams {
  std::string acs;                            // empty: Single sign-on URL
  std::optional<std::string> in_response_to;  // AuthnRequest ID
  std::optional<core::Instant> authn_instant;
  std::string session_index;
  // For the inspector (demo mode): how the mint was asked for, the request
  // it answers and the RelayState sent with it.
  std::string via = "control API mint";
  std::optional<IssuedRequest> request;
  std::optional<std::string> relay_state;
};

class Idp {
 public:
  // Throws ConfigError when a configured key cannot be read.
  Idp(TenantConfig config, const core::Clock& base_clock, IdpOptions options = {});
  ~Idp();

  // The pure HTTP entry point; thread-safe.
  core::http::Response route(const core::http::Request& req);

  // Each of these takes the lock for its own duration.
  // A Response for an assigned, active user, without HTTP (CLI mint, harness
  // in-process). Reasons: idp_user_inactive (deactivated or suspended),
  // idp_app_not_assigned (unknown app or user, unassigned), then the
  // signer's (core::ToolError).
  IdpResult<Minted> mint(const std::string& app, const std::string& login, const MintParams& p);
  std::string metadata(const std::string& app);  // "" for an unknown app
  // A copy of one app's settings and its active signing key; nullopt for an
  // unknown app.
  std::optional<AppView> app(const std::string& name);
  std::string base_url() const;
  // After binding port 0: the URLs in metadata and pages follow the server.
  void set_base_url(std::string url);
  core::Instant now() const;
  const TenantConfig& config() const { return config_; }
  std::vector<Event> events() const;

  struct State;
  class Locked;
  // Holds the lock until the handle is destroyed.
  Locked lock();

 private:
  TenantConfig config_;
  const core::Clock& base_clock_;
  IdpOptions options_;
  mutable std::mutex mu_;
  std::unique_ptr<State> state_;
  // Declared last: stopped (its worker joined) before the state goes.
  std::unique_ptr<ScimProvisioner> scim_;
};

// The Idp under its lock: the state, and the steps that read or change it.
// Exists only while it holds the mutex (movable, not copyable); the routes,
// flows and control API take one.
class Idp::Locked {
 public:
  Locked(Locked&&) noexcept = default;
  Locked& operator=(Locked&&) = delete;

  State& state() { return *idp_->state_; }
  const TenantConfig& config() const { return idp_->config_; }
  // One line of the event log (and the sink).
  void log(const std::string& kind, const std::string& action, const std::string& target, const std::string& detail);
  // Back to the configuration: directory, apps, keys, no sessions.
  void reset();
  // Idp::mint under this lock.
  IdpResult<Minted> mint(const std::string& app, const std::string& login, const MintParams& p);
  std::string metadata(const std::string& app);
  // What the control API accepts (api_guard.hpp): the options' names and
  // token, the listen address and the base URL's host.
  ApiGuard api_guard();

 private:
  friend class Idp;
  explicit Locked(Idp& idp) : idp_(&idp), lock_(idp.mu_) {}
  Idp* idp_;
  std::unique_lock<std::mutex> lock_;
};

struct PendingLogin {  // an SSO waiting for the sign-in form (Okta's stateToken)
  std::string app;
  std::string acs;
  std::optional<std::string> request_id;
  std::optional<std::string> relay_state;
  bool force_authn = false;
  std::optional<IssuedRequest> demo_request;  // demo mode: the AuthnRequest, for the inspector
};

struct Idp::State {
  Directory directory;
  std::vector<AppRuntime> apps;
  std::map<std::string, IdpSession> sessions;
  std::map<std::string, PendingLogin> pending;
  std::vector<Event> events;
  std::vector<AssignmentSpan> assignment_spans;  // in the order the grants began
  std::uint64_t next_seq = 1;
  core::OffsetClock clock;
  core::Rng rng;
  bool demo = false;
  std::function<void(const std::string&)> sink;
  std::string base_url;
  std::optional<KeyFiles> next_signing;
  std::string org;
  // SCIM provisioning (provisioning.hpp): the client, and per app what it
  // was asked to provision. A reset keeps both: the SCIM server keeps its users.
  ScimProvisioner* scim = nullptr;
  std::map<std::string, ProvisionedApp> provisioned;
  IssuedLog issued;  // demo mode: the inspector's responses

  State(const core::Clock& base, std::uint64_t seed) : clock(base), rng(seed) {}
  AppRuntime* app_by_name(std::string_view name);
  AppRuntime* app_by_key(std::string_view external_key);
};

// Okta's URL shapes (B.1).
std::string sso_path(const App& a);       // /app/<appName>/<exk>/sso/saml
std::string slo_path(const App& a);       // /app/<appName>/<exk>/slo/saml
std::string metadata_path(const App& a);  // /app/<exk>/sso/saml/metadata

}  // namespace samlh::idp
