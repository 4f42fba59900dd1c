#include "sp/server/cookie_rules.hpp"

#include <chrono>

#include "core/http/url.hpp"

namespace samlh::sp {
namespace {

long long seconds(core::Millis d) { return std::chrono::duration_cast<std::chrono::seconds>(d).count(); }

}  // namespace

bool plain_loopback(std::string_view url) {
  // Why a real parse: "127.0.0.1.evil.test" starts like loopback but is not.
  const auto u = core::http::parse_url(url);
  return u && u->scheme == "http" && core::http::is_loopback_host(u->host);
}

bool same_site(std::string_view a, std::string_view b) {
  const auto x = core::http::parse_url(a);
  const auto y = core::http::parse_url(b);
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
