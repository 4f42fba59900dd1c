#include "harness/world.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include "harness/live.hpp"
#include "idp-mock/config.hpp"
#include "idp-mock/minter.hpp"
#include "idp-mock/response_builder.hpp"
#include "sp/config.hpp"
#include "sp/server.hpp"
#include "sp/store.hpp"

namespace samlh::harness {
namespace {

using nlohmann::json;

constexpr const char* kIdpBase = "http://127.0.0.1:7000";
constexpr const char* kSpBase = "http://127.0.0.1:8081";
constexpr const char* kOrg = "acme";
constexpr const char* kApp = "hotjar";

// Everyone the harness may act as in the SP's admin API.
const std::vector<std::string>& cast() {
  static const std::vector<std::string> k = {
      "carol@acme.test", "alice@acme.test", "bob@acme.test",   "dave@acme.test",  "mallory@acme.test",
      "erin@acme.test",  "frank@acme.test", "grace@acme.test", "heidi@acme.test", "ivan@acme.test",
      "judy@acme.test",  "oscar@acme.test"};
  return k;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

YAML::Node json_to_yaml(const json& j) {
  if (j.is_object()) {
    YAML::Node n(YAML::NodeType::Map);
    for (const auto& [k, v] : j.items()) n[k] = json_to_yaml(v);
    return n;
  }
  if (j.is_array()) {
    YAML::Node n(YAML::NodeType::Sequence);
    for (const auto& v : j) n.push_back(json_to_yaml(v));
    return n;
  }
  if (j.is_boolean()) return YAML::Node(j.get<bool>() ? "true" : "false");
  if (j.is_number_integer()) return YAML::Node(std::to_string(j.get<long long>()));
  if (j.is_null()) return YAML::Node(YAML::NodeType::Null);
  return YAML::Node(j.is_string() ? j.get<std::string>() : j.dump());
}

// The SP configuration for this scenario: the default file, the scenario's
// `sp:` settings applied to organization acme, and a token for every member
// the harness may act as. Returned as YAML text (relative paths unchanged).
std::string sp_config_text(const std::string& path, const Scenario& s) {
  YAML::Node root = YAML::LoadFile(path);
  YAML::Node org;
  for (auto acct : root["accounts"]) {
    for (auto o : acct["organizations"]) {
      if (o["slug"].as<std::string>() == kOrg) org.reset(o);
    }
  }
  if (!org) throw std::runtime_error("the SP configuration has no organization acme");
  YAML::Node sso = org["sso"];
  for (const auto& [key, value_text] : s.sp.values) {
    const json v = json::parse(value_text);
    if (key == "decryption_key") {
      if (!v.get<bool>()) {
        sso.remove("sp_key");
        sso.remove("sp_certificate");
      }
    } else if (key == "extra_idp_certificates") {
      for (const auto& c : v) sso["idp_certificates"].push_back("../../certs/" + c.get<std::string>());
    } else if (key == "idp_initiated_allowed" || key == "sso_enforced" || key == "allowed_email_domains") {
      sso[key] = json_to_yaml(v);
    } else {
      // validator policy (signing_policy, allow_sha1, ...): sp/config.hpp `validation`
      sso["validation"][key] = json_to_yaml(v);
    }
  }
  YAML::Node tokens = root["admin_tokens"];
  for (const std::string& email : cast()) {
    YAML::Node t;
    t["token"] = harness_token(email);
    t["email"] = email;
    tokens.push_back(t);
  }
  root["admin_tokens"] = tokens;
  YAML::Emitter out;
  out << root;
  return out.c_str();
}

}  // namespace

std::string harness_token(const std::string& email) { return "harness-token-" + email; }

struct World::Impl {
  explicit Impl(core::Instant start) : clock(start) {}
  virtual ~Impl() = default;
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

World::World(const Scenario& s, const WorldOptions& o) : impl_(std::make_unique<Impl>(s.start)) {
  const std::uint64_t seed = s.seed.value_or(o.seed);
  const std::string idp_path = o.root + "/idp-mock/examples/acme.yaml";
  const std::string sp_path = o.root + "/sp/examples/acme.yaml";
  const std::string sp_text = sp_config_text(sp_path, s);
  idp::IdpOptions io;
  io.seed = seed;
  io.log_sink = [](const std::string&) {};
  if (o.live) {
    impl_->live = std::make_unique<LiveServers>(o, idp_path, slurp(idp_path), sp_text, seed, s.start);
    idp_base_ = impl_->live->idp_base();
    sp_base_ = impl_->live->sp_base();
    // the embedded minter runs the live IdP's own (port-rewritten) configuration
    impl_->idp = std::make_unique<idp::Idp>(idp::load_config(impl_->live->idp_config_path()), impl_->clock, io);
    transport_ = std::make_unique<HttpTransport>(impl_->clock);
  } else {
    impl_->idp = std::make_unique<idp::Idp>(idp::load_config(idp_path), impl_->clock, io);
  }
  auto key = [&](const std::string& k, const std::string& c) {
    auto pk = core::PrivateKey::from_pem(slurp(o.root + "/certs/" + k), slurp(o.root + "/certs/" + c));
    if (!pk) throw std::runtime_error("cannot load certs/" + k + ": " + pk.failure().detail);
    return std::move(pk).value();
  };
  impl_->attacker = key("attacker.key", "attacker.crt");
  impl_->attacker_clone = key("attacker.key", "attacker-clone.crt");
  auto sp_cert = core::Certificate::from_pem(slurp(o.root + "/certs/sp.crt"));
  if (!sp_cert) throw std::runtime_error("cannot load certs/sp.crt");
  impl_->sp_cert = std::move(sp_cert).value();
  if (o.live) return;

  idp_base_ = kIdpBase;
  sp_base_ = kSpBase;
  const sp::SpConfig cfg = sp::parse_config(sp_text, o.root + "/sp/examples", "sp/examples/acme.yaml (harness)");
  auto store = sp::Store::open(":memory:");
  if (!store) throw std::runtime_error("SP store: " + store.failure().detail);
  impl_->store = std::move(store).value();
  impl_->tokens = std::make_unique<sp::SeededTokenSource>(seed);
  auto seeded = sp::seed_store(*impl_->store, cfg, impl_->clock, *impl_->tokens, 1000);
  if (!seeded) throw std::runtime_error("SP seed: " + seeded.failure().detail);
  sp::SpOptions so;
  so.seed = seed;
  sp::AccountsOptions ao;
  ao.password_iterations = 1000;  // the harness's own accounts: speed over strength
  impl_->sp = std::make_unique<sp::SpState>(*impl_->store, impl_->clock, *impl_->tokens, so, ao);
  auto t = std::make_unique<InProcessTransport>();
  idp::Idp* idp_ptr = impl_->idp.get();
  sp::SpState* sp_ptr = impl_->sp.get();
  t->add(idp_base_, [idp_ptr](const core::http::Request& r) { return idp_ptr->route(r); });
  t->add(sp_base_, [sp_ptr](const core::http::Request& r) { return sp::route(r, *sp_ptr); });
  transport_ = std::move(t);
}

World::~World() = default;

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
  if (!b) b = std::make_unique<Browser>(*transport_, impl_->clock, user);
  return *b;
}

std::string World::sp_login_url() const { return sp_base_ + "/sso/" + kOrg + "/login"; }
std::string World::sp_invite_url(const std::string& token) const {
  return sp_base_ + "/sso/" + kOrg + "/invite/" + token;
}
std::string World::sp_app_url() const { return sp_base_ + "/app.json"; }
std::string World::idp_initiated_url() const {
  auto lock = impl_->idp->lock();
  const auto* app = impl_->idp->state().app_by_name(kApp);
  return idp_base_ + (app != nullptr ? idp::sso_path(app->app) : std::string("/"));
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
  Exchange e{method, sp_base_ + path,
             {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + harness_token(actor)}},
             body.is_null() ? "" : body.dump()};
  return to_api(transport_->send(e));
}

std::vector<json> World::audit_since(std::int64_t after_seq) {
  const ApiReply r = sp_api("GET", "/api/orgs/acme/audit?after_seq=" + std::to_string(after_seq) + "&limit=1000",
                            "carol@acme.test");
  std::vector<json> out;
  const json* list = nullptr;
  if (r.body.is_array()) list = &r.body;
  else if (r.body.is_object() && r.body.contains("records")) list = &r.body["records"];
  if (list != nullptr) {
    for (const auto& rec : *list) out.push_back(rec);
  }
  return out;
}

std::int64_t World::last_audit_seq() {
  std::int64_t last = 0;
  for (const auto& rec : audit_since(0)) last = std::max<std::int64_t>(last, rec.value("seq", 0));
  return last;
}

ApiReply World::set_app_settings(const json& settings) {
  ApiReply r = idp_api("POST", "/api/v1/apps/hotjar/settings", settings);
  if (impl_->live && r.status / 100 == 2) {
    // keep the embedded minter in step
    core::http::Request req;
    req.method = "POST";
    req.target = req.path = "/api/v1/apps/hotjar/settings";
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
  auto minted = idp.mint(kApp, user, p);
  if (!minted) throw std::runtime_error("cannot mint for " + user + ": " + minted.failure().detail);
  auto doc = idp::build_response(minted->model);
  auto lock = idp.lock();
  const idp::AppRuntime* app = idp.state().app_by_name(kApp);
  const idp::SecurityPlan plan = idp::security_plan(app->app.settings, minted->model.declares_xs());
  idp::MutationMaterial m{idp::serialize_response(doc.get()),
                          plan.sign_assertion && plan.sign_response ? idp::SigningVariant::both
                          : plan.sign_assertion                     ? idp::SigningVariant::assertion
                          : plan.sign_response                      ? idp::SigningVariant::response
                                                                    : idp::SigningVariant::none,
                          plan.sign,
                          app->active().key,
                          *impl_->attacker,
                          *impl_->attacker_clone,
                          plan.encrypt_to != nullptr ? *plan.encrypt_to : *impl_->sp_cert,
                          plan.encrypt.value_or(core::EncryptOptions{}),
                          victim,
                          1};
  return m;
}

}  // namespace samlh::harness
