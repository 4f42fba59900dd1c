#include "harness/world/world.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include "core/file_reader.hpp"
#include "core/http/url.hpp"
#include "core/yaml/json_bridge.hpp"
#include "harness/world/live.hpp"
#include "harness/world/scim_adapter.hpp"
#include "harness/world/target_sp.hpp"
#include "harness/world/world_configs.hpp"
#include "idp-mock/assertion/minter.hpp"
#include "idp-mock/assertion/response_builder.hpp"
#include "idp-mock/tenant/config.hpp"
#include "sp/config/config.hpp"
#include "sp/server/server.hpp"
#include "sp/store/store.hpp"

namespace samlh::harness {
namespace {

using nlohmann::json;

constexpr const char* kIdpBase = "http://127.0.0.1:7000";
constexpr const char* kSpBase = "http://127.0.0.1:8081";

}  // namespace


std::string harness_token(const std::string& email) { return "harness-token-" + email; }

namespace {
// Target mode's way out of the process: only the target's own origins are
// contacted (its ACS, login and oracle); any other URL (an open redirect's
// https://evil.example/) is not fetched, and its request is kept as evidence.
// Every exchange with the target is logged for the judge (Location and
// header checks on what the browser was sent).
class TargetTransport final : public Transport {
 public:
  TargetTransport(std::set<std::string> origins, std::vector<TargetExchange>& log)
      : origins_(std::move(origins)), log_(log) {}
  Reply send(const Exchange& request) override {
    const auto url = core::http::parse_url(request.url);
    Reply r;
    if (!url || origins_.count(url->origin()) == 0) {
      r.url = request.url;
      r.error = "not fetched: " + request.url + " is off the target's origins (the harness contacts only the "
                "target SP and answers its own IdP in-process)";
      log_.push_back(TargetExchange{request.method, request.url, r, true});
      return r;
    }
    r = http_.send(request);
    log_.push_back(TargetExchange{request.method, request.url, r, false});
    return r;
  }

 private:
  HttpTransport http_;
  std::set<std::string> origins_;
  std::vector<TargetExchange>& log_;
};
}  // namespace

struct World::Impl {
  Impl(core::Instant start, std::shared_ptr<ConfigCache> c) : configs(std::move(c)), clock(start) {}
  virtual ~Impl() = default;
  // Held for as long as the world: its IdP and SP use the parsed keys in it.
  std::shared_ptr<ConfigCache> configs;
  core::VirtualClock clock;
  // Attack material: the attacker's keys and the SP's public certificate.
  std::optional<core::PrivateKey> attacker;
  std::optional<core::PrivateKey> attacker_clone;
  std::optional<core::Certificate> sp_cert;
  // The embedded IdP: in-process it is THE IdP; live it only mints attack
  // material from the same configuration and keys.
  std::unique_ptr<idp::Idp> idp;
  // in-process SP
  std::unique_ptr<sp::Store> store;
  std::unique_ptr<sp::SeededTokenSource> tokens;
  std::unique_ptr<sp::SpState> sp;
  // live servers
  std::unique_ptr<LiveServers> live;
};

namespace {
// A target SP keeps its own clock and its own replay cache: the IdP runs on
// the wall clock, and IDs differ per run and per scenario.
core::Instant start_of(const Scenario& s, const WorldOptions& o) {
  return o.target ? core::SystemClock().now() : s.start;
}
std::uint64_t seed_of(const Scenario& s, const WorldOptions& o) {
  const std::uint64_t seed = s.seed.value_or(o.seed);
  if (!o.target) return seed;
  return seed ^ o.target->nonce ^ (std::hash<std::string>{}(s.name) * 0x9E3779B97F4A7C15ULL);
}
}  // namespace

World::World(const Scenario& s, const WorldOptions& o) : impl_(std::make_unique<Impl>(start_of(s, o), o.configs)) {
  const std::uint64_t seed = seed_of(s, o);
  const std::string idp_path = o.root + "/idp-mock/examples/acme.yaml";
  const std::string sp_path = o.root + "/sp/examples/acme.yaml";
  idp::IdpOptions io;
  io.seed = seed;
  io.log_sink = [](const std::string&) {};
  io.keys = &impl_->configs->memos().keys;
  target_ = o.target;
  assumed_ = o.assumed.empty() ? assumed_with(claims(), {}) : o.assumed;
  if (target_) {
    setup_target(s, o, idp_path, io);
    return;
  }
  const std::string sp_text = sp_config_text_cached(*o.configs, sp_path, s, assumed_);
  if (s.provisioned()) {
    if (o.live) throw std::runtime_error("the with_scim variant runs in process only");
    scim_ = std::make_shared<InProcessScim>();
    io.scim.transport = scim_;
  }
  if (o.live) {
    impl_->live =
        std::make_unique<LiveServers>(o, idp_path, idp_config_text(idp_path, s, flipped_settings(assumed_, "idp")), sp_text, seed, s.start);
    idp_base_ = impl_->live->idp_base();
    sp_base_ = impl_->live->sp_base();
    // the embedded minter runs the live IdP's own (port-rewritten) configuration
    impl_->idp = std::make_unique<idp::Idp>(idp::load_config(impl_->live->idp_config_path()), impl_->clock, io);
    transport_ = std::make_unique<HttpTransport>();
  } else {
    impl_->idp = std::make_unique<idp::Idp>(idp_config(*o.configs, idp_path, s, assumed_), impl_->clock, io);
  }
  load_attack_keys(o.root, read_config_file(o.root + "/certs/sp.crt"), impl_->configs->memos().keys);
  if (o.live) return;

  idp_base_ = kIdpBase;
  sp_base_ = kSpBase;
  const sp::SpConfig cfg = sp_config(*o.configs, sp_text, o.root + "/sp/examples");
  auto store = sp::Store::open(":memory:");
  if (!store) throw std::runtime_error("SP store: " + store.failure().detail);
  impl_->store = std::move(store).value();
  impl_->tokens = std::make_unique<sp::SeededTokenSource>(seed);
  auto seeded = sp::seed_store(*impl_->store, cfg, impl_->clock, *impl_->tokens, 1000);
  if (!seeded) throw std::runtime_error("SP seed: " + seeded.failure().detail);
  sp::SpOptions so;
  so.seed = seed;
  so.scim = sp::scim_settings(cfg);
  for (const sp::AuditorTokenSeed& a : cfg.auditor_tokens) sp::add_auditor(so, a.token, a.name);
  sp::AccountsOptions ao;
  ao.password_iterations = 1000;  // the harness's own accounts: speed over strength
  impl_->sp = std::make_unique<sp::SpState>(*impl_->store, impl_->clock, *impl_->tokens, so, ao,
                                            &impl_->configs->memos().keys);
  auto t = std::make_unique<InProcessTransport>();
  idp::Idp* idp_ptr = impl_->idp.get();
  sp::SpState* sp_ptr = impl_->sp.get();
  t->add(idp_base_, [idp_ptr](const core::http::Request& r) { return idp_ptr->route(r); });
  t->add(sp_base_, [sp_ptr](const core::http::Request& r) { return sp::route(r, *sp_ptr); });
  transport_ = std::move(t);
  if (scim_) {
    // Provisioning turned on at step 0: the IdP pushes every user assigned
    // to app hotjar and the pushed groups before the story starts.
    scim_->bind(&impl_->sp->scim);
    const ApiReply r = set_app_settings(provisioning_settings(sp_base_));
    if (r.status / 100 != 2) throw std::runtime_error("cannot turn provisioning on for app hotjar: " + r.text);
    settle_provisioning();
    scim_seen_ = 0;  // the first IdP step's evidence shows this initial push too
  }
}

std::vector<std::string> World::settle_provisioning() {
  std::vector<std::string> out;
  if (!scim_) return out;
  idp::ScimProvisioner* client = impl_->idp->lock().state().scim;
  if (client == nullptr) return out;
  if (!client->wait_idle(std::chrono::seconds(20))) throw std::runtime_error("SCIM provisioning did not settle in 20 s");
  const idp::ScimProvisioner::Status st = client->status(scim_seen_);
  for (const idp::ScimLogEntry& e : st.log) {
    scim_seen_ = std::max(scim_seen_, e.seq);
    out.push_back(e.action + " " + e.target + (e.method.empty() ? "" : ": " + e.method + " " + e.path) +
                  (e.status != 0 ? " -> " + std::to_string(e.status) : "") + " " + e.outcome +
                  (e.detail.empty() ? "" : " (" + e.detail + ")"));
  }
  return out;
}

void World::load_attack_keys(const std::string& root, const std::string& sp_cert_pem, core::KeyCache& keys) {
  auto key = [&](const std::string& k, const std::string& c) {
    auto pk = keys.key(read_config_file(root + "/certs/" + k), read_config_file(root + "/certs/" + c));
    if (!pk) throw std::runtime_error("cannot load certs/" + k + ": " + pk.failure().detail);
    return std::move(pk).value();
  };
  impl_->attacker = key("attacker.key", "attacker.crt");
  impl_->attacker_clone = key("attacker.key", "attacker-clone.crt");
  auto sp_cert = keys.all_certificates(sp_cert_pem);
  if (!sp_cert) throw std::runtime_error("the SP certificate to encrypt to is unreadable: " + sp_cert.failure().detail);
  impl_->sp_cert = sp_cert->front();
}

void World::setup_target(const Scenario& s, const WorldOptions& o, const std::string& idp_path,
                         const idp::IdpOptions& io) {
  // The IdP on a host of its own: cookies are per host, not per port, so an
  // IdP on the target's host would overwrite a target cookie of the same
  // name (its `sid`, say) in the browser.
  idp::TenantConfig cfg = idp_config(*o.configs, idp_path, s, assumed_);
  cfg.base_url = kTargetIdpBase;
  impl_->idp = std::make_unique<idp::Idp>(std::move(cfg), impl_->clock, io);
  idp_base_ = kTargetIdpBase;
  sp_base_ = target_->base;
  auto t = std::make_unique<InProcessTransport>();
  idp::Idp* idp_ptr = impl_->idp.get();
  t->add(idp_base_, [idp_ptr](const core::http::Request& r) { return idp_ptr->route(r); });
  std::set<std::string> origins{target_->base};
  for (const std::string* u : {&target_->sp_login, &target_->oracle}) {
    if (auto url = core::http::parse_url(*u)) origins.insert(url->origin());
  }
  t->set_fallback(std::make_unique<TargetTransport>(std::move(origins), target_log_));
  transport_ = std::move(t);
  load_attack_keys(o.root, target_->encryption_pem.empty() ? read_config_file(o.root + "/certs/sp.crt") : target_->encryption_pem,
                   impl_->configs->memos().keys);
  // App hotjar now answers the target: its ACS and its entity ID.
  const ApiReply r = set_app_settings(json{{"single_sign_on_url", target_->acs}, {"audience_uri", target_->entity_id}});
  if (r.status / 100 != 2) throw std::runtime_error("cannot point app hotjar at the target: " + r.text);
  // The attacker and the victim are users of the IdP, assigned to the app.
  std::set<std::string> known;
  const ApiReply users = idp_api("GET", "/api/v1/users");
  if (users.body.is_array()) {
    for (const auto& u : users.body) {
      if (u.contains("profile") && u["profile"].contains("login")) known.insert(u["profile"]["login"].get<std::string>());
    }
  }
  for (const std::string* who : {&target_->attacker, &target_->victim}) {
    if (known.count(*who) != 0) continue;
    const std::string first = who == &target_->attacker ? "Attacker" : "Victim";
    const ApiReply c = idp_api("POST", "/api/v1/users",
                               json{{"login", *who}, {"email", *who}, {"password", "demo"}, {"firstName", first},
                                    {"lastName", "Harness"}});
    if (c.status / 100 != 2) throw std::runtime_error("cannot create " + *who + " at the IdP: " + c.text);
    const ApiReply g = idp_api("PUT", "/api/v1/groups/hotjar-users/users/" + *who);
    if (g.status / 100 != 2) throw std::runtime_error("cannot assign " + *who + " to app hotjar: " + g.text);
  }
}

World::~World() {
  // The SCIM client's worker must not reach the SP once it is gone.
  if (scim_) scim_->unbind();
}

const core::Clock& World::clock() const { return impl_->clock; }
core::Instant World::now() const { return impl_->clock.now(); }

void World::advance(core::Millis d) {
  impl_->clock.advance(d);
  if (impl_->live) {
    idp_api("PUT", "/api/v1/clock", json{{"now", core::format_saml_time(now())}});
    Exchange e{"PUT", sp_base_ + "/api/test/clock", {{"Content-Type", "application/json"}},
               json{{"now", core::format_saml_time(now())}}.dump()};
    transport_->send(e);
  }
}

Browser& World::browser(const std::string& user) {
  auto& b = browsers_[user];
  if (!b) {
    core::browser::BrowserOptions bo;
    if (target_) bo.request_timeout = target_->request_timeout;
    b = std::make_unique<Browser>(*transport_, impl_->clock, user, bo);
  }
  return *b;
}

std::string World::sp_login_url() const {
  if (target_) return target_->sp_login;
  return sp_base_ + "/sso/" + std::string(kOrg) + "/login";
}
std::string World::sp_invite_url(const std::string& token) const {
  return sp_base_ + "/sso/" + std::string(kOrg) + "/invite/" + token;
}
std::string World::sp_app_url() const {
  if (target_) return target_->oracle;
  return sp_base_ + "/app.json";
}
std::string World::idp_initiated_url() const {
  const auto app = impl_->idp->app(std::string(kApp));
  return idp_base_ + (app ? idp::sso_path(app->app) : std::string("/"));
}

std::string World::idp_metadata_url() const {
  const auto app = impl_->idp->app(std::string(kApp));
  return idp_base_ + (app ? idp::metadata_path(app->app) : std::string("/"));
}

namespace {
ApiReply to_api(const Reply& r) {
  ApiReply a;
  a.status = r.status;
  a.text = r.body;
  a.body = json::parse(r.body, nullptr, false);
  if (a.body.is_discarded()) a.body = nullptr;
  if (r.status == 0) a.text = r.error;
  return a;
}
}  // namespace

ApiReply World::idp_api(const std::string& method, const std::string& path, const json& body) {
  Exchange e{method, idp_base_ + path, {{"Content-Type", "application/json"}}, body.is_null() ? "" : body.dump()};
  return to_api(transport_->send(e));
}

ApiReply World::sp_api(const std::string& method, const std::string& path, const std::string& actor, const json& body) {
  return sp_call(method, path, harness_token(actor), body);
}

ApiReply World::auditor_api(const std::string& method, const std::string& path, const json& body) {
  return sp_call(method, path, kAuditorToken, body);
}

ApiReply World::org_auditor_api(const std::string& method, const std::string& rest, const json& body) {
  return auditor_api(method, "/api/orgs/" + std::string(kOrg) + rest, body);
}

ApiReply World::sp_call(const std::string& method, const std::string& path, const std::string& token,
                        const json& body) {
  Exchange e{method, sp_base_ + path, {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}},
             body.is_null() ? "" : body.dump()};
  return to_api(transport_->send(e));
}

ApiReply World::org_api(const std::string& method, const std::string& rest, const std::string& actor,
                        const json& body) {
  return sp_api(method, "/api/orgs/" + std::string(kOrg) + rest, actor, body);
}

std::vector<json> World::audit_since(std::int64_t after_seq) {
  const ApiReply r = org_auditor_api("GET", "/audit?after_seq=" + std::to_string(after_seq) + "&limit=1000");
  std::vector<json> out;
  const json* list = nullptr;
  if (r.body.is_array()) list = &r.body;
  else if (r.body.is_object() && r.body.contains("records")) list = &r.body["records"];
  if (list != nullptr) {
    for (const auto& rec : *list) out.push_back(rec);
  }
  return out;
}

std::vector<json> World::unknown_org_audit_since(std::int64_t after_seq) {
  const ApiReply r =
      auditor_api("GET", "/api/audit/unknown-orgs?after_seq=" + std::to_string(after_seq) + "&limit=1000");
  std::vector<json> out;
  if (!r.body.is_object()) return out;
  const auto records = r.body.find("records");
  if (records != r.body.end() && records->is_array()) out.assign(records->begin(), records->end());
  return out;
}

std::int64_t World::last_audit_seq() {
  // Sequence numbers are global in the SP's log, so the newest of both reads
  // is where the next step's records start.
  // Sequence numbers only grow: read on from the last one seen (pages of
  // up to 1000 records) instead of the whole log every step.
  while (true) {
    const std::int64_t before = audit_cursor_;
    for (const auto& rec : audit_since(before)) audit_cursor_ = std::max<std::int64_t>(audit_cursor_, rec.value("seq", 0));
    for (const auto& rec : unknown_org_audit_since(before)) {
      audit_cursor_ = std::max<std::int64_t>(audit_cursor_, rec.value("seq", 0));
    }
    if (audit_cursor_ == before) return audit_cursor_;
  }
}

std::string World::localize(const std::string& text) const {
  if (target_) {
    // The default SP's URLs become the target's: ACS, entity ID, then any other.
    std::string out = text;
    const std::string org = std::string(kSpBase) + "/sso/" + std::string(kOrg);
    for (const auto& [from, to] : {std::pair<std::string, std::string>{org + "/acs", target_->acs},
                                   {org + "/metadata", target_->entity_id},
                                   {kSpBase, target_->base}}) {
      for (auto pos = out.find(from); pos != std::string::npos; pos = out.find(from, pos + to.size())) {
        out.replace(pos, from.size(), to);
      }
    }
    return out;
  }
  if (!impl_->live) return text;
  auto port = [](const std::string& base) {
    return static_cast<unsigned short>(std::stoi(base.substr(base.rfind(':') + 1)));
  };
  return with_ports(text, port(idp_base_), port(sp_base_));
}

bool World::idp_has_user(const std::string& login) {
  if (impl_->live) return true;  // the servers' directory: not known here
  auto locked = impl_->idp->lock();
  return locked.state().directory.find_user(login) != nullptr;
}

ApiReply World::set_app_settings(const json& given) {
  // Scenario files name the default pair's URLs; live servers have their own ports.
  json settings = json::parse(localize(given.dump()));
  if (target_ && !target_->encryption_pem.empty() && settings.contains("assertion_encryption") &&
      settings["assertion_encryption"].is_object() &&
      settings["assertion_encryption"].contains("encryption_certificate")) {
    // encrypt to the target's key, not to our SP's
    settings["assertion_encryption"]["encryption_certificate"] = target_->encryption_pem;
  }
  const std::string path = "/api/v1/apps/" + std::string(kApp) + "/settings";
  ApiReply r = idp_api("POST", path, settings);
  if (impl_->live && r.status / 100 == 2) {
    // keep the embedded minter in step
    core::http::Request req;
    req.method = "POST";
    req.target = req.path = path;
    req.headers = {{"content-type", "application/json"}};
    req.body = settings.dump();
    impl_->idp->route(req);
  }
  return r;
}

idp::MutationMaterial World::mutation_material(const std::string& user, const std::optional<std::string>& request_id,
                                               const std::string& acs, const std::string& victim) {
  idp::Idp& idp = *impl_->idp;
  idp::MintParams p;
  p.acs = acs;
  p.in_response_to = request_id;
  auto minted = idp.mint(std::string(kApp), user, p);
  if (!minted) throw std::runtime_error("cannot mint for " + user + ": " + minted.failure().detail);
  auto doc = idp::build_response(minted->model);
  const auto app = idp.app(std::string(kApp));
  if (!app) throw std::runtime_error("the IdP has no app hotjar");
  const idp::SecurityPlan plan = idp::security_plan(app->app.settings, minted->model.declares_xs());
  idp::MutationMaterial m{idp::serialize_response(doc.get()),
                          plan.sign_assertion && plan.sign_response ? idp::SigningVariant::both
                          : plan.sign_assertion                     ? idp::SigningVariant::assertion
                          : plan.sign_response                      ? idp::SigningVariant::response
                                                                    : idp::SigningVariant::none,
                          plan.sign,
                          app->active_key,
                          *impl_->attacker,
                          *impl_->attacker_clone,
                          plan.encrypt_to != nullptr ? *plan.encrypt_to : *impl_->sp_cert,
                          plan.encrypt.value_or(core::EncryptOptions{}),
                          victim,
                          1};
  return m;
}

}  // namespace samlh::harness
