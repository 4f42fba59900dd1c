// The attack pack: a closed vocabulary of named mutations that turn the
// IdP's valid response into a broken or malicious one, one recipe per row
// of ../shared/facts/attacks.md (XSW-1..10, SX-*, CF-*, KC-*, CI-*, DT-*,
// TR-*, AL-*, ID-*, MA/MS-*, NS-*, the CVE recipes, PR-*, EA-*, RL-*, DS-*).
//
// A mutation starts from the unsigned Okta-shaped Response the IdP built,
// signs it the way the recipe needs (with the IdP key, the attacker's key,
// or a crafted signature that is cryptographically valid over the named
// transform or algorithm), and returns what to POST. Expectations are not
// here: scenario files and tests state them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/dsig.hpp"
#include "core/enc.hpp"
#include "core/keys.hpp"
#include "core/result.hpp"

namespace samlh::idp {

// Why a mutation could not be made: the attack pack's own failures, never a
// message reason (the SP's verdict on what a mutation produced is the test;
// the mutation failing is not).
enum class MutationError : std::uint8_t {
  unknown_mutation,  // no mutation has this name
  not_applicable,    // the material or the base response does not allow the recipe
  build_failed,      // a core step of the recipe failed (signing, encrypting, an ID, parsing)
};
std::string_view spelling(MutationError e) noexcept;
std::string_view sentence(MutationError e) noexcept;
std::span<const MutationError> all_mutation_errors() noexcept;

template <class T>
using MutationResult = core::Result<T, MutationError>;
using MutationStatus = core::Result<void, MutationError>;

enum class SigningVariant { assertion, response, both, none };

struct MutationMaterial {
  std::string unsigned_xml;  // the IdP's Response: nothing signed, nothing encrypted
  SigningVariant variant = SigningVariant::both;
  core::SignOptions sign_options;  // the IdP app's algorithms
  core::PrivateKey idp_key;        // the real IdP key
  core::PrivateKey attacker_key;   // an unrelated key with its own certificate
  core::PrivateKey attacker_clone_key;  // the attacker key in a certificate cloning the IdP's
  std::optional<core::Certificate> sp_encryption_cert;
  core::EncryptOptions encrypt_options;
  std::string victim = "admin@acme.test";  // whom the attacker wants to be
  std::uint64_t seed = 1;
};

enum class Encoding { xml, base64, form };

struct Post {
  std::string body;
  Encoding encoding = Encoding::xml;
  std::optional<std::string> relay_state;  // replaces the IdP's RelayState when set
  bool drop_relay_state = false;           // post without any RelayState
  // Posted by a browser that never started a login (no SP cookies at all):
  // the victim's browser in a login CSRF (PR-6), not the attacker's.
  bool fresh_browser = false;
};

struct Mutated {
  std::vector<Post> posts;  // sent in order; the last one is judged
  std::string note;         // what was done, for evidence
};

struct MutationInfo {
  std::string_view name;     // the vocabulary word used in scenario files
  std::string_view rows;     // catalogue rows it reproduces, e.g. "XSW-1" or "CI-1, CVE-7"
  std::string_view summary;  // one line
};

std::span<const MutationInfo> all_mutations();
const MutationInfo* find_mutation(std::string_view name);

// Applies the named mutation. Fails with unknown_mutation, not_applicable
// when the material does not allow the recipe (e.g. no SP certificate for an
// encryption attack), or build_failed when a core step failed (the detail
// names its code).
MutationResult<Mutated> apply_mutation(std::string_view name, const MutationMaterial& m);

// The unmutated baseline: the response signed per m.variant (and encrypted
// when m.sp_encryption_cert is set), as the IdP would send it.
MutationResult<std::string> sign_as_idp(const MutationMaterial& m);

}  // namespace samlh::idp
