#include "harness/world/scim_adapter.hpp"

#include "sp/accounts/scim_service.hpp"
#include "sp/scim/error.hpp"

namespace samlh::harness {

void InProcessScim::bind(sp::ScimService* service) {
  std::lock_guard l(mu_);
  service_ = service;
}

core::http::ClientResponse InProcessScim::request(std::string_view method, const core::http::Url& url,
                                                  const core::http::Headers& headers, const std::string& body) {
  std::lock_guard l(mu_);
  core::http::ClientResponse out;
  if (service_ == nullptr) {
    out.error = "the in-process SCIM service is not bound";
    return out;
  }
  // /scim/v2/<org>/<resource>[/<id>], each segment percent-decoded as the route does.
  std::vector<std::string> seg;
  const std::string& path = url.path;
  for (std::size_t at = 1; at <= path.size();) {
    const std::size_t end = std::min(path.find('/', at), path.size());
    auto decoded = core::http::percent_decode(std::string_view(path).substr(at, end - at));
    if (!decoded) {
      out.status = 400;
      out.body = R"({"detail":"the path is not percent-encoded properly"})";
      return out;
    }
    seg.push_back(std::move(*decoded));
    at = end + 1;
  }
  if (seg.size() < 4 || seg[0] != "scim" || seg[1] != "v2") {
    out.status = 404;
    return out;
  }
  sp::ScimRequest r;
  r.org = seg[2];
  r.method = std::string(method);
  r.path.assign(seg.begin() + 3, seg.end());
  r.body = body;
  r.request_id = "harness-scim-" + std::to_string(next_id_++);
  for (const auto& [name, value] : headers) {
    constexpr std::string_view kBearer = "Bearer ";
    if (name == "Authorization" && value.rfind(kBearer, 0) == 0) r.bearer = value.substr(kBearer.size());
  }
  if (url.query && !sp::read_scim_query(*url.query, r)) {
    out.status = 400;
    return out;
  }
  const sp::ScimAnswer a = service_->handle(r);
  out.status = a.status;
  if (!a.body.is_null()) out.body = sp::scim::render(a.body);
  out.headers.emplace_back("x-request-id", r.request_id);
  return out;
}

}  // namespace samlh::harness
