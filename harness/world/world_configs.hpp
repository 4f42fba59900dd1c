// The World's configurations, built and cached (world_configs.cpp); private to
// harness/world. The file-level builders are declared in world.hpp.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "core/key_cache.hpp"
#include "harness/world/world.hpp"
#include "idp-mock/tenant/config.hpp"
#include "sp/config/config.hpp"

namespace samlh::harness {

// A bounded memo: past kMaxEntries a value is made and returned, not kept.
template <class T>
class Memo {
 public:
  template <class Make>
  T get(const std::string& key, Make make) {
    {
      std::lock_guard lock(mu_);
      if (auto it = items_.find(key); it != items_.end()) return it->second;
    }
    T value = make();
    std::lock_guard lock(mu_);
    if (items_.size() < kMaxEntries) items_.emplace(key, value);
    return value;
  }

 private:
  static constexpr std::size_t kMaxEntries = 256;
  std::mutex mu_;
  std::map<std::string, T> items_;
};

struct ConfigCache::Memos {
  Memo<idp::TenantConfig> idp;      // by path and signing pair
  Memo<std::string> sp_text;        // by path and `sp:` settings
  Memo<sp::SpConfig> sp;            // by text
  core::KeyCache keys;              // every IdP's, SP's and attacker's parsed keys, by PEM text
};

// The harness's read-only auditor of the SP's admin API (SpOptions::auditors):
// no member, so no scenario can remove it.
inline constexpr const char* kAuditorToken = "harness-auditor-token-0123456789abcdef";

// A configuration, key or certificate file, under the configuration cap.
std::string read_config_file(const std::string& path);

// The default tenant; with the scenario's `idp_signing`, its text with app
// hotjar's own key pair, parsed relative to the default file (memoized).
idp::TenantConfig idp_config(ConfigCache& c, const std::string& path, const Scenario& s, const Assumed& assumed);
// The SP configuration text for the scenario and the assumed answers (memoized).
std::string sp_config_text_cached(ConfigCache& c, const std::string& path, const Scenario& s, const Assumed& assumed);
// That text parsed relative to base_dir (memoized).
sp::SpConfig sp_config(ConfigCache& c, const std::string& text, const std::string& base_dir);

}  // namespace samlh::harness
