// Positive controls of a target run: a plain login of the attacker and of
// the victim must give a session as that identity per the oracle, and a
// browser that never logged in must get another answer from it. Without
// them an SP that accepts nothing (or an oracle that says yes to everyone)
// would pass every attack.
#include <algorithm>
#include <cctype>

#include "core/http/url.hpp"
#include "harness/run/runner.hpp"
#include "harness/run/target.hpp"

namespace samlh::harness {
namespace {

using nlohmann::json;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string clip(std::string s, std::size_t n = 200) {
  std::replace_if(s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return s.size() > n ? s.substr(0, n) + "..." : s;
}

std::string describe_reply(const std::string& what, const Reply& r) {
  if (r.status == 0) return what + " answered nothing (" + r.error + ")";
  std::string out = what + " answered HTTP " + std::to_string(r.status);
  if (const std::string* loc = r.header("location")) out += ", Location " + *loc;
  if (!r.body.empty()) out += ", body '" + clip(r.body) + "'";
  return out;
}

// What the SP did after the response was posted: its last answer.
std::string describe_page(const Page& p) {
  std::string out = "the last page was " + clip(p.url, 120) + " (HTTP " + std::to_string(p.status);
  if (const std::string* loc = p.header("location")) out += ", Location " + *loc;
  out += ")";
  if (!p.error.empty()) out += ": " + clip(p.error, 160);
  if (!p.body.empty() && p.status >= 400) out += "; body '" + clip(p.body) + "'";
  return out;
}

bool names(const std::string& body, const std::string& who) {
  const json j = json::parse(body, nullptr, false);
  if (j.is_object()) {
    for (const char* k : {"email", "nameid", "name_id", "username", "login", "user", "subject", "sub"}) {
      if (j.contains(k) && j[k].is_string()) return lower(j[k].get<std::string>()) == lower(who);
    }
  }
  return lower(body).find(lower(who)) != std::string::npos;
}

Scenario control_scenario(const std::string& name, const std::string& user, const TargetSp& t, Flow flow) {
  Scenario s;
  s.name = name;
  s.kind = Kind::format;
  s.user = user;
  s.victim = t.victim;
  s.flow = flow;
  return s;
}

// A plain login of `who`, SP-initiated at --sp-login or IdP-initiated (only
// when the declared profile accepts unsolicited logins).
TargetControl login_control(const WorldOptions& wo, const std::string& role, const std::string& who, Flow flow) {
  const TargetSp& t = *wo.target;
  const bool idp_initiated = flow == Flow::idp_initiated;
  TargetControl c;
  c.name = "plain login of the " + role + " (" + who + ")" + (idp_initiated ? ", IdP-initiated" : "");
  try {
    // One name per flow: the world's IDs are seeded by it, and two logins
    // minting the same assertion ID would be a replay.
    const Scenario s = control_scenario("control-" + role + (idp_initiated ? "-idp-initiated" : ""), who, t, flow);
    World w(s, wo);
    Browser& b = w.browser(who);
    NavigateOptions nav;
    nav.credentials = Credentials{who, "demo"};
    const std::string start = idp_initiated ? w.idp_initiated_url() : t.sp_login;
    const Page page = b.navigate(start, nav);
    const Reply o = b.raw("GET", t.oracle, "", "", "", "application/json,text/html;q=0.9,*/*;q=0.8");
    c.passed = o.status / 100 == 2 && names(o.body, who);
    c.detail = std::string(idp_initiated ? "IdP-initiated" : "SP-initiated at " + t.sp_login) + ": " +
               describe_page(page) + "; " + describe_reply("the oracle " + t.oracle, o);
    std::string lax;  // a target cookie a cross-site POST does not carry
    for (const auto& x : w.target_log()) {
      for (const std::string& v : x.reply.all("set-cookie")) {
        if (lower(v).find("samesite=none") == std::string::npos && lax.empty()) lax = v.substr(0, v.find('='));
      }
    }
    const auto last = core::http::parse_url(page.url);
    const bool at_target = last && last->origin() == core::http::parse_url(t.acs)->origin();
    if (!c.passed && page.status == 0 && page.error.find("no answer within") != std::string::npos) {
      c.fix = "the SP did not answer " + clip(page.url, 120) + " within the per-request deadline (--request-timeout, " +
              std::to_string(t.request_timeout.count()) + " ms): check it is not stuck; and ";
    } else if (!c.passed && page.error.find("redirect limit") != std::string::npos) {
      c.fix = "the SP redirects in a loop (" + clip(page.url, 120) + "): its login URL must lead to the IdP; and ";
    } else if (!c.passed && last && !at_target && last->origin() != w.idp_base()) {
      c.fix = "the SP sent the browser to " + last->origin() + ", not to the harness's IdP at " + w.idp_base() +
              ": configure the SP with the IdP metadata `harness target-info --metadata` prints; and ";
    } else if (!c.passed && !idp_initiated && !lax.empty() && at_target) {
      c.fix = "the SP's cookie '" + lax + "' is not SameSite=None, so a browser does not send it with the IdP's "
              "cross-site POST to the ACS and the SP cannot find its pending request: mark the cookie that binds the "
              "request SameSite=None; Secure (a loopback origin counts as secure); and ";
    }
    if (!c.passed) {
      c.fix += "the SP must give " + who + " (the " + role + ") an account and accept a plain login: make it trust `harness "
              "target-info --metadata`, check its ACS and entity ID match its metadata, and that the oracle answers "
              "2xx naming the logged-in user's email" +
              std::string(idp_initiated ? "; the profile declares IdP-initiated logins allowed, so the SP must accept "
                                          "an unsolicited response (or drop allow-idp-initiated from the profile)"
                                        : "") +
              (role == "attacker" ? "; or name another account with --attacker EMAIL"
                                  : "; or name another account with --victim EMAIL");
    }
    for (auto& e : b.take_evidence()) c.evidence.push_back(std::move(e));
  } catch (const std::exception& e) {
    c.detail = e.what();
    c.fix = "see the error above";
  }
  return c;
}

TargetControl logged_out_control(const WorldOptions& wo) {
  const TargetSp& t = *wo.target;
  TargetControl c;
  c.name = "a logged-out browser gets another answer from the oracle";
  try {
    World w(control_scenario("control-logged-out", t.attacker, t, Flow::sp_initiated), wo);
    Browser& b = w.browser("logged out");
    const Reply o = b.raw("GET", t.oracle, "", "", "", "application/json,text/html;q=0.9,*/*;q=0.8");
    const json j = json::parse(o.body, nullptr, false);
    const bool named = names(o.body, t.attacker) || names(o.body, t.victim) ||
                       (j.is_object() && j.contains("email") && j["email"].is_string() &&
                        !j["email"].get<std::string>().empty());
    c.passed = o.status != 0 && !(o.status / 100 == 2 && named);
    c.detail = describe_reply("the oracle " + t.oracle + ", asked by a browser that never logged in,", o);
    if (o.status == 0) {
      c.fix = "the oracle must answer: check the URL and that the SP is running";
    } else if (!c.passed) {
      c.fix = "the oracle must answer 2xx naming the user only to a logged-in browser (401, 403 or a redirect "
              "otherwise): with an oracle that answers everyone, no verdict about a session is honest";
    }
    for (auto& e : b.take_evidence()) c.evidence.push_back(std::move(e));
  } catch (const std::exception& e) {
    c.detail = e.what();
    c.fix = "see the error above";
  }
  return c;
}

}  // namespace

std::vector<TargetControl> run_controls(const WorldOptions& wo) {
  std::vector<TargetControl> out;
  const TargetSp& t = *wo.target;
  out.push_back(logged_out_control(wo));
  std::vector<Flow> flows;
  if (!t.sp_login.empty()) flows.push_back(Flow::sp_initiated);
  if (t.profile.idp_initiated) flows.push_back(Flow::idp_initiated);
  if (flows.empty()) {
    TargetControl c;
    c.name = "a way to log in";
    c.detail = "no --sp-login was given, and " +
               (t.profile.source.empty() ? std::string("no --sp-profile declares")
                                         : "the profile " + t.profile.source + " does not declare") +
               " IdP-initiated logins allowed";
    c.fix = "give --sp-login URL (the SP's own login URL, which starts an SP-initiated login); or, if the SP accepts "
            "unsolicited responses on purpose, declare `allow-idp-initiated: true` in --sp-profile";
    out.push_back(std::move(c));
    return out;
  }
  for (const Flow f : flows) {
    out.push_back(login_control(wo, "attacker", t.attacker, f));
    out.push_back(login_control(wo, "victim", t.victim, f));
  }
  return out;
}

}  // namespace samlh::harness
