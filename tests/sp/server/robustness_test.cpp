// The server keeps serving after bad input: huge bodies, malformed forms and
// base64, broken cookies and headers, odd paths, garbage JSON. Each bad
// request gets a 4xx (never a 5xx, never a crash), and the next good request
// still works.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/time.h>

#include "server_fixture.hpp"
#include "sp/server/cookie_rules.hpp"

namespace samlh::sp::testing {
namespace {

// Sends raw bytes on a fresh connection; returns what came back (maybe "").
std::string raw(int port, const std::string& bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return "connect failed";
  }
  (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_WR);
  std::string out;
  char buf[4096];
  for (ssize_t n = ::recv(fd, buf, sizeof buf, 0); n > 0; n = ::recv(fd, buf, sizeof buf, 0)) {
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

int status_of(const std::string& response) {
  if (response.rfind("HTTP/1.1 ", 0) != 0) return 0;
  return std::stoi(response.substr(9, 3));
}

class RobustnessTest : public SpServerTest {
 protected:
  void expect_alive() {
    core::browser::Browser c;
    EXPECT_EQ(c.fetch(base_ + "/").status, 200);
    EXPECT_EQ(post_acs(c, mint("carol@acme.test")).status, 303);
  }
};

TEST_F(RobustnessTest, MalformedAcsPostsAreRefusedWith4xx) {
  core::browser::Browser c;
  const std::vector<std::string> bodies = {
      "",
      "SAMLResponse=",
      "SAMLResponse=%%%",
      "SAMLResponse=not*base64",
      "SAMLResponse=" + core::url_encode(core::base64_encode("<not xml")),
      "SAMLResponse=" + core::url_encode(core::base64_encode("<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>")),
      "SAMLResponse=a&SAMLResponse=b",
      "RelayState=%2F&RelayState=%2F",
      std::string(10000, '&'),
      "SAMLResponse=" + std::string(200000, 'A'),
      "\x01\x02\xff\xfe",
  };
  for (const std::string& b : bodies) {
    auto r = c.post(base_ + "/sso/acme/acs", b, "application/x-www-form-urlencoded");
    EXPECT_GE(r.status, 400) << b.substr(0, 40);
    EXPECT_LT(r.status, 500) << b.substr(0, 40);
    EXPECT_EQ(r.body.find("Exception"), std::string::npos);
  }
  expect_alive();
}

TEST_F(RobustnessTest, HugeBodiesAreCutOff) {
  core::browser::Browser c;
  auto over_limit = c.post(base_ + "/sso/acme/acs", std::string(2 * 1024 * 1024, 'A'), "application/x-www-form-urlencoded");
  EXPECT_EQ(over_limit.status, 413);
  auto over_form_cap = c.post(base_ + "/sso/acme/acs", "SAMLResponse=" + std::string(600 * 1024, 'A'),
                              "application/x-www-form-urlencoded");
  EXPECT_EQ(over_form_cap.status, 413);
  expect_alive();
}

TEST_F(RobustnessTest, BrokenCookiesAreIgnoredNotFatal) {
  for (const std::string& cookie :
       {std::string("samlh_session"), std::string("samlh_session=;samlh_session=x"), std::string(";;;==;="),
        std::string(kBindingCookie) + "=" + std::string(5000, 'z'), std::string("samlh_authn=\x01\x02"),
        std::string("samlh_session=") + std::string(1000, '%')}) {
    core::http::Headers o;
    o = {{"Cookie", cookie}};
    core::browser::Browser c;
    // 401/403 from the SP, or 400 where the HTTP parser already refuses the
    // header (control characters): never a 5xx.
    const int app = c.fetch(base_ + "/app.json", o).status;
    EXPECT_TRUE(app == 401 || app == 400) << cookie.substr(0, 30) << " " << app;
    auto acs = c.post_form(base_ + "/sso/acme/acs", {{"SAMLResponse", core::base64_encode(mint("alice@acme.test", "_x"))}},
                           o);
    EXPECT_TRUE(acs.status == 403 || acs.status == 400) << acs.status;
    EXPECT_LT(c.fetch(base_ + "/sso/acme/slo", o).status, 500);
    EXPECT_LT(c.post(base_ + "/logout", "", "", o).status, 500);
  }
  expect_alive();
}

TEST_F(RobustnessTest, RawGarbageOnTheWireGets4xxOrClose) {
  const int port = server_->port();
  for (const std::string& bytes :
       {std::string("GARBAGE\r\n\r\n"), std::string("GET / HTTP/9.9\r\n\r\n"),
        std::string("GET / HTTP/1.1\r\nHost: x\r\nX: ") + std::string(40000, 'h') + "\r\n\r\n",
        std::string("POST /sso/acme/acs HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n"),
        std::string("POST /sso/acme/acs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        std::string("\x16\x03\x01\x02\x00", 5)}) {
    const int st = status_of(raw(port, bytes));
    EXPECT_TRUE(st == 0 || (st >= 400 && st < 500)) << st;
  }
  expect_alive();
}

TEST_F(RobustnessTest, OddPathsAndMethods) {
  core::browser::Browser c;
  for (const char* path : {"/sso", "/sso/acme", "/sso/acme/", "/sso//acs", "/sso/acme/acs/extra",
                                  "/sso/%2e%2e/acs", "/sso/acme/invite/", "/sso/acme/invite/a/b", "/api",
                                  "/api/roster", "/app.json/x", "//", "/%00"}) {
    auto r = c.fetch(base_ + path);
    EXPECT_GE(r.status, 200) << path;
    EXPECT_LT(r.status, 500) << path;
  }
  EXPECT_EQ(c.request("PUT", base_ + "/sso/acme/login", "", "").status, 405);
  EXPECT_EQ(c.request("GET", base_ + "/logout", "", "").status, 405);
  expect_alive();
}

TEST_F(RobustnessTest, GarbageJsonAndHeadersOnTheAdminApi) {
  core::browser::Browser c;
  for (const std::string& auth : {std::string("Bearer"), std::string("Bearer "), std::string("Basic abc"),
                                  std::string("Bearer ") + std::string(10000, 'x')}) {
    core::http::Headers o;
    o = {{"Authorization", auth}};
    EXPECT_EQ(c.fetch(base_ + "/api/roster/acme", o).status, 403);
  }
  core::http::Headers o;
  o = {{"Authorization", "Bearer alice-admin-token-0123456789abcdef"}};
  for (const std::string& body : {std::string("[]"), std::string("{"), std::string("null"), std::string("\"x\""),
                                  std::string("{\"email\": 5, \"role\": []}"), std::string(100000, '[')}) {
    auto r = c.request("POST", base_ + "/api/orgs/acme/invitations", body, "application/json", o);
    EXPECT_EQ(r.status, 400) << body.substr(0, 20);
  }
  expect_alive();
}

}  // namespace
}  // namespace samlh::sp::testing
