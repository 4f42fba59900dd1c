// HTTP cookies (RFC 6265 subset): the Set-Cookie a server writes, the Cookie
// header it reads, and a client-side jar for tests, benchmarks and the
// harness. Expiry is judged against an injected Clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"

namespace samlh::core::http {

enum class SameSite { unset, lax, strict, none };

struct SetCookie {
  std::string name;
  std::string value;
  std::string path = "/";
  std::string domain;                // empty: host-only
  std::optional<long long> max_age;  // seconds; 0 or less deletes
  std::optional<Instant> expires;
  bool http_only = true;  // why: session cookies are never for scripts
  bool secure = false;
  SameSite same_site = SameSite::lax;
};

// "name=value; Path=/; Max-Age=...; HttpOnly; SameSite=Lax"
std::string format_set_cookie(const SetCookie& c);
// Parses one Set-Cookie header value; nullopt when it has no name=value pair.
std::optional<SetCookie> parse_set_cookie(std::string_view header, const Clock& clock);
// "a=1; b=2" -> {{"a","1"},{"b","2"}}
std::vector<std::pair<std::string, std::string>> parse_cookie_header(std::string_view header);

// A browser-like jar for one or more hosts.
class CookieJar {
 public:
  explicit CookieJar(const Clock& clock) : clock_(clock) {}

  // Stores the cookie set by a response from `host` for a request to `path`.
  void store(std::string_view host, std::string_view request_path, std::string_view set_cookie_header);
  // The Cookie header value for a request, "" when none applies. A
  // cross-site POST (e.g. an IdP's auto-submitted form to an SP) carries only
  // SameSite=None cookies, as browsers do.
  std::string header_for(std::string_view host, std::string_view path, bool cross_site_post = false) const;
  std::optional<std::string> get(std::string_view name) const;
  void clear() { cookies_.clear(); }
  std::size_t size() const { return cookies_.size(); }

 private:
  struct Stored {
    SetCookie c;
    std::string host;
  };
  bool expired(const Stored& s) const;
  const Clock& clock_;
  std::vector<Stored> cookies_;
};

}  // namespace samlh::core::http
