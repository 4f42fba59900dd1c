// SCIM errors: one enum of every way the SCIM protocol core refuses input,
// each with the HTTP status and scimType keyword RFC 7644 §3.12 assigns it
// (error_table.inc), and the Error message body (§3.12: the Error schema URN,
// `status` as a JSON string, `scimType`, `detail`). SCIM failures are their
// own domain, apart from core::Reason (SAML message reasons).
//
// Result<T> is this library's value-or-Error type (core::Result carries a
// core::Reason; std::expected does not build under Clang 14 + libstdc++ 12).
#pragma once

#include <cassert>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace samlh::sp::scim {

// The scimType keywords of RFC 7644 §3.12 Table 9 (none: no scimType sent).
enum class ScimType : std::uint8_t {
  none,
  invalid_filter,
  too_many,
  uniqueness,
  mutability,
  invalid_syntax,
  invalid_path,
  no_target,
  invalid_value,
  invalid_vers,
  sensitive,
};
// "invalidFilter", ...; "" for none.
std::string_view spelling(ScimType t) noexcept;

enum class ErrorCode : std::uint8_t {
#define SAMLH_SCIM_ERROR(id, spelling, status, type, sentence) id,
#include "sp/scim/error_table.inc"
#undef SAMLH_SCIM_ERROR
};

std::string_view spelling(ErrorCode c) noexcept;  // "filter_syntax", ...
std::string_view sentence(ErrorCode c) noexcept;
int http_status(ErrorCode c) noexcept;
ScimType scim_type(ErrorCode c) noexcept;
std::optional<ErrorCode> error_from_spelling(std::string_view s) noexcept;
std::span<const ErrorCode> all_error_codes() noexcept;

// `detail` adds context built by this library (a byte offset, an attribute
// name cut to a bounded length); it never carries the request wholesale.
// The project's one Result (core/result.hpp) over this domain's codes.
using Error = core::Error<ErrorCode>;
template <class T>
using Result = core::Result<T, ErrorCode>;

inline Error make_error(ErrorCode c, std::string detail = {}) { return core::fail(c, std::move(detail)); }

// The RFC 7644 §3.12 Error message: {"schemas":[Error URN],"status":"400",
// "scimType":"invalidFilter","detail":"<sentence>[: <detail>]"}.
nlohmann::json error_body(const Error& e);

// JSON text of a document this library built, or of one holding request
// strings: invalid UTF-8 is replaced, never thrown on.
std::string render(const nlohmann::json& doc);

// A request-supplied name for a `detail`: cut to 64 bytes, marked when cut.
std::string bounded_name(std::string_view name);

inline constexpr std::string_view kErrorUrn = "urn:ietf:params:scim:api:messages:2.0:Error";

}  // namespace samlh::sp::scim
