// GCC 12 reports -Wnull-dereference false positives in code inlined from
// Asio's scheduler and reactor; the warning stays on everywhere else.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif
#include "core/http/http_server.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <stdexcept>
#include <thread>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/http/cookies.hpp"
#include "core/http/url.hpp"

namespace samlh::core::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// nullopt when the request-target is not an origin-form ("/path?query").
std::optional<Request> to_request(const bhttp::request<bhttp::string_body>& in, const std::string& remote) {
  Request r;
  r.method = std::string(in.method_string());
  r.target = std::string(in.target());
  auto target = parse_target(r.target);
  if (!target) return std::nullopt;
  r.path = std::move(target->path);
  r.query = std::move(target->query);
  for (const auto& f : in) r.headers.emplace_back(lower(f.name_string()), std::string(f.value()));
  r.body = in.body();
  r.remote = remote;
  return r;
}

bhttp::message_generator to_message(Response res, unsigned version, bool keep_alive, const std::string& server) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  out.set(bhttp::field::server, server);
  bool has_type = false;
  for (auto& [name, value] : res.headers) {
    if (iequals(name, "content-type")) has_type = true;
    out.insert(name, value);
  }
  if (!has_type) out.set(bhttp::field::content_type, "text/plain; charset=utf-8");
  out.body() = std::move(res.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

// What every connection of one server shares. Outlives the sessions (see
// Server::Impl's member order).
struct Shared {
  ServerOptions options;
  RouteFn route;
  std::size_t max_connections = 0;
  std::atomic<std::size_t> open{0};       // live sessions
  std::atomic<std::size_t> offloaded{0};  // requests queued for or running on a worker
  net::thread_pool* workers = nullptr;    // Server::Impl::pool, when there is an offload predicate
};

constexpr std::string_view kBusy =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 20\r\n"
    "Retry-After: 1\r\nConnection: close\r\n\r\nService Unavailable\n";

// A connection the server will not serve: what the client sent so far is
// read and dropped (so the close is a FIN, not a reset that could discard
// the answer), the fixed 503 is written without waiting, and the descriptor
// is released at once: a refusal holds no descriptor and no buffer.
void refuse(tcp::socket& socket) {
  beast::error_code ec;
  socket.non_blocking(true, ec);
  char sink[4096];
  while (!ec && socket.read_some(net::buffer(sink), ec) > 0) {
  }
  ec = {};
  socket.write_some(net::buffer(kBusy.data(), kBusy.size()), ec);
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

Response busy() {
  Response r = Response::text(503, "Service Unavailable\n");
  r.set("Retry-After", "1");
  return r;
}

// One connection: read (deadline, caps), route, write, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Shared& shared)
      : stream_(std::move(socket)), options_(shared.options), route_(shared.route), shared_(shared) {
    shared_.open.fetch_add(1);
  }
  ~Session() { shared_.open.fetch_sub(1); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void run() { net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::do_read, shared_from_this())); }

 private:
  void do_read() {
    parser_.emplace();
    parser_->body_limit(options_.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(options_.header_limit));
    // Why a shrink here: a connection kept alive after one large request must
    // not keep its buffer while idle (many connections x body_limit).
    if (buffer_.size() == 0 && buffer_.capacity() > kKeptBuffer) buffer_.shrink_to_fit();
    stream_.expires_after(options_.read_timeout);  // one deadline for the whole request
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  // Why the header first: read sizes follow the buffer's free capacity (512
  // bytes minimum), and the parser drains the buffer as it goes, so a 13 KB
  // form body took ~25 reads, each a syscall, a timer update and a handler.
  // With room for the announced body it arrives in one or two reads. The room
  // is capped at kKeptBuffer: an announced length costs nothing until the
  // bytes come (many idle connections announcing body_limit each must not
  // reserve it), and a larger body is read in 64 KB steps.
  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return on_read(ec, 0);
    if (auto length = parser_->content_length(); length && !parser_->is_done()) {
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(*length, kKeptBuffer));
      if (buffer_.capacity() - buffer_.size() < want) buffer_.reserve(buffer_.size() + want);
    }
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted)
      return do_close();
    if (ec) {
      // Why: a bad request must not kill the server; answer and drop this connection.
      int status = 400;
      if (ec == bhttp::error::body_limit) status = 413;
      if (ec == bhttp::error::header_limit) status = 431;
      if (ec == net::error::eof || ec == net::error::connection_reset) return do_close();
      return send(to_message(Response::text(status, std::string(status_text(status)) + "\n"), 11, false,
                             options_.server_header));
    }
    const auto& req = parser_->get();
    std::string remote;
    beast::error_code ep_ec;
    auto ep = stream_.socket().remote_endpoint(ep_ec);
    if (!ep_ec) remote = ep.address().to_string();
    auto request = to_request(req, remote);
    // Why: an absolute-form, authority-form or malformed target is no
    // request for these servers; answer 400 and keep the connection.
    if (!request) {
      return reply(Response::text(400, "Bad Request: the request-target is not /path?query\n"), req.version(),
                   req.keep_alive());
    }
    if (options_.offload && shared_.workers && options_.offload(*request)) {
      return offload(std::move(*request), req.version(), req.keep_alive());
    }
    reply(call_route(*request), req.version(), req.keep_alive());
  }

  Response call_route(const Request& request) const {
    try {
      return route_(request);
    } catch (const std::exception&) {
      return Response::text(500, "Internal Server Error\n");
    }
  }

  // The route runs on a worker; the answer is written back on this
  // connection's strand. A full queue is 503 at once.
  void offload(Request request, unsigned version, bool keep_alive) {
    const std::size_t room = static_cast<std::size_t>(options_.workers) + options_.offload_queue;
    if (shared_.offloaded.fetch_add(1) >= room) {
      shared_.offloaded.fetch_sub(1);
      return reply(busy(), version, keep_alive);
    }
    net::post(*shared_.workers, [self = shared_from_this(), request = std::move(request), version, keep_alive] {
      Response res = self->call_route(request);
      self->shared_.offloaded.fetch_sub(1);
      net::post(self->stream_.get_executor(), [self, res = std::move(res), version, keep_alive]() mutable {
        self->reply(std::move(res), version, keep_alive);
      });
    });
  }

  void reply(Response res, unsigned version, bool keep_alive) {
    send(to_message(std::move(res), version, keep_alive, options_.server_header));
  }

  void send(bhttp::message_generator&& msg) {
    bool keep_alive = msg.keep_alive();
    // Why a fresh deadline: the answer may come from a worker long after the
    // read, and a client that does not read it must not hold the connection.
    stream_.expires_after(options_.read_timeout);
    beast::async_write(stream_, std::move(msg),
                       beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
  }

  void on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    if (ec) return;
    if (!keep_alive) return do_close();
    do_read();
  }

  void do_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  static constexpr std::size_t kKeptBuffer = 64 * 1024;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  const ServerOptions& options_;
  const RouteFn& route_;
  Shared& shared_;
};

bool out_of_descriptors(const beast::error_code& ec) {
  return ec == net::error::no_descriptors || ec == beast::errc::too_many_files_open_in_system;
}

}  // namespace

std::size_t default_max_connections() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 4096;
  const auto soft = static_cast<std::size_t>(limit.rlim_cur);
  return std::clamp<std::size_t>(soft - soft / 4, 8, 4096);
}

// Member order matters: the sessions (held by handlers in ioc and by jobs
// in the pool) refer to `shared`, so it is destroyed last; jobs the pool
// never ran are destroyed with it, while their sockets' ioc still exists.
struct Server::Impl {
  Shared shared;
  net::io_context ioc;
  std::optional<net::thread_pool> pool;
  tcp::acceptor acceptor{net::make_strand(ioc)};
  net::steady_timer backoff{acceptor.get_executor()};
  std::vector<std::thread> threads;
  unsigned short port = 0;
  bool listening = false;
  int reserve_fd = -1;  // released to answer waiting clients when descriptors run out

  ~Impl() {
    if (reserve_fd >= 0) ::close(reserve_fd);
  }

  void do_accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (ec) return pause_accepting(ec);
      if (shared.open.load() >= shared.max_connections) {
        refuse(socket);
      } else {
        // Small request/response exchanges on kept-alive connections: without
        // this, Nagle + delayed ACK stall every second request by ~40 ms.
        beast::error_code nd;
        socket.set_option(tcp::no_delay(true), nd);
        std::make_shared<Session>(std::move(socket), shared)->run();
      }
      do_accept();
    });
  }

  // Why a pause: accept fails again at once while the cause lasts (without
  // descriptors the pending connection stays queued), so retrying at once
  // spins a core and serves no one. Out of descriptors, the reserve is
  // released to take the waiting clients one at a time and answer them 503.
  void pause_accepting(const beast::error_code& ec) {
    if (out_of_descriptors(ec) && reserve_fd >= 0) {
      ::close(reserve_fd);
      reserve_fd = -1;
      beast::error_code aec;
      acceptor.non_blocking(true, aec);
      for (int i = 0; i < 64 && !aec; ++i) {
        tcp::socket s(ioc);
        acceptor.accept(s, aec);
        if (!aec) refuse(s);
      }
      reserve_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
    backoff.expires_after(shared.options.accept_backoff);
    backoff.async_wait([this](beast::error_code wec) {
      if (!wec && acceptor.is_open()) do_accept();
    });
  }
};

Server::Server(ServerOptions options, RouteFn route) : impl_(std::make_unique<Impl>()) {
  Shared& sh = impl_->shared;
  sh.options = std::move(options);
  sh.route = std::move(route);
  if (sh.options.threads < 1) sh.options.threads = 1;
  if (sh.options.workers < 1) sh.options.workers = 1;
  sh.max_connections = sh.options.max_connections == 0 ? default_max_connections() : sh.options.max_connections;
  if (sh.options.offload) sh.workers = &impl_->pool.emplace(static_cast<std::size_t>(sh.options.workers));
}

Server::~Server() { stop(); }

void Server::listen() {
  if (impl_->listening) return;
  const ServerOptions& o = impl_->shared.options;
  beast::error_code ec;
  auto address = net::ip::make_address(o.address, ec);
  if (ec) throw std::runtime_error("bad listen address '" + o.address + "': " + ec.message());
  tcp::endpoint endpoint{address, o.port};
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + o.address + ":" + std::to_string(o.port) + ": " + ec.message());
  impl_->port = a.local_endpoint().port();
  if (impl_->reserve_fd < 0) impl_->reserve_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  impl_->listening = true;
  impl_->do_accept();
}

unsigned short Server::port() const { return impl_->port; }

std::string Server::base_url() const {
  return "http://" + impl_->shared.options.address + ":" + std::to_string(impl_->port);
}

void Server::start() {
  listen();
  for (int i = 0; i < impl_->shared.options.threads; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

void Server::run() {
  listen();
  for (int i = 1; i < impl_->shared.options.threads; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
}

void Server::stop() {
  if (!impl_) return;
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  impl_->threads.clear();
  // A route still running on a worker finishes; queued ones are dropped.
  if (impl_->pool) {
    impl_->pool->stop();
    impl_->pool->join();
  }
  // Every io thread has returned, so the acceptor is no longer shared.
  beast::error_code ec;
  impl_->backoff.cancel();
  impl_->acceptor.close(ec);
}

// --- Request / Response helpers ---------------------------------------------------

const std::string* Request::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return &v;
  return nullptr;
}

std::string Request::cookie(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (!iequals(n, "cookie")) continue;
    for (const auto& [cn, cv] : parse_cookie_header(v))
      if (cn == name) return cv;
  }
  return {};
}

Response& Response::set(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

Response Response::text(int status, std::string body) {
  Response r{status, {{"Content-Type", "text/plain; charset=utf-8"}}, std::move(body)};
  return r;
}

Response Response::html(int status, std::string body) {
  Response r{status, {{"Content-Type", "text/html; charset=utf-8"}}, std::move(body)};
  return r;
}

Response Response::json(int status, std::string body) {
  Response r{status, {{"Content-Type", "application/json"}}, std::move(body)};
  return r;
}

Response Response::redirect(std::string location, int status) {
  Response r{status, {{"Location", std::move(location)}, {"Content-Type", "text/plain; charset=utf-8"}}, {}};
  return r;
}

std::string_view status_text(int status) {
  return bhttp::obsolete_reason(static_cast<bhttp::status>(status));
}

}  // namespace samlh::core::http
