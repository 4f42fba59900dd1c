// A minimal browser-like HTTP client for bench/login-load: keep-alive per
// host, TCP_NODELAY (as browsers set it), and a cookie jar per host.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/http/http_client.hpp"

namespace samlh::bench {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

class Browser {
 public:
  struct Res {
    int status = 0;
    std::string location;
    std::string body;
  };
  Res request(bhttp::verb method, const std::string& url, const std::string& body = {}) {
    auto u = core::http::parse_url(url);
    if (!u) return {};
    const std::string key = u->host + ":" + std::to_string(u->port);
    Conn& c = conns_[key];
    bhttp::request<bhttp::string_body> req{method, u->target, 11};
    req.set(bhttp::field::host, key);
    std::string cookies;
    for (const auto& [n, v] : jar_[key]) cookies += (cookies.empty() ? "" : "; ") + n + "=" + v;
    if (!cookies.empty()) req.set(bhttp::field::cookie, cookies);
    if (!body.empty()) req.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
    req.body() = body;
    req.keep_alive(true);
    req.prepare_payload();
    beast::error_code ec;
    if (!c.open) {
      tcp::resolver r{c.ioc};
      c.stream.connect(r.resolve(u->host, std::to_string(u->port)), ec);
      if (ec) return {};
      c.stream.socket().set_option(tcp::no_delay(true));
      c.open = true;
    }
    bhttp::write(c.stream, req, ec);
    bhttp::response<bhttp::string_body> res;
    if (!ec) bhttp::read(c.stream, c.buf, res, ec);
    if (ec) {
      c.open = false;
      c.stream.socket().close(ec);
      return {};
    }
    for (const auto& f : res.base()) {
      if (f.name() != bhttp::field::set_cookie) continue;
      const std::string v(f.value());
      const auto eq = v.find('='), semi = v.find(';');
      const std::string name = v.substr(0, eq), value = v.substr(eq + 1, semi - eq - 1);
      if (value.empty()) {
        jar_[key].erase(name);
      } else {
        jar_[key][name] = value;
      }
    }
    return {static_cast<int>(res.result_int()), std::string(res[bhttp::field::location]), std::move(res.body())};
  }
  Res get(const std::string& url) { return request(bhttp::verb::get, url); }
  Res post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& form) {
    return request(bhttp::verb::post, url, core::http::form_urlencode(form));
  }

 private:
  struct Conn {
    boost::asio::io_context ioc;
    beast::tcp_stream stream{ioc};
    beast::flat_buffer buf;
    bool open = false;
  };
  std::map<std::string, Conn> conns_;
  std::map<std::string, std::map<std::string, std::string>> jar_;
};

}  // namespace samlh::bench
