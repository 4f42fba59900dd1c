// What the control API (/api/v1/...) accepts before it reads a request
// (issue 17 item 4). It has no accounts (a test IdP), so a web page in the
// tester's browser must not reach it:
// - Host must name this server: localhost, 127.0.0.1, [::1], the configured
//   listen address, the host of its base URL, or a name the caller adds
//   (IdpOptions::api_host_names). A foreign Host is DNS rebinding: 421.
// - A state-changing request (anything but GET and HEAD) with an Origin must
//   come from this server's own origin (http://<Host>); 403 otherwise.
// - A POST must say Content-Type: application/json (a form or text/plain POST
//   is what a cross-origin page can send without a preflight): 415.
// - OPTIONS is 405 with Allow and no CORS headers: no preflight ever passes.
// - With a token (IdpOptions::api_token), every call needs Authorization:
//   Bearer <token> (scheme in any case): 401 with WWW-Authenticate otherwise.
// The SSO and sign-in endpoints are not behind this guard: browsers post
// forms to them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/http/http_server.hpp"

namespace samlh::idp {

struct ApiGuard {
  std::vector<std::string> host_names;  // beside localhost, 127.0.0.1 and [::1]
  std::string token;                    // empty: no token asked
};

// nullopt: the request may proceed; else the refusal to send.
std::optional<core::http::Response> guard_control_api(const ApiGuard& guard, const core::http::Request& req);

// The first field of a control API body whose JSON type is wrong, as
// "'<field>' must be a string" (the settings body is the YAML reader's, not
// this one's); nullopt when every known field has its type.
std::optional<std::string> wrong_field_type(const core::http::Request& req);

// The largest clock offset PUT /api/v1/clock takes, either way: 100 years.
inline constexpr long long kMaxClockOffsetMs = 100LL * 366 * 86'400'000;

// Whether `address` is a loopback address (127.0.0.0/8, ::1, localhost).
bool is_loopback_address(const std::string& address);

// Why `idp-mock serve` must not listen on `address`, or nullopt: a
// non-loopback address needs --allow-remote and a control API token.
std::optional<std::string> remote_listen_refusal(const std::string& address, bool allow_remote,
                                                 const std::string& token);

}  // namespace samlh::idp
