// Idp::route: the one HTTP entry point. It maps Okta's URL shapes (B.1) to
// the flows and /api/v1/ to the control API, each given the Idp under its
// lock (Idp::Locked).
#include "core/bindings.hpp"
#include "idp-mock/server/control_api.hpp"
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

}  // namespace

Response Idp::route(const Request& req) {
  Locked l = lock();
  auto seg = split_path(req.path);
  if (seg.size() >= 2 && seg[0] == "api" && seg[1] == "v1") return control_api(l, req);
  if (seg.empty() && req.method == "GET") return flows::home(l, req);
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
