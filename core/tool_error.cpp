#include "core/tool_error.hpp"

#include <array>

#include "core/spelling.hpp"

namespace samlh::core {
namespace {

constexpr SpellingTable kToolErrors{std::array{
    Spelled<ToolError>{ToolError::file_unreadable, "file_unreadable", "A file could not be opened or read."},
    Spelled<ToolError>{ToolError::key_mismatch, "key_mismatch", "The key does not fit the algorithm it was asked to use."},
    Spelled<ToolError>{ToolError::sign_failed, "sign_failed", "Producing a signature failed."},
    Spelled<ToolError>{ToolError::encrypt_failed, "encrypt_failed", "Producing an encrypted assertion failed."},
    Spelled<ToolError>{ToolError::keygen_failed, "keygen_failed", "Generating a key or certificate failed."},
    Spelled<ToolError>{ToolError::url_invalid, "url_invalid", "A URL from the configuration does not parse."},
}};

}  // namespace

std::string_view spelling(ToolError e) noexcept { return kToolErrors.spelling(e); }
std::string_view sentence(ToolError e) noexcept { return kToolErrors.sentence(e); }
std::optional<ToolError> tool_error_from_spelling(std::string_view s) noexcept { return kToolErrors.parse(s); }
std::span<const ToolError> all_tool_errors() noexcept { return kToolErrors.all(); }

}  // namespace samlh::core
