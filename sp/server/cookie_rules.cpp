#include "sp/server/cookie_rules.hpp"

#include <arpa/inet.h>

#include <chrono>

#include "sp/model/email.hpp"

namespace samlh::sp {
namespace {

struct Origin {
  std::string scheme;
  std::string host;
};

// "scheme://host[:port]/..." -> {scheme, host}; IPv6 literals keep brackets.
std::optional<Origin> origin_of(std::string_view url) {
  const auto colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  Origin o{ascii_lower(url.substr(0, colon)), {}};
  std::string_view rest = url.substr(colon + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    o.host = ascii_lower(rest.substr(0, close + 1));
  } else {
    o.host = ascii_lower(rest.substr(0, rest.find(':')));
  }
  if (o.host.empty()) return std::nullopt;
  return o;
}

long long seconds(core::Millis d) { return std::chrono::duration_cast<std::chrono::seconds>(d).count(); }

}  // namespace

bool plain_loopback(std::string_view url) {
  auto o = origin_of(url);
  if (!o || o->scheme != "http") return false;
  if (o->host == "localhost" || o->host == "[::1]") return true;
  // Why a real parse: "127.0.0.1.evil.test" starts like loopback but is not.
  in_addr a{};
  return inet_pton(AF_INET, o->host.c_str(), &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

bool same_site(std::string_view a, std::string_view b) {
  auto x = origin_of(a);
  auto y = origin_of(b);
  return x && y && x->scheme == y->scheme && x->host == y->host;
}

core::http::SetCookie session_cookie(const SsoSettings& sso, std::string value, core::Millis lifetime) {
  core::http::SetCookie c;
  c.name = std::string(kSessionCookie);
  c.value = std::move(value);
  c.path = "/";
  c.max_age = seconds(lifetime);
  c.http_only = true;
  c.secure = !plain_loopback(sso.acs_url);
  c.same_site = core::http::SameSite::lax;
  return c;
}

core::http::SetCookie binding_cookie(std::string_view org_slug, const SsoSettings& sso, std::string value,
                                     core::Millis lifetime) {
  core::http::SetCookie c;
  c.name = std::string(kBindingCookie);
  c.value = std::move(value);
  c.path = "/sso/" + std::string(org_slug) + "/";
  c.max_age = seconds(lifetime);
  c.http_only = true;
  if (same_site(sso.idp_sso_url, sso.acs_url)) {
    c.same_site = core::http::SameSite::lax;
    c.secure = !plain_loopback(sso.acs_url);
  } else {
    // Why: the IdP's auto-submitted form is a cross-site POST; only a
    // SameSite=None cookie rides along, and None requires Secure.
    c.same_site = core::http::SameSite::none;
    c.secure = true;
  }
  return c;
}

core::http::SetCookie expired(core::http::SetCookie c) {
  c.value.clear();
  c.max_age = 0;
  return c;
}

}  // namespace samlh::sp
