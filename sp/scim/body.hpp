// Reading a SCIM request body (untrusted JSON) under bounds, before any
// other code sees it: a byte limit, a nesting limit checked by a SAX pass
// that stops at the first level too deep (so no recursive copy or walk ever
// meets a hostile depth), then the JSON library's own parse, which refuses
// malformed JSON and invalid UTF-8.
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sp/scim/error.hpp"

namespace samlh::sp::scim {

struct BodyLimits {
  std::size_t max_bytes = 1 << 20;  // 1 MiB
  std::size_t max_depth = 32;       // nested objects and arrays
};

// Fails with request_too_large (413) past max_bytes, request_malformed_json
// (400 invalidSyntax) for malformed JSON, invalid UTF-8, or nesting deeper
// than max_depth.
Result<nlohmann::json> parse_body(std::string_view text, const BodyLimits& limits = {});

}  // namespace samlh::sp::scim
