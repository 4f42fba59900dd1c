// JSON literal scanners for filter values (RFC 7644 §3.4.2.2 takes its
// compValue rules from JSON): strings (RFC 8259 §7, escapes decoded,
// surrogates paired, raw bytes well-formed UTF-8 per RFC 3629, no control
// characters) and numbers (RFC 8259 §6). Internal to sp/scim.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace samlh::sp::scim {

// Each scans from text[pos] (a '"', or '-' / a digit), stores the value in
// `out` and moves `pos` past the literal; on failure returns what is wrong
// (a fixed phrase) with `pos` at the offending byte.
std::optional<std::string_view> scan_json_string(std::string_view text, std::size_t& pos, nlohmann::json& out);
std::optional<std::string_view> scan_json_number(std::string_view text, std::size_t& pos, nlohmann::json& out);

}  // namespace samlh::sp::scim
