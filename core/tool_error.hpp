// ToolError: the project's own operations failing, never a verdict on a
// message someone sent. Reading a file, signing or encrypting what the IdP,
// the SP or an attack recipe produces, generating a key: when one of these
// fails the cause is on our side (a missing file, a key that does not fit the
// configured algorithm, OpenSSL or xmlsec refusing), so it must not read as
// a message reason such as sig_structure or cert_unreadable.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/result.hpp"

namespace samlh::core {

enum class ToolError : std::uint8_t {
  file_unreadable,  // a file could not be opened or read
  key_mismatch,     // the key does not fit the algorithm asked for (RSA key, ECDSA method...)
  sign_failed,      // building or computing a signature failed
  encrypt_failed,   // building an EncryptedAssertion failed
  keygen_failed,    // generating a key or certificate failed
  url_invalid,      // a URL from our own configuration does not parse
};

std::string_view spelling(ToolError e) noexcept;
std::string_view sentence(ToolError e) noexcept;
std::optional<ToolError> tool_error_from_spelling(std::string_view s) noexcept;
std::span<const ToolError> all_tool_errors() noexcept;

template <class T>
using ToolResult = Result<T, ToolError>;
using ToolStatus = Result<void, ToolError>;

}  // namespace samlh::core
