// The with_scim what-if variant (issue 20): an sso_only scenario's
// `with_scim:` block, read once here, and the variant derived from it.
// SCIM is not a Hotjar feature (okta-hotjar.md E.4): the variant shows what
// provisioning would change, never what Hotjar does.
#include <algorithm>
#include <set>
#include <tuple>

#include "harness/scenario/yaml_reader.hpp"

namespace samlh::harness {
namespace detail {

// Report prose: free of vendor names (claims say those).
std::string scim_prose(const Reader& r, const YAML::Node& n, const std::string& key) {
  const std::string text = r.str(n, key);
  if (names_a_vendor(text)) {
    r.fail(n, "'with_scim." + key + "' names Hotjar or Okta: say it through a claim (report.claims)");
  }
  return text;
}

WithScim parse_with_scim(const Reader& r, const YAML::Node& n, const Scenario& s) {
  r.require_map(n, "'with_scim'");
  r.keys(n, {"title", "report", "unaffected_by", "steps"}, "with_scim");
  if (s.variant != "sso_only") r.fail(n, "'with_scim' belongs to the event's sso_only scenario");
  WithScim w;
  w.line = n.Mark().line + 1;
  if (!n["title"]) r.fail(n, "'with_scim' needs a 'title'");
  w.title = scim_prose(r, n["title"], "title");
  if (!n["report"]) r.fail(n, "'with_scim' needs a 'report' (claims, shows, remains, risk_window)");
  const YAML::Node rep = n["report"];
  r.require_map(rep, "'with_scim.report'");
  r.keys(rep, {"claims", "shows", "remains", "risk_window"}, "with_scim.report");
  for (const char* k : {"claims", "shows", "remains", "risk_window"}) {
    if (!rep[k]) r.fail(rep, std::string("'with_scim.report' needs '") + k + "'");
  }
  w.report.claims = r.strings(rep["claims"], "claims");
  for (const std::string& id : w.report.claims) {
    if (claims().claim(id) == nullptr) r.fail(rep["claims"], "unknown claim '" + id + "' (harness/claims/claims.yaml)");
  }
  w.report.shows = scim_prose(r, rep["shows"], "shows");
  w.report.remains = scim_prose(r, rep["remains"], "remains");
  std::set<std::string> labels;
  for (const Step& st : s.steps) {
    if (!st.label.empty()) labels.insert(st.label);
  }
  const YAML::Node win = rep["risk_window"];
  if (win.IsScalar() && win.as<std::string>() == "unbounded") {
    w.report.unbounded = true;
  } else if (win.IsSequence() && win.size() == 2) {
    w.report.risk_window = std::make_pair(r.str(win[0], "risk_window"), r.str(win[1], "risk_window"));
    for (const std::string& l : {w.report.risk_window->first, w.report.risk_window->second}) {
      if (!labels.count(l)) r.fail(win, "risk_window names unknown step label '" + l + "'");
    }
  } else {
    r.fail(win, "risk_window is [from_label, to_label] or unbounded");
  }
  if (n["unaffected_by"]) {
    w.unaffected_by = r.strings(n["unaffected_by"], "unaffected_by");
    for (const std::string& k : w.unaffected_by) {
      const Assumption* a = claims().assumption(k);
      if (a == nullptr) r.fail(n["unaffected_by"], "unknown assumption '" + k + "'");
      const bool scim = k.rfind(kScimAssumptionPrefix, 0) == 0;
      if (!scim && std::find(a->events.begin(), a->events.end(), s.event) == a->events.end()) {
        r.fail(n["unaffected_by"], "assumption " + k + " does not bear on event " + s.event + ": nothing to declare");
      }
    }
  }
  if (n["steps"]) {
    const YAML::Node steps = n["steps"];
    r.require_map(steps, "'with_scim.steps' (step label: its expectations in the variant)");
    for (const auto& kv : steps) {
      const std::string label = r.str(kv.first, "steps");
      if (!labels.count(label)) r.fail(kv.first, "'with_scim.steps' names unknown step label '" + label + "'");
      WithScim::Override o;
      o.line = kv.first.Mark().line + 1;
      std::tie(o.expect, o.alternatives) = parse_expectations(r, kv.second, Kind::lifecycle);
      w.steps[label] = std::move(o);
    }
  }
  return w;
}

}  // namespace detail

std::optional<Scenario> derive_with_scim(const Scenario& s) {
  if (!s.with_scim) return std::nullopt;
  const WithScim& w = *s.with_scim;
  Scenario d = s;
  d.with_scim.reset();
  d.derived_from = s.name;
  constexpr std::string_view kSuffix = "-sso-only";
  std::string stem = s.name;
  if (stem.size() > kSuffix.size() && stem.compare(stem.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0) {
    stem.resize(stem.size() - kSuffix.size());
  }
  d.name = stem + "-with-scim";
  d.variant = "with_scim";
  d.title = w.title;
  d.report = w.report;
  d.tags.push_back("with_scim");
  d.unaffected_by.insert(d.unaffected_by.end(), w.unaffected_by.begin(), w.unaffected_by.end());
  for (Step& st : d.steps) {
    const auto it = w.steps.find(st.label);
    if (st.label.empty() || it == w.steps.end()) continue;
    st.expect = it->second.expect;
    st.alternatives = it->second.alternatives;
  }
  return d;
}

}  // namespace samlh::harness
