// The control API's guard (issue 17 items 4 and 8): a web page in the
// tester's browser cannot drive it (Host, Origin, Content-Type, OPTIONS), its
// bodies' wrong types are 400 naming the field, the clock offset is bounded,
// and with a token every call needs it. Requests come "from the network"
// (a peer address), as Idp::route sees them from the server.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "idp-mock/server/api_guard.hpp"
#include "tests/idp-mock/idp_fixture.hpp"

using namespace samlh;
using namespace samlh::test;
using nlohmann::json;

namespace {

core::http::Request net(const std::string& method, const std::string& path, const std::string& body = "",
                        core::http::Headers headers = {{"host", "127.0.0.1:7000"},
                                                       {"content-type", "application/json"}}) {
  core::http::Request r;
  r.method = method;
  r.path = r.target = path;
  r.headers = std::move(headers);
  r.body = body;
  r.remote = "127.0.0.1";
  return r;
}

const std::string kSettings = "/api/v1/apps/hotjar/settings";
const std::string kUnsign = R"({"response_signed": false})";

bool response_signed(IdpHarness& h) { return h.idp->app("hotjar")->app.settings.response_signed; }

}  // namespace

TEST(ControlApiGuard, AForeignHostIsRefusedAndMintsNothing) {
  // DNS rebinding: evil.example resolving to 127.0.0.1.
  IdpHarness h(acme());
  auto r = h.idp->route(net("POST", "/api/v1/apps/hotjar/mint", R"({"login":"carol@acme.test"})",
                            {{"host", "evil.example"}, {"content-type", "application/json"}}));
  EXPECT_EQ(r.status, 421) << r.body;
  EXPECT_EQ(r.body.find("base64"), std::string::npos);
  EXPECT_EQ(h.idp->route(net("GET", "/api/v1/users", "", {{"host", "evil.example:7000"}})).status, 421);
  EXPECT_EQ(h.idp->route(net("GET", "/api/v1/users", "", {})).status, 421);  // no Host from the network
  for (const char* host : {"127.0.0.1:7000", "localhost:7000", "LOCALHOST", "[::1]:7000"}) {
    EXPECT_EQ(h.idp->route(net("GET", "/api/v1/users", "", {{"host", host}})).status, 200) << host;
  }
}

TEST(ControlApiGuard, NamesGivenByTheCallerAndTheBaseUrlAreAccepted) {
  idp::TenantConfig cfg = acme();
  cfg.base_url = "http://127.0.0.2:7000";
  idp::IdpOptions o;
  o.log_sink = [](const std::string&) {};
  o.api_host_names = {"idp.test"};
  core::VirtualClock clock{t0()};
  idp::Idp idp(std::move(cfg), clock, o);
  EXPECT_EQ(idp.route(net("GET", "/api/v1/users", "", {{"host", "127.0.0.2:7000"}})).status, 200);
  EXPECT_EQ(idp.route(net("GET", "/api/v1/users", "", {{"host", "IDP.test:7000"}})).status, 200);
  EXPECT_EQ(idp.route(net("GET", "/api/v1/users", "", {{"host", "idp.test.evil.example"}})).status, 421);
}

TEST(ControlApiGuard, ACrossOriginOrNonJsonWriteChangesNothing) {
  IdpHarness h(acme());
  // The probe's attack: a page POSTs text/plain (no preflight).
  auto plain = h.idp->route(net("POST", kSettings, kUnsign, {{"host", "127.0.0.1:7000"}, {"content-type", "text/plain"}}));
  EXPECT_EQ(plain.status, 415) << plain.body;
  auto form = h.idp->route(net("POST", kSettings, kUnsign,
                               {{"host", "127.0.0.1:7000"}, {"content-type", "application/x-www-form-urlencoded"}}));
  EXPECT_EQ(form.status, 415);
  EXPECT_EQ(h.idp->route(net("POST", "/api/v1/reset", "", {{"host", "127.0.0.1:7000"}})).status, 415);
  auto foreign = h.idp->route(net("POST", kSettings, kUnsign,
                                  {{"host", "127.0.0.1:7000"},
                                   {"content-type", "application/json"},
                                   {"origin", "http://attacker.example"}}));
  EXPECT_EQ(foreign.status, 403) << foreign.body;
  EXPECT_TRUE(response_signed(h));
  // The server's own origin, or none (curl, the harness), may write.
  auto own = h.idp->route(net("POST", kSettings, kUnsign,
                              {{"host", "127.0.0.1:7000"},
                               {"content-type", "application/json; charset=utf-8"},
                               {"origin", "http://127.0.0.1:7000"}}));
  EXPECT_EQ(own.status, 200) << own.body;
  EXPECT_FALSE(response_signed(h));
}

TEST(ControlApiGuard, OptionsIsNotAnsweredWithCors) {
  IdpHarness h(acme());
  auto r = h.idp->route(net("OPTIONS", kSettings, "",
                            {{"host", "127.0.0.1:7000"},
                             {"origin", "http://attacker.example"},
                             {"access-control-request-method", "POST"}}));
  EXPECT_EQ(r.status, 405);
  bool allow = false;
  for (const auto& [name, value] : r.headers) {
    EXPECT_EQ(name.rfind("Access-Control-", 0), std::string::npos) << name;
    allow = allow || name == "Allow";
  }
  EXPECT_TRUE(allow);
}

TEST(ControlApiGuard, TheSignInPagesStillTakeBrowserForms) {
  IdpHarness h(acme());
  auto r = h.idp->route(net("POST", "/login", "username=carol%40acme.test&password=demo",
                            {{"host", "127.0.0.1:7000"},
                             {"content-type", "application/x-www-form-urlencoded"},
                             {"origin", "http://127.0.0.1:8081"}}));
  EXPECT_NE(r.status, 415);
  EXPECT_NE(r.status, 421);
}

TEST(ControlApiGuard, WrongJsonTypesAre400NamingTheField) {
  IdpHarness h(acme());
  const std::vector<std::pair<std::string, std::pair<std::string, std::string>>> cases{
      {"login", {"/api/v1/users", R"({"login": 5})"}},
      {"members", {"/api/v1/groups", R"({"name": "g", "members": [1, 2]})"}},
      {"name", {"/api/v1/groups", R"({"name": ["g"]})"}},
      {"profile", {"/api/v1/users", R"({"login": "z@acme.test", "profile": "x"})"}},
      {"credentials", {"/api/v1/users", R"({"login": "z@acme.test", "credentials": {"password": {"value": 7}}})"}},
      {"offset_ms", {"/api/v1/clock", R"({"offset_ms": "soon"})"}},
      {"offset_seconds", {"/api/v1/clock", R"({"offset_seconds": 1.5})"}},
      {"now", {"/api/v1/clock", R"({"now": 1700000000})"}},
      {"login", {"/api/v1/apps/hotjar/mint", R"({"login": null})"}},
  };
  for (const auto& [field, call] : cases) {
    const std::string method = call.first == "/api/v1/clock" ? "PUT" : "POST";
    auto r = h.idp->route(net(method, call.first, call.second));
    EXPECT_EQ(r.status, 400) << call.second << ": " << r.body;
    EXPECT_NE(r.body.find(field), std::string::npos) << call.second << ": " << r.body;
  }
}

TEST(ControlApiGuard, TheClockOffsetIsBoundedAndOverflowChecked) {
  IdpHarness h(acme());
  for (const std::string& body :
       {std::string(R"({"offset_ms": 9223372036854775807})"), std::string(R"({"offset_seconds": 9223372036854775})"),
        std::string(R"({"offset_ms": 18446744073709551615})"), std::string(R"({"offset_seconds": -3250000000})"),
        std::string(R"({"now": "2200-01-01T00:00:00Z"})")}) {
    auto r = h.idp->route(net("PUT", "/api/v1/clock", body));
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
  }
  EXPECT_EQ(h.idp->now(), t0());
  auto ok = h.idp->route(net("PUT", "/api/v1/clock", R"({"offset_seconds": 3155000000})"));  // ~99.98 years
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST(ControlApiGuard, WithATokenEveryCallNeedsItAsBearer) {
  idp::IdpOptions o;
  o.log_sink = [](const std::string&) {};
  o.api_token = std::string(40, 't');
  core::VirtualClock clock{t0()};
  idp::Idp idp(acme(), clock, o);
  auto missing = idp.route(net("GET", "/api/v1/users"));
  EXPECT_EQ(missing.status, 401);
  bool challenged = false;
  for (const auto& [name, value] : missing.headers) challenged = challenged || name == "WWW-Authenticate";
  EXPECT_TRUE(challenged);
  auto with = [&](const std::string& auth) {
    return idp.route(net("GET", "/api/v1/users", "", {{"host", "127.0.0.1"}, {"authorization", auth}})).status;
  };
  EXPECT_EQ(with("Bearer " + std::string(40, 't')), 200);
  EXPECT_EQ(with("bearer " + std::string(40, 't')), 200);
  EXPECT_EQ(with("Bearer " + std::string(40, 'u')), 401);
  EXPECT_EQ(with("Basic dDp0"), 401);
  // The sign-in page is not behind the token.
  EXPECT_EQ(idp.route(net("GET", "/login", "", {{"host", "127.0.0.1"}})).status, 200);
}

TEST(ControlApiGuard, OnlyLoopbackListensWithoutAllowRemoteAndAToken) {
  for (const char* a : {"127.0.0.1", "127.1.2.3", "::1", "localhost"}) {
    EXPECT_FALSE(idp::remote_listen_refusal(a, false, "").has_value()) << a;
  }
  EXPECT_TRUE(idp::remote_listen_refusal("0.0.0.0", false, std::string(40, 't')).has_value());
  EXPECT_TRUE(idp::remote_listen_refusal("192.168.1.5", true, "").has_value());
  EXPECT_TRUE(idp::remote_listen_refusal("192.168.1.5", true, "short").has_value());
  EXPECT_FALSE(idp::remote_listen_refusal("0.0.0.0", true, std::string(40, 't')).has_value());
  EXPECT_FALSE(idp::is_loopback_address("127.evil.example"));
}
