#include "harness/world/transport.hpp"

#include <cctype>

namespace samlh::harness {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "http://127.0.0.1:8081/sso/acme/acs?x=1" -> base "http://127.0.0.1:8081", target "/sso/acme/acs?x=1"
std::pair<std::string, std::string> split_url(const std::string& url) {
  const auto scheme = url.find("://");
  const auto path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (path == std::string::npos) return {url, "/"};
  return {url.substr(0, path), url.substr(path)};
}

}  // namespace

const std::string* Reply::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return &v;
  }
  return nullptr;
}

std::vector<std::string> Reply::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : headers) {
    if (n == name) out.push_back(v);
  }
  return out;
}

void InProcessTransport::add(const std::string& base_url, RouteFn route) { routes_[base_url] = std::move(route); }

Reply InProcessTransport::send(const Exchange& request) {
  const auto [base, target] = split_url(request.url);
  auto it = routes_.find(base);
  Reply r;
  if (it == routes_.end()) {
    if (fallback_) return fallback_->send(request);
    r.error = "no in-process server at " + base;
    return r;
  }
  core::http::Request req;
  req.method = request.method;
  req.target = target;
  const auto q = target.find('?');
  req.path = target.substr(0, q);
  req.query = q == std::string::npos ? std::string{} : target.substr(q + 1);
  for (const auto& [n, v] : request.headers) req.headers.emplace_back(lower(n), v);
  req.body = request.body;
  req.remote = "127.0.0.1";
  core::http::Response res = it->second(req);
  r.status = res.status;
  for (const auto& [n, v] : res.headers) r.headers.emplace_back(lower(n), v);
  r.body = std::move(res.body);
  return r;
}

HttpTransport::HttpTransport(const core::Clock& clock) : client_(clock) {}

Reply HttpTransport::send(const Exchange& request) {
  core::http::RequestOptions o;
  std::string content_type;
  for (const auto& [n, v] : request.headers) {
    if (lower(n) == "content-type") {
      content_type = v;
    } else {
      o.headers.emplace_back(n, v);
    }
  }
  o.follow_redirects = false;
  const auto res = client_.request(request.method, request.url, request.body, content_type, o);
  // The browser keeps the cookies; the client's own jar must stay empty.
  client_.jar().clear();
  Reply r;
  r.status = res.status;
  r.headers = res.headers;
  r.body = res.body;
  r.error = res.error;
  return r;
}

}  // namespace samlh::harness
