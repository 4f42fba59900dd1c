// GCC 12 reports -Wnull-dereference false positives in code inlined from
// Asio's scheduler and reactor; the warning stays on everywhere else.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif
#include "core/http/http_client.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <cctype>

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

const SystemClock& system_clock() {
  static const SystemClock clock;
  return clock;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string pct(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

void set_socket_timeouts(int fd, std::chrono::milliseconds t) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(t.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((t.count() % 1000) * 1000);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

}  // namespace

struct Client::Connection {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool open = false;
};

std::optional<Url> parse_url(std::string_view url) {
  constexpr std::string_view scheme = "http://";
  if (url.substr(0, scheme.size()) != scheme) return std::nullopt;
  url.remove_prefix(scheme.size());
  auto slash = url.find_first_of("/?");
  std::string_view authority = url.substr(0, slash);
  Url u;
  u.target = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  if (!u.target.empty() && u.target.front() == '?') u.target = "/" + u.target;
  auto colon = authority.rfind(':');
  if (colon != std::string_view::npos) {
    u.host = std::string(authority.substr(0, colon));
    int port = 0;
    for (char c : authority.substr(colon + 1)) {
      if (c < '0' || c > '9') return std::nullopt;
      port = port * 10 + (c - '0');
      if (port > 65535) return std::nullopt;
    }
    u.port = static_cast<unsigned short>(port);
  } else {
    u.host = std::string(authority);
  }
  if (u.host.empty()) return std::nullopt;
  return u;
}

std::string form_urlencode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += pct(k) + "=" + pct(v);
  }
  return out;
}

const std::string* ClientResponse::header(std::string_view name) const {
  std::string n = lower(name);
  for (const auto& [k, v] : headers)
    if (k == n) return &v;
  return nullptr;
}

Client::Client(const Clock& clock, ClientOptions options) : options_(options), jar_(clock) {}
Client::Client() : Client(system_clock()) {}
Client::~Client() = default;

ClientResponse Client::get(std::string_view url, const RequestOptions& options) {
  return request("GET", url, {}, {}, options);
}

ClientResponse Client::post(std::string_view url, std::string body, std::string content_type,
                            const RequestOptions& options) {
  return request("POST", url, std::move(body), std::move(content_type), options);
}

ClientResponse Client::post_form(std::string_view url, const std::vector<std::pair<std::string, std::string>>& fields,
                                 const RequestOptions& options) {
  return request("POST", url, form_urlencode(fields), "application/x-www-form-urlencoded", options);
}

ClientResponse Client::request(std::string_view method, std::string_view url_text, std::string body,
                               std::string content_type, const RequestOptions& options) {
  auto url = parse_url(url_text);
  if (!url) return ClientResponse{0, {}, {}, "unsupported URL: " + std::string(url_text), std::string(url_text)};
  bool follow = options.follow_redirects.value_or(options_.follow_redirects);
  std::string m(method);
  for (int hop = 0;; ++hop) {
    ClientResponse r = once(m, *url, body, content_type, options);
    r.url = "http://" + url->host + ":" + std::to_string(url->port) + url->target;
    const std::string* loc = r.header("location");
    if (!follow || loc == nullptr || r.status < 300 || r.status > 399) return r;
    if (hop >= options_.max_redirects) {
      r.error = "too many redirects";
      return r;
    }
    if (loc->rfind("http://", 0) == 0) {
      auto next = parse_url(*loc);
      if (!next) return r;
      url = next;
    } else if (!loc->empty() && loc->front() == '/') {
      url->target = *loc;
    } else {
      return r;
    }
    // 303 and the historical 301/302 turn a POST into a GET; 307/308 keep it.
    if (r.status != 307 && r.status != 308) {
      m = "GET";
      body.clear();
      content_type.clear();
    }
  }
}

ClientResponse Client::once(std::string_view method, const Url& url, const std::string& body,
                            const std::string& content_type, const RequestOptions& options) {
  std::string key = url.host + ":" + std::to_string(url.port);
  auto& conn = connections_[key];
  if (!conn) conn = std::make_unique<Connection>();

  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), url.target, 11};
  req.set(bhttp::field::host, key);
  req.set(bhttp::field::user_agent, "saml-harness-client");
  for (const auto& [k, v] : options.headers) req.set(k, v);
  std::string cookies = jar_.header_for(url.host, url.path(), options.cross_site && method == "POST");
  if (!cookies.empty()) req.set(bhttp::field::cookie, cookies);
  if (!content_type.empty()) req.set(bhttp::field::content_type, content_type);
  req.body() = body;
  req.keep_alive(true);
  req.prepare_payload();

  // One retry: a kept-alive connection may have been closed by the server.
  for (int attempt = 0; attempt < 2; ++attempt) {
    beast::error_code ec;
    if (!conn->open) {
      tcp::resolver resolver{conn->ioc};
      auto results = resolver.resolve(url.host, std::to_string(url.port), ec);
      if (ec) return ClientResponse{0, {}, {}, "resolve: " + ec.message(), {}};
      conn->stream.expires_after(options_.timeout);
      conn->stream.connect(results, ec);
      if (ec) return ClientResponse{0, {}, {}, "connect: " + ec.message(), {}};
      beast::error_code nd;
      conn->stream.socket().set_option(net::ip::tcp::no_delay(true), nd);
      conn->open = true;
      conn->buffer.clear();
      set_socket_timeouts(conn->stream.socket().native_handle(), options_.timeout);
    }
    conn->stream.expires_after(options_.timeout);
    bhttp::write(conn->stream, req, ec);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (!ec) bhttp::read(conn->stream, conn->buffer, parser, ec);
    // Why SO_RCVTIMEO: tcp_stream deadlines apply only to async operations.
    if (ec) {
      beast::error_code ignored;
      conn->stream.socket().close(ignored);
      conn->open = false;
      if (attempt == 0 && ec != beast::error::timeout) continue;
      return ClientResponse{0, {}, {}, "request: " + ec.message(), {}};
    }
    auto res = parser.release();
    ClientResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res) {
      out.headers.emplace_back(lower(f.name_string()), std::string(f.value()));
      if (f.name() == bhttp::field::set_cookie) jar_.store(url.host, url.path(), f.value());
    }
    out.body = std::move(res.body());
    if (!res.keep_alive()) {
      beast::error_code ignored;
      conn->stream.socket().close(ignored);
      conn->open = false;
    }
    return out;
  }
  return ClientResponse{0, {}, {}, "unreachable", {}};
}

}  // namespace samlh::core::http
