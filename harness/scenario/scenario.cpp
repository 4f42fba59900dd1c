#include "harness/scenario/scenario.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "core/file_reader.hpp"
#include "attacks/mutations.hpp"
#include "harness/scenario/yaml_reader.hpp"

namespace samlh::harness {
namespace {

namespace fs = std::filesystem;
using detail::Reader;

constexpr const char* kDefaultStart = "2026-03-02T09:00:00Z";

void check_mutation(const Reader& r, const YAML::Node& n, const std::string& name) {
  if (name.empty() || name == "none") return;
  if (idp::find_mutation(name) == nullptr) r.fail(n, "unknown mutation '" + name + "' (see `harness list --mutations`)");
}

template <class E, std::size_t N>
E one_of(const Reader& r, const YAML::Node& n, const char* key, const core::SpellingTable<E, N>& table) {
  const std::string v = r.str(n, key);
  if (auto e = table.parse(v)) return *e;
  std::string list;
  for (const E e : table.values()) list += (list.empty() ? "" : ", ") + std::string(table.spelling(e));
  r.fail(n, std::string("target.") + key + " must be one of " + list + ", not '" + v + "'");
}

TargetThreat parse_target(const Reader& r, const YAML::Node& n) {
  if (!n.IsMap()) r.fail(n, "'target' is a mapping: {family, check, gain, declared_by}");
  r.keys(n, {"family", "check", "gain", "declared_by"}, "target");
  TargetThreat t;
  if (!n["family"]) r.fail(n, "target.family is required");
  if (!n["check"]) r.fail(n, "target.check is required");
  t.family = one_of(r, n["family"], "family", kFamilySpellings);
  t.check = one_of(r, n["check"], "check", kCheckSpellings);
  const bool has_gain = t.family == Family::shape || t.family == Family::format;
  if (has_gain && !n["gain"]) r.fail(n, "target.gain is required for the shape and format families");
  if (!has_gain && n["gain"]) {
    r.fail(n["gain"], "target.gain is read only for the shape and format families (the " +
                          std::string(spelling(t.family)) + " family's gain follows from the session)");
  }
  if (has_gain) t.gain = one_of(r, n["gain"], "gain", kGainSpellings);
  if (n["declared_by"]) t.declared_by = one_of(r, n["declared_by"], "declared_by", kProfileKeySpellings);
  return t;
}

void parse_message_kind(const Reader& r, const YAML::Node& root, Scenario& s) {
  s.app = r.app_settings(root["app"], "app");
  s.sp = r.sp_settings(root["sp"]);
  s.user = root["user"] ? r.str(root["user"], "user")
                        : std::string(s.kind == Kind::attack ? "mallory@acme.test" : "alice@acme.test");
  if (root["victim"]) s.victim = r.str(root["victim"], "victim");
  if (s.victim.empty()) s.victim = kOrgOwner;
  if (root["flow"]) {
    const auto f = kFlowSpellings.parse(r.str(root["flow"], "flow"));
    if (!f) r.fail(root["flow"], "flow must be sp_initiated or idp_initiated");
    s.flow = *f;
  }
  if (root["mutation"]) {
    s.mutation = r.str(root["mutation"], "mutation");
    check_mutation(r, root["mutation"], s.mutation);
    if (s.mutation == "none") s.mutation.clear();
  }
  if (root["request_mutation"]) {
    const YAML::Node n = root["request_mutation"];
    s.request_mutation = r.str(n, "request_mutation");
    const auto& known = request_mutations();
    if (std::none_of(known.begin(), known.end(), [&](const auto& m) { return m.name == s.request_mutation; })) {
      std::string list;
      for (const auto& m : known) list += (list.empty() ? "" : ", ") + std::string(m.name);
      r.fail(n, "unknown request_mutation '" + s.request_mutation + "' (expected one of: " + list + ")");
    }
    if (!s.mutation.empty()) r.fail(n, "give 'mutation' (the response) or 'request_mutation' (the request), not both");
    if (s.flow != Flow::sp_initiated) r.fail(n, "'request_mutation' needs flow: sp_initiated (an AuthnRequest)");
  }
  if (root["idp_signing"]) {
    const YAML::Node n = root["idp_signing"];
    r.require_map(n, "'idp_signing'");
    r.keys(n, {"key", "certificate"}, "idp_signing");
    if (!n["key"] || !n["certificate"]) r.fail(n, "'idp_signing' needs 'key' and 'certificate'");
    s.idp_signing = IdpSigning{r.cert_file(n["key"], "key"), r.cert_file(n["certificate"], "certificate")};
  }
  if (root["rows"]) s.rows = r.one_or_more(root["rows"], "rows");
  if (s.kind == Kind::attack && s.mutation.empty() && s.request_mutation.empty()) {
    r.fail(root, "an attack needs a 'mutation' (or a 'request_mutation')");
  }
  if (!root["expect"]) r.fail(root, "'expect' is required");
  auto [base, alternatives] = detail::parse_expectations(r, root["expect"], s.kind);
  if (!base) r.fail(root["expect"], "'expect' needs one expectation without 'when'");
  s.expect = std::move(*base);
  s.expect_alternatives = std::move(alternatives);
  if (!s.expect.outcome) r.fail(root["expect"], "'expect' needs 'outcome'");
  for (const Expectation& e : s.expect_alternatives) {
    if (!e.outcome) r.fail(root["expect"], "every expectation of a format or attack needs 'outcome'");
  }
}

// Report prose of a lifecycle scenario: free of vendor names (claims say those).
std::string report_prose(const Reader& r, const YAML::Node& n, const std::string& key) {
  const std::string text = r.str(n, key);
  if (names_a_vendor(text)) {
    r.fail(n, "'" + key + "' names Hotjar or Okta: say it through a claim (report.claims, harness/claims/claims.yaml)");
  }
  return text;
}

void parse_lifecycle(const Reader& r, const YAML::Node& root, Scenario& s) {
  if (!root["event"]) r.fail(root, "a lifecycle scenario needs 'event'");
  s.event = r.str(root["event"], "event");
  s.event_line = root["event"].Mark().line + 1;
  if (names_a_vendor(s.title)) {
    r.fail(root["title"], "a lifecycle title is printed in the gap report: say SP and IdP, not Hotjar or Okta");
  }
  const auto& events = lifecycle_events();
  if (std::find(events.begin(), events.end(), s.event) == events.end()) r.fail(root["event"], "unknown event '" + s.event + "'");
  if (root["variant"]) {
    s.variant = r.str(root["variant"], "variant");
    if (s.variant != "sso_only" && s.variant != "done_right" && s.variant != "done_late") {
      r.fail(root["variant"], "variant must be sso_only, done_right or done_late");
    }
  }
  if (root["report"]) {
    const YAML::Node rep = root["report"];
    r.require_map(rep, "'report'");
    r.keys(rep, {"claims", "shows", "advice", "risk_window"}, "report");
    if (rep["claims"]) {
      s.report.claims = r.strings(rep["claims"], "claims");
      for (const std::string& id : s.report.claims) {
        if (claims().claim(id) == nullptr) r.fail(rep["claims"], "unknown claim '" + id + "' (harness/claims/claims.yaml)");
      }
    }
    if (rep["shows"]) s.report.shows = report_prose(r, rep["shows"], "shows");
    if (rep["advice"]) s.report.advice = report_prose(r, rep["advice"], "advice");
    if (rep["risk_window"]) {
      const YAML::Node w = rep["risk_window"];
      if (w.IsScalar() && w.as<std::string>() == "unbounded") {
        s.report.unbounded = true;
      } else if (w.IsSequence() && w.size() == 2) {
        s.report.risk_window = std::make_pair(r.str(w[0], "risk_window"), r.str(w[1], "risk_window"));
      } else {
        r.fail(w, "risk_window is [from_label, to_label] or unbounded");
      }
    }
  }
  if (!root["steps"] || !root["steps"].IsSequence() || root["steps"].size() == 0) {
    r.fail(root, "a lifecycle scenario needs a non-empty list of 'steps'");
  }
  std::set<std::string> labels;
  for (const auto& n : root["steps"]) {
    r.require_map(n, "a step");
    r.keys(n, {"label", "idp", "sp", "login", "logout", "visit", "advance", "expect"}, "step");
    Step st;
    st.line = n.Mark().line + 1;
    if (n["label"]) {
      st.label = r.str(n["label"], "label");
      if (!labels.insert(st.label).second) r.fail(n["label"], "duplicate label '" + st.label + "'");
    }
    st.action = detail::parse_action(r, n);
    if (n["expect"]) std::tie(st.expect, st.alternatives) = detail::parse_expectations(r, n["expect"], Kind::lifecycle);
    if (st.action.type == Action::Type::none && !st.expect && st.alternatives.empty()) {
      r.fail(n, "a step needs an action or an 'expect'");
    }
    s.steps.push_back(std::move(st));
  }
  if (s.report.risk_window) {
    for (const std::string& l : {s.report.risk_window->first, s.report.risk_window->second}) {
      if (!labels.count(l)) r.fail(root["report"], "risk_window names unknown step label '" + l + "'");
    }
  }
  if (root["unaffected_by"]) {
    s.unaffected_by = r.strings(root["unaffected_by"], "unaffected_by");
    for (const std::string& k : s.unaffected_by) {
      const Assumption* a = claims().assumption(k);
      if (a == nullptr) r.fail(root["unaffected_by"], "unknown assumption '" + k + "'");
      if (std::find(a->events.begin(), a->events.end(), s.event) == a->events.end()) {
        r.fail(root["unaffected_by"], "assumption " + k + " does not bear on event " + s.event + ": nothing to declare");
      }
      if (k.rfind(kScimAssumptionPrefix, 0) == 0) {
        r.fail(root["unaffected_by"], "scim.* assumptions bear only on the with_scim variant: list " + k +
                                          " under 'with_scim.unaffected_by'");
      }
    }
  }
  if (root["with_scim"]) s.with_scim = detail::parse_with_scim(r, root["with_scim"], s);
}

}  // namespace

const Expectation* applicable(const std::optional<Expectation>& base, const std::vector<Expectation>& alternatives,
                              const Assumed& in_effect) {
  std::vector<const Condition*> conditions;
  for (const Expectation& e : alternatives) conditions.push_back(&e.when);
  const Pick p = pick(conditions, in_effect);
  if (p.index) return &alternatives[*p.index];
  return base ? &*base : nullptr;
}

const Expectation& applicable(const Expectation& base, const std::vector<Expectation>& alternatives,
                              const Assumed& in_effect) {
  std::vector<const Condition*> conditions;
  for (const Expectation& e : alternatives) conditions.push_back(&e.when);
  const Pick p = pick(conditions, in_effect);
  return p.index ? alternatives[*p.index] : base;
}

bool names_a_vendor(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return lower.find("hotjar") != std::string::npos || lower.find("okta") != std::string::npos;
}

void check_assumption_coverage(const Scenario& s, const Assumed& flipped) {
  if (s.kind != Kind::lifecycle) return;
  for (const auto& kv : flipped) {
    // Named copies, not structured bindings: Clang 14 cannot capture those.
    const std::string& key = kv.first;
    const std::string& value = kv.second;
    const Assumption* a = claims().assumption(key);
    // The SCIM mapping's settings change nothing where nothing is provisioned.
    if (key.rfind(kScimAssumptionPrefix, 0) == 0 && !s.provisioned()) continue;
    if (a == nullptr || std::find(a->events.begin(), a->events.end(), s.event) == a->events.end()) continue;
    if (std::find(s.unaffected_by.begin(), s.unaffected_by.end(), key) != s.unaffected_by.end()) continue;
    bool covered = false;
    auto look = [&](const Expectation& e) {
      const auto it = e.when.assume.find(key);
      covered = covered || (it != e.when.assume.end() && it->second == value);
    };
    for (const Step& st : s.steps) {
      for (const Expectation& e : st.alternatives) look(e);
    }
    if (!covered) {
      throw ScenarioError(s.file, s.event_line,
                          "event '" + s.event + "' depends on assumption " + key + " (harness/claims/assumptions.yaml)"
                          ": state what happens under " + key + "=" + value + " with an expectation carrying `when: "
                          "{assume: {" + key + ": " + value + "}}`, or list " + key + " under `unaffected_by`");
    }
  }
}

const std::vector<RequestMutationInfo>& request_mutations() {
  static const std::vector<RequestMutationInfo> k = {
      {"corrupt_deflate", "the SAMLRequest's DEFLATE data made invalid (its first block of the reserved type 3)"},
      {"deflate_bomb", "DS-2: the SAMLRequest re-deflated with 5 MiB of spaces after the request (a 5 KB bomb)"},
      {"acs_url_swapped",
       "AssertionConsumerServiceURL changed to https://evil.example/acs in transit; SigAlg and Signature kept"},
  };
  return k;
}

const std::vector<std::string>& lifecycle_events() {
  static const std::vector<std::string> k = {"join",          "role_change", "move_team",       "leave",
                                             "email_change",  "idp_group_change", "rehire",     "contractor_expiry",
                                             "owner_leaves",  "self_signup", "preprovision",    "invitation_expiry",
                                             "sso_enforcement"};
  return k;
}

std::string format_duration(core::Millis d) {
  long long s = d.count() / 1000;
  if (s == 0) return "0s";
  std::string out;
  for (const auto& [unit, size] : {std::pair<const char*, long long>{"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1}}) {
    if (s >= size) {
      out += (out.empty() ? "" : " ") + std::to_string(s / size) + unit;
      s %= size;
    }
  }
  return out;
}

namespace {

Scenario read_scenario(const std::string& text, const std::string& file_name, const SettingsBase& base) {
  const Reader r(file_name, base);
  const YAML::Node root = core::yaml::load(text, file_name);
  if (!root.IsMap()) throw ScenarioError(file_name, 1, "a scenario file is a mapping");
  r.keys(root, {"kind", "name", "title", "description", "tags", "start", "seed", "app", "sp", "user", "victim", "flow",
                "mutation", "request_mutation", "idp_signing", "rows", "expect", "target", "event", "variant", "report",
                "steps", "unaffected_by", "with_scim"},
         "the scenario");
  Scenario s;
  s.file = file_name;
  if (!root["kind"]) r.fail(root, "'kind' is required (format, attack or lifecycle)");
  const std::string kind = r.str(root["kind"], "kind");
  const auto parsed_kind = kKindSpellings.parse(kind);
  if (!parsed_kind) r.fail(root["kind"], "kind must be format, attack or lifecycle, not '" + kind + "'");
  s.kind = *parsed_kind;
  if (!root["name"]) r.fail(root, "'name' is required");
  s.name = r.str(root["name"], "name");
  static const std::regex kName("[a-z0-9][a-z0-9-]*");
  if (!std::regex_match(s.name, kName)) r.fail(root["name"], "name must match [a-z0-9][a-z0-9-]*");
  if (!root["title"]) r.fail(root, "'title' is required");
  s.title = r.str(root["title"], "title");
  if (root["description"]) s.description = r.str(root["description"], "description");
  if (root["tags"]) {
    const YAML::Node t = root["tags"];
    if (!t.IsSequence()) r.fail(t, "'tags' is a list of words, e.g. tags: [" + (t.IsScalar() ? t.Scalar() : "signature") + "]");
    s.tags = r.strings(t, "tags");
  }
  const std::string start = root["start"] ? r.str(root["start"], "start") : kDefaultStart;
  auto t = core::parse_rfc3339(start);
  if (!t) r.fail(root["start"], "start must be an RFC 3339 instant");
  s.start = *t;
  if (root["seed"]) {
    try {
      s.seed = std::stoull(r.str(root["seed"], "seed"));
    } catch (...) {
      r.fail(root["seed"], "seed must be a non-negative integer");
    }
  }
  const bool lifecycle = s.kind == Kind::lifecycle;
  for (const char* k :
       {"app", "sp", "user", "victim", "flow", "mutation", "request_mutation", "idp_signing", "rows", "expect", "target"}) {
    if (lifecycle && root[k]) r.fail(root[k], std::string("'") + k + "' is not used by lifecycle scenarios");
  }
  for (const char* k : {"event", "variant", "report", "steps", "unaffected_by", "with_scim"}) {
    if (!lifecycle && root[k]) r.fail(root[k], std::string("'") + k + "' belongs to lifecycle scenarios");
  }
  if (s.kind != Kind::attack && root["victim"]) r.fail(root["victim"], "'victim' belongs to attack scenarios");
  if (lifecycle) {
    parse_lifecycle(r, root, s);
  } else {
    parse_message_kind(r, root, s);
    if (root["target"]) {
      s.target = parse_target(r, root["target"]);
    } else if (s.kind == Kind::attack) {
      r.fail(root["kind"], "an attack scenario declares 'target:' (what a vulnerability looks like against a foreign "
                           "SP: family, check, and gain for the shape and format families; harness/SCENARIOS.md)");
    }
  }
  return s;
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::string& file_name, const SettingsBase& base) {
  try {
    return read_scenario(text, file_name, base);
  } catch (const core::yaml::Error& e) {
    throw ScenarioError(e.file(), e.line(), e.message());
  } catch (const YAML::Exception& e) {
    throw ScenarioError(file_name, e.mark.is_null() ? 0 : e.mark.line + 1, e.msg);
  }
}

Scenario load_scenario(const std::string& path, const SettingsBase& base) {
  auto text = core::read_capped(path, 1024 * 1024);  // a scenario is a few KiB
  if (!text) throw ScenarioError(path, 0, text.failure().detail);
  return parse_scenario(*text, path, base);
}

std::vector<std::string> find_scenario_files(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(p)) {
        const auto ext = e.path().extension();
        if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml")) out.push_back(e.path().string());
      }
    } else if (fs::is_regular_file(p, ec)) {
      out.push_back(p);
    } else {
      throw ScenarioError(p, 0, "no such file or directory");
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string path_under(const std::string& file, const std::vector<std::string>& paths) {
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) continue;
    const fs::path rel = fs::path(file).lexically_relative(p);
    if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  }
  return "";
}

}  // namespace samlh::harness
