// Loading the tenant from YAML: org, listen address, signing keys, users,
// groups, apps and their Okta settings. Every key is checked: an unknown key
// is an error naming the file, the line and the key. Paths are relative to
// the YAML file. Bad configuration is a start-up error, so it throws
// ConfigError (STYLE: exceptions only for bugs and bad start-up configuration);
// the control API catches it and answers 400.
#pragma once

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "idp-mock/tenant/directory.hpp"
#include "idp-mock/tenant/settings.hpp"

namespace YAML {
class Node;
}
namespace samlh::core::yaml {
class Reader;
}

namespace samlh::idp {

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct KeyFiles {
  std::string key_pem;
  std::string cert_pem;
  std::string key_path;  // for messages and `init`
  std::string cert_path;
};

struct AppConfig {
  App app;
  std::vector<std::string> assigned_users;
  std::vector<std::string> assigned_groups;
  std::optional<KeyFiles> signing;  // per-app key (e.g. EC for ECDSA); else the org's
};

struct TenantConfig {
  std::string source_file;
  std::string org;
  std::string address = "127.0.0.1";
  unsigned short port = 7000;
  // listen.max_connections: open connections at most (0: the server's
  // default, below the file limit; else 8 to 1,000,000); beyond, 503.
  std::size_t max_connections = 0;
  std::string base_url;  // default http://<address>:<port>
  KeyFiles signing;
  std::optional<KeyFiles> next_signing;  // used by "generate new certificate" (B.4)
  Directory directory;
  std::vector<AppConfig> apps;
};

// Where settings come from, for error messages and relative paths.
struct SettingsSource {
  std::string file;  // "acme.yaml" or "request body"
  std::filesystem::path base_dir;
};

TenantConfig load_config(const std::string& path);
TenantConfig parse_config(const std::string& yaml_text, const SettingsSource& src);

// Applies a `settings:` mapping onto `s` (keys absent from the node are left
// alone, so the control API can patch). Throws ConfigError.
void apply_settings(AppSettings& s, const YAML::Node& node, const SettingsSource& src);
// The same with the caller's strict reader, whose file names the errors
// (a scenario's `app:`): throws core::yaml::Error at the key's line.
void read_settings(AppSettings& s, const YAML::Node& n, const core::yaml::Reader& r);

}  // namespace samlh::idp
