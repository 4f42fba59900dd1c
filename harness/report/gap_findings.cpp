#include "harness/report/gap_findings.hpp"

#include <algorithm>
#include <set>

namespace samlh::harness {
namespace {

using nlohmann::json;

bool has(const std::vector<sp::Gap>& gaps, const std::string& spelling) {
  return std::any_of(gaps.begin(), gaps.end(), [&](sp::Gap g) { return sp::spelling(g) == spelling; });
}

FindingResult judge(const ClaimsTable& t, const Finding& f, const std::vector<const ScenarioResult*>& scenarios,
                    const Assumed& assumed, const std::map<std::string, core::Millis>& params) {
  FindingResult out;
  out.finding = &f;
  bool all_passed = true;
  bool any = false;
  for (const ScenarioResult* r : scenarios) {
    if (r->variant != "sso_only") continue;
    any = true;
    all_passed = all_passed && r->passed;
    if (r->passed && has(all_recorded_gaps(*r), f.gap)) out.evidence.push_back(r->name);
  }
  out.status = !out.evidence.empty()   ? FindingStatus::established
               : any && all_passed     ? FindingStatus::does_not_arise
                                       : FindingStatus::not_established;
  out.bound = evaluate_bound(t, f, assumed, params);
  out.assumptions = finding_assumptions(t, f);
  std::set<std::string> sources;
  auto add = [&](const std::string& id) {
    if (const Claim* c = t.claim(id)) sources.insert(c->sources.begin(), c->sources.end());
  };
  for (const auto& id : f.claims) add(id);
  if (!f.bound_claim.empty()) add(f.bound_claim);
  out.sources.assign(sources.begin(), sources.end());
  return out;
}

json claim_json(const ClaimsTable& t, const std::string& id, const GapFindings& g) {
  const Claim* c = t.claim(id);
  if (c == nullptr) return nullptr;
  json basis = json::object();
  if (!c->sources.empty()) basis["sources"] = c->sources;
  if (!c->assumption.empty()) {
    basis["assumption"] = c->assumption;
    basis["value"] = g.assumed.count(c->assumption) ? g.assumed.at(c->assumption) : "";
  }
  return json{{"id", id}, {"text", claim_text(t, *c, g.assumed, g.params)}, {"basis", basis}};
}

}  // namespace

std::string_view spelling(FindingStatus s) {
  switch (s) {
    case FindingStatus::established: return "established";
    case FindingStatus::does_not_arise: return "does_not_arise";
    case FindingStatus::not_established: return "not_established";
  }
  return "not_established";
}

std::vector<sp::Gap> all_recorded_gaps(const ScenarioResult& r) {
  std::vector<sp::Gap> out = r.gaps_recorded;
  for (const StepRecord& s : r.steps) {
    for (sp::Gap g : s.gaps) {
      if (std::find(out.begin(), out.end(), g) == out.end()) out.push_back(g);
    }
  }
  return out;
}

GapFindings compute_gap_findings(const std::vector<ScenarioResult>& results, const Assumed& flipped,
                                 const std::map<std::string, core::Millis>& cli_parameters) {
  const ClaimsTable& t = claims();
  GapFindings g;
  g.assumed = assumed_with(t, flipped);
  for (const auto& [k, v] : g.assumed) {
    if (t.assumption(k)->default_value().name != v) g.flipped[k] = v;
  }
  g.params = parameter_values(t, g.assumed, cli_parameters);
  for (const EventEntry& e : t.events) {
    EventResult er;
    er.entry = &e;
    for (const ScenarioResult& r : results) {
      if (r.kind == Kind::lifecycle && !r.skipped && r.event == e.event) er.scenarios.push_back(&r);
    }
    if (er.scenarios.empty()) continue;
    for (const Finding& f : t.findings) {
      if (f.event == e.event) er.findings.push_back(judge(t, f, er.scenarios, g.assumed, g.params));
    }
    g.events.push_back(std::move(er));
  }
  return g;
}

std::string bound_text(const ClaimsTable& t, const BoundValue& b, const std::map<std::string, core::Millis>& params) {
  if (b.expression == "unbounded") return "unbounded";
  std::string words = b.expression;
  for (const std::string& p : b.parameters) {
    const Parameter* param = t.parameter(p);
    const auto v = params.find(p);
    const std::string with = (param ? param->label : p) + (v == params.end() ? "" : " " + duration_words(v->second));
    for (auto pos = words.find(p); pos != std::string::npos; pos = words.find(p, pos + with.size())) {
      words.replace(pos, p.size(), with);
    }
  }
  if (b.parameters.size() == 1 && words.find('(') == std::string::npos) return words;
  return words + (b.value ? " = " + duration_words(*b.value) : "");
}

std::string assumption_words(const ClaimsTable& t, const std::string& key, const std::string& value) {
  const Assumption* a = t.assumption(key);
  const std::string def = a ? a->default_value().name : "";
  return "`" + key + "` = " + value + (value == def ? " (default)" : " (default " + def + ")");
}

json gap_findings_json(const GapFindings& g) {
  const ClaimsTable& t = claims();
  json assumptions = json::array();
  for (const Assumption& a : t.assumptions) {
    json depend = json::array();
    for (const Finding& f : t.findings) {
      const auto keys = finding_assumptions(t, f);
      if (std::find(keys.begin(), keys.end(), a.key) != keys.end()) depend.push_back(f.id);
    }
    json values = json::array();
    for (const AssumptionValue& v : a.values) values.push_back(json{{"value", v.name}, {"sp", v.sp}, {"idp", v.idp}});
    assumptions.push_back(json{{"key", a.key},
                               {"value", g.assumed.at(a.key)},
                               {"default", a.default_value().name},
                               {"flipped", g.flipped.count(a.key) > 0},
                               {"values", values},
                               {"claim", claim_json(t, a.claim, g)},
                               {"unknown", claim_json(t, a.unknown, g)},
                               {"events", a.events},
                               {"findings", depend}});
  }
  json params = json::array();
  for (const Parameter& p : t.parameters) {
    json j{{"name", p.name}, {"label", p.label}, {"from", p.from}, {"meaning", p.meaning}};
    if (g.params.count(p.name)) {
      j["value"] = duration_words(g.params.at(p.name));
      j["seconds"] = g.params.at(p.name).count() / 1000;
    }
    params.push_back(std::move(j));
  }
  json events = json::array();
  for (const EventResult& er : g.events) {
    json findings = json::array();
    for (const FindingResult& f : er.findings) {
      json claims_used = json::array();
      for (const auto& id : f.finding->claims) claims_used.push_back(claim_json(t, id, g));
      json bound{{"expression", f.bound.expression}, {"parameters", f.bound.parameters},
                 {"text", bound_text(t, f.bound, g.params)}};
      bound["seconds"] = f.bound.value ? json(f.bound.value->count() / 1000) : json(nullptr);
      if (!f.finding->bound_claim.empty()) bound["claim"] = claim_json(t, f.finding->bound_claim, g);
      findings.push_back(json{{"id", f.finding->id},
                              {"gap", f.finding->gap},
                              {"access", spelling(f.finding->access)},
                              {"status", spelling(f.status)},
                              {"bound", bound},
                              {"basis", json{{"sources", f.sources}, {"assumptions", f.assumptions}}},
                              {"claims", claims_used},
                              {"evidence", f.evidence}});
    }
    json runbook = json::array();
    for (const std::string& id : er.entry->runbook) {
      const RunbookStep* s = t.step(id);
      json step{{"id", s->id}, {"system", s->system}, {"who", s->who}, {"do", claim_json(t, s->claim, g)},
                {"check", claim_json(t, s->check, g)}};
      if (!s->if_gone.empty()) step["if_nobody_can"] = claim_json(t, s->if_gone, g);
      runbook.push_back(std::move(step));
    }
    // One list per variant: sso_only, done_right, done_late (a what-if
    // variant such as with_scim gets its own key beside them).
    json variants = json::object();
    for (const ScenarioResult* r : er.scenarios) {
      json gaps = json::array();
      for (sp::Gap gap : all_recorded_gaps(*r)) gaps.push_back(sp::spelling(gap));
      json v{{"scenario", r->name}, {"status", r->status()}, {"gaps", gaps}};
      if (r->risk_window) v["measured_seconds"] = r->risk_window->count() / 1000;
      if (r->variant == "with_scim") {
        // The what-if column (SCIM is not a Hotjar feature, E.4): its prose and claims.
        json used = json::array();
        for (const auto& id : r->report.claims) used.push_back(claim_json(t, id, g));
        v["what_if"] = json{{"shows", r->report.shows}, {"remains", r->report.remains}, {"claims", used},
                            {"unbounded", r->report.unbounded}};
      }
      variants[r->variant].push_back(std::move(v));
    }
    json claims_of_event = json::array();
    for (const auto& id : er.entry->claims) claims_of_event.push_back(claim_json(t, id, g));
    events.push_back(json{{"event", er.entry->event},
                          {"title", er.entry->title},
                          {"claims", claims_of_event},
                          {"findings", findings},
                          {"runbook", runbook},
                          {"variants", variants}});
  }
  json controls = json::array();
  for (const Control& c : t.controls) {
    controls.push_back(json{{"id", c.id}, {"claim", claim_json(t, c.claim, g)}, {"narrows", c.narrows}, {"gaps", c.gaps}});
  }
  json seed = json::array();
  for (const auto& id : t.seed_points) seed.push_back(claim_json(t, id, g));
  json context = json::array();
  for (const auto& id : t.context) context.push_back(claim_json(t, id, g));
  return json{{"context", context},     {"parameters", params}, {"assumptions", assumptions}, {"events", events},
              {"controls", controls},   {"seed_points", seed}};
}

}  // namespace samlh::harness
