// core/http: http_server, http_client and cookies over loopback (port 0).
// GCC 12 reports -Wnull-dereference false positives in code inlined from
// Asio's scheduler and reactor; the warning stays on everywhere else.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "core/clock.hpp"
#include "core/http/cookies.hpp"
#include "core/http/http_client.hpp"
#include "core/http/http_server.hpp"

using namespace samlh::core;
using namespace samlh::core::http;

namespace {

Response echo_route(const Request& r) {
  if (r.path == "/boom") throw std::runtime_error("route bug");
  if (r.path == "/set") {
    SetCookie c;
    c.name = "sid";
    c.value = "abc";
    c.max_age = 60;
    return Response::text(200, "set").set("Set-Cookie", format_set_cookie(c));
  }
  if (r.path == "/cookie") return Response::text(200, r.cookie("sid"));
  if (r.path == "/redirect") return Response::redirect("/echo?from=redirect", 303);
  return Response::text(200, r.method + " " + r.path + " q=" + r.query + " b=" + r.body);
}

class HttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions o;
    o.body_limit = 1024;
    server_ = std::make_unique<Server>(o, echo_route);
    server_->start();
    base_ = server_->base_url();
  }
  std::unique_ptr<Server> server_;
  std::string base_;
};

TEST_F(HttpTest, BindsLoopbackOnAnEphemeralPort) {
  EXPECT_NE(server_->port(), 0);
  EXPECT_EQ(base_.rfind("http://127.0.0.1:", 0), 0u);
}

TEST_F(HttpTest, GetAndPostKeepTheRawQueryAndBody) {
  Client c;
  auto g = c.get(base_ + "/echo?a=%2F&b=1");
  EXPECT_EQ(g.status, 200);
  EXPECT_EQ(g.body, "GET /echo q=a=%2F&b=1 b=");
  auto p = c.post_form(base_ + "/form", {{"x", "a b&c"}});
  EXPECT_EQ(p.body, "POST /form q= b=x=a%20b%26c");
}

TEST_F(HttpTest, OversizedBodyIs413AndTheServerKeepsServing) {
  Client c;
  auto big = c.post(base_ + "/echo", std::string(4096, 'x'), "text/plain");
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(c.get(base_ + "/echo").status, 200);
}

TEST_F(HttpTest, GarbageRequestIs400AndTheServerKeepsServing) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket s(ioc);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  boost::asio::write(s, boost::asio::buffer(std::string("NOT HTTP AT ALL\r\n\r\n")));
  std::string reply(12, '\0');
  boost::system::error_code ec;
  boost::asio::read(s, boost::asio::buffer(reply), ec);
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 400");
  Client c;
  EXPECT_EQ(c.get(base_ + "/echo").status, 200);
}

// Raw bytes in, everything the server answers until it closes.
std::string exchange(unsigned short port, const std::vector<std::string>& writes) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket s(ioc);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  s.set_option(boost::asio::ip::tcp::no_delay(true));
  for (const std::string& w : writes) {
    boost::asio::write(s, boost::asio::buffer(w));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // separate segments
  }
  std::string out;
  boost::system::error_code ec;
  boost::asio::read(s, boost::asio::dynamic_buffer(out), ec);  // until the server closes
  return out;
}

TEST_F(HttpTest, BodyInPiecesThenAPipelinedRequestAreBothServed) {
  const std::string body(900, 'b');
  const std::string head = "POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\n";
  // The first request's last bytes and the whole second request arrive in
  // one segment: room made for the first body must keep the bytes after it.
  const std::string out =
      exchange(server_->port(), {head, body.substr(0, 300), body.substr(300, 300),
                                 body.substr(600) + "GET /second?n=2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"});
  EXPECT_NE(out.find("POST /form q= b=" + body), std::string::npos);
  EXPECT_NE(out.find("GET /second q=n=2 b="), std::string::npos);
}

TEST_F(HttpTest, ChunkedBodyWithoutLengthIsRead) {
  const std::string out = exchange(
      server_->port(), {"POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                        "5\r\nhello\r\n", "6\r\n world\r\n0\r\n\r\n"});
  EXPECT_NE(out.find("POST /c q= b=hello world"), std::string::npos);
}

TEST_F(HttpTest, AnnouncedLengthOverTheLimitIs413BeforeTheBodyArrives) {
  const std::string out =
      exchange(server_->port(), {"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n"});
  EXPECT_EQ(out.substr(0, 12), "HTTP/1.1 413");
}

TEST_F(HttpTest, RouteExceptionIs500) {
  Client c;
  EXPECT_EQ(c.get(base_ + "/boom").status, 500);
  EXPECT_EQ(c.get(base_ + "/echo").status, 200);
}

TEST_F(HttpTest, CookieJarRoundTrip) {
  Client c;
  EXPECT_EQ(c.get(base_ + "/set").status, 200);
  EXPECT_EQ(c.get(base_ + "/cookie").body, "abc");
}

TEST_F(HttpTest, RedirectFollowingTurnsPostIntoGet) {
  Client c;
  RequestOptions o;
  o.follow_redirects = true;
  auto r = c.post(base_ + "/redirect", "x", "text/plain", o);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "GET /echo q=from=redirect b=");
}

TEST(HttpClient, ConnectionRefusedIsStatusZero) {
  Client c;
  auto r = c.get("http://127.0.0.1:1/");
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(r.error.empty());
}

TEST(Cookies, MaxAgeExpiresOnTheInjectedClock) {
  VirtualClock clock{Instant{Millis{1'700'000'000'000}}};
  CookieJar jar(clock);
  jar.store("h", "/", "sid=1; Path=/; Max-Age=10; HttpOnly");
  EXPECT_EQ(jar.header_for("h", "/x"), "sid=1");
  clock.advance(Millis{10'000});
  EXPECT_EQ(jar.header_for("h", "/x"), "");
}

TEST(Cookies, PathAndHostScope) {
  FixedClock clock{Instant{}};
  CookieJar jar(clock);
  jar.store("h", "/", "a=1; Path=/app");
  EXPECT_EQ(jar.header_for("h", "/app/x"), "a=1");
  EXPECT_EQ(jar.header_for("h", "/application"), "");
  EXPECT_EQ(jar.header_for("other", "/app/x"), "");
}

TEST(Cookies, CrossSitePostCarriesOnlySameSiteNone) {
  FixedClock clock{Instant{}};
  CookieJar jar(clock);
  jar.store("h", "/", "lax=1; SameSite=Lax");
  jar.store("h", "/", "none=2; SameSite=None; Secure");
  EXPECT_EQ(jar.header_for("h", "/", true), "none=2");
  EXPECT_EQ(jar.header_for("h", "/", false), "lax=1; none=2");
}

TEST(Cookies, FormatSetCookie) {
  SetCookie c;
  c.name = "sid";
  c.value = "v";
  c.max_age = 3600;
  EXPECT_EQ(format_set_cookie(c), "sid=v; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax");
  auto parsed = parse_cookie_header("a=1; b=2");
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[1].second, "2");
}

}  // namespace
