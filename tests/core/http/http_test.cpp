// core/http: http_server, http_client and the Set-Cookie writer over loopback (port 0).
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

ClientResponse send(Client& c, const std::string& method, const std::string& url, const std::string& body = "",
                    const Headers& headers = {}) {
  const auto u = parse_url(url);
  EXPECT_TRUE(u.has_value()) << url;
  return u ? c.request(method, *u, headers, body) : ClientResponse{};
}
ClientResponse get(Client& c, const std::string& url) { return send(c, "GET", url); }

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
  auto g = get(c, base_ + "/echo?a=%2F&b=1");
  EXPECT_EQ(g.status, 200);
  EXPECT_EQ(g.body, "GET /echo q=a=%2F&b=1 b=");
  auto p = send(c, "POST", base_ + "/form", "x=a+b%26c", {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(p.body, "POST /form q= b=x=a+b%26c");
}

TEST_F(HttpTest, OversizedBodyIs413AndTheServerKeepsServing) {
  Client c;
  auto big = send(c, "POST", base_ + "/echo", std::string(4096, 'x'));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(get(c, base_ + "/echo").status, 200);
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
  EXPECT_EQ(get(c, base_ + "/echo").status, 200);
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
  EXPECT_EQ(get(c, base_ + "/boom").status, 500);
  EXPECT_EQ(get(c, base_ + "/echo").status, 200);
}

TEST_F(HttpTest, ARequestTargetThatIsNoOriginFormIs400) {
  const std::string out = exchange(server_->port(), {"GET /a?x=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"});
  EXPECT_EQ(out.substr(0, 12), "HTTP/1.1 400");
  Client c;
  EXPECT_EQ(get(c, base_ + "/echo").status, 200);
}

TEST_F(HttpTest, TheClientNeitherKeepsCookiesNorFollowsRedirects) {
  Client c;
  EXPECT_EQ(get(c, base_ + "/set").status, 200);
  EXPECT_EQ(get(c, base_ + "/cookie").body, "");
  auto r = send(c, "POST", base_ + "/redirect", "x");
  EXPECT_EQ(r.status, 303);
  ASSERT_NE(r.header("Location"), nullptr);
  EXPECT_EQ(*r.header("location"), "/echo?from=redirect");
}

TEST_F(HttpTest, HostOverridesResolveANameOnlyTheClientKnows) {
  ClientOptions o;
  o.hosts["idp.harness.test"] = "127.0.0.1";
  Client c(o);
  auto r = get(c, "http://idp.harness.test:" + std::to_string(server_->port()) + "/echo?n=1");
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, "GET /echo q=n=1 b=");
}

TEST(HttpClient, ConnectionRefusedIsStatusZero) {
  Client c;
  auto r = get(c, "http://127.0.0.1:1/");
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(r.error.empty());
}

TEST(HttpClient, HttpsIsRefusedWithoutConnecting) {
  Client c;
  auto r = get(c, "https://127.0.0.1:1/");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("https"), std::string::npos);
}

// A server that accepts, reads, and never answers: the request's deadline
// ends it, a trickle of bytes does not extend it.
TEST(HttpClient, ASilentServerMeetsTheRequestDeadline) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const unsigned short port = acceptor.local_endpoint().port();
  std::thread server([&] {
    boost::asio::ip::tcp::socket s(ioc);
    acceptor.accept(s);
    char buf[1024];
    boost::system::error_code ec;
    s.read_some(boost::asio::buffer(buf), ec);
    for (int i = 0; i < 50 && !ec; ++i) {
      boost::asio::write(s, boost::asio::buffer(std::string(i == 0 ? "HTTP/1.1 200 OK\r\n" : "X-Slow: 1\r\n")), ec);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  ClientOptions o;
  o.timeout = std::chrono::milliseconds(300);
  Client c(o);
  const auto started = std::chrono::steady_clock::now();
  auto r = get(c, "http://127.0.0.1:" + std::to_string(port) + "/");
  const auto took = std::chrono::steady_clock::now() - started;
  server.join();
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("no answer within 300 ms"), std::string::npos) << r.error;
  EXPECT_LT(took, std::chrono::milliseconds(2500));  // the server trickles for 5 s
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
