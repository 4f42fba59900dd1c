// The message reason table: every way a SAML message can be refused.
//
// One enum whose spellings are the strings used in scenario files, JSON
// output, the audit log and reports. Tests assert enum values, never message
// text. Groups follow the stage that decides them (binding, xml, struct, sig,
// cert, enc, status/issuer/dest, subj, cond, inresp, authn, replay). The
// table itself lives in reason_table.inc so that the enum, its spelling and
// its sentence cannot drift apart.
//
// Only messages: why the SP refuses a login or an account action
// (identity_*, login_*) is sp::LoginReason (sp/model/login_reason.hpp), why
// the IdP refuses is idp::IdpReason (idp-mock/tenant/idp_reason.hpp), and the
// project's own operations fail with core::ToolError (core/tool_error.hpp).
// core knows neither Hotjar nor Okta.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace samlh::core {

enum class Reason : std::uint16_t {
#define SAMLH_REASON(id, spelling, sentence) id,
#include "core/reason_table.inc"
#undef SAMLH_REASON
};

// The spelling used in files and reports, e.g. "sig_invalid".
std::string_view spelling(Reason r) noexcept;
// One sentence a report can show to a person.
std::string_view sentence(Reason r) noexcept;
// The stage prefix of the spelling ("sig", "xml", ...).
std::string_view stage(Reason r) noexcept;
std::optional<Reason> reason_from_spelling(std::string_view s) noexcept;
std::span<const Reason> all_reasons() noexcept;

// Options a validation accepted but that a careful SP would not choose; they
// are listed in a verdict's `weak` array, spelled as below.
enum class Weakness : std::uint8_t {
  sha1_signature,           // RSA-SHA1 signature accepted under --allow-sha1
  sha1_digest,              // SHA-1 digest accepted under --allow-sha1
  tripledes_cbc,            // assertion encrypted with 3DES-CBC (--allow-3des)
  rsa_1_5_key_transport,    // session key wrapped with RSA PKCS#1 v1.5 (--allow-rsa15)
  expired_idp_certificate,  // pinned IdP certificate outside its validity at validation time
  any_in_response_to,       // InResponseTo accepted without a request ID to compare
};
std::string_view spelling(Weakness w) noexcept;
std::string_view sentence(Weakness w) noexcept;
std::optional<Weakness> weakness_from_spelling(std::string_view s) noexcept;
std::span<const Weakness> all_weaknesses() noexcept;

}  // namespace samlh::core
