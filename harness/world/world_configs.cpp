// The harness's configurations of the IdP and the SP a scenario runs against:
// the default files with a scenario's and an assumption's settings applied,
// parsed once per distinct text (ConfigCache). Split from world.cpp.
#include "harness/world/world_configs.hpp"

#include <filesystem>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include "core/file_reader.hpp"
#include "core/yaml/json_bridge.hpp"
#include "harness/world/world.hpp"
#include "idp-mock/tenant/config.hpp"
#include "sp/config/config.hpp"

namespace samlh::harness {
namespace {

using nlohmann::json;

// The bearer token of the with_scim variant's SCIM endpoint (in-process only).
constexpr const char* kScimToken = "harness-scim-token-0123456789abcdef";

// Everyone the harness may act as in the SP's admin API.
const std::vector<std::string>& cast() {
  static const std::vector<std::string> k = {
      std::string(kOrgOwner), "alice@acme.test", "bob@acme.test",   "dave@acme.test",  "mallory@acme.test",
      "erin@acme.test",  "frank@acme.test", "grace@acme.test", "heidi@acme.test", "ivan@acme.test",
      "judy@acme.test",  "oscar@acme.test"};
  return k;
}

}  // namespace

std::string read_config_file(const std::string& path) {
  auto text = core::read_capped(path, core::kMaxConfigFileBytes);
  if (!text) throw std::runtime_error("cannot read " + text.failure().detail);
  return std::move(text).value();
}



// The settings of every assumption answered otherwise than by default, for
// the SP ("sp") or the IdP ("idp"): claims().assumptions[].values.
json flipped_settings(const Assumed& assumed, const char* side) {
  json out = json::object();
  for (const Assumption& a : claims().assumptions) {
    const auto it = assumed.find(a.key);
    if (it == assumed.end() || it->second == a.default_value().name) continue;
    const AssumptionValue* v = a.value(it->second);
    if (v == nullptr) throw std::runtime_error("assumption " + a.key + " has no value " + it->second);
    const json& settings = std::string(side) == "sp" ? v->sp : v->idp;
    for (auto s = settings.begin(); s != settings.end(); ++s) out[s.key()] = s.value();
  }
  return out;
}

json scim_settings(const Assumed& assumed) {
  json out = {{"token", kScimToken}};
  for (const Assumption& a : claims().assumptions) {
    if (a.key.rfind(kScimAssumptionPrefix, 0) != 0) continue;
    const auto it = assumed.find(a.key);
    const AssumptionValue* v = it == assumed.end() ? &a.default_value() : a.value(it->second);
    if (v == nullptr) throw std::runtime_error("assumption " + a.key + " has no value " + it->second);
    for (auto x = v->scim.begin(); x != v->scim.end(); ++x) out[x.key()] = x.value();
  }
  return out;
}

json provisioning_settings(const std::string& sp_base) {
  // Okta's Provisioning > To App toggles all on, and Group Push of the two
  // groups app hotjar is assigned through (F.1 [O20]; the choice of groups:
  // assumption, SCENARIOS.md "The with_scim variant").
  return {{"provisioning",
           {{"enabled", true},
            {"scim_connector_base_url", sp_base + "/scim/v2/" + std::string(kOrg)},
            {"bearer_token", kScimToken},
            {"create_users", true},
            {"update_user_attributes", true},
            {"deactivate_users", true},
            {"push_groups", {"hotjar-admins", "hotjar-users"}}}}};
}

std::string sp_config_text(const std::string& path, const Scenario& s, const json& assumed_sso, const json& scim) {
  YAML::Node root = YAML::Load(read_config_file(path));
  YAML::Node org;
  for (auto acct : root["accounts"]) {
    for (auto o : acct["organizations"]) {
      if (o["slug"].as<std::string>() == kOrg) org.reset(o);
    }
  }
  if (!org) throw std::runtime_error("the SP configuration has no organization acme");
  YAML::Node sso = org["sso"];
  if (!scim.is_null()) org["scim"] = core::yaml::from_json(scim);
  for (auto it = assumed_sso.begin(); it != assumed_sso.end(); ++it) sso[it.key()] = core::yaml::from_json(it.value());
  for (const auto& [key, value_text] : s.sp.values) {
    const json v = json::parse(value_text);
    if (key == "decryption_key") {
      if (!v.get<bool>()) {
        sso.remove("sp_key");
        sso.remove("sp_certificate");
      }
    } else if (key == "extra_idp_certificates") {
      for (const auto& c : v) sso["idp_certificates"].push_back("../../certs/" + c.get<std::string>());
    } else if (key == "idp_initiated_allowed" || key == "sso_enforced" || key == "allowed_email_domains" ||
               key == "sign_authn_requests") {
      sso[key] = core::yaml::from_json(v);
    } else {
      // validator policy (signing_policy, allow_sha1, ...): sp/config/config.hpp `validation`
      sso["validation"][key] = core::yaml::from_json(v);
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
  YAML::Node auditor;
  auditor["token"] = kAuditorToken;
  auditor["name"] = "harness";
  root["auditor_tokens"].push_back(auditor);
  YAML::Emitter out;
  out << root;
  return out.c_str();
}

std::string idp_config_text(const std::string& path, const Scenario& s, const json& settings) {
  if (!s.idp_signing && settings.empty()) return read_config_file(path);
  YAML::Node root = YAML::Load(read_config_file(path));
  bool found = false;
  for (auto app : root["apps"]) {
    if (app["name"].as<std::string>() != kApp) continue;
    for (auto it = settings.begin(); it != settings.end(); ++it) app["settings"][it.key()] = core::yaml::from_json(it.value());
    if (s.idp_signing) {
      app["signing"]["key"] = "../../certs/" + s.idp_signing->key;
      app["signing"]["certificate"] = "../../certs/" + s.idp_signing->certificate;
    }
    found = true;
  }
  if (!found) throw std::runtime_error("the IdP configuration has no app hotjar");
  YAML::Emitter out;
  out << root;
  return out.c_str();
}

namespace {

// A memo key for the flipped answers ("" when every answer is the default).
std::string flipped_key(const Assumed& assumed) {
  return flipped_settings(assumed, "sp").dump() + flipped_settings(assumed, "idp").dump();
}

}  // namespace


ConfigCache::ConfigCache() : memos_(std::make_unique<Memos>()) {}
ConfigCache::~ConfigCache() = default;

// The default tenant; with the scenario's `idp_signing`, its text with app
// hotjar's own key pair, parsed relative to the default file.
idp::TenantConfig idp_config(ConfigCache& c, const std::string& path, const Scenario& s, const Assumed& assumed) {
  const std::string flipped = flipped_settings(assumed, "idp").dump();
  if (!s.idp_signing && flipped == "{}") return c.memos().idp.get(path, [&] { return idp::load_config(path); });
  std::string key = path + "\nassumed=" + flipped;
  if (s.idp_signing) key += "\nsigning=" + s.idp_signing->key + "," + s.idp_signing->certificate;
  return c.memos().idp.get(key, [&] {
    return idp::parse_config(idp_config_text(path, s, flipped_settings(assumed, "idp")),
                             idp::SettingsSource{path, std::filesystem::absolute(path).parent_path()});
  });
}

std::string sp_config_text_cached(ConfigCache& c, const std::string& path, const Scenario& s, const Assumed& assumed) {
  std::string key = path + "\nassumed=" + flipped_key(assumed);
  for (const auto& [k, v] : s.sp.values) key += "\n" + k + "=" + v;
  const json scim = s.provisioned() ? scim_settings(assumed) : json(nullptr);
  key += "\nscim=" + scim.dump();
  return c.memos().sp_text.get(key, [&] { return sp_config_text(path, s, flipped_settings(assumed, "sp"), scim); });
}

sp::SpConfig sp_config(ConfigCache& c, const std::string& text, const std::string& base_dir) {
  return c.memos().sp.get(base_dir + "\n" + text,
                          [&] { return sp::parse_config(text, base_dir, "sp/examples/acme.yaml (harness)"); });
}

}  // namespace samlh::harness
