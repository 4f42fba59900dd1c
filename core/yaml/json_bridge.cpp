#include "core/yaml/json_bridge.hpp"

#include <string>

namespace samlh::core::yaml {

YAML::Node from_json(const nlohmann::json& j) {
  using nlohmann::json;
  switch (j.type()) {
    case json::value_t::object: {
      YAML::Node n(YAML::NodeType::Map);
      for (const auto& [k, v] : j.items()) n[k] = from_json(v);
      return n;
    }
    case json::value_t::array: {
      YAML::Node n(YAML::NodeType::Sequence);
      for (const auto& v : j) n.push_back(from_json(v));
      return n;
    }
    case json::value_t::string: return YAML::Node(j.get<std::string>());
    case json::value_t::boolean: return YAML::Node(j.get<bool>() ? "true" : "false");
    case json::value_t::number_integer: return YAML::Node(std::to_string(j.get<long long>()));
    case json::value_t::number_unsigned: return YAML::Node(std::to_string(j.get<unsigned long long>()));
    case json::value_t::number_float: return YAML::Node(j.dump());
    default: return YAML::Node(YAML::NodeType::Null);
  }
}

nlohmann::json to_json(const YAML::Node& n) {
  if (n.IsSequence()) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& i : n) a.push_back(to_json(i));
    return a;
  }
  if (n.IsMap()) {
    nlohmann::json o = nlohmann::json::object();
    for (const auto& kv : n) o[kv.first.Scalar()] = to_json(kv.second);
    return o;
  }
  if (!n.IsDefined() || n.IsNull()) return nullptr;
  const std::string& v = n.Scalar();
  if (n.Tag() != "!") {  // plain scalars: keep YAML's notion of bool and int
    if (v == "true") return true;
    if (v == "false") return false;
    if (!v.empty() && v.find_first_not_of("-0123456789") == std::string::npos && v != "-") {
      try {
        return std::stoll(v);
      } catch (const std::exception&) {
      }
    }
  }
  return v;
}

}  // namespace samlh::core::yaml
