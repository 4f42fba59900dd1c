// How a browser reaches servers: over loopback HTTP (HttpTransport, a
// core::http::Client), or in-process (InProcessTransport: route functions
// called directly, no sockets: fast and deterministic). The browser above is
// the same, so both give the same result.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/http_client.hpp"
#include "core/http/http_server.hpp"

namespace samlh::core::browser {

struct Exchange {
  std::string method;
  std::string url;  // absolute
  http::Headers headers;
  std::string body;
  std::optional<std::chrono::milliseconds> timeout = std::nullopt;  // this request's deadline (HTTP only)
};

struct Reply {
  int status = 0;  // 0: transport error
  http::Headers headers;  // names lower-cased
  std::string body;
  std::string error;
  std::string url;  // the URL requested
  const std::string* header(std::string_view name) const;  // name lower-case
  std::vector<std::string> all(std::string_view name) const;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Sends one request (no redirect following, no cookie handling: the
  // browser does both).
  virtual Reply send(const Exchange& request) = 0;
};

// Routes by origin (scheme://host[:port]) to pure route functions; any other
// URL goes to the fallback when one is set (--target-sp: the IdP
// in-process, the target SP over HTTP), else fails.
class InProcessTransport final : public Transport {
 public:
  using RouteFn = http::RouteFn;
  // Throws std::invalid_argument when `base_url` is not an http(s) URL.
  void add(const std::string& base_url, RouteFn route);
  void set_fallback(std::unique_ptr<Transport> fallback) { fallback_ = std::move(fallback); }
  Reply send(const Exchange& request) override;

 private:
  std::map<std::string, RouteFn> routes_;
  std::unique_ptr<Transport> fallback_;
};

class HttpTransport final : public Transport {
 public:
  explicit HttpTransport(http::ClientOptions options = {});
  Reply send(const Exchange& request) override;
  http::Client& client() { return client_; }

 private:
  http::Client client_;
};

}  // namespace samlh::core::browser
