// GCC 12 reports -Wnull-dereference false positives in code inlined from
// Asio's scheduler and reactor; the warning stays on everywhere else.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif
#include "core/http/http_client.hpp"

#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace samlh::core::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

ClientResponse failure(std::string error) { return ClientResponse{0, {}, {}, std::move(error)}; }

}  // namespace

struct Client::Connection {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool open = false;

  void close() {
    beast::error_code ignored;
    stream.socket().close(ignored);
    open = false;
    buffer.clear();
  }
};

const std::string* ClientResponse::header(std::string_view name) const {
  std::string n = lower(name);
  for (const auto& [k, v] : headers)
    if (k == n) return &v;
  return nullptr;
}

Client::Client(ClientOptions options) : options_(std::move(options)) {}
Client::~Client() = default;

ClientResponse Client::request(std::string_view method, const Url& url, const Headers& headers,
                               const std::string& body) {
  if (url.scheme != "http") return failure("unsupported scheme " + url.scheme + " (the client speaks plain http)");
  const std::string key = url.host + ":" + std::to_string(url.port);
  auto& conn = connections_[key];
  if (!conn) conn = std::make_unique<Connection>();

  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), url.target(), 11};
  if (req.method() == bhttp::verb::unknown) req.method_string(method);
  req.set(bhttp::field::host, url.authority());
  req.set(bhttp::field::user_agent, "saml-harness-client");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.keep_alive(true);
  req.prepare_payload();

  // The address to connect to: an override, else the host itself (an IPv6
  // literal without its brackets).
  std::string address = url.host;
  if (auto it = options_.hosts.find(url.host); it != options_.hosts.end()) address = it->second;
  if (address.size() > 2 && address.front() == '[') address = address.substr(1, address.size() - 2);

  // One retry: a kept-alive connection may have been closed by the server.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = conn->open;
    beast::error_code ec;
    std::optional<bhttp::response_parser<bhttp::string_body>> parser;
    parser.emplace();
    parser->body_limit(options_.body_limit);
    // Why one deadline over async operations: tcp_stream's timer covers
    // connect, write and read together, so a server that trickles bytes
    // cannot hold the request past it.
    conn->stream.expires_after(options_.timeout);
    conn->ioc.restart();
    auto read = [&] {
      bhttp::async_read(conn->stream, conn->buffer, *parser, [&](beast::error_code e, std::size_t) { ec = e; });
    };
    // A server may answer before it has read the whole body (413 to an
    // oversized POST) and close, so writing the rest fails (EPIPE, RST). A
    // browser then reads the answer the server sent: so does this client.
    beast::error_code write_ec;
    auto write = [&] {
      bhttp::async_write(conn->stream, req, [&](beast::error_code e, std::size_t) {
        ec = e;
        if (e == net::error::broken_pipe || e == net::error::connection_reset) {
          write_ec = e;
          ec = {};
          conn->stream.expires_after(options_.timeout);
          read();
        } else if (!e) {
          read();
        }
      });
    };
    if (!conn->open) {
      tcp::resolver resolver{conn->ioc};
      auto results = resolver.resolve(address, std::to_string(url.port), ec);
      if (ec) return failure("resolve: " + ec.message());
      conn->stream.async_connect(results, [&](beast::error_code e, const tcp::endpoint&) {
        ec = e;
        if (e) return;
        beast::error_code nd;
        conn->stream.socket().set_option(tcp::no_delay(true), nd);
        conn->open = true;
        write();
      });
    } else {
      write();
    }
    conn->ioc.run();
    if (ec && write_ec) ec = write_ec;  // no answer to read either: the write's failure is the cause
    if (ec) {
      const bool timed_out = ec == beast::error::timeout;
      const bool connected = conn->open;
      conn->close();
      if (attempt == 0 && reused && !timed_out) continue;
      if (timed_out) return failure("request: no answer within " + std::to_string(options_.timeout.count()) + " ms");
      return failure((connected ? "request: " : "connect: ") + ec.message());
    }
    auto res = parser->release();
    ClientResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res) out.headers.emplace_back(lower(f.name_string()), std::string(f.value()));
    out.body = std::move(res.body());
    if (!res.keep_alive() || write_ec) conn->close();
    return out;
  }
  return failure("unreachable");
}

}  // namespace samlh::core::http
