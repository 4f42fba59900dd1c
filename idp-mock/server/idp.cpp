#include "idp-mock/server/idp.hpp"

#include <iostream>
#include <random>

#include "core/bindings.hpp"
#include "core/http/url.hpp"
#include "core/metadata.hpp"
#include "idp-mock/server/assignment_report.hpp"
#include "idp-mock/server/pages.hpp"
#include "idp-mock/server/provisioning.hpp"

namespace samlh::idp {
namespace {

std::uint64_t seed_value(const std::optional<std::uint64_t>& seed) {
  if (seed) return *seed;
  std::random_device rd;
  return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

Credential load_credential(const KeyFiles& k, const std::string& kid, core::Instant created, core::KeyCache* keys) {
  auto key = keys != nullptr ? keys->key(k.key_pem, k.cert_pem) : core::PrivateKey::from_pem(k.key_pem, k.cert_pem);
  if (!key) throw ConfigError(k.key_path + ": " + key.failure().detail);
  return Credential{kid, *key, true, created};
}

}  // namespace

const Credential& AppRuntime::active() const {
  for (const auto& k : keys)
    if (k.active) return k;
  return keys.front();
}

AppRuntime* Idp::State::app_by_name(std::string_view name) {
  for (auto& a : apps)
    if (a.app.name == name) return &a;
  return nullptr;
}

AppRuntime* Idp::State::app_by_key(std::string_view external_key) {
  for (auto& a : apps)
    if (a.app.external_key == external_key) return &a;
  return nullptr;
}

std::string sso_path(const App& a) { return "/app/" + a.app_name + "/" + a.external_key + "/sso/saml"; }
std::string slo_path(const App& a) { return "/app/" + a.app_name + "/" + a.external_key + "/slo/saml"; }
std::string metadata_path(const App& a) { return "/app/" + a.external_key + "/sso/saml/metadata"; }

Idp::Idp(TenantConfig config, const core::Clock& base_clock, IdpOptions options)
    : config_(std::move(config)), base_clock_(base_clock), options_(std::move(options)) {
  state_ = std::make_unique<State>(base_clock_, seed_value(options_.seed));
  scim_ = std::make_unique<ScimProvisioner>(options_.scim);
  state_->scim = scim_.get();
  state_->issued = IssuedLog(options_.demo ? options_.demo_responses : 0);
  lock().reset();
}

Idp::Locked Idp::lock() { return Locked(*this); }

Idp::~Idp() = default;

void Idp::Locked::reset() {
  const TenantConfig& cfg = idp_->config_;
  const IdpOptions& opts = idp_->options_;
  State& s = state();
  s.directory = cfg.directory;
  s.apps.clear();
  s.sessions.clear();
  s.pending.clear();
  s.clock.set_offset(core::Millis{0});
  s.demo = opts.demo;
  s.base_url = cfg.base_url;
  s.next_signing = cfg.next_signing;
  s.org = cfg.org;
  s.sink = opts.log_sink ? opts.log_sink : [](const std::string& line) { std::cout << line << std::endl; };
  for (const auto& ac : cfg.apps) {
    AppRuntime rt;
    rt.app = ac.app;
    // The kid is stable across runs: derived from the key file, not random.
    rt.keys.push_back(load_credential(ac.signing ? *ac.signing : cfg.signing, "kid-" + ac.app.name + "-1",
                                      s.clock.now(), opts.keys));
    s.apps.push_back(std::move(rt));
  }
  for (const auto& ac : cfg.apps) {
    // App users made at load time freeze their username now (B.5 "Create only").
    for (const auto& u : s.directory.users())
      if (s.directory.is_assigned(ac.app.name, u.login)) {
        auto groups = s.directory.groups_of(u.login);
        s.directory.assignments_mut(ac.app.name).frozen_usernames[u.login] =
            application_username(ac.app.settings, u, groups, std::nullopt);
      }
  }
  // The configured grants begin now (the reports' Assigned on).
  s.assignment_spans.clear();
  track_assignments(s);
  sync_provisioning(s);
}

void Idp::Locked::log(const std::string& kind, const std::string& action, const std::string& target,
                      const std::string& detail) {
  State& s = state();
  Event e{s.next_seq++, s.clock.now(), kind, action, target, detail};
  s.sink(core::format_saml_time(e.at) + " " + kind + " " + action + " " + target +
         (detail.empty() ? "" : " " + detail));
  s.events.push_back(std::move(e));
  if (s.events.size() > 10'000) s.events.erase(s.events.begin(), s.events.begin() + 1'000);
}

std::vector<Event> Idp::events() const {
  std::lock_guard l(mu_);
  return state_->events;
}

std::string Idp::base_url() const {
  std::lock_guard l(mu_);
  return state_->base_url;
}

void Idp::set_base_url(std::string url) {
  std::lock_guard l(mu_);
  config_.base_url = url;
  state_->base_url = std::move(url);
}

std::optional<AppView> Idp::app(const std::string& name) {
  Locked l = lock();
  const AppRuntime* rt = l.state().app_by_name(name);
  if (rt == nullptr) return std::nullopt;
  return AppView{rt->app, rt->active().key};
}

core::Instant Idp::now() const { return state_->clock.now(); }

IdpResult<Minted> Idp::mint(const std::string& app_name, const std::string& login, const MintParams& p) {
  return lock().mint(app_name, login, p);
}

IdpResult<Minted> Idp::Locked::mint(const std::string& app_name, const std::string& login, const MintParams& p) {
  State& s = state();
  AppRuntime* rt = s.app_by_name(app_name);
  if (rt == nullptr) return core::fail(IdpReason::idp_app_not_assigned, "no such app: " + app_name);
  const User* u = s.directory.find_user(login);
  // C row 4: no SAMLResponse for a user who is not active (who cannot sign
  // in at all), nor, B.10 [O10], for an active user who is not assigned.
  if (u != nullptr && u->status != UserStatus::active)
    return core::fail(IdpReason::idp_user_inactive, login + " is " + std::string(spelling(u->status)));
  if (u == nullptr || !s.directory.is_assigned(app_name, login))
    return core::fail(IdpReason::idp_app_not_assigned, login + " may not use " + app_name);
  MintInput in;
  in.app = &rt->app;
  in.user = u;
  in.groups = s.directory.groups_of(login);
  auto& frozen = s.directory.assignments_mut(app_name).frozen_usernames;
  auto it = frozen.find(login);
  if (it == frozen.end())
    it = frozen.emplace(login, application_username(rt->app.settings, *u, in.groups, std::nullopt)).first;
  in.frozen_username = it->second;
  in.now = s.clock.now();
  in.authn_instant = p.authn_instant;
  in.acs = p.acs;
  in.in_response_to = p.in_response_to;
  in.session_index = p.session_index;
  auto minted = samlh::idp::mint(in, rt->active().key, s.rng);
  if (minted && s.demo) {
    IssuedResponse r = describe_issue(rt->app, *u, in.groups, *minted);
    r.at = in.now;
    r.via = p.via;
    r.request = p.request;
    r.relay_state = p.relay_state;
    s.issued.add(std::move(r));
  }
  return minted;
}

std::string Idp::metadata(const std::string& app_name) { return lock().metadata(app_name); }

ApiGuard Idp::Locked::api_guard() {
  ApiGuard g{idp_->options_.api_host_names, idp_->options_.api_token};
  g.host_names.push_back(config().address);
  if (auto url = core::http::parse_url(state().base_url)) g.host_names.push_back(url->host);
  return g;
}

std::string Idp::Locked::metadata(const std::string& app_name) {
  State& s = state();
  AppRuntime* rt = s.app_by_name(app_name);
  if (rt == nullptr) return {};
  const App& a = rt->app;
  std::string sso = s.base_url + sso_path(a);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  // B.2: EntityDescriptor > IDPSSODescriptor; WantAuthnRequestsSigned follows
  // Signed Requests; the signing KeyDescriptor shows only the ACTIVE
  // certificate (B.4: inactive ones are not published for the app).
  out += "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"" +
         core::html_escape(a.issuer()) + "\">";
  out += std::string("<md:IDPSSODescriptor WantAuthnRequestsSigned=\"") +
         (a.settings.signed_requests ? "true" : "false") +
         "\" protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">";
  out += "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
         "<ds:X509Data><ds:X509Certificate>" +
         rt->active().key.certificate().base64_76() + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>";
  // [I] B.1/B.11: no capture shows SLO; it is published only when enabled.
  if (a.settings.single_logout.enabled) {
    for (auto b : {core::kBindingPost, core::kBindingRedirect})
      out += "<md:SingleLogoutService Binding=\"" + std::string(b) + "\" Location=\"" +
             core::html_escape(s.base_url + slo_path(a)) + "\"/>";
  }
  out += "<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>"
         "<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>";
  // B.1/B.2: one Location serves both bindings.
  for (auto b : {core::kBindingPost, core::kBindingRedirect})
    out += "<md:SingleSignOnService Binding=\"" + std::string(b) + "\" Location=\"" + core::html_escape(sso) + "\"/>";
  out += "</md:IDPSSODescriptor></md:EntityDescriptor>";
  return out;
}

}  // namespace samlh::idp
