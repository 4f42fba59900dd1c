// The IdP's reasons: every way the Okta-shaped IdP refuses a request or a
// sign-in (idp_*). Spellings are the contract in its System Log (the target of
// app.sso.error events), its error pages and scenario files; they never
// collide with core::Reason's or sp::LoginReason's (a scenario's `reason:`
// reads all three, harness/scenario/reasons.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/one_of.hpp"
#include "core/reason.hpp"
#include "core/result.hpp"
#include "core/tool_error.hpp"

namespace samlh::idp {

enum class IdpReason : std::uint8_t {
#define SAMLH_IDP_REASON(id, spelling, sentence) id,
#include "idp-mock/tenant/idp_reason_table.inc"
#undef SAMLH_IDP_REASON
};

std::string_view spelling(IdpReason r) noexcept;
std::string_view sentence(IdpReason r) noexcept;
std::optional<IdpReason> idp_reason_from_spelling(std::string_view s) noexcept;
std::span<const IdpReason> all_idp_reasons() noexcept;

// What an IdP operation fails with: a message it could not read (the
// binding_* and xml_* of an AuthnRequest or LogoutRequest, core::Reason), its
// own refusal (IdpReason), or its own machinery (signing, key generation:
// core::ToolError, a server error).
using IdpError = core::OneOf<core::Reason, IdpReason, core::ToolError>;
template <class T>
using IdpResult = core::Result<T, IdpError>;
using IdpStatus = core::Result<void, IdpError>;

}  // namespace samlh::idp
