// How the harness's browser reaches the IdP and the SP: in-process (route
// functions called directly, no sockets: fast and deterministic) or over
// loopback HTTP (--live, --target-sp). The browser above it is the same, so
// both modes produce the same result.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/http/http_client.hpp"
#include "core/http/http_server.hpp"

namespace samlh::harness {

struct Exchange {
  std::string method;
  std::string url;  // absolute
  core::http::Headers headers;
  std::string body;
};

struct Reply {
  int status = 0;  // 0: transport error
  core::http::Headers headers;  // names lower-cased
  std::string body;
  std::string error;
  const std::string* header(std::string_view name) const;
  std::vector<std::string> all(std::string_view name) const;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Sends one request (no redirect following, no cookie handling: the
  // browser does both).
  virtual Reply send(const Exchange& request) = 0;
};

// Routes by "scheme://host:port" to pure route functions; any other URL goes
// to the fallback when one is set (--target-sp: the IdP in-process, the
// target SP over HTTP), else fails.
class InProcessTransport final : public Transport {
 public:
  using RouteFn = std::function<core::http::Response(const core::http::Request&)>;
  void add(const std::string& base_url, RouteFn route);
  void set_fallback(std::unique_ptr<Transport> fallback) { fallback_ = std::move(fallback); }
  Reply send(const Exchange& request) override;

 private:
  std::map<std::string, RouteFn> routes_;
  std::unique_ptr<Transport> fallback_;
};

class HttpTransport final : public Transport {
 public:
  explicit HttpTransport(const core::Clock& clock);
  Reply send(const Exchange& request) override;

 private:
  core::http::Client client_;
};

}  // namespace samlh::harness
