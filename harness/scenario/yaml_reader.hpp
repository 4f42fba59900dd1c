// Internal to the scenario loader: the strict YAML reader (core/yaml) with
// the scenario vocabulary's values (reasons, gaps, roles, settings).
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/yaml/reader.hpp"
#include "harness/scenario/scenario.hpp"

namespace samlh::harness::detail {

class Reader : public core::yaml::Reader {
 public:
  using core::yaml::Reader::Reader;
  Reader(std::string file, const SettingsBase& base) : core::yaml::Reader(std::move(file)), base_(&base) {}

  AnyReason reason(const YAML::Node& n) const;
  std::vector<sp::Gap> gaps(const YAML::Node& n, const std::string& key) const;
  sp::Role role(const YAML::Node& n) const;
  // A mapping kept as JSON text per key, with each key's line.
  Settings settings(const YAML::Node& n, const std::string& key) const;
  // Okta settings of app hotjar (`app:`, a step's `app_settings`), checked
  // by the IdP's own settings reader on top of the base's.
  Settings app_settings(const YAML::Node& n, const std::string& key) const;
  // SP settings (`sp:` of a format or attack; SCENARIOS.md "SP settings"),
  // the validation policy's keys checked by the SP's own reader.
  Settings sp_settings(const YAML::Node& n) const;
  // A certs/ file name: no directories, so a scenario cannot name files elsewhere.
  std::string cert_file(const YAML::Node& n, const std::string& key) const;

 private:
  const SettingsBase* base_ = nullptr;  // set for scenario files
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
// `with_scim:` of an sso_only lifecycle scenario whose steps are read (scenario_scim.cpp).
WithScim parse_with_scim(const Reader& r, const YAML::Node& n, const Scenario& s);

}  // namespace samlh::harness::detail
