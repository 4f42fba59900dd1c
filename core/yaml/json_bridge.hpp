// JSON <-> YAML, so a JSON request body goes through the same strict YAML
// reader as a file (the IdP's settings API, the harness's scenario settings),
// and scenario YAML reaches JSON APIs.
#pragma once

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace samlh::core::yaml {

// Scalars become YAML scalars as the reader reads them: true/false, integers
// in decimal, strings as they are; null stays null.
YAML::Node from_json(const nlohmann::json& j);

// Plain scalars keep YAML's notion of booleans (true/false) and integers;
// quoted ones ("!" tag) stay strings.
nlohmann::json to_json(const YAML::Node& n);

}  // namespace samlh::core::yaml
