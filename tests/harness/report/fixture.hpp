// A real run for the report tests: the repository's scenarios, in-process,
// seed 1, every assumption at its default, as `harness run scenarios/` does.
#pragma once

#include <string>
#include <vector>

#include "harness/report/reports.hpp"
#include "harness/run/engine.hpp"
#include "harness/scenario/claims.hpp"
#include "harness/scenario/scenario.hpp"

namespace samlh::harness::test {

// The scenarios under scenarios/<folder> ("" for all), with the with_scim
// variants derived from them, run once per process.
inline std::vector<ScenarioResult> run_scenarios(const std::string& folder, const std::vector<std::string>& filters = {}) {
  std::vector<Scenario> all;
  for (const std::string& f : find_scenario_files({std::string(SAMLH_SOURCE_DIR) + "/scenarios/" + folder})) {
    all.push_back(load_scenario(f));
    if (auto derived = derive_with_scim(all.back())) all.push_back(std::move(*derived));  // as `harness run` does
  }
  EngineOptions eo;
  eo.jobs = 2;
  eo.progress = false;
  eo.filters = filters;
  eo.run.world.root = SAMLH_SOURCE_DIR;
  eo.run.world.seed = 1;
  eo.run.world.assumed = assumed_with(claims(), {});
  return run_all(select(all, eo), eo);
}

inline RunInfo default_info() {
  RunInfo info;
  info.seed = 1;
  info.mode = "in-process";
  info.jobs = 2;
  return info;
}

}  // namespace samlh::harness::test
