// A browser-like client for end-to-end tests: a cookie jar, redirects
// followed, and the POST binding's auto-submitting form submitted the way a
// browser would (cross-site when the form's page and its action are on
// different sites, so only SameSite=None cookies ride along).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/http/http_client.hpp"
#include "sp/server/cookie_rules.hpp"

namespace samlh::test {

struct HtmlForm {
  std::string action;
  std::vector<std::pair<std::string, std::string>> fields;  // hidden inputs, unescaped
};

inline std::string html_unescape(std::string s) {
  const std::pair<const char*, const char*> map[] = {{"&quot;", "\""}, {"&#39;", "'"}, {"&lt;", "<"}, {"&gt;", ">"},
                                                     {"&amp;", "&"}};
  for (const auto& [from, to] : map) {
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + 1)) s.replace(at, std::strlen(from), to);
  }
  return s;
}

inline std::string attr_of(const std::string& tag, const std::string& name) {
  const std::string key = name + "=\"";
  const auto at = tag.find(key);
  if (at == std::string::npos) return {};
  const auto start = at + key.size();
  return html_unescape(tag.substr(start, tag.find('"', start) - start));
}

// The first <form method="post"> of a page with its hidden inputs.
inline std::optional<HtmlForm> post_form_of(const std::string& html) {
  const auto f = html.find("<form method=\"post\"");
  if (f == std::string::npos) return std::nullopt;
  const auto end = html.find("</form>", f);
  HtmlForm form{attr_of(html.substr(f, html.find('>', f) - f), "action"), {}};
  for (auto i = html.find("<input", f); i != std::string::npos && i < end; i = html.find("<input", i + 1)) {
    const std::string tag = html.substr(i, html.find('>', i) - i);
    if (attr_of(tag, "type") == "hidden") form.fields.emplace_back(attr_of(tag, "name"), attr_of(tag, "value"));
  }
  return form;
}

class Browser {
 public:
  Browser() : client_(clock_, options()) {}

  core::http::ClientResponse get(const std::string& url) { return client_.get(url); }
  // Submits a page's auto-post form; `from_url` is the page it came from.
  core::http::ClientResponse submit(const std::string& from_url, const std::string& html,
                                    const std::vector<std::pair<std::string, std::string>>& extra = {}) {
    auto form = post_form_of(html);
    if (!form) return core::http::ClientResponse{0, {}, {}, "no form on the page", from_url};
    std::string action = form->action;
    if (!action.empty() && action.front() == '/') action = origin(from_url) + action;
    auto fields = form->fields;
    fields.insert(fields.end(), extra.begin(), extra.end());
    core::http::RequestOptions o;
    o.cross_site = !sp::same_site(from_url, action);
    return client_.post_form(action, fields, o);
  }
  core::http::Client& client() { return client_; }
  core::http::CookieJar& jar() { return client_.jar(); }

 private:
  static core::http::ClientOptions options() {
    core::http::ClientOptions o;
    o.follow_redirects = true;
    return o;
  }
  static std::string origin(const std::string& url) { return url.substr(0, url.find('/', url.find("://") + 3)); }
  core::SystemClock clock_;
  core::http::Client client_;
};

}  // namespace samlh::test
