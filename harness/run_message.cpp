// Format and attack scenarios: one login whose SAMLResponse is what the
// IdP's app settings make it, or a named mutation of it.
#include <chrono>

#include "core/bindings.hpp"
#include "core/xml.hpp"
#include "harness/runner.hpp"

namespace samlh::harness {
namespace {

using nlohmann::json;

json settings_json(const Settings& s) {
  json out = json::object();
  for (const auto& [k, v] : s.values) out[k] = json::parse(v);
  return out;
}

std::optional<std::string> in_response_to(const std::string& saml_response_b64) {
  auto xml = core::decode_post_value(saml_response_b64);
  if (!xml) return std::nullopt;
  auto doc = core::parse_untrusted(*xml);
  if (!doc) return std::nullopt;
  const xmlNode* root = xmlDocGetRootElement(doc->get());
  if (!core::has_attr(root, "InResponseTo")) return std::nullopt;
  return core::attr(root, "InResponseTo");
}

// Posts the mutation's messages in order from the user's browser; the last
// answer is the page judged.
Page post_mutated(Browser& b, const Form& held, const idp::Mutated& mutated, StepRecord& step) {
  Page page;
  const std::string* original_relay = core::form_get(held.fields, "RelayState");
  for (const idp::Post& p : mutated.posts) {
    if (p.encoding == idp::Encoding::form) {
      page.status = b.raw("POST", held.action, p.body, "application/x-www-form-urlencoded", held.action).status;
      page.url = held.action;
      continue;
    }
    Form f;
    f.method = "post";
    f.action = held.action;
    f.fields.emplace_back("SAMLResponse", p.encoding == idp::Encoding::xml ? core::base64_encode(p.body) : p.body);
    if (p.relay_state) {
      f.fields.emplace_back("RelayState", *p.relay_state);
    } else if (!p.drop_relay_state && original_relay != nullptr) {
      f.fields.emplace_back("RelayState", *original_relay);
    }
    page = b.submit(f);
  }
  step.evidence.push_back(Evidence{"mutation", mutated.note});
  return page;
}

}  // namespace

ScenarioResult run_message_scenario(const Scenario& s, World& w) {
  ScenarioResult r;
  if (!s.app.empty()) {
    const ApiReply a = w.set_app_settings(settings_json(s.app));
    if (a.status / 100 != 2) {
      r.error = "the IdP refused the app settings: " + a.text;
      return r;
    }
  }
  const std::int64_t seq0 = w.last_audit_seq();
  const std::uint64_t idp0 = idp_last_seq(w);
  Browser& b = w.browser(s.user);
  NavigateOptions nav;
  nav.credentials = Credentials{s.user, "demo"};
  nav.stop_before_saml_response = !s.mutation.empty();
  const std::string start = s.flow == Flow::sp_initiated ? w.sp_login_url() : w.idp_initiated_url();
  StepRecord step;
  step.index = 1;
  step.at = w.now();
  step.description = std::string(s.flow == Flow::sp_initiated ? "SP-initiated" : "IdP-initiated") + " login as " +
                     s.user + (s.mutation.empty() ? "" : ", response mutated by " + s.mutation);
  Page page = b.navigate(start, nav);
  if (!s.mutation.empty() && page.pending_saml_post) {
    const Form held = *page.pending_saml_post;
    const std::string* resp = core::form_get(held.fields, "SAMLResponse");
    try {
      const idp::MutationMaterial m =
          w.mutation_material(s.user, resp ? in_response_to(*resp) : std::nullopt, held.action, s.victim);
      auto mutated = idp::apply_mutation(s.mutation, m);
      if (!mutated) {
        r.error = "mutation " + s.mutation + " failed: " + mutated.failure().detail;
        return r;
      }
      page = post_mutated(b, held, *mutated, step);
    } catch (const std::exception& e) {
      r.error = e.what();
      return r;
    }
  }
  const LoginJudgement j = judge_login(w, seq0, idp0, page);
  step.outcome = std::string(spelling(j.outcome)) + (j.reason ? ": " + std::string(core::spelling(*j.reason)) : "") +
                 " (" + j.where + ")";
  step.gaps = j.gaps;
  for (auto& e : b.take_evidence()) step.evidence.push_back(std::move(e));
  r.steps.push_back(std::move(step));

  const Expectation& e = s.expect;
  r.check("outcome", std::string(spelling(*e.outcome)), std::string(spelling(j.outcome)), e.line);
  if (e.reason) {
    r.check("reason", std::string(core::spelling(*e.reason)), j.reason ? std::string(core::spelling(*j.reason)) : "none",
            e.line);
  }
  if (e.identity || (e.outcome == Outcome::accepted && j.outcome == Outcome::accepted)) {
    r.check("identity", e.identity.value_or(s.user), j.identity, e.line);
  }
  if (e.outcome == Outcome::accepted && j.outcome == Outcome::accepted) {
    // The oracle: the browser really holds a session as that person.
    const Page app = b.get(w.sp_app_url());
    const json who = json::parse(app.body, nullptr, false);
    const std::string email = who.is_object() ? who.value("email", "") : "";
    r.check("session (GET /app.json)", e.identity.value_or(s.user), email, e.line);
    b.take_evidence();
  }
  if (e.weak) r.check("weak", describe(*e.weak), describe(j.weak), e.line);
  if (e.gaps) r.check("gaps", describe(*e.gaps), describe(j.gaps), e.line);
  r.gaps_recorded = gaps_since(w, seq0);
  return r;
}

}  // namespace samlh::harness
