// `harness explain FILE`: a scenario's timeline in words.
#pragma once

#include <string>

#include "harness/scenario/scenario.hpp"

namespace samlh::harness {

std::string explain(const Scenario& s);

}  // namespace samlh::harness
