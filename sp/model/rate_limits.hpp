// The SP's attempt limits (issue 17 items 2, 9), per client address. A
// client over one gets 429 with Retry-After, and nothing is stored for it.
// None is on in a default-built SpOptions (tests, the in-process harness);
// `sp serve` starts from RateLimits::deployment() unless its configuration's
// `limits:` says otherwise (sp/SERVER.md).
#pragma once

#include <chrono>

#include "core/rate_limit.hpp"

namespace samlh::sp {

struct RateLimits {
  // POST /login attempts per address.
  core::RateLimit login_per_address;
  // Failed POST /login attempts per (email, address). Why per address too:
  // an attacker elsewhere must not lock the real user out of their account.
  core::RateLimit login_failures_per_account;
  // Refused ACS POSTs per address (each adds audit rows; accepted ones are
  // not counted).
  core::RateLimit acs_refusals_per_address;
  // GET /sso/<org>/login and /sso/<org>/invite/<token> per address (each
  // stores an AuthnRequest).
  core::RateLimit sso_requests_per_address;

  static RateLimits deployment() {
    using namespace std::chrono_literals;
    RateLimits r;
    r.login_per_address = {30, 1min};
    r.login_failures_per_account = {5, 15min};
    r.acs_refusals_per_address = {60, 1min};
    r.sso_requests_per_address = {120, 1min};
    return r;
  }
};

}  // namespace samlh::sp
