// The Bearer credentials of an Authorization header (RFC 6750 2.1 on RFC
// 7235 2.1): the scheme is case-insensitive, then one or more spaces, then
// the token, one word of visible ASCII (configured tokens may hold '@' or
// ':', which RFC 6750's b64token does not). Both servers' token-protected
// APIs read them here and answer a missing or malformed header 401 with a
// WWW-Authenticate challenge.
#pragma once

#include <string>
#include <string_view>

#include "core/http/http_server.hpp"

namespace samlh::core::http {

enum class BearerStatus { ok, missing, malformed };

struct BearerCredentials {
  BearerStatus status = BearerStatus::missing;
  std::string token;  // when ok
};

// The request's bearer token: missing without an Authorization header;
// malformed for another scheme, no token, a token with a space or a control
// character, or more than one Authorization header.
BearerCredentials bearer_credentials(const Request& req);

// A 401 answer's WWW-Authenticate value: `Bearer realm="<realm>"`, plus
// `, error="<error>"` when given (RFC 6750 3: invalid_request, invalid_token).
std::string bearer_challenge(std::string_view realm, std::string_view error = {});

}  // namespace samlh::core::http
