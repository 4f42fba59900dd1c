#include "harness/report/explain.hpp"

#include <sstream>

#include "attacks/mutations.hpp"
#include "harness/report/reports.hpp"

namespace samlh::harness {
namespace {

std::string field(const Action& a, const char* k) { return a.fields.count(k) ? a.fields.at(k) : std::string{}; }

std::string action_words(const Action& a) {
  switch (a.type) {
    case Action::Type::idp: {
      const std::string who = field(a, "login").empty() ? field(a, "group") : field(a, "login");
      if (a.verb == "create_user") return "at the IdP, create the user " + who;
      if (a.verb == "rename_email") return "at the IdP, change " + who + "'s email to " + field(a, "email");
      if (a.verb == "rename_login") return "at the IdP, change " + who + "'s Okta username to " + field(a, "new_login");
      if (a.verb == "set_groups") {
        std::string g;
        for (const auto& x : a.list) g += (g.empty() ? "" : ", ") + x;
        return "at the IdP, set " + who + "'s groups to [" + g + "]";
      }
      if (a.verb == "app_settings") {
        std::string s;
        for (const auto& [k, v] : a.settings.values) s += (s.empty() ? "" : ", ") + k + "=" + v;
        return "at the IdP, change the Hotjar app settings: " + s;
      }
      if (a.verb == "rotate_certificate") return "at the IdP, generate and activate a new signing certificate";
      return "at the IdP, " + a.verb + " " + (field(a, "group").empty() ? who : "group " + who);
    }
    case Action::Type::sp: {
      const std::string by = field(a, "by").empty() ? "" : " (by " + field(a, "by") + ")";
      if (a.verb == "invite") return "in the SP, invite " + field(a, "email") + " as " + field(a, "role") + by;
      if (a.verb == "change_role") return "in the SP, change " + field(a, "email") + "'s role to " + field(a, "role") + by;
      if (a.verb == "transfer_owner") return "in the SP, transfer ownership to " + field(a, "to") + by;
      if (a.verb == "password_login") return field(a, "email") + " signs in to the SP with a password";
      if (a.verb == "signup") return field(a, "email") + " signs up to the SP without an invitation";
      if (a.verb == "expire_invitations") return "the SP expires lapsed invitations";
      if (a.verb == "set_sso") {
        std::string s;
        for (const char* k : {"enabled", "enforced", "idp_initiated_allowed"}) {
          if (!field(a, k).empty()) s += (s.empty() ? "" : ", ") + std::string(k) + "=" + field(a, k);
        }
        return "in the SP, set SSO " + s + by;
      }
      return "in the SP, " + a.verb + " " + field(a, "email") + by;
    }
    case Action::Type::login: {
      const std::string inv = field(a, "via_invitation");
      std::string how = inv == "true"        ? "through the invitation link"
                        : inv == "made_up"   ? "through a made-up invitation link"
                        : inv.find('@') != std::string::npos ? "through the invitation link sent to " + inv
                        : field(a, "flow") == "idp_initiated" ? "from the Okta dashboard (IdP-initiated)"
                                                               : "from the SP's login page (SP-initiated)";
      if (field(a, "passive") == "true") how += ", silently (IsPassive: no sign-in page allowed)";
      return field(a, "user") + " signs in with SSO " + how;
    }
    case Action::Type::logout: return field(a, "user") + " logs out of the SP";
    case Action::Type::visit: return field(a, "user") + " opens the SP app with the browser session they have";
    case Action::Type::advance: return "time passes: " + format_duration(a.duration);
    case Action::Type::none: return "check";
  }
  return "";
}

std::string expect_words(const Expectation& e) {
  std::string w;
  auto add = [&](const std::string& s) { w += (w.empty() ? "" : "; ") + s; };
  if (e.outcome) add(std::string(spelling(*e.outcome)) + (e.reason ? " (" + std::string(core::spelling(*e.reason)) + ")" : ""));
  if (e.role && !e.member) add("role " + std::string(sp::spelling(*e.role)));
  if (e.gaps) {
    std::string g;
    for (auto x : *e.gaps) g += (g.empty() ? "" : ", ") + std::string(sp::spelling(x));
    add("gaps recorded: [" + g + "]");
  }
  if (e.member) {
    add(*e.member + (e.present ? (*e.present ? " is a member" : " is not a member") : "") +
        (e.role ? " with role " + std::string(sp::spelling(*e.role)) : ""));
  }
  if (e.invitation) add("invitation for " + *e.invitation + " is " + *e.invitation_state);
  if (e.session) add(*e.session + "'s SP session is " + (*e.alive ? "alive" : "gone"));
  if (!e.gaps_recorded.empty()) {
    std::string g;
    for (auto x : e.gaps_recorded) g += (g.empty() ? "" : ", ") + std::string(sp::spelling(x));
    add("by now the audit log holds [" + g + "]");
  }
  if (e.reconcile) {
    std::string f;
    for (const auto& x : *e.reconcile) f += (f.empty() ? "" : ", ") + x.kind + " " + x.subject;
    add("reconciling both sides' exports reports " + (f.empty() ? std::string("nothing") : "exactly [" + f + "]"));
  }
  if (e.identity) add("identity " + *e.identity);
  if (e.weak) add(std::to_string(e.weak->size()) + " weak option(s) reported");
  return w;
}

std::string when_words(const Condition& c) {
  std::string out = "if assumed";
  for (const auto& [k, v] : c.assume) out += " " + k + "=" + v;
  return out;
}

}  // namespace

std::string explain(const Scenario& s) {
  std::ostringstream o;
  o << s.file << "\n" << s.title << "  [" << spelling(s.kind) << "]\n";
  if (!s.description.empty()) o << "\n" << s.description << "\n";
  if (s.kind == Kind::lifecycle) {
    o << "\nEvent: " << event_title(s.event) << " (" << s.variant << ")\n";
    if (!s.report.shows.empty()) o << "It shows: " << s.report.shows << "\n";
    if (!s.report.advice.empty()) o << "Advice: " << s.report.advice << "\n";
    for (const std::string& id : s.report.claims) {
      o << "Claim " << id << ": " << render_claim(claims(), id, assumed_with(claims(), {}),
                                                    parameter_values(claims(), assumed_with(claims(), {}), {})) << "\n";
    }
    o << "\nTimeline (virtual clock from " << core::format_saml_time(s.start, false) << "):\n";
    core::Millis t{0};
    int n = 0;
    for (const Step& st : s.steps) {
      ++n;
      o << "  " << n << ". t+" << (t.count() == 0 ? "0" : format_duration(t)) << (st.label.empty() ? "" : " [" + st.label + "]")
        << " " << action_words(st.action) << "\n";
      if (st.expect) o << "       expect: " << expect_words(*st.expect) << "\n";
      for (const Expectation& e : st.alternatives) o << "       " << when_words(e.when) << ": " << expect_words(e) << "\n";
      if (st.action.type == Action::Type::advance) t += st.action.duration;
    }
    if (s.report.risk_window) {
      o << "Risk window: from [" << s.report.risk_window->first << "] to [" << s.report.risk_window->second << "]\n";
    } else if (s.report.unbounded) {
      o << "Risk window: unbounded (nobody acts)\n";
    }
    return o.str();
  }
  o << "\n" << s.user << " signs in "
    << (s.flow == Flow::sp_initiated ? "from the SP's login page (SP-initiated)" : "from the Okta dashboard (IdP-initiated)");
  if (!s.app.empty()) {
    o << "; the Okta app is set to";
    for (const auto& [k, v] : s.app.values) o << " " << k << "=" << v;
  }
  o << ".\n";
  if (!s.sp.empty()) {
    o << "The SP is configured with";
    for (const auto& [k, v] : s.sp.values) o << " " << k << "=" << v;
    o << ".\n";
  }
  if (s.idp_signing) {
    o << "The IdP signs with certs/" << s.idp_signing->key << " (certificate certs/" << s.idp_signing->certificate
      << ").\n";
  }
  if (!s.request_mutation.empty()) {
    std::string summary = s.request_mutation;
    for (const auto& m : request_mutations()) {
      if (m.name == s.request_mutation) summary = std::string(m.summary);
    }
    o << "The AuthnRequest is intercepted on its way to the IdP and changed: " << summary << ".\n";
  }
  if (!s.mutation.empty()) {
    const auto* info = idp::find_mutation(s.mutation);
    o << "The response is intercepted and changed: " << (info ? std::string(info->summary) : s.mutation);
    if (s.kind == Kind::attack) o << " (the attacker wants to be " << s.victim << ")";
    o << ".\n";
  }
  o << "Expected: " << expect_words(s.expect) << ".\n";
  for (const Expectation& e : s.expect_alternatives) o << when_words(e.when) << ": " << expect_words(e) << ".\n";
  return o.str();
}

}  // namespace samlh::harness
