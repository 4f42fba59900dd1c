#include "core/reason.hpp"

#include <array>

namespace samlh::core {
namespace {

struct Row {
  Reason reason;
  std::string_view spelling;
  std::string_view sentence;
};

constexpr std::array kRows{
#define SAMLH_REASON(id, sp, se) Row{Reason::id, sp, se},
#include "core/reason_table.inc"
#undef SAMLH_REASON
};

constexpr std::array kReasons{
#define SAMLH_REASON(id, sp, se) Reason::id,
#include "core/reason_table.inc"
#undef SAMLH_REASON
};

// The enum is dense and in table order, so a reason indexes its row.
constexpr bool table_is_dense() {
  for (std::size_t i = 0; i < kRows.size(); ++i) {
    if (static_cast<std::size_t>(kRows[i].reason) != i) return false;
  }
  return true;
}
static_assert(table_is_dense());

struct WeakRow {
  Weakness weakness;
  std::string_view spelling;
  std::string_view sentence;
};

constexpr std::array kWeakRows{
    WeakRow{Weakness::sha1_signature, "sha1_signature", "The signature uses RSA-SHA1, accepted only because SHA-1 is allowed by policy."},
    WeakRow{Weakness::sha1_digest, "sha1_digest", "The reference digest is SHA-1, accepted only because SHA-1 is allowed by policy."},
    WeakRow{Weakness::tripledes_cbc, "tripledes_cbc", "The assertion was encrypted with 3DES-CBC, a deprecated cipher."},
    WeakRow{Weakness::rsa_1_5_key_transport, "rsa_1_5_key_transport", "The session key was wrapped with RSA PKCS#1 v1.5, allowed only by policy (Bleichenbacher-prone)."},
    WeakRow{Weakness::expired_idp_certificate, "expired_idp_certificate", "The pinned IdP certificate is outside its validity period; the pinned key was still trusted."},
    WeakRow{Weakness::any_in_response_to, "any_in_response_to", "InResponseTo was not compared with a request ID (offline review of a capture)."},
};

constexpr std::array kWeaknesses{
    Weakness::sha1_signature,          Weakness::sha1_digest,
    Weakness::tripledes_cbc,           Weakness::rsa_1_5_key_transport,
    Weakness::expired_idp_certificate, Weakness::any_in_response_to,
};

}  // namespace

std::string_view spelling(Reason r) noexcept { return kRows[static_cast<std::size_t>(r)].spelling; }

std::string_view sentence(Reason r) noexcept { return kRows[static_cast<std::size_t>(r)].sentence; }

std::string_view stage(Reason r) noexcept {
  const std::string_view s = spelling(r);
  return s.substr(0, s.find('_'));
}

std::optional<Reason> reason_from_spelling(std::string_view s) noexcept {
  for (const Row& row : kRows) {
    if (row.spelling == s) return row.reason;
  }
  return std::nullopt;
}

std::span<const Reason> all_reasons() noexcept { return kReasons; }

std::string_view spelling(Weakness w) noexcept { return kWeakRows[static_cast<std::size_t>(w)].spelling; }

std::string_view sentence(Weakness w) noexcept { return kWeakRows[static_cast<std::size_t>(w)].sentence; }

std::optional<Weakness> weakness_from_spelling(std::string_view s) noexcept {
  for (const WeakRow& row : kWeakRows) {
    if (row.spelling == s) return row.weakness;
  }
  return std::nullopt;
}

std::span<const Weakness> all_weaknesses() noexcept { return kWeaknesses; }

}  // namespace samlh::core
