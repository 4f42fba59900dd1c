// Shared helpers for idp-mock tests: the acme config, an Idp on a fixed
// clock, and verification of minted responses with core.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <yaml-cpp/yaml.h>

#include "core/dsig.hpp"
#include "core/enc.hpp"
#include "core/xml.hpp"
#include "idp-mock/server/idp.hpp"
#include "idp-mock/tenant/config.hpp"
#include "tests/support/test_keys.hpp"

namespace samlh::test {

inline std::string acme_path() { return source_path("idp-mock/examples/acme.yaml"); }

inline idp::TenantConfig acme() { return idp::load_config(acme_path()); }

// The acme config with YAML appended/overriding the hotjar app's settings.
inline idp::TenantConfig acme_with(const std::string& settings_yaml) {
  auto cfg = acme();
  if (!settings_yaml.empty()) {
    auto node = YAML::Load(settings_yaml);
    idp::apply_settings(cfg.apps[0].app.settings, node,
                        idp::SettingsSource{"test", source_path("idp-mock/examples")});
  }
  return cfg;
}

// A control API call as a local tester makes it (loopback Host, JSON body).
inline core::http::Request api(const std::string& method, const std::string& path, const std::string& body = "") {
  core::http::Request r;
  r.method = method;
  r.path = r.target = path;
  r.headers = {{"content-type", "application/json"}, {"host", "127.0.0.1"}};
  r.body = body;
  r.remote = "127.0.0.1";
  return r;
}

inline core::Instant t0() { return *core::parse_saml_time("2026-03-01T12:00:00.000Z"); }

struct IdpHarness {
  core::VirtualClock clock{t0()};
  std::unique_ptr<idp::Idp> idp;
  explicit IdpHarness(idp::TenantConfig cfg, std::uint64_t seed = 42) {
    idp::IdpOptions o;
    o.seed = seed;
    o.log_sink = [](const std::string&) {};
    idp = std::make_unique<idp::Idp>(std::move(cfg), clock, o);
  }
};

// A parsed response with its IDs registered, ready for core::verify_enveloped.
struct Parsed {
  core::XmlDocPtr doc;
  xmlNode* response = nullptr;
  xmlNode* assertion = nullptr;  // nullptr when encrypted
  xmlNode* response_sig = nullptr;
  xmlNode* assertion_sig = nullptr;
};

inline Parsed parse(const std::string& xml) {
  auto r = core::parse_untrusted(xml);
  if (!r) {
    ADD_FAILURE() << "parse: " << r.failure().detail;
    return {};
  }
  Parsed p;
  p.doc = std::move(r).value();
  p.response = xmlDocGetRootElement(p.doc.get());
  EXPECT_TRUE(core::register_id(p.doc.get(), p.response).ok());
  p.response_sig = core::child(p.response, core::ns::kDs, "Signature");
  p.assertion = core::child(p.response, core::ns::kSaml, "Assertion");
  if (p.assertion != nullptr) {
    EXPECT_TRUE(core::register_id(p.doc.get(), p.assertion).ok());
    p.assertion_sig = core::child(p.assertion, core::ns::kDs, "Signature");
  }
  return p;
}

inline bool verifies(xmlNode* sig, xmlNode* element, const core::Certificate& cert, bool allow_sha1 = true) {
  if (sig == nullptr || element == nullptr) return false;
  std::vector<core::Certificate> keys{cert};
  auto v = core::verify_enveloped(sig, element, keys, core::SignaturePolicy{allow_sha1});
  if (!v) ADD_FAILURE() << "verify: " << core::spelling(v.reason()) << " " << v.failure().detail;
  return v.ok();
}

}  // namespace samlh::test
