// Loading the claims table (claims.hpp) from harness/claims/*.yaml: every
// entry checked, every reference inside the table resolved; errors name the
// file, the line and the key.
#include <algorithm>
#include <regex>
#include <set>
#include <sstream>

#include "core/yaml/json_bridge.hpp"
#include "harness/scenario/claims.hpp"
#include "harness/scenario/yaml_reader.hpp"

namespace samlh::harness {
namespace {

using detail::Reader;

struct Loaded {
  ClaimsTable table;
  // Where each reference was written, to name it when it does not resolve.
  struct Ref {
    std::string file;
    int line;
    std::string what;  // "claim", "finding", "step", "event", "gap", "assumption", "parameter"
    std::string id;
  };
  std::vector<Ref> refs;
  std::map<std::string, std::pair<std::string, int>> assumption_refs;  // condition keys checked after loading
};

int line_of(const YAML::Node& n) { return n.IsDefined() ? n.Mark().line + 1 : 0; }

void ref(Loaded& l, const Reader& r, const YAML::Node& n, const std::string& what, const std::string& id) {
  l.refs.push_back(Loaded::Ref{r.file(), line_of(n), what, id});
}

std::vector<std::string> ids(Loaded& l, const Reader& r, const YAML::Node& n, const std::string& key,
                             const std::string& what) {
  std::vector<std::string> out = r.strings(n, key);
  for (const auto& id : out) ref(l, r, n, what, id);
  return out;
}

void parse_parameters(Loaded& l, const Reader& r, const YAML::Node& list) {
  for (const auto& n : list) {
    r.require_map(n, "a parameter");
    r.keys(n, {"name", "label", "from", "default", "meaning"}, "parameter");
    Parameter p;
    p.name = r.str(n["name"], "name");
    p.label = n["label"] ? r.str(n["label"], "label") : p.name;
    p.from = r.str(n["from"], "from");
    p.meaning = n["meaning"] ? r.str(n["meaning"], "meaning") : "";
    if (p.from == "cli") {
      if (!n["default"]) r.fail(n, "a cli parameter needs 'default'");
      auto d = core::parse_duration(r.str(n["default"], "default"));
      if (!d) r.fail(n["default"], "'default' is a duration like 30d");
      p.default_value = *d;
    } else if (p.from == "assumption") {
      ref(l, r, n["name"], "assumption", p.name);
    } else {
      r.fail(n["from"], "'from' is cli or assumption");
    }
    l.table.parameters.push_back(std::move(p));
  }
}

void parse_assumptions(Loaded& l, const Reader& r, const YAML::Node& list) {
  for (const auto& n : list) {
    r.require_map(n, "an assumption");
    r.keys(n, {"key", "claim", "unknown", "events", "values"}, "assumption");
    Assumption a;
    a.key = r.str(n["key"], "key");
    a.line = line_of(n);
    a.claim = r.str(n["claim"], "claim");
    ref(l, r, n["claim"], "claim", a.claim);
    a.unknown = r.str(n["unknown"], "unknown");
    ref(l, r, n["unknown"], "claim", a.unknown);
    if (n["events"]) a.events = ids(l, r, n["events"], "events", "event");
    if (!n["values"] || !n["values"].IsSequence() || n["values"].size() < 2) {
      r.fail(n, "an assumption needs 'values': the default first, then at least one other answer");
    }
    for (const auto& v : n["values"]) {
      r.require_map(v, "an assumption value");
      r.keys(v, {"name", "sp", "idp", "scim"}, "assumption value");
      AssumptionValue av;
      av.name = r.str(v["name"], "name");
      if (v["sp"]) av.sp = core::yaml::to_json(v["sp"]);
      if (v["idp"]) av.idp = core::yaml::to_json(v["idp"]);
      if (v["scim"]) av.scim = core::yaml::to_json(v["scim"]);
      if (!av.sp.is_object() || !av.idp.is_object() || !av.scim.is_object() ||
          (av.sp.empty() && av.idp.empty() && av.scim.empty())) {
        r.fail(v, "an assumption value names the settings it means under 'sp', 'idp' and/or 'scim'");
      }
      const bool scim_key = a.key.rfind(kScimAssumptionPrefix, 0) == 0;
      if (scim_key != (!av.scim.empty() && av.sp.empty() && av.idp.empty())) {
        r.fail(v, "an assumption named scim.* sets only 'scim' (the SP's SCIM mapping), and only those do");
      }
      if (a.value(av.name) != nullptr) r.fail(v, "value '" + av.name + "' listed twice");
      a.values.push_back(std::move(av));
    }
    l.table.assumptions.push_back(std::move(a));
  }
}

void parse_claim_list(Loaded& l, const Reader& r, const YAML::Node& list) {
  for (const auto& n : list) {
    r.require_map(n, "a claim");
    r.keys(n, {"id", "text", "texts", "sources", "assumption", "events"}, "claim");
    Claim c;
    c.id = r.str(n["id"], "id");
    c.file = r.file();
    c.line = line_of(n);
    if (n["text"]) c.text = r.str(n["text"], "text");
    if (n["texts"]) {
      r.require_map(n["texts"], "'texts'");
      for (const auto& kv : n["texts"]) c.texts[kv.first.as<std::string>()] = r.str(kv.second, "texts");
    }
    if (c.text.empty() == c.texts.empty()) r.fail(n, "a claim has 'text', or 'texts' per assumption value");
    if (n["sources"]) c.sources = r.strings(n["sources"], "sources");
    if (n["assumption"]) {
      c.assumption = r.str(n["assumption"], "assumption");
      ref(l, r, n["assumption"], "assumption", c.assumption);
    }
    if (c.sources.empty() == c.assumption.empty()) {
      r.fail(n, "claim '" + c.id + "' needs one basis: 'sources' (tags of the facts file) or 'assumption' (a key)");
    }
    if (!c.texts.empty() && c.assumption.empty()) r.fail(n, "'texts' needs 'assumption'");
    static const std::regex kTag("[A-Z][A-Z0-9]*[0-9]+");
    for (const auto& s : c.sources) {
      if (!std::regex_match(s, kTag)) r.fail(n["sources"], "source tag '" + s + "' is written like H2 or O18");
    }
    if (n["events"]) c.events = ids(l, r, n["events"], "events", "event");
    l.table.claims.push_back(std::move(c));
  }
}

Condition condition_in(Loaded& l, const Reader& r, const YAML::Node& n) {
  Condition c;
  c.line = line_of(n);
  r.require_map(n, "'when'");
  r.keys(n, {"assume"}, "when");
  r.require_map(n["assume"], "'assume'");
  for (const auto& kv : n["assume"]) {
    const std::string key = kv.first.as<std::string>();
    c.assume[key] = r.str(kv.second, key);
    l.assumption_refs[key + "=" + c.assume[key]] = {r.file(), line_of(kv.first)};
  }
  return c;
}

void parse_findings(Loaded& l, const Reader& r, const YAML::Node& list) {
  for (const auto& n : list) {
    r.require_map(n, "a finding");
    r.keys(n, {"id", "gap", "access", "claims", "bound", "bound_claim"}, "finding");
    Finding f;
    f.id = r.str(n["id"], "id");
    f.line = line_of(n);
    f.event = f.id.substr(0, f.id.find('.'));
    ref(l, r, n["id"], "event", f.event);
    f.gap = r.str(n["gap"], "gap");
    if (!sp::gap_from_spelling(f.gap)) r.fail(n["gap"], "unknown gap code '" + f.gap + "'");
    const std::string access = r.str(n["access"], "access");
    if (access == "excess") f.access = Access::excess;
    else if (access == "missing") f.access = Access::missing;
    else r.fail(n["access"], "'access' is excess (access that should not exist) or missing (access that should exist)");
    if (n["claims"]) f.claims = ids(l, r, n["claims"], "claims", "claim");
    if (n["bound_claim"]) {
      f.bound_claim = r.str(n["bound_claim"], "bound_claim");
      ref(l, r, n["bound_claim"], "claim", f.bound_claim);
    }
    if (!n["bound"] || !n["bound"].IsSequence() || n["bound"].size() == 0) r.fail(n, "a finding needs 'bound'");
    for (const auto& b : n["bound"]) {
      r.require_map(b, "a bound");
      r.keys(b, {"when", "value"}, "bound");
      BoundAlternative alt;
      if (b["when"]) alt.when = condition_in(l, r, b["when"]);
      alt.expression = r.str(b["value"], "value");
      static const std::regex kName("[a-z_]+");
      std::string e = alt.expression;
      if (e != "unbounded") {
        if (e.rfind("min(", 0) == 0 && e.back() == ')') e = e.substr(4, e.size() - 5);
        for (const char sep : {',', '+'}) std::replace(e.begin(), e.end(), sep, ' ');
        std::istringstream terms(e);
        for (std::string t; terms >> t;) {
          if (!std::regex_match(t, kName)) r.fail(b["value"], "a bound is unbounded, a parameter, min(a, b) or a + b");
          ref(l, r, b["value"], "parameter", t);
        }
      }
      f.bound.push_back(std::move(alt));
    }
    l.table.findings.push_back(std::move(f));
  }
}

void parse_runbook(Loaded& l, const Reader& r, const YAML::Node& list) {
  for (const auto& n : list) {
    r.require_map(n, "a runbook step");
    r.keys(n, {"id", "system", "who", "claim", "check", "if_gone"}, "runbook step");
    RunbookStep s;
    s.id = r.str(n["id"], "id");
    s.line = line_of(n);
    static const std::regex kId("[a-z_]+\\.[a-z_]+");
    if (!std::regex_match(s.id, kId)) r.fail(n["id"], "a step id is <event>.<step>, lower case");
    s.event = s.id.substr(0, s.id.find('.'));
    ref(l, r, n["id"], "event", s.event);
    s.system = r.str(n["system"], "system");
    if (s.system != "hotjar" && s.system != "okta" && s.system != "person") {
      r.fail(n["system"], "'system' is hotjar, okta or person (the user)");
    }
    s.who = r.str(n["who"], "who");
    s.claim = r.str(n["claim"], "claim");
    ref(l, r, n["claim"], "claim", s.claim);
    s.check = r.str(n["check"], "check");
    ref(l, r, n["check"], "claim", s.check);
    if (n["if_gone"]) {
      s.if_gone = r.str(n["if_gone"], "if_gone");
      ref(l, r, n["if_gone"], "claim", s.if_gone);
    }
    l.table.runbook.push_back(std::move(s));
  }
}

void parse_file(Loaded& l, const std::string& name, const std::string& text) {
  const Reader r(name);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ScenarioError(name, e.mark.line + 1, "not valid YAML: " + e.msg);
  }
  if (root.IsNull()) return;
  r.require_map(root, "a claims file");
  r.keys(root, {"parameters", "assumptions", "claims", "context", "seed_points", "events", "findings", "runbook",
                "controls"},
         "a claims file");
  if (root["parameters"]) parse_parameters(l, r, root["parameters"]);
  if (root["assumptions"]) parse_assumptions(l, r, root["assumptions"]);
  if (root["claims"]) parse_claim_list(l, r, root["claims"]);
  if (root["context"]) l.table.context = ids(l, r, root["context"], "context", "claim");
  if (root["seed_points"]) l.table.seed_points = ids(l, r, root["seed_points"], "seed_points", "claim");
  if (root["findings"]) parse_findings(l, r, root["findings"]);
  if (root["runbook"]) parse_runbook(l, r, root["runbook"]);
  if (root["events"]) {
    for (const auto& n : root["events"]) {
      r.require_map(n, "an event");
      r.keys(n, {"event", "title", "claims", "runbook"}, "event");
      EventEntry e;
      e.event = r.str(n["event"], "event");
      const auto& known = lifecycle_events();
      if (std::find(known.begin(), known.end(), e.event) == known.end()) r.fail(n["event"], "unknown event '" + e.event + "'");
      e.title = r.str(n["title"], "title");
      if (n["claims"]) e.claims = ids(l, r, n["claims"], "claims", "claim");
      if (n["runbook"]) e.runbook = ids(l, r, n["runbook"], "runbook", "step");
      l.table.events.push_back(std::move(e));
    }
  }
  if (root["controls"]) {
    for (const auto& n : root["controls"]) {
      r.require_map(n, "a control");
      r.keys(n, {"id", "claim", "narrows", "gaps"}, "control");
      Control c{r.str(n["id"], "id"), r.str(n["claim"], "claim"), {}, {}};
      ref(l, r, n["claim"], "claim", c.claim);
      if (n["narrows"]) c.narrows = ids(l, r, n["narrows"], "narrows", "finding");
      if (n["gaps"]) {
        c.gaps = r.strings(n["gaps"], "gaps");
        for (const auto& g : c.gaps) {
          if (!sp::gap_from_spelling(g)) r.fail(n["gaps"], "unknown gap code '" + g + "'");
        }
      }
      l.table.controls.push_back(std::move(c));
    }
  }
}

// Every reference resolves, ids are unique, texts name known parameters,
// per-value texts match their assumption's values.
void check(const Loaded& l) {
  const ClaimsTable& t = l.table;
  auto fail = [](const std::string& file, int line, const std::string& msg) { throw ScenarioError(file, line, msg); };
  std::set<std::string> seen;
  for (const Claim& c : t.claims) {
    if (!seen.insert("claim " + c.id).second) fail(c.file, c.line, "claim id '" + c.id + "' used twice");
  }
  for (const Loaded::Ref& r : l.refs) {
    const bool ok = r.what == "claim"       ? t.claim(r.id) != nullptr
                    : r.what == "finding"   ? t.finding(r.id) != nullptr
                    : r.what == "step"      ? t.step(r.id) != nullptr
                    : r.what == "assumption" ? t.assumption(r.id) != nullptr
                    : r.what == "parameter" ? t.parameter(r.id) != nullptr
                    : r.what == "event"     ? std::find(lifecycle_events().begin(), lifecycle_events().end(), r.id) !=
                                              lifecycle_events().end()
                                            : false;
    if (!ok) fail(r.file, r.line, "unknown " + r.what + " '" + r.id + "'");
  }
  for (const auto& [pair, where] : l.assumption_refs) {
    const auto eq = pair.find('=');
    const Assumption* a = t.assumption(pair.substr(0, eq));
    if (a == nullptr) fail(where.first, where.second, "unknown assumption '" + pair.substr(0, eq) + "'");
    if (a->value(pair.substr(eq + 1)) == nullptr) {
      fail(where.first, where.second, "assumption " + a->key + " has no value '" + pair.substr(eq + 1) + "'");
    }
  }
  static const std::regex kPlaceholder("\\{([a-z_]+)\\}");
  for (const Claim& c : t.claims) {
    std::vector<std::string> all = {c.text};
    for (const auto& [v, text] : c.texts) all.push_back(text);
    for (const auto& text : all) {
      for (std::sregex_iterator it(text.begin(), text.end(), kPlaceholder), end; it != end; ++it) {
        if (t.parameter((*it)[1]) == nullptr) fail(c.file, c.line, "claim '" + c.id + "' names unknown parameter " + (*it)[0].str());
      }
    }
    if (!c.texts.empty()) {
      const Assumption* a = t.assumption(c.assumption);
      std::set<std::string> want;
      for (const auto& v : a->values) want.insert(v.name);
      std::set<std::string> have;
      for (const auto& [v, text] : c.texts) have.insert(v);
      if (want != have) fail(c.file, c.line, "claim '" + c.id + "' needs one text per value of " + a->key);
    }
  }
  for (const Assumption& a : t.assumptions) {
    if (t.claim(a.claim)->assumption != a.key) {
      fail("assumptions", a.line, "the claim of assumption " + a.key + " must rest on that assumption");
    }
  }
  std::set<std::string> events;
  for (const EventEntry& e : t.events) {
    if (!events.insert(e.event).second) fail("events", 0, "event '" + e.event + "' listed twice");
    for (const std::string& s : e.runbook) {
      if (t.step(s)->event != e.event) fail("events", 0, "step " + s + " listed under event " + e.event);
    }
  }
  for (const std::string& e : lifecycle_events()) {
    if (!events.count(e)) fail("events", 0, "event '" + e + "' has no entry in the claims table");
  }
}

}  // namespace

ClaimsTable parse_claims(const std::vector<std::pair<std::string, std::string>>& files) {
  Loaded l;
  std::vector<std::pair<std::string, std::string>> sources;
  for (const auto& [name, text] : files) {
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".yaml") == 0) parse_file(l, name, text);
    if (name.size() > 3 && name.compare(name.size() - 3, 3, ".md") == 0) sources = parse_facts_sources(text);
  }
  check(l);
  // Every source tag is an entry of the facts file's Sources list.
  if (!sources.empty()) {
    for (const Claim& c : l.table.claims) {
      for (const std::string& tag : c.sources) {
        const bool known = std::any_of(sources.begin(), sources.end(), [&](const auto& s) { return s.first == tag; });
        if (!known) throw ScenarioError(c.file, c.line, "claim '" + c.id + "': [" + tag + "] is not in the Sources list of docs/facts/okta-hotjar.md");
      }
    }
  }
  return std::move(l.table);
}

std::vector<std::pair<std::string, std::string>> parse_facts_sources(const std::string& facts_markdown) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(facts_markdown);
  bool inside = false;
  static const std::regex kEntry("^- \\[([A-Z][A-Z0-9]*[0-9]+)\\] ?(.*)$");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) {
      inside = line == "## Sources";
      continue;
    }
    if (!inside) continue;
    std::smatch m;
    if (std::regex_match(line, m, kEntry)) {
      out.emplace_back(m[1], "[" + m[1].str() + "] " + m[2].str());
    } else if (!out.empty() && line.rfind("  ", 0) == 0) {
      out.back().second += " " + line.substr(line.find_first_not_of(' '));
    }
  }
  return out;
}

const std::vector<std::pair<std::string, std::string>>& facts_sources() {
  static const auto k = [] {
    for (const auto& [name, text] : embedded_claims_files()) {
      if (name == "docs/facts/okta-hotjar.md") return parse_facts_sources(text);
    }
    return std::vector<std::pair<std::string, std::string>>{};
  }();
  return k;
}

const ClaimsTable& claims() {
  static const ClaimsTable k = parse_claims(embedded_claims_files());
  return k;
}

}  // namespace samlh::harness
