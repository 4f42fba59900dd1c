// The SP's login reasons: every way the Hotjar-shaped SP refuses a login or
// an account action once the message itself was accepted (or when there is
// no message: password login, sign-up, admin actions, sessions).
//
// identity_*: who the assertion names (email mapping, sp/model/identity_map);
// login_*: the account rules (sp/accounts) and the store under them
// (login_store_failed). Spellings are the contract in the audit log, JSON
// errors and scenario files, like core::Reason's; the two tables never share
// a spelling (a scenario's `reason:` reads both, harness/scenario/reasons.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/one_of.hpp"
#include "core/reason.hpp"
#include "core/result.hpp"

namespace samlh::sp {

enum class LoginReason : std::uint8_t {
#define SAMLH_LOGIN_REASON(id, spelling, sentence) id,
#include "sp/model/login_reason_table.inc"
#undef SAMLH_LOGIN_REASON
};

std::string_view spelling(LoginReason r) noexcept;
std::string_view sentence(LoginReason r) noexcept;
// "identity" or "login".
std::string_view stage(LoginReason r) noexcept;
std::optional<LoginReason> login_reason_from_spelling(std::string_view s) noexcept;
std::span<const LoginReason> all_login_reasons() noexcept;

template <class T>
using LoginResult = core::Result<T, LoginReason>;
using LoginStatus = core::Result<void, LoginReason>;

// Why the SP refused an SSO attempt: the validator's message reason, or a
// login reason of the account rules after it. The account rules themselves
// refuse with two message reasons (inresp_unsolicited, issuer_mismatch: the
// org's own switch and IdP, accounts_login.cpp), so Accounts' outcomes carry
// a Refusal too.
using Refusal = core::OneOf<core::Reason, LoginReason>;
template <class T>
using RefusalResult = core::Result<T, Refusal>;

}  // namespace samlh::sp
