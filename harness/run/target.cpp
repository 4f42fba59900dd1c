#include "harness/run/target.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>

#include "attacks/mutations.hpp"
#include "core/bindings.hpp"
#include "core/file_reader.hpp"
#include "core/browser/browser.hpp"
#include "core/http/url.hpp"
#include "core/metadata.hpp"
#include "harness/run/runner.hpp"
#include "harness/run/target_judge.hpp"
#include "idp-mock/tenant/config.hpp"

namespace samlh::harness {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxMetadataBytes = 1024 * 1024;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void require_url(const std::string& url, const std::string& what) {
  if (url.empty()) return;
  const auto u = core::http::parse_url(url);
  if (u && u->scheme == "https") {
    throw std::runtime_error(what + " " + url +
                             ": https is not supported yet; put the SP behind a plain-HTTP listener on loopback "
                             "(e.g. a local reverse proxy) for the test");
  }
  if (!u) throw std::runtime_error(what + " must be an http:// URL, not '" + url + "'");
}

std::string read_metadata(const std::string& source) {
  if (core::http::parse_url(source)) {
    require_url(source, "--target-sp");
    core::browser::Browser browser("metadata");
    const core::browser::Page res = browser.get(source);
    if (res.status == 0) throw std::runtime_error("cannot fetch the SP metadata from " + source + ": " + res.error);
    if (res.status != 200) {
      throw std::runtime_error("the SP metadata URL " + source + " answered HTTP " + std::to_string(res.status));
    }
    if (res.body.size() > kMaxMetadataBytes) throw std::runtime_error("the SP metadata is larger than 1 MiB");
    return res.body;
  }
  auto text = core::read_capped(source, kMaxMetadataBytes);
  if (!text) throw std::runtime_error("cannot read the SP metadata file: " + text.failure().detail);
  return std::move(text).value();
}

// The ACS a browser posts a response to: the default HTTP-POST endpoint,
// else the lowest index, else the first.
std::string post_acs(const core::SpMetadata& md) {
  const core::Endpoint* best = nullptr;
  for (const auto& e : md.acs) {
    if (e.binding != core::kBindingPost) continue;
    if (best == nullptr || (e.is_default && !best->is_default) ||
        (e.is_default == best->is_default && e.index >= 0 && (best->index < 0 || e.index < best->index))) {
      best = &e;
    }
  }
  return best == nullptr ? std::string() : best->location;
}

// assertion_or_response (the SP's configuration) as sp validate spells it.
std::string dashed(std::string s) {
  std::replace(s.begin(), s.end(), '_', '-');
  return s;
}

std::string rows_of(const Scenario& s) {
  std::string rows;
  for (const auto& row : s.rows) rows += (rows.empty() ? "" : ", ") + row;
  if (rows.empty() && !s.mutation.empty()) {
    if (const auto* m = idp::find_mutation(s.mutation)) rows = std::string(m->rows);
  }
  return rows;
}

bool is_idp_decision(const Scenario& s) {
  return s.expect.reason && s.expect.reason->get_if<idp::IdpReason>() != nullptr;
}

// Who the oracle's answer names: a JSON identity field when there is one,
// else whichever known user appears in the body (several: all of them).
std::string identity_in(const std::string& body, const std::vector<std::string>& candidates) {
  const json j = json::parse(body, nullptr, false);
  if (j.is_object()) {
    for (const char* k : {"email", "nameid", "name_id", "username", "login", "user", "subject", "sub"}) {
      if (j.contains(k) && j[k].is_string()) return j[k].get<std::string>();
    }
  }
  const std::string text = lower(body);
  std::string out;
  std::set<std::string> seen;
  for (const std::string& c : candidates) {
    const std::string lc = lower(c);
    if (c.empty() || !seen.insert(lc).second) continue;
    if (text.find(lc) != std::string::npos) out += (out.empty() ? "" : "+") + c;
  }
  return out;
}

std::vector<std::string> known_users(World& w, const Scenario& s) {
  std::vector<std::string> out;
  if (s.expect.identity) out.push_back(*s.expect.identity);
  out.push_back(s.user);
  if (!s.victim.empty()) out.push_back(s.victim);
  const ApiReply r = w.idp_api("GET", "/api/v1/users");
  if (r.body.is_array()) {
    for (const auto& u : r.body) {
      if (!u.contains("profile")) continue;
      for (const char* k : {"email", "login"}) {
        if (u["profile"].contains(k) && u["profile"][k].is_string()) out.push_back(u["profile"][k].get<std::string>());
      }
    }
  }
  return out;
}

struct Verdict {
  bool session = false;
  std::string identity;  // from the oracle
  std::string how;       // how it was decided, for the step's outcome
};

Verdict ask_oracle(World& w, Browser& b, const Scenario& s, const TargetSp& t) {
  Verdict v;
  // The oracle is asked without following redirects: a redirect to a
  // sign-in page is "not logged in", however that page answers.
  const Reply o = b.raw("GET", t.oracle, "", "", "", "application/json,text/html;q=0.9,*/*;q=0.8");
  if (o.status >= 200 && o.status < 300) {
    v.identity = identity_in(o.body, known_users(w, s));
    v.session = !v.identity.empty();
    v.how = "oracle answered " + std::to_string(o.status) +
            (v.identity.empty() ? " naming no known user" : " naming " + v.identity);
  } else {
    v.how = "oracle answered " + (o.status == 0 ? "nothing (" + o.error + ")" : std::to_string(o.status));
  }
  return v;
}

}  // namespace

TargetSp resolve_target(const TargetOptions& o) {
  if (o.oracle.empty()) {
    throw std::runtime_error("--oracle is required with --target-sp: a URL of the SP that answers 2xx naming the "
                             "logged-in user only to a logged-in browser; without it no verdict about a session "
                             "is honest");
  }
  const std::string text = read_metadata(o.metadata);
  auto md = core::parse_sp_metadata(text);
  if (!md) {
    throw std::runtime_error("the SP metadata from " + o.metadata + " is not usable SP metadata: " +
                             std::string(core::spelling(md.failure().reason)) + " (" + md.failure().detail + ")");
  }
  TargetSp t;
  t.entity_id = md->entity_id;
  t.acs = o.acs.empty() ? post_acs(*md) : o.acs;
  if (t.acs.empty()) {
    throw std::runtime_error("the SP metadata names no HTTP-POST AssertionConsumerService; give one with --acs URL");
  }
  require_url(t.acs, "the ACS");
  require_url(o.sp_login, "--sp-login");
  require_url(o.oracle, "--oracle");
  t.base = core::http::parse_url(t.acs)->origin();
  if (!md->encryption_certificates.empty()) t.encryption_pem = md->encryption_certificates.front().pem();
  t.sp_login = o.sp_login;
  t.oracle = o.oracle;
  t.attacker = o.attacker;
  t.victim = o.victim;
  if (lower(t.attacker) == lower(t.victim)) {
    throw std::runtime_error("--attacker and --victim must be two accounts, not both " + t.attacker);
  }
  t.fail_on = o.fail_on;
  t.request_timeout = o.request_timeout;
  if (!o.profile.empty()) t.profile = load_target_profile(o.profile);
  if (t.encryption_pem.empty()) t.encryption_pem = t.profile.encryption_pem;
  std::random_device rd;
  t.nonce = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  return t;
}

std::optional<std::string> target_skip_reason(const Scenario& s, const TargetSp& t) {
  if (s.kind == Kind::lifecycle) {
    return "lifecycle scenarios drive the harness's own SP (its admin API and audit log)";
  }
  if (is_idp_decision(s)) return "decided by the IdP before any response reaches the SP";
  if (!s.request_mutation.empty()) {
    return "mutates the AuthnRequest in transit, which the IdP judges, not the SP";
  }
  std::string settings;
  const TargetProfile& p = t.profile;
  for (const auto& [k, v] : s.sp.values) {
    if (k == "decryption_key" && v == "true" && !t.encryption_pem.empty()) continue;
    if (k == "decryption_key" && v == "true") {
      return "needs an encryption key, and the target's metadata offers none";
    }
    // A setting the declared profile (--sp-profile) matches runs against it.
    const json j = json::parse(v, nullptr, false);
    const bool on = j.is_boolean() && j.get<bool>();
    const auto secs = [&](const std::optional<core::Millis>& d) {
      return d && j.is_number_integer() && d->count() == j.get<long long>() * 1000;
    };
    if ((k == "allow_sha1" && on == p.allow_sha1) || (k == "allow_rsa_1_5" && on == p.allow_rsa15) ||
        (k == "allow_3des" && on == p.allow_3des) ||
        (k == "require_gcm" && on == p.require_gcm) || (k == "idp_initiated_allowed" && on == p.idp_initiated) ||
        (k == "signing_policy" && j.is_string() && dashed(j.get<std::string>()) == p.signing_policy) ||
        (k == "skew_seconds" && secs(p.skew)) || (k == "max_issue_age_seconds" && secs(p.max_age))) {
      continue;
    }
    settings += (settings.empty() ? "" : ", ") + k + ": " + v;
  }
  if (!settings.empty()) {
    return "assumes SP settings the target has not declared (" + settings + ")";
  }
  if (s.app.values.count("assertion_encryption") != 0 && t.encryption_pem.empty()) {
    const json e = json::parse(s.app.values.at("assertion_encryption"), nullptr, false);
    if (e.is_object() && e.value("enabled", false)) {
      return "needs an encryption key, and the target's metadata offers none";
    }
  }
  return std::nullopt;
}

// The scenario as it runs against the target: whoever it logs in as is the
// attacker (the victim stays the victim), its victim the target's victim.
Scenario as_target(const Scenario& s, const TargetSp& t) {
  Scenario m = s;
  m.user = s.user == kOrgOwner ? t.victim : t.attacker;
  m.victim = t.victim;
  if (m.expect.identity) m.expect.identity = *m.expect.identity == kOrgOwner ? t.victim : t.attacker;
  return m;
}

ScenarioResult run_target_scenario(const Scenario& original, World& w, const TargetSp& t) {
  ScenarioResult r;
  if (auto why = target_skip_reason(original, t)) {
    r.skipped = true;
    r.skip_reason = *why;
    return r;
  }
  const Scenario s = as_target(original, t);
  if (auto refused = apply_app_settings(s, w)) {
    r.error = *refused;
    return r;
  }
  const std::uint64_t idp0 = idp_last_seq(w);
  Browser& b = w.browser(s.user);
  NavigateOptions nav;
  nav.credentials = Credentials{s.user, "demo"};
  nav.stop_before_saml_response = true;
  const bool sp_initiated = s.flow == Flow::sp_initiated && !t.sp_login.empty();
  StepRecord step;
  step.index = 1;
  step.at = w.now();
  step.description = std::string(sp_initiated ? "SP-initiated" : "IdP-initiated") + " login at the target as " +
                     s.user + (s.mutation.empty() ? "" : ", response mutated by " + s.mutation) +
                     (s.flow == Flow::sp_initiated && !sp_initiated ? " (the scenario is SP-initiated; no --sp-login)"
                                                                    : "");
  Page page = b.navigate(sp_initiated ? t.sp_login : w.idp_initiated_url(), nav);
  Browser* judged = &b;
  std::vector<Browser*> used{&b};  // whose evidence goes in the step
  Verdict v;
  Observed seen;
  seen.attacker = t.attacker;
  seen.victim = t.victim;
  if (!page.pending_saml_post) {
    const auto reason = idp_refusal(w, idp0);
    v.how = reason ? "the IdP refused: " + std::string(core::spelling(*reason))
                   : "no SAMLResponse came back (last page " + page.url + ", HTTP " + std::to_string(page.status) +
                         (page.error.empty() ? "" : ", " + page.error) + ")";
    r.error = v.how;
  } else {
    const Form held = *page.pending_saml_post;
    const auto to = core::http::parse_url(held.action);
    if (!to || lower(to->origin()) != lower(t.base)) {
      // The scenario's app settings sent the response elsewhere (e.g. to a
      // Single sign-on URL the SP's request did not override): the SP was
      // never asked, so there is nothing to judge.
      r.skipped = true;
      r.skip_reason = "the IdP sent the response to " + held.action + ", not to the target's ACS " + t.acs +
                      " (the SP's AuthnRequest named no AssertionConsumerServiceURL the app's settings send to): "
                      "the SP was never asked";
      return r;
    }
    const std::size_t log0 = w.target_log().size();
    if (s.mutation.empty()) {
      if (const std::string* rs = core::form_get(held.fields, "RelayState")) seen.relay_sent = *rs;
      page = b.submit(held);
    } else {
      try {
        Delivery d = deliver_mutated(w, s, b, held, step);
        page = std::move(d.page);
        judged = d.judged;
        used = std::move(d.used);
        seen.relay_sent = d.relay_state;
      } catch (const std::exception& e) {
        r.error = e.what();
        return r;
      }
    }
    seen.exchanges.assign(w.target_log().begin() + static_cast<std::ptrdiff_t>(log0), w.target_log().end());
    v = ask_oracle(w, *judged, s, t);
  }
  seen.session = v.session;
  seen.identity = v.identity;
  seen.oracle = v.how;
  step.outcome = std::string(v.session ? "accepted" : "refused") + " (" + v.how + ")";
  for (Browser* u : used) {
    for (auto& ev : u->take_evidence()) step.evidence.push_back(std::move(ev));
  }
  r.steps.push_back(std::move(step));
  if (!r.error.empty()) return r;
  r.finding = judge_gain(s, t, seen, r.note);
  if (r.finding) {
    r.finding->severity = severity_of(r.finding->gain);
    r.finding->rows = rows_of(original);
  }
  const std::string bar = "no finding at or above " + std::string(spelling(t.fail_on));
  const bool fails = r.finding && r.finding->severity >= t.fail_on;
  r.check("what the attacker gains", bar,
          fails ? std::string(spelling(r.finding->gain)) + " (" + std::string(spelling(r.finding->severity)) + "): " +
                      r.finding->seen
                : bar,
          s.expect.line);
  return r;
}

namespace {
std::unique_ptr<World> info_world(const WorldOptions& w) {
  Scenario s;
  s.name = "target-info";
  // A target world (the IdP on its own host, as a run sees it) whose
  // target is the default SP's address: only the IdP is asked.
  WorldOptions plain = w;
  auto t = std::make_shared<TargetSp>();
  t->base = "http://127.0.0.1:8081";
  t->entity_id = t->base + "/sso/acme/metadata";
  t->acs = t->base + "/sso/acme/acs";
  plain.target = std::move(t);
  plain.live = false;
  return std::make_unique<World>(s, plain);
}
}  // namespace

std::string target_idp_metadata(const WorldOptions& w) {
  auto world = info_world(w);
  const ApiReply md = world->idp_api("GET", world->idp_metadata_url().substr(world->idp_base().size()));
  if (md.status != 200) throw std::runtime_error("the IdP has no metadata for app hotjar: " + md.text);
  return md.text;
}

std::string target_info_text(const WorldOptions& w) {
  auto world = info_world(w);
  const ApiReply md = world->idp_api("GET", world->idp_metadata_url().substr(world->idp_base().size()));
  auto idp = core::parse_idp_metadata(md.text);
  if (!idp) throw std::runtime_error("the IdP metadata does not parse: " + idp.failure().detail);
  std::ostringstream o;
  o << "The harness plays this IdP against a target SP (harness run --target-sp ...).\n"
    << "Configure the SP to trust it: `harness target-info --metadata > idp-metadata.xml` writes the metadata.\n\n"
    << "  IdP entity ID        " << idp->entity_id << "\n";
  for (const auto& e : idp->sso) {
    o << "  SSO URL (" << (e.binding == core::kBindingPost ? "POST" : "Redirect") << ")"
      << std::string(e.binding == core::kBindingPost ? 6 : 2, ' ') << e.location << "\n";
  }
  o << "  signing certificate  " << (idp->signing_certificates.empty() ? "-" : idp->signing_certificates.front().subject())
    << " (certs/idp.crt, TEST ONLY)\n"
    << "  NameID               EmailAddress format, the user's email\n"
    << "  attributes           email, firstName, lastName, groups\n\n"
    << "Nothing needs to listen on " << world->idp_base()
    << ": the harness's browser answers the IdP's URLs itself, so an SP\n"
    << "that redirects there (SP-initiated, --sp-login) reaches the harness, not the network.\n\n"
    << "The SP must give two identities an account (password \"demo\" at this IdP):\n"
    << "  attacker  mallory@acme.test  a real, low-privilege account (--attacker EMAIL overrides it)\n"
    << "  victim    carol@acme.test    the account the attacks try to become (--victim EMAIL overrides it)\n"
    << "Both are needed: every attack logs in as the attacker, so an attacker without an account is refused\n"
    << "for that reason alone and no attack tests anything; a session as the victim is the takeover the\n"
    << "attacks look for. An email the IdP does not know is added to it for the run.\n\n"
    << "The run starts with positive controls (exit 2 if one fails): a plain login of each identity must\n"
    << "give a session as that identity per --oracle, and a logged-out browser must get another answer.\n"
    << "The SP's cookies and the IdP's never share a host: a cookie that binds the SP's request to the\n"
    << "browser must be SameSite=None (Secure; loopback counts as secure) to come back with the IdP's\n"
    << "cross-site POST, as in a real browser.\n";
  return o.str();
}

}  // namespace samlh::harness
