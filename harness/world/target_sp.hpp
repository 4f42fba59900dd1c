// The SP of --target-sp as the World sees it (harness/run/target.hpp
// resolves it from the SP's metadata and runs scenarios against it).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "harness/scenario/findings.hpp"

namespace samlh::harness {

// What the target SP declares it intends (--sp-profile FILE, in the
// spellings `sp validate` uses). A declared choice is reported as such, not
// as a finding. Unset: nothing declared, the strict reading applies.
struct TargetProfile {
  std::string source;  // the file, for the report ("" when none was given)
  // assertion-or-response, assertion, response, both
  std::string signing_policy = "both";
  std::optional<core::Millis> skew;     // clock skew the SP allows
  std::optional<core::Millis> max_age;  // IssueInstant age limit
  bool idp_initiated = false;           // unsolicited responses accepted on purpose
  bool allow_sha1 = false;
  bool allow_rsa15 = false;
  bool allow_3des = false;
  bool require_gcm = false;
  std::string encryption_pem;  // encryption-certificate: when the metadata publishes none
};

// The target, resolved once per run.
struct TargetSp {
  std::string entity_id;
  std::string acs;
  std::string base;             // scheme://host:port of the ACS
  std::string encryption_pem;   // empty: the metadata offers no encryption key
  std::string sp_login;
  std::string oracle;
  std::string attacker = "mallory@acme.test";  // a real, low-privilege account at the SP
  std::string victim = "carol@acme.test";      // the account the attacks try to become
  Severity fail_on = Severity::medium;
  TargetProfile profile;
  std::chrono::milliseconds request_timeout{10'000};  // each request's deadline
  std::uint64_t nonce = 0;      // mixed into every scenario's seed: IDs are fresh per run
};

}  // namespace samlh::harness
