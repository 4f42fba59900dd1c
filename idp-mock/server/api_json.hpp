// JSON views for the control API (Okta-like field names where Okta has
// them). Settings changes go through core::yaml::from_json and the YAML
// settings parser, so both paths accept exactly the same keys.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "idp-mock/server/idp.hpp"

namespace samlh::idp {

nlohmann::json user_json(const User& u, const Directory& d);
nlohmann::json group_json(const Group& g);
nlohmann::json credential_json(const Credential& c);
nlohmann::json settings_json(const AppSettings& s);
nlohmann::json app_json(const AppRuntime& a, const std::string& base_url);
nlohmann::json event_json(const Event& e);

}  // namespace samlh::idp
