// idp-mock's SCIM client (issue 20): off by default, its settings checked,
// and a slow SCIM server neither stalls the IdP nor grows the queue past its
// bound. The requests themselves are tested against the SCIMMY peer
// (tests/interop/scim/idp_client_test.mjs).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/http/http_server.hpp"
#include "tests/idp-mock/idp_fixture.hpp"

using namespace samlh;
using namespace samlh::test;
using nlohmann::json;

namespace {

json provisioning(idp::Idp& idp) { return json::parse(idp.route(api("GET", "/api/v1/provisioning")).body); }

}  // namespace

TEST(ScimProvisioning, OffByDefaultNothingIsQueuedOrSent) {
  IdpHarness h(acme());
  EXPECT_FALSE(h.idp->app("hotjar")->app.settings.provisioning.enabled);
  EXPECT_EQ(h.idp->route(api("PUT", "/api/v1/apps/hotjar/users/oscar@acme.test")).status, 204);
  EXPECT_EQ(h.idp->route(api("POST", "/api/v1/users/bob@acme.test/lifecycle/deactivate", "{}")).status, 200);
  json p = provisioning(*h.idp);
  EXPECT_EQ(p["pending"], 0);
  EXPECT_TRUE(p["requests"].empty());
}

TEST(ScimProvisioning, SettingsNeedAnHttpBaseUrlAndATokenAndHideTheToken) {
  EXPECT_THROW(acme_with("provisioning: {scim_connector_base_url: 'https://scim.test/v2', bearer_token: t}"),
               idp::ConfigError);
  EXPECT_THROW(acme_with("provisioning: {scim_connector_base_url: 'http://127.0.0.1:1/scim/v2'}"), idp::ConfigError);
  EXPECT_THROW(acme_with("provisioning: {scim_connector_base_url: 'http://127.0.0.1:1/v2?x=1', bearer_token: t}"),
               idp::ConfigError);
  EXPECT_THROW(acme_with("provisioning: {create_user: true}"), idp::ConfigError);  // Okta's name is Create Users
  EXPECT_NO_THROW(acme_with("provisioning: {enabled: false}"));
  auto cfg = acme_with("provisioning: {enabled: false, scim_connector_base_url: 'http://127.0.0.1:1/scim/v2', "
                       "bearer_token: s3cret-token, create_users: true, push_groups: [Engineering]}");
  IdpHarness h(std::move(cfg));
  const std::string body = h.idp->route(api("GET", "/api/v1/apps/hotjar")).body;
  EXPECT_EQ(body.find("s3cret-token"), std::string::npos);
  json p = json::parse(body)["settings"]["provisioning"];
  EXPECT_EQ(p["bearer_token_set"], true);
  EXPECT_EQ(p["create_users"], true);
  EXPECT_EQ(p["push_groups"], json::array({"Engineering"}));
}

// A SCIM server that takes 300 ms per answer: the control API still answers
// at once, the queue holds at most its bound and logs what it dropped.
TEST(ScimProvisioning, ASlowScimServerNeitherStallsTheIdpNorGrowsTheQueue) {
  std::atomic<int> served{0};
  core::http::Server scim({}, [&served](const core::http::Request&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ++served;
    return core::http::Response::json(200, R"({"Resources":[]})");
  });
  scim.listen();
  std::thread io([&scim] { scim.run(); });

  auto cfg = acme_with("provisioning: {scim_connector_base_url: '" + scim.base_url() +
                       "/scim/v2', bearer_token: t, create_users: true}");
  core::VirtualClock clock{t0()};
  idp::IdpOptions o;
  o.seed = 1;
  o.log_sink = [](const std::string&) {};
  o.scim.queue_limit = 2;
  o.scim.max_attempts = 1;
  {
    // Loading the tenant queues one job per assigned user (six in acme).
    idp::Idp idp(std::move(cfg), clock, o);
    const auto t = std::chrono::steady_clock::now();
    EXPECT_EQ(idp.route(api("GET", "/api/v1/users")).status, 200);
    EXPECT_EQ(idp.route(api("PUT", "/api/v1/apps/hotjar/users/oscar@acme.test")).status, 204);
    EXPECT_LT(std::chrono::steady_clock::now() - t, std::chrono::milliseconds(250));
    json p = provisioning(idp);
    EXPECT_LE(p["pending"].get<int>(), 3);  // the queue's two and the one under way
    EXPECT_GE(p["dropped"].get<int>(), 4);
    int dropped_lines = 0;
    for (const auto& e : p["requests"]) dropped_lines += e["outcome"] == "dropped" ? 1 : 0;
    EXPECT_EQ(dropped_lines, p["dropped"].get<int>());
    // Meanwhile the worker goes on: the first look-up is answered and logged.
    bool looked_up = false;
    for (int i = 0; i < 200 && !looked_up; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      const json now = provisioning(idp);
      for (const auto& e : now["requests"]) looked_up |= e["action"] == "user.lookup" && e["status"] == 200;
    }
    EXPECT_TRUE(looked_up);
    EXPECT_GE(served.load(), 1);
  }  // the Idp stops its worker (the request under way ends first)
  scim.stop();
  io.join();
}

// The transport seam (scim_client.hpp): a client given its own transport
// sends every request there, in order, and never opens a socket; wait_idle
// returns once the job is done.
TEST(ScimProvisioning, AGivenTransportCarriesEveryRequest) {
  struct Recorder final : idp::ScimTransport {
    std::vector<std::string> seen;
    core::http::ClientResponse request(std::string_view method, const core::http::Url& url,
                                       const core::http::Headers& headers, const std::string&) override {
      std::string auth;
      for (const auto& [k, v] : headers) {
        if (k == "Authorization") auth = v;
      }
      seen.push_back(std::string(method) + " " + url.path + (url.query ? "?" + *url.query : "") + " " + auth);
      core::http::ClientResponse r;
      r.status = method == "GET" ? 200 : 201;
      r.body = method == "GET" ? R"({"Resources":[]})" : R"({"id":"u1"})";
      return r;
    }
  };
  auto recorder = std::make_shared<Recorder>();
  idp::ScimClientOptions o;
  o.transport = recorder;
  idp::ScimProvisioner client(o);
  idp::ScimJob j;
  j.app = "hotjar";
  j.base_url = "http://127.0.0.1:1/scim/v2/acme";  // nothing listens there: only the transport answers
  j.token = "t0123456789abcdef";
  j.create_users = true;
  j.user.okta_id = "00u1";
  j.user.user_name = "frank@acme.test";
  ASSERT_TRUE(client.enqueue(j));
  ASSERT_TRUE(client.wait_idle(std::chrono::seconds(10)));
  ASSERT_EQ(recorder->seen.size(), 2u);
  EXPECT_EQ(recorder->seen[0].rfind("GET /scim/v2/acme/Users?filter=userName%20eq%20%22frank%40acme.test%22", 0), 0u)
      << recorder->seen[0];
  EXPECT_EQ(recorder->seen[1], "POST /scim/v2/acme/Users Bearer t0123456789abcdef");
  const auto st = client.status();
  EXPECT_EQ(st.pending, 0u);
  ASSERT_EQ(st.log.size(), 2u);
  EXPECT_EQ(st.log[1].status, 201);
  EXPECT_EQ(st.log[1].outcome, "ok");
}
