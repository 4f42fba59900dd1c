// Format and attack scenarios: one login whose SAMLResponse is what the
// IdP's app settings make it, or a named mutation of it.
#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "core/bindings.hpp"
#include "core/http/url.hpp"
#include "core/xml.hpp"
#include "harness/run/runner.hpp"

namespace samlh::harness {

using nlohmann::json;

json settings_json(const Settings& s) {
  json out = json::object();
  for (const auto& [k, v] : s.values) out[k] = json::parse(v);
  return out;
}

std::optional<std::string> apply_app_settings(const Scenario& s, World& w) {
  if (s.app.empty()) return std::nullopt;
  const ApiReply a = w.set_app_settings(settings_json(s.app));
  if (a.status / 100 == 2) return std::nullopt;
  return "the IdP refused the app settings: " + a.text;
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

namespace {

// Posts the messages in order from `b` (or from `fresh` where a post says
// so); the last answer is the page returned.
Page post_all(Browser& b, const Form& held, const idp::Mutated& mutated, StepRecord& step, Browser* fresh,
               std::optional<std::string>* relay_sent = nullptr) {
  Page page;
  const std::string* original_relay = core::form_get(held.fields, "RelayState");
  for (const idp::Post& p : mutated.posts) {
    Browser& from = p.fresh_browser && fresh != nullptr ? *fresh : b;
    if (p.encoding == idp::Encoding::form) {
      page.status = from.raw("POST", held.action, p.body, "application/x-www-form-urlencoded", held.action).status;
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
    if (relay_sent != nullptr) {
      const std::string* rs = core::form_get(f.fields, "RelayState");
      *relay_sent = rs == nullptr ? std::nullopt : std::optional<std::string>(*rs);
    }
    page = from.submit(f);
  }
  step.evidence.push_back(Evidence{"mutation", mutated.note});
  return page;
}

}  // namespace

Delivery deliver_mutated(World& w, const Scenario& s, Browser& user, const Form& held, StepRecord& step) {
  const std::string* resp = core::form_get(held.fields, "SAMLResponse");
  const idp::MutationMaterial m =
      w.mutation_material(s.user, resp ? in_response_to(*resp) : std::nullopt, held.action, s.victim);
  auto mutated = idp::apply_mutation(s.mutation, m);
  if (!mutated) throw std::runtime_error("mutation " + s.mutation + " failed: " + mutated.failure().detail);
  if (mutated->posts.empty()) throw std::runtime_error("mutation " + s.mutation + " made nothing to post");
  Delivery d{{}, &user, {&user}, std::nullopt};
  Browser& fresh = w.browser(s.user + " (a browser that never started this login)");
  d.used.push_back(&fresh);
  if (mutated->posts.size() > 1) {
    const idp::Mutated earlier{{mutated->posts.begin(), mutated->posts.end() - 1}, mutated->note};
    post_all(user, held, earlier, step, &fresh);
    d.judged = &w.browser(s.user + " (replayed from another browser)");
    d.used.push_back(d.judged);
    d.page = post_all(*d.judged, held, idp::Mutated{{mutated->posts.back()}, "the last post, replayed"}, step, nullptr,
                      &d.relay_state);
  } else {
    d.page = post_all(user, held, *mutated, step, &fresh, &d.relay_state);
    if (mutated->posts.back().fresh_browser) d.judged = &fresh;
  }
  return d;
}

namespace {

// The SP's AuthnRequest (the Location of its redirect to the IdP) changed by
// the named request mutation (request_mutations() in scenario.cpp). The
// other query fields stay byte for byte: the Redirect signature covers the
// query exactly as sent.
std::string mutate_request(const std::string& name, const std::string& location) {
  const auto url = core::http::parse_url(location);
  if (!url || !url->query) throw std::runtime_error("the SP's redirect carries no query: " + location);
  const auto raw = core::http::raw_query_param(*url->query, "SAMLRequest");
  if (!raw) throw std::runtime_error("the SP's redirect carries no SAMLRequest");
  const auto b64 = core::http::percent_decode(*raw, true);
  if (!b64) throw std::runtime_error("the SAMLRequest field is not form-encoded");
  auto deflated = core::base64_decode(*b64, 1024 * 1024);
  if (!deflated || deflated->empty()) throw std::runtime_error("the SAMLRequest is not base64");
  std::string bytes = std::move(deflated).value();
  if (name == "corrupt_deflate") {
    bytes[0] = static_cast<char>(0xFF);  // BFINAL=1, BTYPE=11: reserved, invalid (RFC 1951 3.2.3)
  } else {
    auto xml = core::inflate_raw(bytes, 1024 * 1024);
    if (!xml) throw std::runtime_error("the SP's SAMLRequest does not inflate");
    std::string text = std::move(xml).value();
    if (name == "deflate_bomb") {
      text += std::string(5 * 1024 * 1024, ' ');  // past the IdP's 4 MiB inflate cap
    } else if (name == "acs_url_swapped") {
      const std::string key = "AssertionConsumerServiceURL=\"";
      const auto at = text.find(key);
      if (at == std::string::npos) throw std::runtime_error("the AuthnRequest names no ACS URL");
      const auto end = text.find('"', at + key.size());
      text.replace(at + key.size(), end - at - key.size(), "https://evil.example/acs");
    } else {
      throw std::runtime_error("unknown request_mutation " + name);
    }
    bytes = core::deflate_raw(text);
  }
  auto mutated = core::http::with_raw_query_param(location, "SAMLRequest", core::url_encode(core::base64_encode(bytes)));
  if (!mutated) throw std::runtime_error("the SP's redirect URL does not parse: " + location);
  return *mutated;
}

}  // namespace

ScenarioResult run_message_scenario(const Scenario& s, World& w) {
  ScenarioResult r;
  if (auto refused = apply_app_settings(s, w)) {
    r.error = *refused;
    return r;
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
  Page page;
  if (!s.request_mutation.empty()) {
    // The SP's redirect to the IdP, held and changed in transit.
    step.description += ", request mutated by " + s.request_mutation;
    const Reply to_idp = b.raw("GET", start, "", "");
    const std::string* location = to_idp.header("location");
    if (to_idp.status / 100 != 3 || location == nullptr) {
      r.error = "the SP did not redirect to the IdP (HTTP " + std::to_string(to_idp.status) + ")";
      return r;
    }
    try {
      const std::string mutated = mutate_request(
          s.request_mutation, core::http::resolve_reference(start, *location).value_or(*location));
      step.evidence.push_back(Evidence{"request mutation", s.request_mutation + ": " + mutated.substr(0, 600)});
      page = b.navigate(mutated, nav);
    } catch (const std::exception& e) {
      r.error = e.what();
      return r;
    }
  } else {
    page = b.navigate(start, nav);
  }
  Browser* judged = &b;
  std::vector<Browser*> used{&b};  // whose evidence goes in the step
  if (!s.mutation.empty() && page.pending_saml_post) {
    try {
      Delivery d = deliver_mutated(w, s, b, *page.pending_saml_post, step);
      page = std::move(d.page);
      judged = d.judged;
      used = std::move(d.used);
    } catch (const std::exception& e) {
      r.error = e.what();
      return r;
    }
  }
  const LoginJudgement j = judge_login(w, seq0, idp0, page);
  step.outcome = std::string(spelling(j.outcome)) + (j.reason ? ": " + std::string(core::spelling(*j.reason)) : "") +
                 " (" + j.where + ")";
  step.gaps = j.gaps;
  for (Browser* u : used) {
    for (auto& e : u->take_evidence()) step.evidence.push_back(std::move(e));
  }
  r.steps.push_back(std::move(step));

  const Expectation& e = applicable(s.expect, s.expect_alternatives, w.assumed());
  r.check("outcome", std::string(spelling(*e.outcome)),
          e.outcome == j.outcome ? std::string(spelling(j.outcome)) : outcome_words(w, j.outcome, j.reason, s.user),
          e.line_of("outcome"));
  if (e.reason) {
    r.check("reason", std::string(core::spelling(*e.reason)), j.reason ? std::string(core::spelling(*j.reason)) : "none",
            e.line_of("reason"));
  }
  if (e.identity || (e.outcome == Outcome::accepted && j.outcome == Outcome::accepted)) {
    r.check("identity", e.identity.value_or(s.user), j.identity, e.line_of("identity"));
  }
  if (e.outcome == Outcome::accepted && j.outcome == Outcome::accepted) {
    // The oracle: the browser that sent the judged post really holds a
    // session as that person.
    const Page app = judged->get(w.sp_app_url());
    const json who = json::parse(app.body, nullptr, false);
    const std::string email = who.is_object() ? who.value("email", "") : "";
    r.check("session (GET /app.json)", e.identity.value_or(s.user), email, e.line_of("identity"));
    judged->take_evidence();
  }
  if (e.weak) r.check("weak", describe(*e.weak), describe(j.weak), e.line_of("weak"));
  if (e.gaps) r.check("gaps", describe(*e.gaps), describe(j.gaps), e.line_of("gaps"));
  r.gaps_recorded = gaps_since(w, seq0);
  return r;
}

}  // namespace samlh::harness
