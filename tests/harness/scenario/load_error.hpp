// What the scenario schema tests ask of a YAML text: the error loading it as
// t.yaml gives, and the text with one piece changed.
#pragma once

#include <stdexcept>
#include <string>

#include "harness/scenario/scenario.hpp"

namespace samlh::harness::scenario_text {

// The error for `yaml`, or "" when it loaded.
inline std::string error_of(const std::string& yaml) {
  try {
    parse_scenario(yaml, "t.yaml");
    return "";
  } catch (const ScenarioError& e) {
    return e.what();
  }
}

// `text` with the first `from` replaced by `to`; a `from` that is not there
// is the test's own mistake, so it throws rather than test the text unchanged.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("not in the text: " + from);
  return text.replace(at, from.size(), to);
}

}  // namespace samlh::harness::scenario_text
