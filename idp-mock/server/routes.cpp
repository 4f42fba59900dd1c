// Idp::route: the one HTTP entry point. It maps Okta's URL shapes (B.1) to
// the flows and /api/v1/ to the control API, each given the Idp under its
// lock (Idp::Locked).
#include <charconv>

#include "core/bindings.hpp"
#include "idp-mock/server/control_api.hpp"
#include "idp-mock/server/demo_pages.hpp"
#include "idp-mock/server/flows.hpp"
#include "idp-mock/server/idp.hpp"
#include "idp-mock/server/pages.hpp"

namespace samlh::idp {

using core::http::Request;
using core::http::Response;

namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    auto j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

Response not_found(Idp::Locked& idp) {
  return Response::html(404, pages::error(idp.state().org, "404 Not Found", "There is nothing at this address."));
}

// The inspector's pages keep to themselves: no script, no frames, no cache.
Response demo_page(int status, std::string html) {
  Response r = Response::html(status, std::move(html));
  r.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'");
  r.set("Cache-Control", "no-store");
  return r;
}

// serve --demo only:
//   GET /demo/responses                        the recent responses, newest first
//   GET /demo/responses/<n>                    what it signed and why
//   GET /demo/responses/<n>/response.xml       its exact bytes, as text
//   GET /demo/metadata/<app>                   the app's IdP metadata, pretty-printed
Response demo(Idp::Locked& idp, const std::vector<std::string>& seg) {
  auto& s = idp.state();
  if (seg.size() == 2 && seg[1] == "responses") {
    std::vector<demo_pages::MetadataLink> apps;
    for (const AppRuntime& a : s.apps) apps.push_back({a.app.name, a.app.label});
    return demo_page(200, demo_pages::responses(s.issued.recent(), s.issued.capacity(), apps));
  }
  if (seg.size() == 3 && seg[1] == "metadata") {
    const AppRuntime* rt = s.app_by_name(seg[2]);
    if (rt == nullptr) return demo_page(404, demo_pages::not_found("There is no app " + seg[2].substr(0, 60) + "."));
    return demo_page(200, demo_pages::metadata(rt->app.label, s.base_url + metadata_path(rt->app),
                                               idp.metadata(rt->app.name)));
  }
  if ((seg.size() == 3 || (seg.size() == 4 && seg[3] == "response.xml")) && seg[1] == "responses") {
    std::uint64_t id = 0;
    const std::string& n = seg[2];
    const auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), id);
    const IssuedResponse* r = ec == std::errc{} && end == n.data() + n.size() ? s.issued.find(id) : nullptr;
    if (r == nullptr) {
      return demo_page(404, demo_pages::not_found("There is no response " + n.substr(0, 40) + " in the inspector."));
    }
    if (seg.size() == 3) return demo_page(200, demo_pages::response(*r));
    // The bytes as sent, as text: a browser shows them and never runs them.
    Response x = Response::text(200, r->xml);
    x.set("Content-Security-Policy", "default-src 'none'");
    return x;
  }
  return demo_page(404, demo_pages::not_found("There is no inspector page at this address."));
}

}  // namespace

Response Idp::route(const Request& req) {
  Locked l = lock();
  auto seg = split_path(req.path);
  if (seg.size() >= 2 && seg[0] == "api" && seg[1] == "v1") return control_api(l, req);
  if (seg.empty() && req.method == "GET") return flows::home(l, req);
  if (l.state().demo && !seg.empty() && seg[0] == "demo" && req.method == "GET") return demo(l, seg);
  if (seg.size() == 1 && seg[0] == "login") {
    if (req.method == "POST") return flows::login(l, req);
    if (req.method == "GET") return flows::login_page(l, req);
  }
  if (seg.size() == 5 && seg[0] == "app" && seg[2] == "sso" && seg[3] == "saml" && seg[4] == "metadata" &&
      req.method == "GET") {
    const AppRuntime* rt = l.state().app_by_key(seg[1]);
    if (rt == nullptr) return not_found(l);
    return Response{200, {{"Content-Type", "application/xml"}}, l.metadata(rt->app.name)};
  }
  if (seg.size() == 5 && seg[0] == "app" && seg[4] == "saml" && (req.method == "GET" || req.method == "POST")) {
    AppRuntime* rt = l.state().app_by_key(seg[2]);
    // The appName must match too: Okta's SSO URL carries both (B.1).
    if (rt == nullptr || rt->app.app_name != seg[1]) return not_found(l);
    if (seg[3] == "sso") return flows::sso(l, req, *rt);
    if (seg[3] == "slo") return flows::slo(l, req, *rt);
  }
  return not_found(l);
}

}  // namespace samlh::idp
