// A small HTTP/1.1 server on Boost.Beast for idp-mock, the SP and the harness.
//
// Shape of Beast's current async example: a session only reads (with a
// per-read deadline and a body cap), calls the pure route function, writes a
// message_generator, and loops while keep-alive holds. Route functions never
// see sockets; tests call them directly. The server binds 127.0.0.1 by
// default, port 0 picks a free port (tests), and it keeps serving after any
// bad input: a malformed request gets a 400/413/431 and its connection closes,
// an exception from a route becomes a 500. Under load it sheds rather than
// stalls: slow routes (ServerOptions::offload) run on a bounded worker pool,
// connections are capped, and accept backs off when descriptors run out; each
// refusal is a 503 with Retry-After.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace samlh::core::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw request target, "/path?query"
  std::string path;    // target up to '?', not percent-decoded
  std::string query;   // raw query after '?', exactly as received (Redirect signatures cover it)
  Headers headers;     // names lower-cased
  std::string body;
  std::string remote;  // peer address, "127.0.0.1"

  // First header with this (case-insensitive) name, or nullptr.
  const std::string* header(std::string_view name) const;
  // Value of one cookie from the Cookie header(s), or nullptr.
  std::string cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  Response& set(std::string name, std::string value);
  static Response text(int status, std::string body);
  static Response html(int status, std::string body);
  static Response json(int status, std::string body);
  static Response redirect(std::string location, int status = 302);
};

using RouteFn = std::function<Response(const Request&)>;

struct ServerOptions {
  std::string address = "127.0.0.1";  // why: a test IdP/SP must not be reachable off-host by default
  unsigned short port = 0;             // 0: any free port; see Server::port()
  int threads = 1;                     // one thread keeps a run deterministic
  std::size_t body_limit = 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  std::chrono::milliseconds read_timeout{30'000};
  std::string server_header = "saml-harness";
  // Requests for which `offload` answers true are routed on a pool of
  // `workers` threads, never on an I/O thread (the SP's password checks: PBKDF2
  // at full cost takes a good fraction of a second). At most `offload_queue`
  // more wait for a worker; beyond that the answer is 503. Null: every request
  // is routed on its I/O thread.
  std::function<bool(const Request&)> offload;
  int workers = 2;
  std::size_t offload_queue = 64;
  // Open connections at most; a new one beyond it is answered 503 and closed.
  // 0: default_max_connections().
  std::size_t max_connections = 0;
  // When accept fails for want of file descriptors (EMFILE, ENFILE), the
  // waiting connections are answered 503 through a reserved descriptor, and
  // accepting pauses this long (no spinning) before it tries again.
  std::chrono::milliseconds accept_backoff{100};
};

// Three quarters of the process's open-file limit (RLIMIT_NOFILE), at most
// 4096 and at least 8: room is left for the database, logs and clients.
std::size_t default_max_connections();

class Server {
 public:
  Server(ServerOptions options, RouteFn route);
  ~Server();  // stops and joins
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Throws std::runtime_error when the address cannot be
  // bound (a start-up configuration error).
  void listen();
  unsigned short port() const;
  std::string base_url() const;  // "http://127.0.0.1:<port>"

  // Runs the io_context on options.threads threads and returns at once.
  void start();
  // Runs on the calling thread (plus threads-1 others) until stop().
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Status line text for a code ("Not Found").
std::string_view status_text(int status);

}  // namespace samlh::core::http
