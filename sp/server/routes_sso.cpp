// SP-initiated login (plain and through an invitation link) and metadata.
#include "sp/server/cookie_rules.hpp"
#include "sp/server/pages.hpp"
#include "sp/server/routes.hpp"
#include "sp/server/saml_messages.hpp"
#include "sp/server/sp_metadata.hpp"

namespace samlh::sp::routes {

namespace {

constexpr std::string_view kDefaultTarget = "/app";

// Purging on every Nth request keeps the table small without a timer.
constexpr std::uint64_t kPurgeEvery = 64;

// A login refused before the user reaches the IdP is still a login attempt:
// it is audited like the others (event sso_login), with its reason.
Response refuse_start(SpState& st, const std::string& slug, const Refusal& r, const std::string& detail) {
  AuditRecord rec =
      AuditEntry(AuditEvent::sso_login, st.clock.now()).org(slug).flow("sp_initiated").refused(r).note(detail).take();
  (void)st.audit.append(std::move(rec));  // a failed write leaves the page as it is
  return error_page(r);
}

}  // namespace

Response sso_login(const Request& req, SpState& st, const std::string& slug, std::optional<std::string> invitation) {
  // Each start stores a request (or an audit row): bounded per address.
  if (auto wait = st.limiters.sso_requests_per_address.take(req.remote)) return too_many(req, *wait);
  auto org = find_org(st, slug);
  if (!org && org.reason() == LoginReason::login_org_unknown) {
    (void)st.audit.append(unknown_org_record(slug, st.clock.now(), "an SP-initiated login"));
    return error_page(org.reason());
  }
  if (!org) return error_page(org.reason());
  const SsoSettings& sso = org->sso;
  if (!sso.sso_enabled || sso.idp_sso_url.empty()) {
    return refuse_start(st, slug, LoginReason::login_sso_disabled, "SP-initiated login while SSO is off");
  }
  std::string target(kDefaultTarget);
  if (req.query.find("RelayState=") != std::string::npos) {
    auto rs = field(req.query, "RelayState");
    // Why: the RelayState comes back as the place to go; only a local path
    // is ever sent, so an open redirect cannot be planted here (RL-1).
    if (!rs || !local_path(*rs)) {
      return refuse_start(st, slug, core::Reason::binding_relay_state, "RelayState is not a local path");
    }
    target = *rs;
  }
  std::optional<core::PrivateKey> key;
  if (sso.sign_authn_requests) {
    auto k = st.keys.key(sso.sp_private_key, sso.sp_certificate);
    if (!k) return Response::html(500, pages::message("SSO is misconfigured", "The SP's signing key cannot be read."));
    key = std::move(k).value();
  }
  const core::Instant now = st.clock.now();
  OutstandingRequest r;
  r.id = "_" + st.rng.hex(32);
  r.org_id = org->id;
  const std::string browser = st.tokens.token(32);
  r.browser_sha256 = sha256_hex(browser);
  r.relay_state = target;
  r.created = now;
  r.expires = now + st.options.authn_request_lifetime;
  bool unknown_invitation = false;
  {
    auto db = st.store.lock();
    try {
      auto tx = db->transaction();
      if (invitation && !db->invitation(org->id, *invitation)) {
        unknown_invitation = true;
      } else {
        if (invitation) r.invitation_token = *invitation;
        if (st.rng.below(kPurgeEvery) == 0) db->purge_authn_requests(now);
        db->insert_authn_request(r);
        tx.commit();
      }
    } catch (const sql::Error&) {
      return error_page(LoginReason::login_store_failed);
    }
  }
  // An unknown link fails here, before the user meets the IdP (audited after
  // the store lock is released); every other state of the invitation is
  // decided, and audited, at login.
  if (unknown_invitation) {
    return refuse_start(st, slug, LoginReason::login_invitation_unknown, "an invitation link with an unknown token");
  }
  // ?passive=1: a silent login (Core 3.4.1 IsPassive); an IdP without a
  // session for the user answers a NoPassive status instead of prompting.
  const bool passive = field(req.query, "passive").value_or("") == "1";
  const std::string xml =
      authn_request_xml({r.id, now, sso.idp_sso_url, sso.acs_url, sso.sp_entity_id, passive});
  auto res = send_request(xml, sso.idp_sso_url, sso.authn_request_binding, target, key ? &*key : nullptr);
  if (!res) return Response::html(500, pages::message("SSO is misconfigured", "The sign-in request cannot be signed."));
  if (st.demo) demo_request_sent(st, browser, *res, xml, target, sso.authn_request_binding);
  res->set("Set-Cookie", set_cookie(binding_cookie(slug, sso, browser, st.options.authn_request_lifetime)));
  res->set("Cache-Control", "no-store");
  return std::move(res).value();
}

Response metadata(const Request&, SpState& st, const std::string& slug) {
  auto org = find_org(st, slug);
  if (!org) return error_page(org.reason());
  if (org->sso.sp_entity_id.empty() || org->sso.acs_url.empty()) return error_page(LoginReason::login_sso_disabled);
  Response r{200, {{"Content-Type", "application/samlmetadata+xml"}}, sp_metadata_xml(org->sso)};
  return r;
}

Response metadata_view(const Request&, SpState& st, const std::string& slug) {
  auto org = find_org(st, slug);
  if (!org) return error_page(org.reason());
  if (org->sso.sp_entity_id.empty() || org->sso.acs_url.empty()) return error_page(LoginReason::login_sso_disabled);
  return Response::html(200, pages::metadata_view(slug, sp_metadata_xml(org->sso)));
}

}  // namespace samlh::sp::routes
