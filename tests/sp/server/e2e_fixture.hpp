// End to end: the SP and the real idp-mock (library samlh_idp_server), each on its
// own loopback server on port 0, sharing one virtual clock. The IdP's hotjar
// app points at the SP's ACS; the SP's acme org at the IdP's SSO URL (host
// `idp_host`: "127.0.0.1" is the same site as the SP, "localhost" another).
#pragma once

#include <yaml-cpp/yaml.h>

#include "browser.hpp"
#include "idp-mock/server/idp.hpp"
#include "idp-mock/tenant/config.hpp"
#include "server_fixture.hpp"

namespace samlh::sp::testing {

inline constexpr const char* kSsoPath = "/app/acme_hotjar_1/exk1acmeH0tjar5Sx0h7/sso/saml";

class EndToEndTest : public SpServerTest {
 protected:
  void SetUp() override {
    SpServerTest::SetUp();
    auto cfg = idp::load_config(test::source_path("idp-mock/examples/acme.yaml"));
    idp::apply_settings(cfg.apps[0].app.settings,
                        YAML::Load("single_sign_on_url: " + base_ + "/sso/acme/acs\naudience_uri: " + base_ +
                                   "/sso/acme/metadata\n"),
                        idp::SettingsSource{"test", test::source_path("idp-mock/examples")});
    idp::IdpOptions o;
    o.seed = 11;
    o.log_sink = [](const std::string&) {};
    idp_ = std::make_unique<idp::Idp>(std::move(cfg), clock_, o);
    idp_server_ = std::make_unique<core::http::Server>(
        core::http::ServerOptions{}, [this](const core::http::Request& r) { return idp_->route(r); });
    idp_server_->listen();
    idp_->set_base_url(idp_server_->base_url());
    idp_server_->start();
    use_idp_host("127.0.0.1");
  }
  void TearDown() override {
    idp_server_->stop();
    SpServerTest::TearDown();
  }
  void use_idp_host(const std::string& host) {
    idp_sso_ = "http://" + host + ":" + std::to_string(idp_server_->port()) + kSsoPath;
    update_sso("acme", [&](SsoSettings& s) { s.idp_sso_url = idp_sso_; });
  }

  // SP-initiated: the SP's login page, the IdP's sign-in form, the auto-post
  // form back to the ACS, then /app. Returns the ACS answer (after redirects).
  core::http::ClientResponse sp_initiated(test::Browser& b, const std::string& user, const std::string& start_path) {
    auto signin = b.get(base_ + start_path);
    if (signin.status != 200) return signin;
    const std::string token = test::attr_of(signin.body.substr(signin.body.find("name=\"stateToken\"")), "value");
    auto form = b.client().post_form(origin(signin.url) + "/login",
                                     {{"stateToken", token}, {"username", user}, {"password", "demo"}});
    if (form.status != 200) return form;
    return b.submit(form.url, form.body);
  }
  // IdP-initiated: the Okta tile (the SSO URL without a SAMLRequest).
  core::http::ClientResponse idp_initiated(test::Browser& b, const std::string& user, const std::string& relay = "") {
    auto signin = b.get(idp_sso_ + (relay.empty() ? "" : "?RelayState=" + core::url_encode(relay)));
    if (signin.status != 200) return signin;
    if (signin.body.find("SAMLResponse") != std::string::npos) return b.submit(signin.url, signin.body);
    const std::string token = test::attr_of(signin.body.substr(signin.body.find("name=\"stateToken\"")), "value");
    auto form = b.client().post_form(origin(signin.url) + "/login",
                                     {{"stateToken", token}, {"username", user}, {"password", "demo"}});
    if (form.status != 200) return form;
    return b.submit(form.url, form.body);
  }
  static std::string origin(const std::string& url) { return url.substr(0, url.find('/', url.find("://") + 3)); }

  std::unique_ptr<idp::Idp> idp_;
  std::unique_ptr<core::http::Server> idp_server_;
  std::string idp_sso_;
};

}  // namespace samlh::sp::testing
