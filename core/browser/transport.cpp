#include "core/browser/transport.hpp"

#include <cctype>
#include <stdexcept>

#include "core/http/url.hpp"

namespace samlh::core::browser {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
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

void InProcessTransport::add(const std::string& base_url, RouteFn route) {
  auto u = http::parse_url(base_url);
  if (!u) throw std::invalid_argument("not an http(s) URL: " + base_url);
  routes_[u->origin()] = std::move(route);
}

Reply InProcessTransport::send(const Exchange& request) {
  Reply r;
  r.url = request.url;
  auto url = http::parse_url(request.url);
  if (!url) {
    r.error = "not an http(s) URL: " + request.url;
    return r;
  }
  auto it = routes_.find(url->origin());
  if (it == routes_.end()) {
    if (fallback_) return fallback_->send(request);
    r.error = "no in-process server at " + url->origin();
    return r;
  }
  http::Request req;
  req.method = request.method;
  req.target = url->target();
  req.path = url->path;
  req.query = url->query.value_or("");
  for (const auto& [n, v] : request.headers) req.headers.emplace_back(lower(n), v);
  req.headers.emplace_back("host", url->authority());
  req.body = request.body;
  req.remote = "127.0.0.1";
  http::Response res = it->second(req);
  r.status = res.status;
  for (const auto& [n, v] : res.headers) r.headers.emplace_back(lower(n), v);
  r.body = std::move(res.body);
  return r;
}

HttpTransport::HttpTransport(http::ClientOptions options) : client_(std::move(options)) {}

Reply HttpTransport::send(const Exchange& request) {
  Reply r;
  r.url = request.url;
  auto url = http::parse_url(request.url);
  if (!url) {
    r.error = "not an http(s) URL: " + request.url;
    return r;
  }
  const auto saved = client_.options().timeout;
  if (request.timeout) client_.options().timeout = *request.timeout;
  auto res = client_.request(request.method, *url, request.headers, request.body);
  client_.options().timeout = saved;
  r.status = res.status;
  r.headers = std::move(res.headers);
  r.body = std::move(res.body);
  r.error = std::move(res.error);
  return r;
}

}  // namespace samlh::core::browser
