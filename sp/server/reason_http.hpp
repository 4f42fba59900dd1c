// How a refusal reaches a person: one function mapping what the SP can
// refuse with to an HTTP status, and one to words a user understands. The
// precise reason goes to the audit log; pages show only these words (never a
// stack trace, never the private detail), and JSON errors carry the spelling
// and its sentence.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/one_of.hpp"
#include "core/reason.hpp"
#include "core/tool_error.hpp"
#include "sp/model/login_reason.hpp"

namespace samlh::sp {

// A malformed admin API request (routes_admin.cpp): the request itself, not a
// SAML message and not an account rule. Answered with 400.
enum class ApiError : std::uint8_t {
  api_bad_json,    // the body is not a JSON object
  api_bad_field,   // a field is missing, of the wrong type or not an allowed value
  api_bad_filter,  // the audit query string is malformed
};
std::string_view spelling(ApiError e) noexcept;
std::string_view sentence(ApiError e) noexcept;
std::span<const ApiError> all_api_errors() noexcept;

// Everything the SP's pages and JSON errors can name: a message reason, a
// login reason, a malformed admin request, or the SP's own failure (signing
// an AuthnRequest: a server error).
using HttpError = core::OneOf<core::Reason, LoginReason, ApiError, core::ToolError>;

// 400 the message could not be read (binding_, xml_, struct_) or a malformed
// admin request (api_); 413 too large; 401 credentials or session
// (login_bad_password, login_session_expired); 403 refused by a check or a
// rule (sig_, cert_, enc_, protocol checks, identity_, membership and role
// rules); 404 unknown organization, member or invitation; 409 conflicts with
// the current state (already a member, email taken); 422 a password that
// breaks the policy; 500 the SP's own operation failed; 503 the store failed
// (nothing was changed).
int http_status(const HttpError& e) noexcept;

// A short title ("Sign-in refused") and a sentence in plain words for the
// error page; every code has both.
std::string_view user_title(const HttpError& e) noexcept;
std::string_view user_message(const HttpError& e) noexcept;

}  // namespace samlh::sp
