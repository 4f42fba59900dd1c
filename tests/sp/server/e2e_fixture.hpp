// End to end: the SP and the real idp-mock (library samlh_idp_server), each on its
// own loopback server on port 0, sharing one virtual clock. The IdP's hotjar
// app points at the SP's ACS; the SP's acme org at the IdP's SSO URL (host
// `idp_host`: "127.0.0.1" is the same site as the SP, "localhost" another).
#pragma once

#include <yaml-cpp/yaml.h>

#include "core/browser/browser.hpp"
#include "core/http/url.hpp"
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
  // form back to the ACS, then the page the SP sends the browser to.
  core::browser::Page sp_initiated(core::browser::Browser& b, const std::string& user, const std::string& start_path,
                                   bool stop_before_acs = false) {
    core::browser::NavigateOptions nav;
    nav.credentials = core::browser::Credentials{user, "demo"};
    nav.stop_before_saml_response = stop_before_acs;
    return b.navigate(base_ + start_path, nav);
  }
  // IdP-initiated: the Okta tile (the SSO URL without a SAMLRequest).
  core::browser::Page idp_initiated(core::browser::Browser& b, const std::string& user, const std::string& relay = "",
                                    bool stop_before_acs = false) {
    core::browser::NavigateOptions nav;
    nav.credentials = core::browser::Credentials{user, "demo"};
    nav.stop_before_saml_response = stop_before_acs;
    return b.navigate(idp_sso_ + (relay.empty() ? "" : "?RelayState=" + core::http::percent_encode(relay)), nav);
  }

  std::unique_ptr<idp::Idp> idp_;
  std::unique_ptr<core::http::Server> idp_server_;
  std::string idp_sso_;
};

}  // namespace samlh::sp::testing
