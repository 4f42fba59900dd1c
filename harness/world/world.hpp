// The environment one scenario runs in: the Okta-shaped IdP and the
// Hotjar-shaped SP from their default configurations, a virtual clock both
// share, a browser per user, and an embedded IdP the attacks mint from.
//
// In-process (default): both are route functions behind an
// InProcessTransport and share a VirtualClock. Live (--live): both run as
// processes on loopback ports, reached over HTTP, their clocks moved through
// their control APIs. The steps are identical in both. Target
// (--target-sp): the IdP in-process on the wall clock, app hotjar pointed at
// the target's entity ID and ACS; everything else goes over HTTP; there is
// no SP of ours, so the SP APIs below must not be used.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "attacks/mutations.hpp"
#include "core/clock.hpp"
#include "core/key_cache.hpp"
#include "harness/scenario/scenario.hpp"
#include "harness/world/browser.hpp"
#include "idp-mock/server/idp.hpp"

namespace samlh::harness {

struct TargetSp;       // harness/world/target_sp.hpp
class InProcessScim;   // harness/world/scim_adapter.hpp

// Where the in-process IdP answers in target mode (and in the metadata
// `harness target-info` prints): a loopback host no SP listens on, so the
// IdP's cookies never share a scope with the target's (cookies are per host,
// not per port). Nothing listens there: the harness's browser answers it.
inline constexpr const char* kTargetIdpBase = "http://127.0.0.2:7000";

// The default configurations the worlds of one run start from, each parsed
// once (yaml-cpp was a sixth of a suite's CPU time) and kept here, bounded:
// owned by the run's options, shared by its worlds, gone with it (no
// statics). Thread-safe; the memos are world.cpp's.
class ConfigCache {
 public:
  ConfigCache();
  ~ConfigCache();
  ConfigCache(const ConfigCache&) = delete;
  ConfigCache& operator=(const ConfigCache&) = delete;
  struct Memos;
  Memos& memos() { return *memos_; }

 private:
  std::unique_ptr<Memos> memos_;
};

struct WorldOptions {
  std::string root;     // repository root (configs, certs)
  std::string bin_dir;  // for --live: where idp-mock and sp are
  bool live = false;
  std::uint64_t seed = 1;
  // --target-sp: the IdP in-process, the SP someone else's, over HTTP.
  std::shared_ptr<const TargetSp> target;
  // Every assumption's answer in effect (claims().assumptions; --assume
  // flips some): the settings of the answers that are not the default are
  // applied to the SP's organization acme and the IdP's app hotjar before
  // the scenario's own `sp:` and `app:` settings.
  Assumed assumed;
  // Copies of these options share it.
  std::shared_ptr<ConfigCache> configs = std::make_shared<ConfigCache>();
};

// One exchange of the browser with the target SP (target mode), in order.
struct TargetExchange {
  std::string method;
  std::string url;
  Reply reply;
  bool refused = false;  // off the target's origins: not fetched
};

struct ApiReply {
  int status = 0;
  nlohmann::json body;  // null when not JSON
  std::string text;
};

class World {
 public:
  // Throws std::runtime_error when the environment cannot be set up.
  World(const Scenario& s, const WorldOptions& o);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  const core::Clock& clock() const;
  const Assumed& assumed() const { return assumed_; }
  core::Instant now() const;
  void advance(core::Millis d);

  Browser& browser(const std::string& user);
  Transport& transport() { return *transport_; }

  // URLs of the default setup (organization acme, app hotjar).
  std::string sp_login_url() const;
  std::string sp_invite_url(const std::string& token) const;
  std::string sp_app_url() const;
  std::string idp_initiated_url() const;
  std::string idp_metadata_url() const;  // app hotjar's
  std::string idp_base() const { return idp_base_; }
  std::string sp_base() const { return sp_base_; }
  // A text written for the default ports (7000, 8081), for this world's ports.
  std::string localize(const std::string& text) const;

  // The IdP's control API and the SP's admin API (as the named member).
  ApiReply idp_api(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr);
  ApiReply sp_api(const std::string& method, const std::string& path, const std::string& actor,
                  const nlohmann::json& body = nullptr);
  // The same under organization kOrg: "/api/orgs/acme" + rest.
  ApiReply org_api(const std::string& method, const std::string& rest, const std::string& actor,
                   const nlohmann::json& body = nullptr);
  // The same as the harness's read-only auditor (config auditor_tokens): the
  // audit log, roster and invitations, and IdP events. No scenario can
  // remove it, so these reads never come back empty because a member left.
  ApiReply auditor_api(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr);
  ApiReply org_auditor_api(const std::string& method, const std::string& rest, const nlohmann::json& body = nullptr);
  // Audit records of organization kOrg after `after_seq` (oldest first).
  std::vector<nlohmann::json> audit_since(std::int64_t after_seq);
  // Refusals for organization slugs the SP does not have (login_org_unknown).
  std::vector<nlohmann::json> unknown_org_audit_since(std::int64_t after_seq);
  std::int64_t last_audit_seq();

  // The attack pack's material for `user`, answering `request_id` at `acs`.
  idp::MutationMaterial mutation_material(const std::string& user, const std::optional<std::string>& request_id,
                                          const std::string& acs, const std::string& victim);
  // Target mode: every exchange with the target so far (and the URLs not
  // fetched because they leave its origins).
  const std::vector<TargetExchange>& target_log() const { return target_log_; }
  // Whether the IdP's directory has this login (in-process; a live run's
  // IdP is another process: true, nothing known).
  bool idp_has_user(const std::string& login);
  // Applies Okta app settings (JSON object) to app hotjar, on the IdP and the embedded minter.
  ApiReply set_app_settings(const nlohmann::json& settings);

  // The with_scim variant (in-process only): app hotjar provisions the SP's
  // organization acme through idp-mock's SCIM client, answered in process
  // by the SP's SCIM service. settle_provisioning() waits until every job
  // the IdP queued is done and returns the client's log lines since the
  // last call (the step's evidence); throws when it does not settle.
  bool provisioned() const { return scim_ != nullptr; }
  std::vector<std::string> settle_provisioning();

 private:
  void load_attack_keys(const std::string& root, const std::string& sp_cert_pem, core::KeyCache& keys);
  ApiReply sp_call(const std::string& method, const std::string& path, const std::string& token,
                   const nlohmann::json& body);
  void setup_target(const Scenario& s, const WorldOptions& o, const std::string& idp_path,
                    const idp::IdpOptions& io);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::shared_ptr<const TargetSp> target_;
  std::int64_t audit_cursor_ = 0;  // the newest audit seq seen (last_audit_seq)
  std::vector<TargetExchange> target_log_;  // before transport_: it writes here
  std::unique_ptr<Transport> transport_;
  std::map<std::string, std::unique_ptr<Browser>> browsers_;
  std::string idp_base_;
  std::string sp_base_;
  Assumed assumed_;
  std::shared_ptr<InProcessScim> scim_;         // with_scim only
  std::uint64_t scim_seen_ = 0;               // the provisioning log's last seq read
};

// The admin bearer token the harness gives every member it acts as.
std::string harness_token(const std::string& email);

// The configurations a World loads, as YAML text (relative paths unchanged),
// for tests that load them through the real SP and IdP loaders.
// The settings of every assumption `assumed` answers otherwise than by
// default (claims().assumptions[].values), for the SP ("sp": keys of an
// organization's `sso:`) or the IdP ("idp": keys of app hotjar's `settings:`).
nlohmann::json flipped_settings(const Assumed& assumed, const char* side);
// The SP's: the default file, `assumed_sso` and then the scenario's `sp:`
// settings applied to organization acme, a token for every member the
// harness may act as and the harness's auditor token.
// `scim`: the organization's what-if `scim:` settings (with_scim), null for none.
std::string sp_config_text(const std::string& path, const Scenario& s, const nlohmann::json& assumed_sso,
                           const nlohmann::json& scim = nullptr);
// The SP's SCIM mapping of a with_scim variant: the token the IdP sends and
// every scim.* assumption's settings as answered in `assumed`.
nlohmann::json scim_settings(const Assumed& assumed);
// App hotjar's Provisioning > To App settings that point at that endpoint.
nlohmann::json provisioning_settings(const std::string& sp_base);
// The IdP's: the default file, with `settings` applied to app hotjar and the
// scenario's `idp_signing` pair as its own signing credential (apps[].signing).
std::string idp_config_text(const std::string& path, const Scenario& s, const nlohmann::json& settings);

}  // namespace samlh::harness
