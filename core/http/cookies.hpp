// HTTP cookies (RFC 6265bis): the Set-Cookie a server writes, the Cookie
// header it reads, and the parse of a Set-Cookie header (section 5.6) the
// browser's jar (core/browser/cookie_jar.hpp) stores from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"

namespace samlh::core::http {

enum class SameSite { unset, lax, strict, none };

// What a server writes (format_set_cookie) and what a Set-Cookie header said
// (parse_set_cookie: attributes absent stay as below, except the writer's
// defaults path "/", HttpOnly and Lax, which a parse leaves "", false, unset).
struct SetCookie {
  std::string name;
  std::string value;
  std::string path = "/";            // parse: "" when absent or not starting with '/'
  std::string domain;                // empty: host-only; a parse drops a leading '.' and lower-cases
  std::optional<long long> max_age;  // seconds; 0 or less deletes
  std::optional<Instant> expires;
  bool http_only = true;  // why: session cookies are never for scripts
  bool secure = false;
  SameSite same_site = SameSite::lax;
};

// "name=value; Path=/; Max-Age=...; HttpOnly; SameSite=Lax"
std::string format_set_cookie(const SetCookie& c);

// RFC 6265bis 5.6: nullopt when the header is to be ignored (a control
// character, no name and no value, name and value over 4096 bytes). An
// attribute whose value is malformed (an Expires that is no cookie-date, a
// Max-Age that is no integer) or over 1024 bytes is dropped; the last of a
// repeated attribute wins; a SameSite value other than Strict, Lax or None
// leaves `unset`.
std::optional<SetCookie> parse_set_cookie(std::string_view header);
// The cookie-date of RFC 6265bis 5.1.1 ("Wed, 21 Oct 2015 07:28:00 GMT" and
// the variants browsers accept); nullopt when it is none.
std::optional<Instant> parse_cookie_date(std::string_view text);

// "a=1; b=2" -> {{"a","1"},{"b","2"}}
std::vector<std::pair<std::string, std::string>> parse_cookie_header(std::string_view header);

}  // namespace samlh::core::http
