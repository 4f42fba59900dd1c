// How a refusal reaches a person: one function mapping a core::Reason to an
// HTTP status, and one to words a user understands. The precise reason goes
// to the audit log; pages show only these words (never a stack trace, never
// the private detail), and JSON errors carry the spelling and its sentence.
#pragma once

#include <string_view>

#include "core/reason.hpp"

namespace samlh::sp {

// 400 the message could not be read (binding_, xml_, struct_); 413 too large;
// 401 credentials or session (login_bad_password, login_session_expired);
// 403 refused by a check or a rule (sig_, cert_, enc_, protocol checks,
// identity_, membership and role rules); 404 unknown organization, member or
// invitation; 409 conflicts with the current state (already a member, email
// taken); 422 a password that breaks the policy; 502 the IdP refused;
// 503 the store failed (nothing was changed).
int http_status(core::Reason r) noexcept;

// A short title ("Sign-in refused") and a sentence in plain words for the
// error page; every reason has both.
std::string_view user_title(core::Reason r) noexcept;
std::string_view user_message(core::Reason r) noexcept;

}  // namespace samlh::sp
