#include "core/reason.hpp"

#include <array>

#include "core/spelling.hpp"

namespace samlh::core {
namespace {

constexpr SpellingTable kReasons{std::array{
#define SAMLH_REASON(id, sp, se) Spelled<Reason>{Reason::id, sp, se},
#include "core/reason_table.inc"
#undef SAMLH_REASON
}};

constexpr SpellingTable kWeaknesses{std::array{
    Spelled<Weakness>{Weakness::sha1_signature, "sha1_signature", "The signature uses RSA-SHA1, accepted only because SHA-1 is allowed by policy."},
    Spelled<Weakness>{Weakness::sha1_digest, "sha1_digest", "The reference digest is SHA-1, accepted only because SHA-1 is allowed by policy."},
    Spelled<Weakness>{Weakness::tripledes_cbc, "tripledes_cbc", "The assertion was encrypted with 3DES-CBC, a deprecated cipher allowed only by policy."},
    Spelled<Weakness>{Weakness::rsa_1_5_key_transport, "rsa_1_5_key_transport", "The session key was wrapped with RSA PKCS#1 v1.5, allowed only by policy (Bleichenbacher-prone)."},
    Spelled<Weakness>{Weakness::expired_idp_certificate, "expired_idp_certificate", "The pinned IdP certificate is outside its validity period; the pinned key was still trusted."},
    Spelled<Weakness>{Weakness::any_in_response_to, "any_in_response_to", "InResponseTo was not compared with a request ID (offline review of a capture)."},
}};

}  // namespace

std::string_view spelling(Reason r) noexcept { return kReasons.spelling(r); }

std::string_view sentence(Reason r) noexcept { return kReasons.sentence(r); }

std::string_view stage(Reason r) noexcept { return stage_of(spelling(r)); }

std::optional<Reason> reason_from_spelling(std::string_view s) noexcept { return kReasons.parse(s); }

std::span<const Reason> all_reasons() noexcept { return kReasons.all(); }

std::string_view spelling(Weakness w) noexcept { return kWeaknesses.spelling(w); }

std::string_view sentence(Weakness w) noexcept { return kWeaknesses.sentence(w); }

std::optional<Weakness> weakness_from_spelling(std::string_view s) noexcept { return kWeaknesses.parse(s); }

std::span<const Weakness> all_weaknesses() noexcept { return kWeaknesses.all(); }

}  // namespace samlh::core
