// The browser's cookie jar, per RFC 6265bis (draft 15, sections 5.7 and
// 5.8): host-only and Domain cookies, default-path and path-match, expiry on
// an injected clock (Max-Age over Expires, capped at 400 days), Secure,
// the __Secure- and __Host- prefixes, and SameSite on cross-site requests.
//
// Cookies belong to hosts, not ports: two origins on one host with different
// ports share them (RFC 6265bis 8.5). A secure origin is https or a loopback
// host (127.0.0.0/8, [::1], localhost), as Chromium treats
// http://127.0.0.1 as potentially trustworthy, so Secure and
// SameSite=None; Secure cookies work on plain loopback.
//
// Approximations (no public suffix list): a site is scheme + host, so hosts
// that differ only below a registrable domain (a.example.com, b.example.com)
// count as cross-site, which errs towards withholding Lax cookies; a Domain
// attribute without a dot that is not the host itself is refused as a public
// suffix would be. An unset SameSite counts as Lax (Chromium's default),
// without Chromium's two-minute exception for top-level cross-site POSTs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/http/cookies.hpp"
#include "core/http/url.hpp"

namespace samlh::core::browser {

struct Cookie {
  std::string name;
  std::string value;
  std::string domain;  // canonical host, or the Domain attribute's value
  std::string path;
  bool host_only = true;
  bool secure = false;
  bool http_only = false;
  http::SameSite same_site = http::SameSite::unset;
  std::optional<Instant> expires;  // nullopt: a session cookie
  Instant created{};
  std::uint64_t order = 0;  // creation order: ties in the Cookie header
};

// How a request relates to the page that started it (RFC 6265bis 5.2).
struct CookieContext {
  bool same_site = true;     // false: the initiator's site differs from the request's
  bool top_level = true;     // a navigation of the top-level window (all the harness's requests are)
  bool safe_method = true;   // GET or HEAD
};

// https, or http to a loopback host.
bool secure_origin(const http::Url& url);
// The site of a URL for SameSite (scheme + host; see above).
bool same_site(const http::Url& a, const http::Url& b);

class CookieJar {
 public:
  explicit CookieJar(const Clock& clock) : clock_(clock) {}

  // Stores what one Set-Cookie header of a response to `url` sets (or
  // deletes). Returns why it was ignored ("Secure from an insecure origin",
  // ...), or nullopt when it was taken.
  std::optional<std::string> store(const http::Url& url, std::string_view set_cookie, const CookieContext& ctx = {});
  // The Cookie header for a request to `url`, "" when none applies: longer
  // paths first, then older cookies (RFC 6265bis 5.8.3).
  std::string header_for(const http::Url& url, const CookieContext& ctx = {}) const;

  // The value of the first live cookie called `name` (for tests and tools).
  std::optional<std::string> get(std::string_view name) const;
  // Every live cookie, oldest first.
  std::vector<Cookie> all() const;
  void clear() { cookies_.clear(); }
  std::size_t size() const { return all().size(); }

  static constexpr std::size_t kMaxPerDomain = 180;  // Chromium's figure
  static constexpr std::size_t kMaxTotal = 3000;

 private:
  bool live(const Cookie& c) const { return !c.expires || *c.expires > clock_.now(); }
  void evict();

  const Clock& clock_;
  std::vector<Cookie> cookies_;
  std::uint64_t next_order_ = 0;
};

}  // namespace samlh::core::browser
