// An in-process SP on 127.0.0.1, port 0, over an in-memory store seeded from
// sp/examples/acme.yaml, with a virtual clock and seeded tokens and IDs.
// acme's ACS URL and entity ID follow the bound port. Responses are minted
// here with core signing and the test-only IdP key (certs/idp.key), shaped
// like Okta's (tests/support/okta_response.hpp).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/bindings.hpp"
#include "core/dsig.hpp"
#include "core/browser/browser.hpp"
#include "core/http/http_server.hpp"
#include "core/xml.hpp"
#include "sp/accounts/audit.hpp"
#include "sp/config/config.hpp"
#include "sp/server/server.hpp"
#include "tests/support/okta_response.hpp"
#include "tests/support/test_keys.hpp"

namespace samlh::sp::testing {

inline constexpr int kIterations = 1000;  // PBKDF2 cost for tests only
inline constexpr const char* kIssuer = "http://www.okta.com/exk1acmeH0tjar5Sx0h7";
inline constexpr const char* kIdpSso = "http://127.0.0.1:7000/app/acme_hotjar_1/exk1acmeH0tjar5Sx0h7/sso/saml";

inline core::Instant t0() { return *core::parse_saml_time("2026-03-01T12:00:00Z"); }

enum class Signed { assertion, response, both };

// A signed Okta-shaped Response (raw XML).
inline std::string sign_response(const std::string& xml, Signed what = Signed::assertion,
                                 const std::string& key_name = "idp") {
  auto doc = core::parse_untrusted(xml);
  EXPECT_TRUE(doc.ok());
  if (!doc) return {};
  xmlNode* root = xmlDocGetRootElement(doc->get());
  core::SignOptions o;
  o.inclusive_prefixes = "xs";
  const core::PrivateKey key = test::key(key_name);
  if (what != Signed::response) {
    xmlNode* a = core::child(root, core::ns::kSaml, "Assertion");
    EXPECT_TRUE(core::sign_enveloped(a, key, o).ok());
  }
  if (what != Signed::assertion) {
    EXPECT_TRUE(core::sign_enveloped(root, key, o).ok());
  }
  return core::serialize(doc->get());
}

// The AuthnRequest inside a login redirect's Location (or nullopt).
struct SentRequest {
  std::string id;
  std::string xml;
  std::optional<std::string> relay_state;
  core::RedirectMessage message;
};
inline std::optional<SentRequest> sent_request(const std::string& location) {
  const auto url = core::http::parse_url(location);
  if (!url || !url->query) return std::nullopt;
  auto m = core::decode_redirect(*url->query, "SAMLRequest");
  if (!m) return std::nullopt;
  auto doc = core::parse_untrusted(m->xml);
  if (!doc) return std::nullopt;
  return SentRequest{core::attr(xmlDocGetRootElement(doc->get()), "ID"), m->xml, m->relay_state, *m};
}

class SpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Store::open(db_path_, store_options_);
    ASSERT_TRUE(opened.ok()) << opened.failure().detail;
    store_ = std::move(opened).value();
    const SpConfig cfg = load_config(test::source_path("sp/examples/acme.yaml"));
    ASSERT_TRUE(seed_store(*store_, cfg, clock_, tokens_, kIterations).ok());
    state_ = std::make_unique<SpState>(*store_, clock_, tokens_, options_, AccountsOptions{kIterations});
    server_ = std::make_unique<core::http::Server>(core::http::ServerOptions{},
                                                   [this](const core::http::Request& r) { return route(r, *state_); });
    server_->listen();
    base_ = server_->base_url();
    update_sso("acme", [&](SsoSettings& s) {
      s.acs_url = base_ + "/sso/acme/acs";
      s.sp_entity_id = base_ + "/sso/acme/metadata";
    });
    server_->start();
  }
  void TearDown() override { server_->stop(); }

  void update_sso(const std::string& slug, const std::function<void(SsoSettings&)>& change) {
    auto db = store_->lock();
    Organization o = *db->org_by_slug(slug);
    change(o.sso);
    db->update_sso(o.id, o.sso);
  }
  // acme trusts only `cert`, committed through a second connection to the
  // store's file (db_path_ must be a file): this connection's snapshot does
  // not see it until it reads under the lock.
  void trust_through_another_connection(const std::string& cert) {
    auto other = Store::open(db_path_);
    ASSERT_TRUE(other.ok()) << other.failure().detail;
    auto db = (*other)->lock();
    Organization o = *db->org_by_slug("acme");
    o.sso.idp_certificates = {test::slurp(test::source_path(cert))};
    db->update_sso(o.id, o.sso);
  }
  SsoSettings sso(const std::string& slug = "acme") {
    auto db = store_->lock();
    return db->org_by_slug(slug)->sso;
  }
  std::string pending_token(const std::string& email) {
    auto db = store_->lock();
    for (const Invitation& i : db->invitations(db->org_by_slug("acme")->id, email)) {
      if (i.status == InvitationStatus::pending) return i.token;
    }
    return {};
  }
  std::vector<AuditRecord> audit(AuditQuery q = {}) {
    auto r = AuditLog(*store_).query(q);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<AuditRecord>{};
  }
  std::vector<AuditRecord> audit_of(AuditEvent event) {
    AuditQuery q;
    q.event = event;
    return audit(q);
  }

  // An Okta-shaped response for `email`, answering `request_id` ("" =
  // IdP-initiated), issued now, to this SP's acme ACS.
  test::OktaShape shape(const std::string& email, const std::string& request_id = "") {
    test::OktaShape s;
    s.acs = base_ + "/sso/acme/acs";
    s.audience = base_ + "/sso/acme/metadata";
    s.name_id = email;
    s.request_id = request_id;
    s.issue_instant = clock_.now();
    s.response_id = "id" + std::to_string(++minted_) + "000111222333444555";
    s.assertion_id = "id" + std::to_string(minted_) + "999888777666555444";
    s.attributes = {{"email", email}};
    return s;
  }
  std::string mint(const std::string& email, const std::string& request_id = "", Signed what = Signed::assertion) {
    return sign_response(test::okta_response(shape(email, request_id)), what);
  }

  // The browser steps: start a login (no redirect following) and return the
  // request the SP sent; post a response to the ACS.
  std::optional<SentRequest> start_login(core::browser::Browser& c, const std::string& path = "/sso/acme/login") {
    auto r = c.fetch(base_ + path);
    EXPECT_EQ(r.status, 302) << r.body;
    const std::string* loc = r.header("location");
    return loc == nullptr ? std::nullopt : sent_request(*loc);
  }
  core::browser::Reply post_acs(core::browser::Browser& c, const std::string& xml,
                                      std::optional<std::string> relay_state = std::nullopt) {
    std::vector<std::pair<std::string, std::string>> f{{"SAMLResponse", core::base64_encode(xml)}};
    if (relay_state) f.emplace_back("RelayState", *relay_state);
    return c.post_form(base_ + "/sso/acme/acs", f);
  }
  core::browser::Reply whoami(core::browser::Browser& c) { return c.fetch(base_ + "/app.json"); }

  std::string db_path_ = ":memory:";  // a fixture may set a file before SetUp
  StoreOptions store_options_;        // and the store's options
  SpOptions options_ = [] {  // a fixture may change them before SetUp
    SpOptions o;
    o.seed = 7;
    return o;
  }();
  core::VirtualClock clock_{t0()};
  SeededTokenSource tokens_{42};
  std::unique_ptr<Store> store_;
  std::unique_ptr<SpState> state_;
  std::unique_ptr<core::http::Server> server_;
  std::string base_;
  int minted_ = 0;
};

}  // namespace samlh::sp::testing
