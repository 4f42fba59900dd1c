// The claims table in use: conditions on assumptions, parameter values,
// claim texts with their basis, bounds.
#include <algorithm>
#include <regex>
#include <set>
#include <sstream>

#include "harness/scenario/claims.hpp"
#include "harness/scenario/scenario.hpp"

namespace samlh::harness {
namespace {

template <class T, class Key>
const T* find_by(const std::vector<T>& v, Key key, const std::string& id) {
  for (const T& x : v) {
    if (x.*key == id) return &x;
  }
  return nullptr;
}

// The terms of a bound expression and how they combine.
struct Parsed {
  enum class Op { unbounded, single, min, sum } op = Op::single;
  std::vector<std::string> terms;
};

Parsed parse_expression(std::string e) {
  Parsed p;
  if (e == "unbounded") {
    p.op = Parsed::Op::unbounded;
    return p;
  }
  if (e.rfind("min(", 0) == 0 && e.back() == ')') {
    p.op = Parsed::Op::min;
    e = e.substr(4, e.size() - 5);
  } else if (e.find('+') != std::string::npos) {
    p.op = Parsed::Op::sum;
  }
  std::replace(e.begin(), e.end(), ',', ' ');
  std::replace(e.begin(), e.end(), '+', ' ');
  std::istringstream in(e);
  for (std::string t; in >> t;) p.terms.push_back(t);
  return p;
}

// The answer in effect for `key`: from `in_effect`, else its default.
std::string value_in_effect(const ClaimsTable& t, const std::string& key, const Assumed& in_effect) {
  if (const auto v = in_effect.find(key); v != in_effect.end()) return v->second;
  const Assumption* a = t.assumption(key);
  return a == nullptr || a->values.empty() ? std::string() : a->values.front().name;
}

}  // namespace

bool Condition::holds(const Assumed& in_effect) const {
  for (const auto& [k, v] : assume) {
    const auto it = in_effect.find(k);
    if (it == in_effect.end() || it->second != v) return false;
  }
  return true;
}

Pick pick(const std::vector<const Condition*>& alternatives, const Assumed& in_effect) {
  Pick p;
  std::size_t best = 0;
  for (std::size_t i = 0; i < alternatives.size(); ++i) {
    const Condition* c = alternatives[i];
    const std::size_t weight = c == nullptr ? 0 : c->assume.size();
    if (c != nullptr && !c->holds(in_effect)) continue;
    if (!p.index || weight > best) {
      p.index = i;
      p.ambiguous = false;
      best = weight;
    } else if (weight == best) {
      p.ambiguous = true;
    }
  }
  return p;
}

std::string duration_words(core::Millis d) {
  constexpr long long kHour = 3'600'000;
  constexpr long long kDay = 24 * kHour;
  const long long ms = d.count();
  if (ms > 0 && ms % kDay == 0 && ms >= 2 * kDay) return std::to_string(ms / kDay) + "d";
  if (ms > 0 && ms % kHour == 0) return std::to_string(ms / kHour) + "h";
  return format_duration(d);
}

const AssumptionValue* Assumption::value(const std::string& name) const {
  return find_by(values, &AssumptionValue::name, name);
}

std::string_view spelling(Access a) { return a == Access::excess ? "excess" : "missing"; }

const Claim* ClaimsTable::claim(const std::string& id) const { return find_by(claims, &Claim::id, id); }
const Assumption* ClaimsTable::assumption(const std::string& key) const {
  return find_by(assumptions, &Assumption::key, key);
}
const Parameter* ClaimsTable::parameter(const std::string& name) const {
  return find_by(parameters, &Parameter::name, name);
}
const EventEntry* ClaimsTable::event(const std::string& name) const { return find_by(events, &EventEntry::event, name); }
const Finding* ClaimsTable::finding(const std::string& id) const { return find_by(findings, &Finding::id, id); }
const RunbookStep* ClaimsTable::step(const std::string& id) const { return find_by(runbook, &RunbookStep::id, id); }

Assumed assumed_with(const ClaimsTable& t, const Assumed& flipped, const std::string& where) {
  Assumed out;
  for (const Assumption& a : t.assumptions) out[a.key] = a.default_value().name;
  for (const auto& [k, v] : flipped) {
    const Assumption* a = t.assumption(k);
    if (a == nullptr) {
      std::string keys;
      for (const Assumption& x : t.assumptions) keys += (keys.empty() ? "" : ", ") + x.key;
      throw ScenarioError(where, 0, "unknown assumption '" + k + "' (one of: " + keys + ")");
    }
    if (a->value(v) == nullptr) {
      std::string values;
      for (const AssumptionValue& x : a->values) values += (values.empty() ? "" : ", ") + x.name;
      throw ScenarioError(where, 0, "assumption " + k + " has no value '" + v + "' (one of: " + values + ")");
    }
    out[k] = v;
  }
  return out;
}

std::map<std::string, core::Millis> parameter_values(const ClaimsTable& t, const Assumed& in_effect,
                                                     const std::map<std::string, core::Millis>& cli) {
  std::map<std::string, core::Millis> out;
  for (const Parameter& p : t.parameters) {
    if (p.from == "cli") {
      const auto it = cli.find(p.name);
      out[p.name] = it == cli.end() ? p.default_value : it->second;
    } else {
      // An assumption whose values are durations (session_lifetime = 24h).
      const auto it = in_effect.find(p.name);
      if (it == in_effect.end()) continue;
      if (auto d = core::parse_duration(it->second)) out[p.name] = *d;
    }
  }
  return out;
}

std::string claim_text(const ClaimsTable& t, const Claim& c, const Assumed& in_effect,
                       const std::map<std::string, core::Millis>& params) {
  std::string text = c.text;
  if (!c.texts.empty()) {
    const auto it = c.texts.find(value_in_effect(t, c.assumption, in_effect));
    text = it == c.texts.end() ? c.texts.begin()->second : it->second;
  }
  static const std::regex kPlaceholder("\\{([a-z_]+)\\}");
  std::string out;
  std::size_t at = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), kPlaceholder), end; it != end; ++it) {
    out += text.substr(at, static_cast<std::size_t>(it->position()) - at);
    const auto p = params.find((*it)[1]);
    out += p == params.end() ? (*it)[0].str() : duration_words(p->second);
    at = static_cast<std::size_t>(it->position() + it->length());
  }
  return out + text.substr(at);
}

std::string basis_marker(const ClaimsTable& t, const Claim& c, const Assumed& in_effect) {
  if (!c.assumption.empty()) {
    return " (assumption: `" + c.assumption + "` = " + value_in_effect(t, c.assumption, in_effect) + ")";
  }
  std::string out = " ";
  for (const auto& s : c.sources) out += "[" + s + "]";
  return out;
}

std::string render_claim(const ClaimsTable& t, const std::string& id, const Assumed& in_effect,
                         const std::map<std::string, core::Millis>& params) {
  const Claim* c = t.claim(id);
  if (c == nullptr) return "(unknown claim " + id + ")";
  return claim_text(t, *c, in_effect, params) + basis_marker(t, *c, in_effect);
}

std::string render_step(const ClaimsTable& t, const RunbookStep& s, const Assumed& in_effect,
                        const std::map<std::string, core::Millis>& params) {
  std::string out = "(" + s.who + "): " + render_claim(t, s.claim, in_effect, params) +
                    " Check: " + render_claim(t, s.check, in_effect, params);
  if (!s.if_gone.empty()) out += " If nobody who may do this is left: " + render_claim(t, s.if_gone, in_effect, params);
  return out;
}

std::map<std::string, std::string, std::less<>> runbook_texts(const ClaimsTable& t, const Assumed& in_effect) {
  const auto params = parameter_values(t, in_effect, {});
  std::map<std::string, std::string, std::less<>> out;
  for (const RunbookStep& s : t.runbook) out[s.id] = render_step(t, s, in_effect, params);
  return out;
}

BoundValue evaluate_bound(const ClaimsTable&, const Finding& f, const Assumed& in_effect,
                          const std::map<std::string, core::Millis>& params) {
  std::vector<const Condition*> alts;
  for (const auto& b : f.bound) alts.push_back(b.when.assume.empty() ? nullptr : &b.when);
  const Pick p = pick(alts, in_effect);
  BoundValue out;
  if (!p.index) {
    out.expression = "unbounded";
    return out;
  }
  out.expression = f.bound[*p.index].expression;
  const Parsed e = parse_expression(out.expression);
  out.parameters = e.terms;
  if (e.op == Parsed::Op::unbounded) return out;
  std::optional<core::Millis> v;
  for (const std::string& term : e.terms) {
    const auto it = params.find(term);
    if (it == params.end()) return out;
    if (!v) v = it->second;
    else if (e.op == Parsed::Op::min) v = std::min(*v, it->second);
    else v = *v + it->second;
  }
  out.value = v;
  return out;
}

std::vector<std::string> finding_assumptions(const ClaimsTable& t, const Finding& f) {
  std::set<std::string> keys;
  auto from_claim = [&](const std::string& id) {
    if (const Claim* c = t.claim(id); c != nullptr && !c->assumption.empty()) keys.insert(c->assumption);
  };
  for (const auto& id : f.claims) from_claim(id);
  if (!f.bound_claim.empty()) from_claim(f.bound_claim);
  for (const auto& b : f.bound) {
    for (const auto& [k, v] : b.when.assume) keys.insert(k);
    for (const auto& term : parse_expression(b.expression).terms) {
      if (t.assumption(term) != nullptr) keys.insert(term);
    }
  }
  return {keys.begin(), keys.end()};
}

}  // namespace samlh::harness
