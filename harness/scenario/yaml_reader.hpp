// Internal to the scenario loader: yaml-cpp with errors that name the file,
// the line and the key.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "harness/scenario/scenario.hpp"

namespace samlh::harness::detail {

// Validation context: the file name for errors, and key checks per mapping.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void error(const YAML::Node& n, const std::string& msg) const {
    throw ScenarioError(file_, n.IsDefined() ? n.Mark().line + 1 : 0, msg);
  }

  void require_map(const YAML::Node& n, const std::string& what) const {
    if (!n.IsMap()) error(n, what + " must be a mapping");
  }

  // Refuses keys outside `allowed`.
  void only(const YAML::Node& map, std::initializer_list<std::string_view> allowed, const std::string& where) const {
    for (const auto& kv : map) {
      const std::string key = kv.first.as<std::string>();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        error(kv.first, "unknown key '" + key + "' in " + where + " (expected one of: " + list + ")");
      }
    }
  }

  std::string str(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) error(n, "'" + key + "' must be a single value");
    return n.as<std::string>();
  }

  bool boolean(const YAML::Node& n, const std::string& key) const {
    const std::string v = str(n, key);
    if (v == "true" || v == "yes") return true;
    if (v == "false" || v == "no") return false;
    error(n, "'" + key + "' must be true or false, not '" + v + "'");
  }

  std::vector<std::string> list(const YAML::Node& n, const std::string& key) const {
    std::vector<std::string> out;
    if (n.IsScalar()) return {n.as<std::string>()};
    if (!n.IsSequence()) error(n, "'" + key + "' must be a list");
    for (const auto& item : n) out.push_back(str(item, key));
    return out;
  }

  core::Reason reason(const YAML::Node& n) const {
    const std::string s = str(n, "reason");
    if (auto r = core::reason_from_spelling(s)) return *r;
    error(n, "unknown reason '" + s + "' (see `sp validate --list-reasons`)");
  }

  std::vector<sp::Gap> gaps(const YAML::Node& n, const std::string& key) const {
    std::vector<sp::Gap> out;
    for (const std::string& s : list(n, key)) {
      auto g = sp::gap_from_spelling(s);
      if (!g) error(n, "unknown gap code '" + s + "'");
      out.push_back(*g);
    }
    return out;
  }

  sp::Role role(const YAML::Node& n) const {
    const std::string s = str(n, "role");
    if (auto r = sp::role_from_spelling(s)) return *r;
    error(n, "unknown role '" + s + "' (account_owner, admin, read_write, read_only)");
  }

  Settings settings(const YAML::Node& n, const std::string& key) const {
    Settings s;
    if (!n.IsDefined() || n.IsNull()) return s;
    require_map(n, "'" + key + "'");
    for (const auto& kv : n) {
      const std::string k = kv.first.as<std::string>();
      s.values[k] = to_json(kv.second).dump();
      s.lines[k] = kv.first.Mark().line + 1;
    }
    return s;
  }

  static nlohmann::json to_json(const YAML::Node& n) {
    if (n.IsSequence()) {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& i : n) a.push_back(to_json(i));
      return a;
    }
    if (n.IsMap()) {
      nlohmann::json o = nlohmann::json::object();
      for (const auto& kv : n) o[kv.first.as<std::string>()] = to_json(kv.second);
      return o;
    }
    if (n.IsNull()) return nullptr;
    const std::string v = n.as<std::string>();
    if (n.Tag() != "!" ) {  // plain scalars: keep YAML's notion of bool and int
      if (v == "true") return true;
      if (v == "false") return false;
      if (!v.empty() && v.find_first_not_of("-0123456789") == std::string::npos && v != "-") {
        try {
          return std::stoll(v);
        } catch (...) {
        }
      }
    }
    return v;
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
};


Expectation parse_expect(const Reader& r, const YAML::Node& n, Kind kind);
// `expect`: a mapping, or a list of mappings of which at most one has no
// `when`. The unconditional one (if any) and the alternatives.
std::pair<std::optional<Expectation>, std::vector<Expectation>> parse_expectations(const Reader& r, const YAML::Node& n,
                                                                                  Kind kind);
// `when: {assume: {KEY: VALUE, ...}}` checked against the claims table's
// assumptions: an unknown key or value names the line and the key.
Condition parse_condition(const Reader& r, const YAML::Node& n);
Action parse_action(const Reader& r, const YAML::Node& step);

}  // namespace samlh::harness::detail
