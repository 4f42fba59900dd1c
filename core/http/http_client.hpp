// A small HTTP/1.1 client on Boost.Beast: one request at a time, one
// kept-alive connection per host:port, a deadline per request (connect,
// write and read together), a body cap, and host names it may resolve
// itself. No cookies and no redirects: the browser (core/browser) does both.
// http:// only.
//
// Transport failures never throw: the response has status 0 and `error` set.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/http/http_server.hpp"
#include "core/http/url.hpp"

namespace samlh::core::http {

struct ClientResponse {
  int status = 0;   // 0: transport error, see `error`
  Headers headers;  // names lower-cased
  std::string body;
  std::string error;
  const std::string* header(std::string_view name) const;
};

struct ClientOptions {
  std::chrono::milliseconds timeout{10'000};  // per request, from connect to the last body byte
  std::size_t body_limit = 64 * 1024 * 1024;
  // Host names resolved to these addresses without DNS ("idp.test" ->
  // "127.0.0.1"), as curl's --resolve does.
  std::map<std::string, std::string> hosts;
};

class Client {
 public:
  explicit Client(ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends one request to `url` (its target(); a Host header from its
  // authority) with these headers and body, and reads the answer.
  ClientResponse request(std::string_view method, const Url& url, const Headers& headers, const std::string& body);

  ClientOptions& options() { return options_; }

 private:
  struct Connection;
  ClientOptions options_;
  std::map<std::string, std::unique_ptr<Connection>> connections_;
};

}  // namespace samlh::core::http
