// YAML reading helpers shared by the settings and tenant parsers: every
// error names the file and line (ConfigError).
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/keys.hpp"
#include "idp-mock/tenant/config.hpp"

namespace samlh::idp::yaml {

[[noreturn]] void fail(const SettingsSource& src, const YAML::Node& n, const std::string& what);
void check_keys(const YAML::Node& n, std::initializer_list<std::string_view> allowed, const SettingsSource& src,
                const std::string& where);
std::string str(const YAML::Node& n, const SettingsSource& src, const std::string& what);
bool boolean(const YAML::Node& n, const SettingsSource& src, const std::string& what);
long long integer(const YAML::Node& n, const SettingsSource& src, const std::string& what);
std::vector<std::string> str_list(const YAML::Node& n, const SettingsSource& src, const std::string& what);
// "RSA-SHA256", "rsa_sha256", "RSA_SHA256" -> "rsa_sha256"
std::string norm(std::string s);
// A PEM given inline or a path relative to the YAML file.
std::string pem_or_file(const YAML::Node& n, const SettingsSource& src, const std::string& what, std::string* path);
core::Certificate certificate(const YAML::Node& n, const SettingsSource& src, const std::string& what,
                              std::string* path);

}  // namespace samlh::idp::yaml
