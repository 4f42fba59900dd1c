// The target-sp parts of the reports (reports.cpp writes the files).
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/reports.hpp"

namespace samlh::harness {

// results.json's `security_findings`: one object per finding, most severe first.
nlohmann::json security_findings_json(const std::vector<ScenarioResult>& results);
// results.json's `controls`.
nlohmann::json controls_json(const RunInfo& info);

}  // namespace samlh::harness
