// Writing a tenant as the YAML load_config reads (`idp-mock init`): every
// app setting under its snake_case key, with a comment naming Okta's label,
// so a user starts from the file and changes settings by Okta's names.
#pragma once

#include <string>
#include <vector>

#include "idp-mock/tenant/config.hpp"

namespace samlh::idp {

struct TenantYamlOptions {
  std::vector<std::string> header;  // comment lines at the top
  std::string signing_key;          // paths as written (relative to the file, or absolute)
  std::string signing_certificate;
};

// The YAML of `t`: org, listen, signing, users, groups, apps. Certificates
// from SP metadata are written inline (PEM). load_config of the text gives
// the same directory and apps.
std::string tenant_yaml(const TenantConfig& t, const TenantYamlOptions& options);

}  // namespace samlh::idp
