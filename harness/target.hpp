// --target-sp: format and attack scenarios fired at someone else's SP.
//
// The harness plays the Okta-shaped IdP in-process (app `hotjar`, retargeted
// to the SP's entity ID and ACS from its metadata) and a browser that logs
// in IdP-initiated and POSTs the response (mutated for attacks) to the SP
// over HTTP. The SP must trust the IdP's metadata (printed by
// `harness target-info`) and accept IdP-initiated logins. Verdicts come from
// the SP's HTTP answer and, when --oracle is given, from a URL that answers
// 2xx with the logged-in user's identity in its body. The SP's reasons are
// not visible from outside: expected reasons are reported, not checked.
// Lifecycle scenarios need our SP's admin API and are skipped.
#pragma once

#include <string>

#include "harness/results.hpp"
#include "harness/scenario.hpp"
#include "harness/world.hpp"

namespace samlh::harness {

struct TargetOptions {
  std::string metadata;  // file path or http(s) URL of the SP's metadata
  std::string acs;       // overrides the metadata's HTTP-POST ACS
  std::string oracle;    // optional: a URL naming the logged-in user
};

ScenarioResult run_target_scenario(const Scenario& s, const WorldOptions& w, const TargetOptions& t);

// The IdP metadata (and its signing certificate) a target SP must trust.
std::string target_idp_metadata(const WorldOptions& w);

}  // namespace samlh::harness
