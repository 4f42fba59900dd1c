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
