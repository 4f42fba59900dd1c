#include "core/browser/cookie_jar.hpp"

#include <algorithm>
#include <cctype>

namespace samlh::core::browser {
namespace {

constexpr std::chrono::hours kMaxLifetime{24 * 400};  // RFC 6265bis 5.5: 400 days at most

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

// RFC 6265bis 5.1.3.
bool domain_match(std::string_view host, std::string_view domain) {
  if (host == domain) return true;
  return !http::is_ip_literal(host) && host.size() > domain.size() && host.ends_with(domain) &&
         host[host.size() - domain.size() - 1] == '.';
}

// RFC 6265bis 5.1.4.
std::string default_path(std::string_view uri_path) {
  if (uri_path.empty() || uri_path.front() != '/') return "/";
  const auto last = uri_path.rfind('/');
  return last == 0 ? "/" : std::string(uri_path.substr(0, last));
}

bool path_match(std::string_view request_path, std::string_view cookie_path) {
  if (request_path == cookie_path) return true;
  if (!request_path.starts_with(cookie_path)) return false;
  return cookie_path.back() == '/' || request_path[cookie_path.size()] == '/';
}

}  // namespace

bool secure_origin(const http::Url& url) { return url.scheme == "https" || http::is_loopback_host(url.host); }

bool same_site(const http::Url& a, const http::Url& b) { return a.scheme == b.scheme && a.host == b.host; }

std::optional<std::string> CookieJar::store(const http::Url& url, std::string_view header, const CookieContext& ctx) {
  auto parsed = http::parse_set_cookie(header);
  if (!parsed) return "malformed Set-Cookie";
  const Instant now = clock_.now();
  Cookie c;
  c.name = std::move(parsed->name);
  c.value = std::move(parsed->value);
  if (parsed->max_age) {
    // Max-Age wins over Expires (RFC 6265bis 5.6.2); 0 or less: expire now.
    c.expires = *parsed->max_age <= 0 ? Instant{} : now + std::min<Millis>(std::chrono::seconds{*parsed->max_age}, kMaxLifetime);
  } else if (parsed->expires) {
    c.expires = std::min(*parsed->expires, now + std::chrono::duration_cast<Millis>(kMaxLifetime));
  }
  std::string domain = parsed->domain;
  if (!domain.empty() && domain.find('.') == std::string::npos && domain != url.host) {
    return "Domain=" + domain + " is a top-level name (treated as a public suffix)";
  }
  if (domain == url.host && domain.find('.') == std::string::npos) domain.clear();
  if (!domain.empty()) {
    if (!domain_match(url.host, domain)) return "Domain=" + domain + " does not match the host " + url.host;
    c.host_only = false;
    c.domain = std::move(domain);
  } else {
    c.domain = url.host;
  }
  c.path = parsed->path.empty() ? default_path(url.path) : parsed->path;
  c.secure = parsed->secure;
  c.http_only = parsed->http_only;
  c.same_site = parsed->same_site;
  const bool secure_request = secure_origin(url);
  if (c.secure && !secure_request) return "Secure from an insecure origin";
  if (!c.secure && !secure_request) {
    // "Leave secure cookies alone": an insecure origin cannot shadow one.
    const bool shadows = std::any_of(cookies_.begin(), cookies_.end(), [&](const Cookie& o) {
      return o.name == c.name && o.secure && live(o) && (domain_match(o.domain, c.domain) || domain_match(c.domain, o.domain)) &&
             path_match(o.path, c.path);
    });
    if (shadows) return "would shadow a Secure cookie from an insecure origin";
  }
  if (c.same_site != http::SameSite::none && !ctx.same_site && !ctx.top_level) {
    return "a SameSite cookie from a cross-site subresource";
  }
  if (c.same_site == http::SameSite::none && !c.secure) return "SameSite=None without Secure";
  if (istarts_with(c.name, "__Secure-") && !c.secure) return "__Secure- prefix without Secure";
  if (istarts_with(c.name, "__Host-") && !(c.secure && c.host_only && c.path == "/")) {
    return "__Host- prefix without Secure, host-only and Path=/";
  }
  c.created = now;
  c.order = next_order_++;
  for (auto it = cookies_.begin(); it != cookies_.end(); ++it) {
    if (it->name == c.name && it->domain == c.domain && it->host_only == c.host_only && it->path == c.path) {
      c.created = it->created;  // a replacement keeps the old creation time
      c.order = it->order;
      cookies_.erase(it);
      break;
    }
  }
  if (live(c)) cookies_.push_back(std::move(c));
  evict();
  return std::nullopt;
}

void CookieJar::evict() {
  std::erase_if(cookies_, [&](const Cookie& c) { return !live(c); });
  std::stable_sort(cookies_.begin(), cookies_.end(), [](const Cookie& a, const Cookie& b) { return a.order < b.order; });
  // Bounded: the oldest go first, per domain and then overall.
  for (std::size_t i = 0; i < cookies_.size();) {
    const std::string& d = cookies_[i].domain;
    const auto n = static_cast<std::size_t>(
        std::count_if(cookies_.begin(), cookies_.end(), [&](const Cookie& c) { return c.domain == d; }));
    if (n > kMaxPerDomain) {
      cookies_.erase(cookies_.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
  if (cookies_.size() > kMaxTotal) {
    cookies_.erase(cookies_.begin(), cookies_.begin() + static_cast<std::ptrdiff_t>(cookies_.size() - kMaxTotal));
  }
}

std::string CookieJar::header_for(const http::Url& url, const CookieContext& ctx) const {
  std::vector<const Cookie*> send;
  const bool secure_request = secure_origin(url);
  for (const Cookie& c : cookies_) {
    if (!live(c)) continue;
    if (c.host_only ? url.host != c.domain : !domain_match(url.host, c.domain)) continue;
    if (!path_match(url.path, c.path)) continue;
    if (c.secure && !secure_request) continue;
    if (!ctx.same_site) {
      // Why: Strict never crosses sites; Lax (and unset) only with a
      // top-level GET, so the POST binding's cross-site form post carries
      // only SameSite=None cookies.
      if (c.same_site == http::SameSite::strict) continue;
      if (c.same_site != http::SameSite::none && !(ctx.top_level && ctx.safe_method)) continue;
    }
    send.push_back(&c);
  }
  std::stable_sort(send.begin(), send.end(), [](const Cookie* a, const Cookie* b) {
    if (a->path.size() != b->path.size()) return a->path.size() > b->path.size();
    return a->order < b->order;
  });
  std::string out;
  for (const Cookie* c : send) {
    if (!out.empty()) out += "; ";
    out += c->name.empty() ? c->value : c->name + "=" + c->value;
  }
  return out;
}

std::optional<std::string> CookieJar::get(std::string_view name) const {
  for (const Cookie& c : cookies_) {
    if (c.name == name && live(c)) return c.value;
  }
  return std::nullopt;
}

std::vector<Cookie> CookieJar::all() const {
  std::vector<Cookie> out;
  for (const Cookie& c : cookies_) {
    if (live(c)) out.push_back(c);
  }
  return out;
}

}  // namespace samlh::core::browser
