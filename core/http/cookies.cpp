#include "core/http/cookies.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>

namespace samlh::core::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// RFC 1123 date as browsers send in Expires: "Wed, 21 Oct 2015 07:28:00 GMT".
std::optional<Instant> parse_http_date(std::string_view s) {
  std::tm tm{};
  std::string buf(s);
  const char* end = strptime(buf.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr) end = strptime(buf.c_str(), "%a, %d-%b-%Y %H:%M:%S GMT", &tm);
  if (end == nullptr) return std::nullopt;
  return Instant{std::chrono::duration_cast<Millis>(std::chrono::seconds{timegm(&tm)})};
}

std::string format_http_date(Instant t) {
  std::time_t secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char out[64];
  std::strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return out;
}

bool path_matches(std::string_view cookie_path, std::string_view request_path) {
  if (cookie_path.empty() || cookie_path == "/") return true;
  if (request_path.substr(0, cookie_path.size()) != cookie_path) return false;
  return request_path.size() == cookie_path.size() || cookie_path.back() == '/' ||
         request_path[cookie_path.size()] == '/';
}

}  // namespace

std::string format_set_cookie(const SetCookie& c) {
  std::string out = c.name + "=" + c.value;
  if (!c.path.empty()) out += "; Path=" + c.path;
  if (!c.domain.empty()) out += "; Domain=" + c.domain;
  if (c.max_age) out += "; Max-Age=" + std::to_string(*c.max_age);
  if (c.expires) out += "; Expires=" + format_http_date(*c.expires);
  if (c.http_only) out += "; HttpOnly";
  if (c.secure) out += "; Secure";
  switch (c.same_site) {
    case SameSite::lax: out += "; SameSite=Lax"; break;
    case SameSite::strict: out += "; SameSite=Strict"; break;
    case SameSite::none: out += "; SameSite=None"; break;
    case SameSite::unset: break;
  }
  return out;
}

std::optional<SetCookie> parse_set_cookie(std::string_view header, const Clock& clock) {
  SetCookie c;
  c.path.clear();
  c.http_only = false;
  c.same_site = SameSite::unset;
  bool first = true;
  while (!header.empty()) {
    auto semi = header.find(';');
    std::string_view part = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    auto eq = part.find('=');
    std::string_view key = trim(part.substr(0, eq));
    std::string_view val = eq == std::string_view::npos ? std::string_view{} : trim(part.substr(eq + 1));
    if (first) {
      if (eq == std::string_view::npos || key.empty()) return std::nullopt;
      c.name = std::string(key);
      c.value = std::string(val);
      first = false;
    } else if (iequals(key, "path")) {
      c.path = std::string(val);
    } else if (iequals(key, "domain")) {
      c.domain = std::string(val);
    } else if (iequals(key, "max-age")) {
      long long v = 0;
      auto [p, ec] = std::from_chars(val.data(), val.data() + val.size(), v);
      if (ec == std::errc{} && p == val.data() + val.size()) c.max_age = v;
    } else if (iequals(key, "expires")) {
      c.expires = parse_http_date(val);
    } else if (iequals(key, "httponly")) {
      c.http_only = true;
    } else if (iequals(key, "secure")) {
      c.secure = true;
    } else if (iequals(key, "samesite")) {
      c.same_site = iequals(val, "strict") ? SameSite::strict : iequals(val, "none") ? SameSite::none : SameSite::lax;
    }
  }
  // Max-Age wins over Expires (RFC 6265 5.3); convert to an absolute expiry.
  if (c.max_age) c.expires = clock.now() + std::chrono::seconds{*c.max_age};
  return c;
}

std::vector<std::pair<std::string, std::string>> parse_cookie_header(std::string_view header) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!header.empty()) {
    auto semi = header.find(';');
    std::string_view part = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace_back(std::string(trim(part.substr(0, eq))), std::string(trim(part.substr(eq + 1))));
  }
  return out;
}

bool CookieJar::expired(const Stored& s) const { return s.c.expires && *s.c.expires <= clock_.now(); }

void CookieJar::store(std::string_view host, std::string_view request_path, std::string_view set_cookie_header) {
  auto parsed = parse_set_cookie(set_cookie_header, clock_);
  if (!parsed) return;
  if (parsed->path.empty() || parsed->path.front() != '/') {
    // Default path (RFC 6265 5.1.4): the request path up to its last '/'.
    auto slash = request_path.rfind('/');
    parsed->path = slash == 0 || slash == std::string_view::npos ? "/" : std::string(request_path.substr(0, slash));
  }
  std::string h(host);
  std::erase_if(cookies_, [&](const Stored& s) {
    return s.c.name == parsed->name && s.c.path == parsed->path && s.host == h;
  });
  Stored s{std::move(*parsed), h};
  if (!expired(s)) cookies_.push_back(std::move(s));
}

std::string CookieJar::header_for(std::string_view host, std::string_view path, bool cross_site_post) const {
  std::string out;
  for (const auto& s : cookies_) {
    if (s.host != host || expired(s) || !path_matches(s.c.path, path)) continue;
    // Why: Lax and Strict cookies are withheld from cross-site POSTs; the
    // unset default counts as Lax, as current browsers treat it.
    if (cross_site_post && s.c.same_site != SameSite::none) continue;
    if (!out.empty()) out += "; ";
    out += s.c.name + "=" + s.c.value;
  }
  return out;
}

std::optional<std::string> CookieJar::get(std::string_view name) const {
  for (const auto& s : cookies_)
    if (s.c.name == name && !expired(s)) return s.c.value;
  return std::nullopt;
}

}  // namespace samlh::core::http
