// Attack mode of `harness demo`: what the trainer asked for (a mutation of
// the attack pack, a victim, an attacker, a target SP), checked against the
// known vocabulary and users before anything is minted; and the material a
// mutation needs, made from a genuine response the IdP minted (its
// signatures taken off, its algorithms read back) and the IdP's signing key
// from the tenant configuration (a TEST key: certs/README.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attacks/mutations.hpp"
#include "core/keys.hpp"

namespace samlh::harness::demo {

enum class Target { ours, vulnerable };

struct AttackChoice {
  std::string mutation;  // a name of attacks/mutations.hpp
  std::string victim;    // whom the forged response names
  std::string attacker;  // whose genuine response it starts from
  Target target = Target::ours;
};

// A bad request to a demo page: the HTTP status (400, 404) and a sentence for
// the message page (raw text: the page escapes it).
struct InputProblem {
  int status = 400;
  std::string message;
};

inline constexpr std::size_t kMaxField = 256;  // longest mutation name, login or target accepted

// Checks the form fields of an attack: every field present and at most
// kMaxField bytes, the mutation one of the attack pack's, victim and
// attacker among `users`, the target "ours" or "vulnerable". Returns the
// choice, or the problem (404 for an unknown mutation or user).
struct AttackOrProblem {
  std::optional<AttackChoice> choice;
  InputProblem problem;
};
AttackOrProblem parse_attack(const std::vector<std::pair<std::string, std::string>>& fields,
                             const std::vector<std::string>& users);

// The keys a mutation signs with besides the IdP's own.
struct AttackKeys {
  core::PrivateKey idp;
  core::PrivateKey attacker;
  core::PrivateKey attacker_clone;
};

// The material for `victim` from a genuine signed response: each ds:Signature
// of the Response and of the Assertion removed (what the IdP signed), the
// signing variant and algorithms read from them. nullopt with `why` when the
// response cannot be used (not XML, encrypted, nothing signed).
std::optional<idp::MutationMaterial> material_from(const std::string& genuine_xml, const AttackKeys& keys,
                                                   const std::string& victim, std::string& why);

}  // namespace samlh::harness::demo
