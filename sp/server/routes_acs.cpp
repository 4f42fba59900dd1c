// The Assertion Consumer Service: the validator with the organization's
// settings, then the account rules. Three short steps, so that the costly
// signature checks run outside the store lock (a server with several
// threads validates in parallel):
//  1. the organization's settings are read and the browser's request binding
//     is consumed (committed: single use even when two POSTs race). Without a
//     binding cookie there is nothing to consume or write, and the last
//     snapshot of the settings serves without the store lock
//     (Store::last_org_snapshot; confirmed in step 3);
//  2. the validator runs, its replay check only noting the assertion ID
//     (SqliteReplayCache::Claim);
//  3. under the lock, the settings are confirmed current (if they changed
//     since step 1, the POST is judged again by the current ones); then the
//     assertion ID, the verdict record and the login decision (with its own
//     audit record and the session) commit together, before the answer; an
//     ID the store already has turns the verdict into replay_assertion.
#include <fmt/format.h>

#include "sp/server/cookie_rules.hpp"
#include "sp/server/reason_http.hpp"
#include "sp/server/routes.hpp"
#include "sp/validator/validator.hpp"

namespace samlh::sp::routes {

namespace {

// The AuthnRequest this browser may answer, consumed on the way (single use:
// a second POST, or a POST after a failed one, finds it used).
struct Binding {
  std::optional<OutstandingRequest> request;
  std::string note;     // why there is none, for the audit detail
  bool cookie = false;  // the browser sent a binding cookie (resolved or not)
};

Binding take_binding(SpState& st, const Request& req, const Organization& org, core::Instant now) {
  const std::string cookie = req.cookie(kBindingCookie);
  if (cookie.empty()) return {std::nullopt, "no request binding cookie", false};
  auto r = st.store.take_authn_request(sha256_hex(cookie), now);
  if (!r) return {std::nullopt, "the binding cookie names no request", true};
  if (r->used) return {std::nullopt, "request " + r->id + " was already answered", true};
  if (r->org_id != org.id) return {std::nullopt, "request " + r->id + " belongs to another organization", true};
  if (now >= r->expires) return {std::nullopt, "request " + r->id + " expired", true};
  std::string note = "answers request " + r->id;
  return {std::move(r), std::move(note), true};
}

core::Result<ValidatorSettings> validator_settings(SpState& st, const Organization& org, const Binding& b) {
  const SsoSettings& sso = org.sso;
  ValidatorSettings v;
  auto certs = st.keys.certificates(sso.idp_certificates);  // two during a rollover [O7] B.4
  if (!certs) return std::move(certs).failure();
  v.idp_certificates = std::move(certs).value();
  v.idp_entity_id = sso.idp_entity_id;
  v.sp_entity_id = sso.sp_entity_id;
  v.acs_url = sso.acs_url;
  v.allow_idp_initiated = sso.idp_initiated_allowed;
  const ValidationPolicy& p = sso.validation;
  v.signing = p.signing;
  v.allow_sha1 = p.allow_sha1;
  v.allow_rsa_1_5 = p.allow_rsa_1_5;
  v.require_gcm = p.require_gcm;
  v.strict_cert_validity = p.strict_cert_validity;
  v.skew = p.skew;
  v.max_issue_age = p.max_issue_age;
  if (b.request) {
    v.request_id = b.request->id;
    v.expected_relay_state = b.request->relay_state;
  } else if (b.cookie) {
    // Why a value that matches nothing: this browser started a login, but
    // its binding names no live request (used, expired, another
    // organization's, or unknown), so a solicited response is refused as
    // inresp_mismatch, while an unsolicited one is still judged by
    // allow_idp_initiated.
    v.request_id = "~unbound-" + st.rng.hex(16);
  }
  // No binding cookie at all: this browser never started a login here, so
  // no request ID is known. A solicited response is refused as
  // inresp_unexpected (someone else's login posted by this browser: login
  // CSRF, PR-6), an unsolicited one is judged by allow_idp_initiated.
  v.parse_limits.max_bytes = st.options.max_xml_bytes;
  if (!sso.sp_private_key.empty()) {
    auto k = st.keys.key(sso.sp_private_key, sso.sp_certificate);
    if (!k) return std::move(k).failure();
    v.sp_key = std::move(k).value();
  }
  return v;
}

// The validator's verdict on this POST by `org`'s settings, its replay check
// noted in a fresh `claim`.
Verdict judge(const Request& req, SpState& st, const Organization& org, const Binding& b,
              std::optional<SqliteReplayCache::Claim>& claim) {
  claim.emplace(st.replay);
  Verdict v;
  if (req.body.size() > st.options.max_form_bytes) {
    v.reason = core::Reason::binding_too_large;
    v.checks.push_back({"decode", CheckStatus::failed, fmt::format("{} bytes posted", req.body.size())});
  } else if (auto vs = validator_settings(st, org, b); !vs) {
    v.reason = vs.reason();
    v.checks.push_back({"settings", CheckStatus::failed, "organization keys: " + vs.failure().detail});
  } else {
    v = validate(req.body, InputEncoding::form, *vs, st.clock, &*claim);
  }
  return v;
}

AuditRecord validation_record(const std::string& slug, const Verdict& v, const Binding& b, core::Instant now) {
  AuditRecord rec;
  rec.time = now;
  rec.org = slug;
  rec.event = "sso_validation";
  rec.outcome = v.accepted ? AuditOutcome::success : AuditOutcome::refused;
  if (v.reason) rec.reason = std::string(core::spelling(*v.reason));
  if (v.identity) {
    rec.subject = v.identity->name_id;
    rec.flow = v.identity->in_response_to.empty() ? "idp_initiated" : "sp_initiated";
    rec.detail = fmt::format("accepted response {} assertion {}", v.identity->response_id, v.identity->assertion_id);
  }
  for (const CheckRecord& c : v.checks) {
    if (c.status == CheckStatus::failed) rec.detail = fmt::format("check {} failed: {}", c.name, c.detail);
  }
  for (core::Weakness w : v.weak) rec.detail += fmt::format("; weak: {}", core::spelling(w));
  rec.detail += "; " + b.note;
  return rec;
}

// After a login: the stored target of an SP-initiated login, or the
// RelayState of an IdP-initiated one when it is a local path (Okta deep
// links, B.1 [O12]; the validator already refused any other), else /app.
std::string target_after(const Request& req, const Binding& b, bool solicited) {
  if (solicited && b.request) return b.request->relay_state;
  // Only the RelayState pair is decoded: the SAMLResponse beside it is large
  // and already decoded once by the validator.
  std::string_view body = req.body;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    if (pair.rfind("RelayState=", 0) == 0) {
      if (auto rs = field(pair, "RelayState"); rs && local_path(*rs)) return *rs;
      break;
    }
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
  }
  return "/app";
}

Response refused(const Refusal& r, bool had_cookie, const std::string& slug, const SsoSettings& sso) {
  Response res = error_page(r);
  if (had_cookie) res.set("Set-Cookie", set_cookie(expired(binding_cookie(slug, sso, "", core::Millis{0}))));
  return res;
}

// Step 1: the organization's snapshot and this browser's request binding
// (`org`, `b`), or the answer when there is nothing to judge (no such
// organization, SSO off, a storage failure), audited.
std::optional<Response> settings_and_binding(const Request& req, SpState& st, const std::string& slug,
                                             core::Instant now, bool had_cookie,
                                             std::shared_ptr<const Organization>& org, Binding& b) {
  if (!had_cookie) {
    // Nothing to consume or write: the last snapshot, if there is one and it
    // has SSO on (anything else is audited under the lock below).
    if (auto last = st.store.last_org_snapshot(slug); last && last->sso.sso_enabled) {
      org = std::move(last);
      b = take_binding(st, req, *org, now);  // no cookie: no store access
    }
  }
  if (!org) {
    try {
      auto lock = st.store.lock();
      auto found = st.store.org_snapshot(slug);  // a read (cached): no transaction unless something is written
      if (!found) {
        auto tx = st.store.transaction();
        // Audited (a misconfigured IdP SSO URL shows up nowhere else); the
        // response itself is not read: no organization, no settings to read it by.
        AuditRecord rec = unknown_org_record(slug, now, "a response posted to the ACS");
        st.store.append_audit(rec);
        tx.commit();
        return error_page(LoginReason::login_org_unknown);
      }
      if (!found->sso.sso_enabled) {
        auto tx = st.store.transaction();
        AuditRecord rec;
        rec.time = now;
        rec.org = slug;
        rec.event = "sso_login";
        rec.outcome = AuditOutcome::refused;
        rec.reason = std::string(spelling(LoginReason::login_sso_disabled));
        rec.detail = "a response reached the ACS while SSO is off";
        st.store.append_audit(rec);
        tx.commit();
        return error_page(LoginReason::login_sso_disabled);
      }
      org = std::move(found);
      if (had_cookie) {
        auto tx = st.store.transaction();
        b = take_binding(st, req, *org, now);
        tx.commit();
      } else {
        b = take_binding(st, req, *org, now);  // writes nothing without the cookie
      }
    } catch (const sql::Error&) {
      return error_page(LoginReason::login_store_failed);
    }
  }
  return std::nullopt;
}

}  // namespace

Response acs(const Request& req, SpState& st, const std::string& slug) {
  const core::Instant now = st.clock.now();
  const bool had_cookie = !req.cookie(kBindingCookie).empty();
  std::shared_ptr<const Organization> org;  // a snapshot, used outside the lock
  Binding b;
  if (auto answer = settings_and_binding(req, st, slug, now, had_cookie, org, b)) return *answer;
  std::optional<SqliteReplayCache::Claim> claim;  // the replay check, decided in step 3
  Verdict v = judge(req, st, *org, b, claim);
  bool solicited = false;
  std::optional<Outcome<LoginOutcome>> out;
  try {
    auto lock = st.store.lock();
    auto tx = st.store.transaction();
    // A verdict never rests on settings already replaced: an admin's change
    // since step 1, or another connection's commit the lock-free snapshot
    // could not know of, has the POST judged again by the settings now in
    // force (rare: under the lock). No organization any more: sso_login
    // refuses below.
    if (auto current = st.store.org_snapshot(slug); current && current != org && current->sso != org->sso) {
      org = std::move(current);
      v = judge(req, st, *org, b, claim);
    }
    if (v.accepted && claim->noted() && !claim->record()) {
      refuse_as_replay(v, "assertion " + claim->assertion_id() + " was already used");
    }
    solicited = v.identity && !v.identity->in_response_to.empty();
    AuditRecord rec = validation_record(slug, v, b, now);
    st.store.append_audit(rec);
    if (v.accepted) {
      LoginContext ctx{solicited ? LoginFlow::sp_initiated : LoginFlow::idp_initiated, std::nullopt, now};
      if (solicited && b.request) ctx.invitation_token = b.request->invitation_token;
      out = st.accounts.sso_login(slug, *v.identity, ctx);
      if (!out->ok() && out->reason() == LoginReason::login_store_failed) return error_page(out->reason());
    }
    tx.commit();
  } catch (const sql::Error&) {
    return error_page(LoginReason::login_store_failed);
  }
  if (!v.accepted) return refused(*v.reason, had_cookie, slug, org->sso);
  if (!out->ok()) return refused(out->reason(), had_cookie, slug, org->sso);
  const LoginOutcome& login = out->result.value();
  Response res = Response::redirect(target_after(req, b, solicited), 303);
  res.set("Set-Cookie", set_cookie(session_cookie(org->sso, login.session.token, org->sso.session_lifetime)));
  if (had_cookie) res.set("Set-Cookie", set_cookie(expired(binding_cookie(slug, org->sso, "", core::Millis{0}))));
  res.set("Cache-Control", "no-store");
  return res;
}

}  // namespace samlh::sp::routes
