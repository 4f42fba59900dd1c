// /scim/v2/<org>/...: the what-if SCIM 2.0 endpoint (issue 20). NOT a Hotjar
// feature: Hotjar offers no SCIM (okta-hotjar.md E.4); every answer says so
// in its X-SCIM-What-If header. The route only parses the request for the
// service (sp/accounts/scim_service.hpp) and renders its answer as
// application/scim+json. The bearer token is never logged or echoed.
#include "core/http/bearer.hpp"
#include "sp/scim/error.hpp"
#include "sp/server/routes.hpp"

namespace samlh::sp::routes {
namespace {

// The client's X-Request-Id when it is a short plain word, else one of ours.
std::string request_id(const Request& req, SpState& st) {
  if (const std::string* h = req.header("x-request-id"); h != nullptr && !h->empty() && h->size() <= 64) {
    bool plain = true;
    for (char c : *h) {
      plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.');
    }
    if (plain) return *h;
  }
  return "scim-" + st.tokens.token(8);
}

// RFC 6750 3: no error attribute without credentials; invalid_request for a
// malformed Authorization header; invalid_token for a wrong token.
Response render(const ScimAnswer& a, const std::string& id, std::string_view challenge_error = "invalid_token") {
  Response res;
  res.status = a.status;
  if (!a.body.is_null()) {
    res.body = scim::render(a.body) + "\n";
    res.set("Content-Type", "application/scim+json; charset=utf-8");
  }
  res.set("X-SCIM-What-If", std::string(kScimWhatIfLabel));
  res.set("X-Request-Id", id);
  res.set("Cache-Control", "no-store");
  if (a.status == 401) res.set("WWW-Authenticate", core::http::bearer_challenge("scim", challenge_error));
  return res;
}

}  // namespace

Response scim(const Request& req, SpState& st, const std::vector<std::string>& seg) {
  const std::string id = request_id(req, st);
  if (seg.size() < 4 || seg[1] != "v2") {
    return render(ScimAnswer{404, scim::error_body(scim::make_error(scim::ErrorCode::resource_not_found))}, id);
  }
  ScimRequest r;
  r.org = seg[2];
  r.method = req.method == "HEAD" ? "GET" : req.method;
  r.path.assign(seg.begin() + 3, seg.end());
  r.body = req.body;
  r.request_id = id;
  const auto bearer = core::http::bearer_credentials(req);
  if (bearer.status == core::http::BearerStatus::ok) r.bearer = bearer.token;
  const std::string_view challenge = bearer.status == core::http::BearerStatus::missing     ? ""
                                     : bearer.status == core::http::BearerStatus::malformed ? "invalid_request"
                                                                                           : "invalid_token";
  if (!read_scim_query(req.query, r)) {
    return render(ScimAnswer{400, scim::error_body(scim::make_error(scim::ErrorCode::request_invalid_value,
                                                                    "the query string is malformed"))},
                  id);
  }
  Response res = render(st.scim.handle(r), id, challenge);
  if (req.method == "HEAD") res.body.clear();
  return res;
}

}  // namespace samlh::sp::routes
