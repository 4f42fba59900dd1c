// What an attacker gains from a target SP (--target-sp): the outcome of a
// scenario judged by the session the oracle reports and the browser's
// evidence, each with its severity (issue 15's table). `--fail-on` sets the
// lowest severity that fails a run.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/spelling.hpp"

namespace samlh::harness {

enum class Severity { info, low, medium, high, critical };
inline constexpr auto kSeveritySpellings = core::spellings<Severity>({{Severity::info, "info"},
                                                                      {Severity::low, "low"},
                                                                      {Severity::medium, "medium"},
                                                                      {Severity::high, "high"},
                                                                      {Severity::critical, "critical"}});
constexpr std::string_view spelling(Severity s) { return kSeveritySpellings.spelling(s); }

enum class Gain {
  identity_takeover,          // a session as anyone but the identity the IdP signed for the attacker
  forged_accepted,            // a session from content the IdP never signed
  replay_accepted,            // a response used twice
  csrf_accepted,              // a response bound to no request of this browser (unsolicited not declared)
  open_redirect,              // the browser sent off-origin or to a non-http(s) scheme
  header_injection,           // CR LF in RelayState became a header
  weak_crypto_accepted,       // SHA-1, MD5, RSA 1.5, CBC where GCM is wanted
  unsafe_transform_accepted,  // XSLT, XPath, base64, unknown transforms (needs the IdP to sign that shape)
  policy_gap,                 // audience, Destination, Recipient, age, expiry, confirmation, status
  spec_deviation,             // no security effect: Issuer Format, drift within the skew, syntax
  tolerated,                  // a variant of signed content that logs in exactly the signed identity
};
inline constexpr auto kGainSpellings =
    core::spellings<Gain>({{Gain::identity_takeover, "identity_takeover"},
                           {Gain::forged_accepted, "forged_accepted"},
                           {Gain::replay_accepted, "replay_accepted"},
                           {Gain::csrf_accepted, "csrf_accepted"},
                           {Gain::open_redirect, "open_redirect"},
                           {Gain::header_injection, "header_injection"},
                           {Gain::weak_crypto_accepted, "weak_crypto_accepted"},
                           {Gain::unsafe_transform_accepted, "unsafe_transform_accepted"},
                           {Gain::policy_gap, "policy_gap"},
                           {Gain::spec_deviation, "spec_deviation"},
                           {Gain::tolerated, "tolerated"}});
constexpr std::string_view spelling(Gain g) { return kGainSpellings.spelling(g); }

constexpr Severity severity_of(Gain g) {
  switch (g) {
    case Gain::identity_takeover:
    case Gain::forged_accepted:
      return Severity::critical;
    case Gain::replay_accepted:
    case Gain::csrf_accepted:
    case Gain::open_redirect:
    case Gain::header_injection:
      return Severity::high;
    case Gain::weak_crypto_accepted:
    case Gain::unsafe_transform_accepted:
    case Gain::policy_gap:
      return Severity::medium;
    case Gain::spec_deviation:
      return Severity::low;
    case Gain::tolerated:
      return Severity::info;
  }
  return Severity::critical;
}

// What a vulnerability looks like for one scenario against a foreign SP,
// declared in the scenario file (`target:`, harness/SCENARIOS.md): how a
// session after it is read (the family), what it gives when the shape alone
// is the finding (the gain), and the check a careful SP makes (the check).
enum class Family {
  forge,     // no valid IdP signature covers what names the user: any session is critical
  wrap,      // the IdP-signed original (the attacker's) is still there, unsigned content names the victim
  split,     // the IdP signs '<victim>.evil.test'; a session as the victim is a takeover
  shape,     // the IdP's own key signs an unusual shape: `gain` when accepted, never a takeover
  replay,    // the same response twice
  csrf,      // a response bound to no request of this browser
  relay,     // RelayState: judged on the browser's evidence (Locations, headers)
  positive,  // a valid variant the SP should accept (a refusal is stricter, not a finding)
  format,    // an IdP setting: accepted or refused as the SP chooses, unless `gain` says otherwise
};
inline constexpr auto kFamilySpellings = core::spellings<Family>({{Family::forge, "forge"},
                                                                  {Family::wrap, "wrap"},
                                                                  {Family::split, "split"},
                                                                  {Family::shape, "shape"},
                                                                  {Family::replay, "replay"},
                                                                  {Family::csrf, "csrf"},
                                                                  {Family::relay, "relay"},
                                                                  {Family::positive, "positive"},
                                                                  {Family::format, "format"}});
constexpr std::string_view spelling(Family f) { return kFamilySpellings.spelling(f); }

// The check a careful SP makes; its sentence and one-line fix are the
// judge's (harness/run/target_judge.cpp).
enum class Check {
  signature, key, encrypted, replay, csrf, destination, recipient, audience, issuer, time, age,
  confirmation, status, weak, transform, dtd, syntax, tolerance, relay,
};
inline constexpr auto kCheckSpellings = core::spellings<Check>({{Check::signature, "signature"},
                                                                {Check::key, "key"},
                                                                {Check::encrypted, "encrypted"},
                                                                {Check::replay, "replay"},
                                                                {Check::csrf, "csrf"},
                                                                {Check::destination, "destination"},
                                                                {Check::recipient, "recipient"},
                                                                {Check::audience, "audience"},
                                                                {Check::issuer, "issuer"},
                                                                {Check::time, "time"},
                                                                {Check::age, "age"},
                                                                {Check::confirmation, "confirmation"},
                                                                {Check::status, "status"},
                                                                {Check::weak, "weak"},
                                                                {Check::transform, "transform"},
                                                                {Check::dtd, "dtd"},
                                                                {Check::syntax, "syntax"},
                                                                {Check::tolerance, "tolerance"},
                                                                {Check::relay, "relay"}});
constexpr std::string_view spelling(Check c) { return kCheckSpellings.spelling(c); }

// The --sp-profile key under which an SP may make this scenario's outcome
// a declared choice (harness/run/target_profile.cpp reads the file).
enum class ProfileKey { allow_sha1, allow_rsa15, allow_3des, require_gcm, skew, max_age, allow_idp_initiated };
inline constexpr auto kProfileKeySpellings =
    core::spellings<ProfileKey>({{ProfileKey::allow_sha1, "allow-sha1"},
                                 {ProfileKey::allow_rsa15, "allow-rsa15"},
                                 {ProfileKey::allow_3des, "allow-3des"},
                                 {ProfileKey::require_gcm, "require-gcm"},
                                 {ProfileKey::skew, "skew"},
                                 {ProfileKey::max_age, "max-age"},
                                 {ProfileKey::allow_idp_initiated, "allow-idp-initiated"}});
constexpr std::string_view spelling(ProfileKey k) { return kProfileKeySpellings.spelling(k); }

struct TargetThreat {
  Family family = Family::format;
  Gain gain = Gain::tolerated;  // read for the shape and format families only
  Check check = Check::tolerance;
  std::optional<ProfileKey> declared_by;  // none: no profile setting makes it a choice
  bool operator==(const TargetThreat&) const = default;
};

// One scenario's finding against a target SP.
struct SecurityFinding {
  Gain gain = Gain::tolerated;
  Severity severity = Severity::info;
  std::string seen;      // what the SP did, from the oracle and the browser
  std::string expected;  // the check the SP should have made
  std::string fix;       // one line
  std::string rows;      // catalogue rows (shared/facts/attacks.md)
};

}  // namespace samlh::harness
