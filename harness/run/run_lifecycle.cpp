// Lifecycle scenarios: a timeline of IdP directory changes, SP admin actions,
// logins and clock advances on a virtual clock, with expectations after any
// step. Every IdP change is also reported to the SP's IdP-event observer
// (what a SCIM feed would carry); the SP records gaps and changes nothing.
// In the with_scim variant (a what-if: Hotjar offers no SCIM, E.4) the
// change is provisioned instead: idp-mock's SCIM client sends it to the
// SP's SCIM service within the step, and the step ends when it is done.
#include <map>
#include <set>

#include "core/bindings.hpp"
#include "harness/run/runner.hpp"

namespace samlh::harness {
namespace {

using nlohmann::json;

// "/api/v1/apps/hotjar" + rest: the IdP control API of app kApp.
std::string app_path(const std::string& rest) { return "/api/v1/apps/" + std::string(kApp) + rest; }

std::string owner() { return std::string(kOrgOwner); }

struct UserView {
  std::string email;
  std::string status;
  std::set<std::string> groups;
  bool assigned = false;
};

// The IdP's directory as the SP would have learned it from SCIM.
std::map<std::string, UserView> snapshot(World& w) {
  std::map<std::string, UserView> out;
  const ApiReply users = w.idp_api("GET", "/api/v1/users");
  if (users.body.is_array()) {
    for (const auto& u : users.body) {
      UserView v;
      v.email = u["profile"].value("email", "");
      v.status = u.value("status", "");
      for (const auto& g : u.value("groups", json::array())) v.groups.insert(g.get<std::string>());
      out[u["profile"].value("login", "")] = v;
    }
  }
  const ApiReply assigned = w.idp_api("GET", app_path("/users"));
  if (assigned.body.is_array()) {
    for (const auto& u : assigned.body) out[u["profile"].value("login", "")].assigned = true;
  }
  return out;
}

void observe(World& w, const std::string& kind, const std::string& email, const json& extra, StepRecord& st) {
  json body{{"kind", kind}, {"email", email}, {"at", core::format_saml_time(w.now())}};
  for (const auto& [k, v] : extra.items()) body[k] = v;
  const ApiReply r = w.org_auditor_api("POST", "/idp-events", body);
  st.evidence.push_back(Evidence{"SP observes IdP event " + kind + " " + email, r.text});
}

// Differences between two snapshots, as IdP events for the SP.
void report_changes(World& w, const std::map<std::string, UserView>& before,
                    const std::map<std::string, UserView>& after, StepRecord& st) {
  for (const auto& [login, a] : after) {
    const auto it = before.find(login);
    const UserView b = it == before.end() ? UserView{} : it->second;
    const std::string& email = b.email.empty() ? a.email : b.email;
    if (a.status != b.status && !b.status.empty()) {
      if (a.status == "DEPROVISIONED") observe(w, "deactivated", email, json::object(), st);
      else if (a.status == "SUSPENDED") observe(w, "suspended", email, json::object(), st);
      else if (a.status == "ACTIVE") observe(w, "reactivated", email, json::object(), st);
    }
    if (a.email != b.email && !b.email.empty()) observe(w, "email_changed", b.email, json{{"new_email", a.email}}, st);
    if (a.groups != b.groups && it != before.end()) {
      observe(w, "groups_changed", a.email, json{{"groups", std::vector<std::string>(a.groups.begin(), a.groups.end())}}, st);
    }
    if (a.assigned && !b.assigned) observe(w, "assigned", a.email, json::object(), st);
    // A deactivation removes the user's assignments [O18][O19]: one event,
    // the deactivation, as a SCIM feed would send (active: false).
    const bool deactivated_now = a.status == "DEPROVISIONED" && b.status != "DEPROVISIONED";
    if (!a.assigned && b.assigned && !deactivated_now) observe(w, "unassigned", a.email, json::object(), st);
  }
}

// The SP's JSON errors carry the reason spelling in "error".
std::string reason_in(const nlohmann::json& body, int status) {
  for (const char* k : {"error", "reason"}) {
    if (body.is_object() && body.contains(k) && body[k].is_string()) return body[k].get<std::string>();
  }
  return status == 0 ? "transport error" : "HTTP " + std::to_string(status);
}

struct Ctx {
  World& w;
  ScenarioResult& result;
  std::map<std::string, std::string> invitation_tokens;  // email -> latest token
  std::int64_t seq0 = 0;
};

struct StepOutcome {
  std::optional<Outcome> outcome;
  std::optional<AnyReason> reason;
  std::vector<sp::Gap> gaps;
  std::optional<sp::Role> role;
  std::string text;
};

StepOutcome from_api(const ApiReply& r) {
  StepOutcome o;
  o.outcome = r.status / 100 == 2 ? Outcome::accepted : Outcome::refused;
  if (o.outcome == Outcome::refused) o.reason = any_reason_from_spelling(reason_in(r.body, r.status));
  if (r.body.is_object() && r.body.contains("gaps")) {
    for (const auto& g : r.body["gaps"]) {
      if (auto gap = sp::gap_from_spelling(g.get<std::string>())) o.gaps.push_back(*gap);
    }
  }
  o.text = std::string(spelling(*o.outcome)) + (o.reason ? ": " + std::string(core::spelling(*o.reason)) : "");
  return o;
}

StepOutcome run_idp(Ctx& c, const Action& a, StepRecord& st) {
  World& w = c.w;
  const auto before = snapshot(w);
  ApiReply r;
  const std::string login = a.fields.count("login") ? a.fields.at("login") : "";
  const std::string user_path = "/api/v1/users/" + login;
  switch (a.idp_verb) {
    case IdpVerb::create_user: {
      json u{{"login", login}, {"email", a.fields.count("email") ? a.fields.at("email") : login},
             {"password", a.fields.count("password") ? a.fields.at("password") : "demo"},
             {"firstName", a.fields.count("first_name") ? a.fields.at("first_name") : "New"},
             {"lastName", a.fields.count("last_name") ? a.fields.at("last_name") : "Hire"}};
      r = w.idp_api("POST", "/api/v1/users", u);
      for (const auto& g : a.list) w.idp_api("PUT", "/api/v1/groups/" + g + "/users/" + login);
      break;
    }
    case IdpVerb::deactivate:
    case IdpVerb::reactivate:
    case IdpVerb::suspend:
    case IdpVerb::unsuspend:
      r = w.idp_api("POST", user_path + "/lifecycle/" + a.verb);
      break;
    case IdpVerb::assign:
    case IdpVerb::unassign: {
      const std::string method = a.idp_verb == IdpVerb::assign ? "PUT" : "DELETE";
      r = a.fields.count("group") ? w.idp_api(method, app_path("/groups/" + a.fields.at("group")))
                                  : w.idp_api(method, app_path("/users/" + login));
      break;
    }
    case IdpVerb::rename_email:
      r = w.idp_api("POST", user_path, json{{"email", a.fields.at("email")}});
      break;
    case IdpVerb::rename_login:
      r = w.idp_api("POST", user_path, json{{"login", a.fields.at("new_login")}});
      break;
    case IdpVerb::set_groups: {
      const std::set<std::string> want(a.list.begin(), a.list.end());
      const auto it = before.find(login);
      const std::set<std::string> have = it == before.end() ? std::set<std::string>{} : it->second.groups;
      r.status = 200;
      for (const auto& g : have) {
        if (!want.count(g) && g != "Everyone") r = w.idp_api("DELETE", "/api/v1/groups/" + g + "/users/" + login);
      }
      for (const auto& g : want) {
        if (have.count(g)) continue;
        r = w.idp_api("PUT", "/api/v1/groups/" + g + "/users/" + login);
        if (r.status == 404) {  // a group the tenant does not have yet: create it, as an Okta admin would
          w.idp_api("POST", "/api/v1/groups", json{{"name", g}, {"description", "created by the scenario"}});
          r = w.idp_api("PUT", "/api/v1/groups/" + g + "/users/" + login);
        }
      }
      break;
    }
    case IdpVerb::app_settings: {
      json s = json::object();
      for (const auto& [k, v] : a.settings.values) s[k] = json::parse(v);
      r = w.set_app_settings(s);
      break;
    }
    case IdpVerb::rotate_certificate:
      r = w.idp_api("POST", app_path("/credentials/keys/generate?validityYears=10"));
      if (r.body.is_object() && r.body.contains("kid")) {
        r = w.idp_api("POST", app_path("/credentials/keys/" + r.body["kid"].get<std::string>() + "/activate"));
      }
      break;
  }
  st.evidence.push_back(Evidence{"IdP control API: " + a.verb + " " + login, r.text.substr(0, 800)});
  if (w.provisioned()) {
    std::string log;
    for (const std::string& line : w.settle_provisioning()) log += line + "\n";
    st.evidence.push_back(Evidence{"SCIM provisioning (what-if)", log.empty() ? "no request" : log});
  } else {
    report_changes(w, before, snapshot(w), st);
  }
  StepOutcome o;
  o.outcome = r.status / 100 == 2 ? Outcome::accepted : Outcome::refused;
  o.text = r.status / 100 == 2 ? "ok" : "IdP answered HTTP " + std::to_string(r.status) + ": " + r.text.substr(0, 200);
  return o;
}

// A password login or sign-up at the SP's own form (no SSO).
StepOutcome password_form(World& w, SpVerb verb, const std::string& email, const std::string& password,
                          StepRecord& st) {
  Browser& b = w.browser(email);
  const std::string path = verb == SpVerb::signup ? "/signup" : "/login";
  const std::int64_t seq = w.last_audit_seq();
  const Reply rep = b.raw("POST", w.sp_base() + path,
                          core::form_encode({{"org", std::string(kOrg)}, {"email", email}, {"password", password}}),
                          "application/x-www-form-urlencoded", w.sp_base() + path, "application/json");
  for (auto& e : b.take_evidence()) st.evidence.push_back(std::move(e));
  StepOutcome o;
  o.outcome = rep.status / 100 == 2 || rep.status / 100 == 3 ? Outcome::accepted : Outcome::refused;
  if (o.outcome == Outcome::refused) {
    o.reason = any_reason_from_spelling(reason_in(json::parse(rep.body, nullptr, false), rep.status));
  }
  o.gaps = gaps_since(w, seq);
  o.text = std::string(spelling(*o.outcome)) + (o.reason ? ": " + std::string(core::spelling(*o.reason)) : "");
  return o;
}

// The token of the pending invitation for `email`: the one this run made,
// else the SP's list.
std::string pending_token(Ctx& c, const std::string& email) {
  if (auto it = c.invitation_tokens.find(email); it != c.invitation_tokens.end() && !it->second.empty()) {
    return it->second;
  }
  std::string token;
  const ApiReply inv = c.w.org_auditor_api("GET", "/invitations");
  for (const auto& i : inv.body.value("invitations", json::array())) {
    if (i.value("email", "") == email && i.value("status", "") == "pending") token = i.value("token", "");
  }
  return token;
}

StepOutcome run_sp(Ctx& c, const Action& a, StepRecord& st) {
  World& w = c.w;
  const auto f = [&](const char* k) { return a.fields.count(k) ? a.fields.at(k) : std::string{}; };
  const std::string by = f("by");
  ApiReply r;
  switch (a.sp_verb) {
    case SpVerb::invite:
      r = w.org_api("POST", "/invitations", by, json{{"email", f("email")}, {"role", f("role")}});
      if (r.body.is_object() && r.body.contains("invitation")) {
        c.invitation_tokens[f("email")] = r.body["invitation"].value("token", "");
      }
      break;
    case SpVerb::revoke: {
      const std::string token = pending_token(c, f("email"));
      r = w.org_api("DELETE", "/invitations/" + (token.empty() ? std::string("unknown") : token), by);
      break;
    }
    case SpVerb::change_role:
      r = w.org_api("PUT", "/members/" + f("email") + "/role", by, json{{"role", f("role")}});
      break;
    case SpVerb::remove:
      r = w.org_api("DELETE", "/members/" + f("email"), by);
      break;
    case SpVerb::transfer_owner:
      r = w.org_api("POST", "/owner", by, json{{"email", f("to")}});
      break;
    case SpVerb::set_sso: {
      json body = json::object();
      for (const char* k : {"enabled", "enforced", "idp_initiated_allowed"}) {
        if (a.fields.count(k)) body[k] = a.fields.at(k) == "true";
      }
      r = w.org_api("PUT", "/sso", by, body);
      break;
    }
    case SpVerb::expire_invitations:
      r = w.org_api("POST", "/invitations/expire", owner());
      break;
    case SpVerb::password_login:
    case SpVerb::signup:
      return password_form(w, a.sp_verb, f("email"), f("password"), st);
  }
  st.evidence.push_back(Evidence{"SP admin API: " + a.verb + " by " + by, r.text.substr(0, 800)});
  return from_api(r);
}

StepOutcome run_login(Ctx& c, const Action& a, StepRecord& st) {
  World& w = c.w;
  const std::string user = a.fields.at("user");
  Browser& b = w.browser(user);
  NavigateOptions nav;
  nav.credentials = Credentials{user, a.fields.count("password") ? a.fields.at("password") : "demo"};
  std::string url;
  const std::string relay = a.fields.count("relay_state") ? a.fields.at("relay_state") : "";
  const std::string via = a.fields.count("via_invitation") ? a.fields.at("via_invitation") : "false";
  const bool passive = a.fields.count("passive") && a.fields.at("passive") == "true";
  if (via == "made_up") {
    // A link whose token the SP never issued (mistyped, or invented).
    url = w.sp_invite_url("made-up-invitation-token");
  } else if (via != "false") {
    // The invitation addressed to the user's current IdP email, or to the
    // email named (someone else's link).
    std::string email = via;
    if (via == "true") {
      const ApiReply u = w.idp_api("GET", "/api/v1/users/" + user);
      email = u.body.is_object() ? u.body["profile"].value("email", user) : user;
    }
    std::string token;
    const ApiReply inv = w.org_auditor_api("GET", "/invitations");
    for (const auto& i : inv.body.value("invitations", json::array())) {
      if (i.value("email", "") == email) token = i.value("token", "");  // the latest one
    }
    url = w.sp_invite_url(token.empty() ? "none" : token);
  } else if (a.fields.count("flow") && a.fields.at("flow") == "idp_initiated") {
    url = w.idp_initiated_url() + (relay.empty() ? "" : "?RelayState=" + core::url_encode(relay));
  } else {
    std::string query = relay.empty() ? "" : "RelayState=" + core::url_encode(relay);
    if (passive) query += std::string(query.empty() ? "" : "&") + "passive=1";
    url = w.sp_login_url() + (query.empty() ? "" : "?" + query);
  }
  const std::int64_t seq = w.last_audit_seq();
  const std::uint64_t idp_seq = idp_last_seq(w);
  const Page page = b.navigate(url, nav);
  const LoginJudgement j = judge_login(w, seq, idp_seq, page);
  StepOutcome o;
  o.outcome = j.outcome;
  o.reason = j.reason;
  o.gaps = j.gaps;
  if (j.outcome == Outcome::accepted) {
    const Page app = b.get(w.sp_app_url());
    const json who = json::parse(app.body, nullptr, false);
    if (who.is_object()) o.role = sp::role_from_spelling(who.value("role", ""));
  }
  for (auto& e : b.take_evidence()) st.evidence.push_back(std::move(e));
  o.text = std::string(spelling(j.outcome)) + (j.reason ? ": " + std::string(core::spelling(*j.reason)) : "") + " (" +
           j.where + ")";
  return o;
}

StepOutcome run_visit(Ctx& c, const std::string& user, bool logout, StepRecord& st) {
  World& w = c.w;
  Browser& b = w.browser(user);
  const std::int64_t seq = w.last_audit_seq();
  StepOutcome o;
  if (logout) {
    // The SP's logout: its session ends, and with the IdP's Single Logout
    // configured (assumption single_logout) the IdP's session too.
    const Page p = b.get(w.sp_base() + "/sso/acme/slo");
    o.outcome = p.status / 100 == 2 ? Outcome::accepted : Outcome::refused;
  } else {
    const Page p = b.get(w.sp_app_url());
    const json body = json::parse(p.body, nullptr, false);
    o.outcome = p.status == 200 ? Outcome::accepted : Outcome::refused;
    if (o.outcome == Outcome::refused) o.reason = any_reason_from_spelling(reason_in(body, p.status));
    if (o.outcome == Outcome::accepted && body.is_object()) o.role = sp::role_from_spelling(body.value("role", ""));
  }
  o.gaps = gaps_since(w, seq);
  for (auto& e : b.take_evidence()) st.evidence.push_back(std::move(e));
  o.text = std::string(spelling(*o.outcome)) + (o.reason ? ": " + std::string(core::spelling(*o.reason)) : "");
  return o;
}

void check_state(Ctx& c, const Expectation& e, int step_no) {
  World& w = c.w;
  ScenarioResult& r = c.result;
  const std::string at = "step " + std::to_string(step_no) + " ";
  if (e.member) {
    const ApiReply roster = w.auditor_api("GET", "/api/roster/" + std::string(kOrg));
    std::optional<std::string> role;
    for (const auto& m : roster.body.value("members", json::array())) {
      if (m.value("email", "") == *e.member) role = m.value("role", "");
    }
    if (e.present) r.check(at + "member " + *e.member + " present", *e.present ? "true" : "false", role ? "true" : "false", e.line_of("present"));
    if (e.role) r.check(at + "member " + *e.member + " role", std::string(sp::spelling(*e.role)), role.value_or("not a member"), e.line_of("role"));
  }
  if (e.invitation) {
    const ApiReply inv = w.org_auditor_api("GET", "/invitations");
    std::string state = "none";
    for (const auto& i : inv.body.value("invitations", json::array())) {
      if (i.value("email", "") == *e.invitation) state = i.value("status", "none");  // latest wins
    }
    r.check(at + "invitation " + *e.invitation, *e.invitation_state, state, e.line_of("state"));
  }
  if (e.session) {
    Browser& b = w.browser(*e.session);
    const Page p = b.get(w.sp_app_url());
    b.take_evidence();
    r.check(at + "session of " + *e.session + " alive", *e.alive ? "true" : "false", p.status == 200 ? "true" : "false",
            e.line_of("alive"));
  }
  if (!e.gaps_recorded.empty()) {
    const std::vector<sp::Gap> all = gaps_since(w, c.seq0);
    std::vector<sp::Gap> missing;
    for (sp::Gap g : e.gaps_recorded) {
      if (std::find(all.begin(), all.end(), g) == all.end()) missing.push_back(g);
    }
    r.check(at + "gaps recorded so far include " + describe(e.gaps_recorded), "none missing",
            missing.empty() ? "none missing" : "missing " + describe(missing), e.line_of("gaps_recorded"));
  }
}

}  // namespace

ScenarioResult run_lifecycle_scenario(const Scenario& s, World& w) {
  ScenarioResult r;
  Ctx c{w, r, {}, w.last_audit_seq()};
  std::map<std::string, core::Instant> label_times;
  int n = 0;
  for (const Step& step : s.steps) {
    ++n;
    StepRecord st;
    st.index = n;
    st.at = w.now();
    const std::int64_t seq_before = w.last_audit_seq();
    StepOutcome o;
    const Action& a = step.action;
    switch (a.type) {
      case Action::Type::idp:
        st.description = "IdP: " + a.verb + " " + (a.fields.count("login") ? a.fields.at("login") : "");
        o = run_idp(c, a, st);
        break;
      case Action::Type::sp:
        st.description = "SP: " + a.verb + " " + (a.fields.count("email") ? a.fields.at("email") : "");
        o = run_sp(c, a, st);
        break;
      case Action::Type::login:
        st.description = "login: " + a.fields.at("user");
        o = run_login(c, a, st);
        break;
      case Action::Type::logout:
        st.description = "logout: " + a.fields.at("user");
        o = run_visit(c, a.fields.at("user"), true, st);
        break;
      case Action::Type::visit:
        st.description = "visit the app: " + a.fields.at("user");
        o = run_visit(c, a.fields.at("user"), false, st);
        break;
      case Action::Type::advance:
        w.advance(a.duration);
        st.description = "advance " + format_duration(a.duration) + " to " + core::format_saml_time(w.now());
        o.text = "ok";
        break;
      case Action::Type::none:
        st.description = "check";
        o.text = "-";
        break;
    }
    if (!step.label.empty()) label_times[step.label] = st.at;
    // The gaps of a step: every gap code the SP recorded while it ran.
    o.gaps = gaps_since(w, seq_before);
    st.outcome = o.text;
    st.gaps = o.gaps;
    if (const Expectation* chosen = applicable(step.expect, step.alternatives, w.assumed())) {
      const Expectation& e = *chosen;
      const std::string at = "step " + std::to_string(n) + " ";
      if (e.outcome) {
        std::string got = o.outcome ? std::string(spelling(*o.outcome)) : "none";
        if (o.outcome && e.outcome != o.outcome && step.action.fields.count("user")) {
          got = outcome_words(w, *o.outcome, o.reason, step.action.fields.at("user"));
        }
        r.check(at + "outcome", std::string(spelling(*e.outcome)), got, e.line_of("outcome"));
      }
      if (e.reason) r.check(at + "reason", std::string(core::spelling(*e.reason)), o.reason ? std::string(core::spelling(*o.reason)) : "none", e.line_of("reason"));
      if (e.gaps) r.check(at + "gaps", describe(*e.gaps), describe(o.gaps), e.line_of("gaps"));
      if (e.role && !e.member) r.check(at + "role", std::string(sp::spelling(*e.role)), o.role ? std::string(sp::spelling(*o.role)) : "none", e.line_of("role"));
      check_state(c, e, n);
      if (e.reconcile) check_reconcile(w, r, e, n, st);
    }
    r.steps.push_back(std::move(st));
  }
  if (s.report.risk_window) {
    const auto& [from, to] = *s.report.risk_window;
    if (label_times.count(from) && label_times.count(to)) {
      r.risk_window = std::chrono::duration_cast<core::Millis>(label_times.at(to) - label_times.at(from));
    }
  }
  r.gaps_recorded = gaps_since(w, c.seq0);
  return r;
}

}  // namespace samlh::harness
