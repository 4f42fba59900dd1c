// Running many scenarios: filtering, sharding, parallel jobs, progress.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/run/runner.hpp"
#include "harness/scenario/results.hpp"

namespace samlh::harness {

struct Shard {
  int index = 1;  // 1-based
  int count = 1;
};
std::optional<Shard> parse_shard(std::string_view text);  // "2/4"

struct EngineOptions {
  RunOptions run;
  int jobs = 1;
  // Globs (any matches; empty: all) on the scenario's name, its tags, its
  // file path or that path relative to the directory it was found under
  // ('attacks/*' for scenarios/attacks/...).
  std::vector<std::string> filters;
  std::optional<Shard> shard;
  bool progress = true;  // a progress line on stderr
};

bool filter_matches(const std::string& filter, const Scenario& s);
// The `count` scenario names closest to what the filters spell (for a filter
// that matches nothing), nearest first.
std::vector<std::string> nearest_names(const std::vector<std::string>& filters, const std::vector<Scenario>& all,
                                       std::size_t count);

// The scenarios this run selects, in file order.
std::vector<Scenario> select(const std::vector<Scenario>& all, const EngineOptions& o);

// Runs them on `jobs` threads; results in the order of `scenarios`.
std::vector<ScenarioResult> run_all(const std::vector<Scenario>& scenarios, const EngineOptions& o);

}  // namespace samlh::harness
