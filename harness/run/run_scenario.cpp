// run_scenario: one fresh World per scenario and the runner of its kind; the
// result's identity, verdict and time.
#include <chrono>
#include <stdexcept>
#include <string>

#include "harness/run/runner.hpp"
#include "harness/run/target.hpp"

namespace samlh::harness {
namespace {

// The runner of each kind: format and attack scenarios are one login whose
// response the IdP's settings shape or a mutation changes (run_message.cpp),
// lifecycle ones a timeline (run_lifecycle.cpp).
ScenarioResult run_in_world(const Scenario& s, World& w) {
  switch (s.kind) {
    case Kind::format:
    case Kind::attack:
      return run_message_scenario(s, w);
    case Kind::lifecycle:
      return run_lifecycle_scenario(s, w);
  }
  throw std::logic_error("scenario kind " + std::to_string(static_cast<int>(s.kind)) + " has no runner");
}

}  // namespace

ScenarioResult run_scenario(const Scenario& s, const RunOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  ScenarioResult r;
  try {
    if (o.world.target) {
      if (auto why = target_skip_reason(s, *o.world.target)) {
        r.skipped = true;
        r.skip_reason = *why;
      } else {
        World w(s, o.world);
        r = run_target_scenario(s, w, *o.world.target);
      }
    } else if (s.provisioned() && o.world.live) {
      r.skipped = true;
      r.skip_reason = "the with_scim variant runs in process only: its SCIM client answers in process "
                      "(harness/world/scim_adapter.hpp); --live does not provision over HTTP";
    } else {
      World w(s, o.world);
      r = run_in_world(s, w);
    }
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  r.file = s.file;
  r.name = s.name;
  r.title = s.title;
  r.kind = s.kind;
  r.event = s.event;
  r.variant = s.variant;
  r.report = s.report;
  r.passed = !r.skipped && r.all_checks_passed() && !r.checks.empty();
  if (r.checks.empty() && r.error.empty() && !r.skipped) r.error = "the scenario checked nothing";
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace samlh::harness
