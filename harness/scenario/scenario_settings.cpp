// The settings a scenario changes (`app:`, `sp:`, a step's `app_settings`),
// checked at load by the IdP's and the SP's own readers so that a mistake
// names the scenario file, line and key before anything runs.
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <regex>

#include "harness/scenario/yaml_reader.hpp"
#include "idp-mock/tenant/config.hpp"
#include "sp/config/config.hpp"

namespace samlh::harness {
namespace {

namespace fs = std::filesystem;

// SP settings that map to the organization's SSO settings (the others are
// the validation policy's keys, sp::validation_keys()).
constexpr std::string_view kSpBooleans[] = {"idp_initiated_allowed", "sso_enforced", "decryption_key",
                                            "sign_authn_requests"};
constexpr std::string_view kSpLists[] = {"allowed_email_domains", "extra_idp_certificates"};

bool one_of(std::span<const std::string_view> keys, const std::string& k) {
  return std::find(keys.begin(), keys.end(), k) != keys.end();
}

SettingsBase read_base(const std::string& root) {
  const fs::path file = fs::path(root) / "idp-mock/examples/acme.yaml";
  try {
    const idp::TenantConfig t = idp::load_config(file.string());
    for (const idp::AppConfig& a : t.apps) {
      if (a.app.name == "hotjar") return SettingsBase{a.app.settings, file.parent_path()};
    }
  } catch (const idp::ConfigError& e) {
    throw ScenarioError(file.string(), 0, std::string("the default tenant cannot be read: ") + e.what());
  }
  throw ScenarioError(file.string(), 0, "the default tenant has no app hotjar");
}

}  // namespace

const SettingsBase& settings_base(const std::string& root) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<SettingsBase>> bases;
  std::lock_guard lock(mu);
  auto& b = bases[root];
  if (!b) b = std::make_unique<SettingsBase>(read_base(root));
  return *b;
}

const SettingsBase& default_settings_base() { return settings_base(SAMLH_SOURCE_DIR); }

namespace detail {

std::string Reader::cert_file(const YAML::Node& n, const std::string& key) const {
  static const std::regex kFile("[A-Za-z0-9][A-Za-z0-9._-]*");
  const std::string f = str(n, key);
  if (!std::regex_match(f, kFile)) fail(n, "'" + key + "' is a file name under certs/, not '" + f + "'");
  return f;
}

Settings Reader::app_settings(const YAML::Node& n, const std::string& key) const {
  Settings s = settings(n, key);
  if (s.empty() || base_ == nullptr) return s;
  idp::AppSettings app = base_->app;
  idp::read_settings(app, n, core::yaml::Reader(file(), base_->idp_dir));
  return s;
}

Settings Reader::sp_settings(const YAML::Node& n) const {
  Settings s = settings(n, "sp");
  if (s.empty()) return s;
  std::vector<std::string_view> allowed(std::begin(kSpBooleans), std::end(kSpBooleans));
  allowed.insert(allowed.end(), std::begin(kSpLists), std::end(kSpLists));
  const auto policy_keys = sp::validation_keys();
  allowed.insert(allowed.end(), policy_keys.begin(), policy_keys.end());
  keys(n, allowed, "sp");
  YAML::Node policy(YAML::NodeType::Map);
  for (const auto& kv : n) {
    const std::string k = kv.first.Scalar();
    if (one_of(kSpBooleans, k)) {
      boolean(kv.second, k);
    } else if (k == "extra_idp_certificates") {
      if (!kv.second.IsSequence()) fail(kv.second, "'" + k + "' must be a list");
      for (const auto& c : kv.second) cert_file(c, k);
    } else if (k == "allowed_email_domains") {
      strings(kv.second, k);
    } else {
      policy[k] = kv.second;  // the value node keeps its line
    }
  }
  sp::read_validation(policy, *this);
  return s;
}

}  // namespace detail
}  // namespace samlh::harness
