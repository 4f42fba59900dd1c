// The SP's validation pipeline: an ordered table of named checks, the first
// failure deciding, every check recorded in the verdict's trace.
//
//   decode, parse, structure, signature_profile, response_signature, decrypt,
//   assertion_signature, signature_policy, certificate, status, issuer,
//   destination, subject_confirmation, conditions, in_response_to,
//   authn_statement, subject, relay_state, replay
//
// Each check is a small free function over a ValidationContext (see
// validator_context.hpp); where a check interprets the spec, a comment cites
// the section. Identity is read only from the element whose signature
// verified, and only reported when every check passed.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bindings.hpp"
#include "core/clock.hpp"
#include "core/keys.hpp"
#include "core/spelling.hpp"
#include "core/xml.hpp"
#include "sp/validator/replay_cache.hpp"
#include "sp/validator/verdict.hpp"

namespace samlh::sp {

// Which signatures must cover the assertion.
enum class SigningPolicy {
  assertion_or_response,  // default: the Assertion signed, or the Response signed (covering it)
  assertion,              // the Assertion itself must be signed
  response,               // the Response must be signed
  both,                   // both
};
// The policy's spelling in the SP's configuration and admin API.
inline constexpr auto kSigningPolicySpellings = core::spellings<SigningPolicy>(
    {{SigningPolicy::assertion_or_response, "assertion_or_response"},
     {SigningPolicy::assertion, "assertion"},
     {SigningPolicy::response, "response"},
     {SigningPolicy::both, "both"}});

constexpr std::string_view spelling(SigningPolicy p) noexcept { return kSigningPolicySpellings.spelling(p); }
constexpr std::optional<SigningPolicy> signing_policy_from_spelling(std::string_view s) noexcept {
  return kSigningPolicySpellings.parse(s);
}

enum class RelayStatePolicy {
  local_path,  // default: a same-origin path ("/..."), at most 80 bytes (Bindings 3.5.3)
  any,         // only the 80-byte limit and no control characters
};

struct ValidatorSettings {
  std::vector<core::Certificate> idp_certificates;  // the pinned keys: the only trust
  std::string idp_entity_id;                        // empty: the issuer value check is skipped
  std::string sp_entity_id;                         // the Audience we expect
  std::string acs_url;                              // Destination and Recipient
  std::chrono::seconds skew{180};
  std::chrono::seconds max_issue_age{600};  // IssueInstant no older than this (+ skew)
  std::optional<std::string> request_id;    // the AuthnRequest ID this response must answer
  bool allow_idp_initiated = false;         // accept unsolicited responses
  bool any_in_response_to = false;          // offline review: InResponseTo not compared (weak)
  std::optional<core::PrivateKey> sp_key;   // decrypts EncryptedAssertion
  bool allow_sha1 = false;
  bool allow_rsa_1_5 = false;
  bool allow_3des = false;
  bool require_gcm = false;
  SigningPolicy signing = SigningPolicy::assertion_or_response;
  bool strict_cert_validity = false;  // expired pinned certificate: refuse instead of weak
  int min_rsa_bits = 2048;
  RelayStatePolicy relay_state = RelayStatePolicy::local_path;
  std::optional<std::string> expected_relay_state;  // the one sent with the request (RL-4)
  // Offline review only (`sp validate` of a filtered capture): why the
  // RelayState that came back cannot be known; the check is then skipped.
  std::optional<std::string> relay_state_unknown;
  core::ParseLimits parse_limits;
  core::BindingLimits binding_limits;
};

// How strictly responses are validated: the options an operator may relax
// (an organization's settings in the SP, the flags of `sp validate`). The
// defaults are the strict ones; every relaxation that is used shows up as a
// weakness in the verdict.
struct ValidationPolicy {
  SigningPolicy signing = SigningPolicy::assertion_or_response;
  bool allow_sha1 = false;
  bool allow_rsa_1_5 = false;
  bool allow_3des = false;
  bool require_gcm = false;
  bool strict_cert_validity = false;
  std::chrono::seconds skew{180};
  std::chrono::seconds max_issue_age{600};

  bool operator==(const ValidationPolicy&) const = default;
};

// The one mapping from a policy to validator settings (the ACS and `sp
// validate` both use it); the other settings keep their defaults.
ValidatorSettings settings_for(const ValidationPolicy& p);

enum class InputEncoding {
  detect,  // '<' first: XML; contains "SAMLResponse=": form body; else base64
  xml,
  base64,  // the value of the SAMLResponse form field
  form,    // "SAMLResponse=...&RelayState=..."
};

// What a person inspecting a login (`sp serve --demo`) sees beside the
// trace: the message as the checks read it. Filled only when asked for (a
// non-null pointer to validate()), so the normal path copies nothing.
struct ValidationEvidence {
  std::string xml;                  // the decoded message, the exact bytes parsed (empty: decode failed)
  std::optional<std::string> relay_state;
  std::string encrypted_assertion;  // the EncryptedAssertion as received (empty: not encrypted)
  std::string decrypted_assertion;  // the Assertion the decrypt check produced (empty: none)
};

// Validates one response. `replay` may be null (the replay check is then
// skipped); `evidence`, when not null, receives the message as the checks
// read it. Never throws on any input.
Verdict validate(std::string_view input, InputEncoding encoding, const ValidatorSettings& settings,
                 const core::Clock& clock, ReplayCache* replay, ValidationEvidence* evidence = nullptr);

// Turns an accepted verdict into the refusal validate() gives when its replay
// check fails, for a caller that learns of the replay only when it stores the
// assertion ID after validation (SqliteReplayCache::Claim).
void refuse_as_replay(Verdict& v, std::string detail);

// The check names, in pipeline order.
std::span<const std::string_view> check_names();

}  // namespace samlh::sp
