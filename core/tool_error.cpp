#include "core/tool_error.hpp"

#include <array>

#include "core/spelling_table.hpp"

namespace samlh::core {
namespace {

constexpr SpellingTable kToolErrors{std::array{
    SpelledRow<ToolError>{ToolError::file_unreadable, "file_unreadable", "A file could not be opened or read."},
    SpelledRow<ToolError>{ToolError::key_mismatch, "key_mismatch", "The key does not fit the algorithm it was asked to use."},
    SpelledRow<ToolError>{ToolError::sign_failed, "sign_failed", "Producing a signature failed."},
    SpelledRow<ToolError>{ToolError::encrypt_failed, "encrypt_failed", "Producing an encrypted assertion failed."},
    SpelledRow<ToolError>{ToolError::keygen_failed, "keygen_failed", "Generating a key or certificate failed."},
    SpelledRow<ToolError>{ToolError::url_invalid, "url_invalid", "A URL from the configuration does not parse."},
}};
static_assert(kToolErrors.dense());

}  // namespace

std::string_view spelling(ToolError e) noexcept { return kToolErrors.spelling(e); }
std::string_view sentence(ToolError e) noexcept { return kToolErrors.sentence(e); }
std::optional<ToolError> tool_error_from_spelling(std::string_view s) noexcept { return kToolErrors.from_spelling(s); }
std::span<const ToolError> all_tool_errors() noexcept { return kToolErrors.all(); }

}  // namespace samlh::core
