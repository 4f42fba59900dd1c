// Internal to the tenant's YAML readers (config.cpp, settings_yaml.cpp): the
// Okta-specific value rules on top of the strict reader (core/yaml).
#pragma once

#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

#include "core/keys.hpp"
#include "core/yaml/reader.hpp"
#include "idp-mock/tenant/config.hpp"
#include "idp-mock/tenant/settings.hpp"

namespace samlh::idp {

using core::yaml::Reader;

// "RSA-SHA256", "rsa_sha256", "RSA_SHA256" -> "rsa_sha256"
std::string norm(std::string s);
// The enumerator `text` spells in table `t`, compared after norm() on both
// sides (settings.hpp: values in any case, '-' or ' ' for '_').
template <class E, std::size_t N>
std::optional<E> okta_value(const core::SpellingTable<E, N>& t, const std::string& text) {
  const std::string k = norm(text);
  for (const auto& row : t.rows()) {
    if (norm(std::string(row.spelling)) == k) return row.value;
  }
  return std::nullopt;
}
// A PEM given inline or a path relative to the YAML file (*path: the path).
std::string pem_or_file(const Reader& r, const YAML::Node& n, const std::string& what, std::string* path);
core::Certificate certificate(const Reader& r, const YAML::Node& n, const std::string& what, std::string* path);
// The `users:` and `groups:` of a tenant (or directory) file (config.cpp).
void read_directory(const YAML::Node& root, const Reader& r, Directory& directory);

}  // namespace samlh::idp
