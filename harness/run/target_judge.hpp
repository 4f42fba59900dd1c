// What each scenario's success would give an attacker against a target SP,
// and the judgement of one run of it: the session the oracle reports, and
// the browser's exchanges with the target (Locations, headers).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/scenario/findings.hpp"
#include "harness/scenario/scenario.hpp"
#include "harness/world/target_sp.hpp"
#include "harness/world/world.hpp"

namespace samlh::harness {

struct Threat {
  Family family = Family::shape;
  Gain gain = Gain::tolerated;   // for shape/format (when accepted) families
  std::string expected;          // the check the SP should make
  std::string fix;               // one line
};

// The threat a scenario tests against a foreign SP, as its file declares it
// (`target:`), with the check's sentence and fix.
Threat threat_of(const Scenario& s);

// What the run saw.
struct Observed {
  bool session = false;      // the oracle answered 2xx naming someone
  std::string identity;      // whom it named
  std::string oracle;        // "oracle answered 401", for the evidence
  std::vector<TargetExchange> exchanges;  // the browser and the target, from the response's POST on
  std::optional<std::string> relay_sent;  // the RelayState the mutation posted
  std::string attacker;
  std::string victim;
};

// The finding, or nullopt when the SP did what it should (a declared
// choice in `t.profile` is no finding: `note` says so).
std::optional<SecurityFinding> judge_gain(const Scenario& s, const TargetSp& t, const Observed& o, std::string& note);

}  // namespace samlh::harness
