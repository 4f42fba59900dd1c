// --target-sp: format and attack scenarios fired at someone else's SP.
//
// The harness plays the Okta-shaped IdP in-process (app `hotjar`, retargeted
// to the SP's entity ID and ACS from its metadata) and a browser. With
// --sp-login the browser starts each SP-initiated scenario at that URL (the
// SP sends it to the IdP's SSO URL, which the harness answers in-process);
// without it every scenario logs in IdP-initiated. The response (mutated for
// attacks) is POSTed to the SP's ACS over HTTP.
//
// The SP must trust the IdP metadata printed by `harness target-info` and
// know the users the scenarios log in as. Verdicts come from the SP's HTTP
// answer (2xx after redirects: accepted) and, with --oracle, from a URL that
// answers 2xx, with the logged-in user's email in its body, only to a
// logged-in browser. The SP's reasons are not visible from outside: the
// expected reason is written to the evidence, not checked. Scenarios that
// need something the harness cannot do to a foreign SP (lifecycle steps,
// SP-side settings, a decision the IdP takes alone) are skipped, each with
// its reason.
#pragma once

#include <chrono>
#include <optional>
#include <vector>
#include <string>

#include "harness/scenario/results.hpp"
#include "harness/scenario/scenario.hpp"
#include "harness/world/target_sp.hpp"
#include "harness/world/world.hpp"

namespace samlh::harness {

struct TargetOptions {
  std::string metadata;  // file path or http:// URL of the SP's metadata
  std::string acs;       // overrides the metadata's HTTP-POST ACS
  std::string sp_login;  // optional: starts an SP-initiated login at the SP
  std::string oracle;    // required: a URL naming the logged-in user
  std::string attacker = "mallory@acme.test";
  std::string victim = "carol@acme.test";
  Severity fail_on = Severity::medium;
  std::string profile;   // --sp-profile FILE ("" for none)
  std::chrono::milliseconds request_timeout{10'000};
};

// One positive control and what the SP did.
struct TargetControl {
  std::string name;
  bool passed = false;
  std::string detail;  // status, Location, oracle body
  std::string fix;     // what to change, when it failed
  std::vector<core::Evidence> evidence;
};

// --sp-profile FILE. Throws std::runtime_error naming file:line and key.
TargetProfile load_target_profile(const std::string& path);

// The positive controls, in order (wo.target set). A run whose controls do
// not all pass reports no attack verdict.
std::vector<TargetControl> run_controls(const WorldOptions& wo);

// Fetches and reads the metadata. Throws std::runtime_error with a message
// for people when the metadata cannot be had or names no usable ACS.
TargetSp resolve_target(const TargetOptions& o);

// Why `s` cannot run against a target, or nullopt when it can.
std::optional<std::string> target_skip_reason(const Scenario& s, const TargetSp& t);

ScenarioResult run_target_scenario(const Scenario& s, World& w, const TargetSp& t);

// What a target SP must be configured with: the IdP metadata XML.
std::string target_idp_metadata(const WorldOptions& w);
// The same, for people: the IdP's URLs, the users and their password.
std::string target_info_text(const WorldOptions& w);

}  // namespace samlh::harness
