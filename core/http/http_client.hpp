// A small synchronous HTTP/1.1 client (Boost.Beast) for tests, benchmarks and
// the harness: GET/POST, a cookie jar, optional redirect following, timeouts
// and one kept-alive connection per host:port. http:// only.
//
// Transport failures never throw: the response has status 0 and `error` set.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/http/cookies.hpp"
#include "core/http/http_server.hpp"

namespace samlh::core::http {

struct ClientResponse {
  int status = 0;  // 0: transport error, see `error`
  Headers headers;  // names lower-cased
  std::string body;
  std::string error;
  std::string url;  // the URL finally answered (after redirects)
  const std::string* header(std::string_view name) const;
};

struct ClientOptions {
  std::chrono::milliseconds timeout{10'000};
  bool follow_redirects = false;
  int max_redirects = 10;
};

struct RequestOptions {
  Headers headers;
  bool cross_site = false;  // a cross-site POST: only SameSite=None cookies go
  std::optional<bool> follow_redirects;
};

struct Url {
  std::string host;
  unsigned short port = 80;
  std::string target = "/";  // path + query
  std::string path() const { return target.substr(0, target.find('?')); }
};
std::optional<Url> parse_url(std::string_view url);
std::string form_urlencode(const std::vector<std::pair<std::string, std::string>>& fields);

class Client {
 public:
  explicit Client(const Clock& clock, ClientOptions options = {});
  Client();  // system clock
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  ClientResponse get(std::string_view url, const RequestOptions& options = {});
  ClientResponse post(std::string_view url, std::string body, std::string content_type,
                      const RequestOptions& options = {});
  ClientResponse post_form(std::string_view url, const std::vector<std::pair<std::string, std::string>>& fields,
                           const RequestOptions& options = {});
  ClientResponse request(std::string_view method, std::string_view url, std::string body, std::string content_type,
                         const RequestOptions& options = {});

  CookieJar& jar() { return jar_; }

 private:
  struct Connection;
  ClientResponse once(std::string_view method, const Url& url, const std::string& body,
                      const std::string& content_type, const RequestOptions& options);
  ClientOptions options_;
  CookieJar jar_;
  std::map<std::string, std::unique_ptr<Connection>> connections_;
};

}  // namespace samlh::core::http
