// The ACS transaction (acs.hpp): settings and binding, validation outside
// the lock, one commit of the verdict, the replay claim and the login.
#include "sp/accounts/acs.hpp"

#include <fmt/format.h>

#include "core/bindings.hpp"
#include "sp/accounts/audit.hpp"
#include "sp/model/secrets.hpp"

namespace samlh::sp {
namespace {

using Binding = AcsPending::Binding;

Binding no_cookie() { return {std::nullopt, "no request binding cookie", false}; }

// The AuthnRequest the cookie names, consumed on the way (single use: a
// second POST, or a POST after a failed one, finds it used).
Binding take_binding(StoreLock& db, const std::string& cookie, const Organization& org, core::Instant now) {
  auto r = db->take_authn_request(sha256_hex(cookie), now);
  if (!r) return {std::nullopt, "the binding cookie names no request", true};
  if (r->used) return {std::nullopt, "request " + r->id + " was already answered", true};
  if (r->org_id != org.id) return {std::nullopt, "request " + r->id + " belongs to another organization", true};
  if (now >= r->expires) return {std::nullopt, "request " + r->id + " expired", true};
  std::string note = "answers request " + r->id;
  return {std::move(r), std::move(note), true};
}

AuditRecord validation_record(const std::string& slug, const Verdict& v, const Binding& b, core::Instant now) {
  AuditEntry e(AuditEvent::sso_validation, now);
  e.org(slug);
  if (v.accepted) {
    e.succeeded();
  } else {
    e.refused(*v.reason);
  }
  if (v.identity) {
    e.subject(v.identity->name_id);
    e.flow(v.identity->in_response_to.empty() ? "idp_initiated" : "sp_initiated");
    e.detail(fmt::format("accepted response {} assertion {}", v.identity->response_id, v.identity->assertion_id));
  }
  for (const CheckRecord& c : v.checks) {
    if (c.status == CheckStatus::failed) e.detail(fmt::format("check {} failed: {}", c.name, c.detail));
  }
  for (core::Weakness w : v.weak) e.weak(w);
  e.note(b.note);
  return std::move(e).take();
}

// After a login: the stored target of an SP-initiated login, or the
// RelayState of an IdP-initiated one when it is a local path (Okta deep
// links, B.1 [O12]; the validator already refused any other), else /app.
std::string target_after(std::string_view form, const Binding& b, bool solicited) {
  if (solicited && b.request) return b.request->relay_state;
  // Only the RelayState pair is decoded: the SAMLResponse beside it is large
  // and already decoded once by the validator.
  while (!form.empty()) {
    const auto amp = form.find('&');
    const std::string_view pair = form.substr(0, amp);
    if (pair.rfind("RelayState=", 0) == 0) {
      if (auto f = core::parse_form(pair); f) {
        if (const std::string* rs = core::form_get(*f, "RelayState"); rs != nullptr && local_path(*rs)) return *rs;
      }
      break;
    }
    form = amp == std::string_view::npos ? std::string_view{} : form.substr(amp + 1);
  }
  return "/app";
}

AcsAnswer refused_early(const Refusal& r) {
  AcsAnswer a;
  a.refusal = r;
  return a;
}

}  // namespace

bool local_path(std::string_view s) {
  if (s.empty() || s.size() > 80 || s[0] != '/') return false;
  if (s.size() > 1 && (s[1] == '/' || s[1] == '\\')) return false;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7F || c == '\\') return false;
  }
  return true;
}

Acs::Acs(Store& store, Accounts& accounts, SqliteReplayCache& replay, core::KeyCache& keys, const core::Clock& clock,
         core::Rng& rng, AcsOptions options)
    : store_(store), accounts_(accounts), replay_(replay), keys_(keys), clock_(clock), rng_(rng), options_(options) {}

AcsAnswer Acs::consume(const AcsRequest& req) {
  AcsPending p = begin(req);
  judge(p);
  return finish(p);
}

AcsPending Acs::begin(AcsRequest req) {
  AcsPending p(std::move(req));
  p.now = clock_.now();
  p.early = settings_and_binding(p);
  return p;
}

// Step 1: the organization's snapshot and this browser's request binding,
// or the answer when there is nothing to judge (no such organization, SSO
// off, a storage failure), audited.
std::optional<AcsAnswer> Acs::settings_and_binding(AcsPending& p) {
  const std::string& slug = p.req.org;
  const bool had_cookie = !p.req.binding_cookie.empty();
  if (!had_cookie) {
    // Nothing to consume or write: the last snapshot, if there is one and it
    // has SSO on (anything else is audited under the lock below).
    if (auto last = store_.last_org_snapshot(slug); last && last->sso.sso_enabled) {
      p.org = std::move(last);
      p.binding = no_cookie();
      return std::nullopt;
    }
  }
  try {
    auto db = store_.lock();
    auto found = db->org_snapshot(slug);  // a read (cached): no transaction unless something is written
    if (!found) {
      auto tx = db->transaction();
      // Audited (a misconfigured IdP SSO URL shows up nowhere else); the
      // response itself is not read: no organization, no settings to read it by.
      AuditRecord rec = unknown_org_record(slug, p.now, "a response posted to the ACS");
      db->append_audit(rec);
      tx.commit();
      return refused_early(LoginReason::login_org_unknown);
    }
    if (!found->sso.sso_enabled) {
      auto tx = db->transaction();
      AuditRecord rec = AuditEntry(AuditEvent::sso_login, p.now)
                            .org(slug)
                            .refused(LoginReason::login_sso_disabled)
                            .note("a response reached the ACS while SSO is off")
                            .take();
      db->append_audit(rec);
      tx.commit();
      return refused_early(LoginReason::login_sso_disabled);
    }
    p.org = std::move(found);
    if (had_cookie) {
      auto tx = db->transaction();
      p.binding = take_binding(db, p.req.binding_cookie, *p.org, p.now);
      tx.commit();
    } else {
      p.binding = no_cookie();
    }
  } catch (const sql::Error&) {
    return refused_early(LoginReason::login_store_failed);
  }
  return std::nullopt;
}

core::Result<ValidatorSettings> Acs::validator_settings(const Organization& org, const Binding& b) {
  const SsoSettings& sso = org.sso;
  ValidatorSettings v = settings_for(sso.validation);
  auto certs = keys_.certificates(sso.idp_certificates);  // two during a rollover [O7] B.4
  if (!certs) return std::move(certs).failure();
  v.idp_certificates = std::move(certs).value();
  v.idp_entity_id = sso.idp_entity_id;
  v.sp_entity_id = sso.sp_entity_id;
  v.acs_url = sso.acs_url;
  v.allow_idp_initiated = sso.idp_initiated_allowed;
  if (b.request) {
    v.request_id = b.request->id;
    v.expected_relay_state = b.request->relay_state;
  } else if (b.cookie) {
    // Why a value that matches nothing: this browser started a login, but
    // its binding names no live request (used, expired, another
    // organization's, or unknown), so a solicited response is refused as
    // inresp_mismatch, while an unsolicited one is still judged by
    // allow_idp_initiated.
    v.request_id = "~unbound-" + rng_.hex(16);
  }
  // No binding cookie at all: this browser never started a login here, so
  // no request ID is known. A solicited response is refused as
  // inresp_unexpected (someone else's login posted by this browser: login
  // CSRF, PR-6), an unsolicited one is judged by allow_idp_initiated.
  v.parse_limits.max_bytes = options_.max_xml_bytes;
  if (!sso.sp_private_key.empty()) {
    auto k = keys_.key(sso.sp_private_key, sso.sp_certificate);
    if (!k) return std::move(k).failure();
    v.sp_key = std::move(k).value();
  }
  return v;
}

// The validator's verdict on this POST by `org`'s settings, its replay check
// noted in a fresh claim.
Verdict Acs::validate_by(AcsPending& p, const Organization& org) {
  p.claim.emplace(replay_);
  Verdict v;
  if (p.req.form.size() > options_.max_form_bytes) {
    v.reason = core::Reason::binding_too_large;
    v.checks.push_back({"decode", CheckStatus::failed, fmt::format("{} bytes posted", p.req.form.size())});
  } else if (auto vs = validator_settings(org, p.binding); !vs) {
    v.reason = vs.reason();
    v.checks.push_back({"settings", CheckStatus::failed, "organization keys: " + vs.failure().detail});
  } else {
    if (p.req.keep_evidence) p.evidence.emplace();
    v = validate(p.req.form, InputEncoding::form, *vs, clock_, &*p.claim, p.evidence ? &*p.evidence : nullptr);
  }
  return v;
}

void Acs::judge(AcsPending& p) {
  if (p.early) return;
  p.verdict = validate_by(p, *p.org);
}

AcsAnswer Acs::finish(AcsPending& p) {
  if (p.early) return *p.early;
  const std::string& slug = p.req.org;
  Verdict& v = p.verdict;
  AcsAnswer a;
  bool solicited = false;
  try {
    auto db = store_.lock();
    auto tx = db->transaction();
    // A verdict never rests on settings already replaced: an admin's change
    // since step 1, or another connection's commit the lock-free snapshot
    // could not know of, has the POST judged again by the settings now in
    // force (rare: under the lock). No organization any more: sso_login
    // refuses below.
    if (auto current = db->org_snapshot(slug); current && current != p.org && current->sso != p.org->sso) {
      p.org = std::move(current);
      v = validate_by(p, *p.org);
    }
    if (v.accepted && p.claim->noted() && !p.claim->record(db)) {
      refuse_as_replay(v, "assertion " + p.claim->assertion_id() + " was already used");
    }
    solicited = v.identity && !v.identity->in_response_to.empty();
    AuditRecord rec = validation_record(slug, v, p.binding, p.now);
    db->append_audit(rec);
    if (v.accepted) {
      LoginContext ctx{solicited ? LoginFlow::sp_initiated : LoginFlow::idp_initiated, std::nullopt, p.now};
      if (solicited && p.binding.request) ctx.invitation_token = p.binding.request->invitation_token;
      a.login = accounts_.sso_login(db, slug, *v.identity, ctx);
      if (!a.login->ok() && a.login->reason() == LoginReason::login_store_failed) {
        a.refusal = LoginReason::login_store_failed;  // nothing committed
        return a;
      }
    }
    tx.commit();
  } catch (const sql::Error&) {
    return refused_early(LoginReason::login_store_failed);
  }
  a.decided = true;
  a.org = p.org;
  if (!v.accepted) {
    a.refusal = Refusal(*v.reason);  // a refused verdict always names its reason
  } else if (!a.login->ok()) {
    a.refusal = a.login->reason();
  } else {
    a.next = target_after(p.req.form, p.binding, solicited);
  }
  a.verdict = std::move(v);
  a.evidence = std::move(p.evidence);
  return a;
}

}  // namespace samlh::sp
