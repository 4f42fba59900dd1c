#include "harness/scenario/scenario.hpp"
#include "harness/scenario/yaml_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "attacks/mutations.hpp"
#include "core/yaml/json_bridge.hpp"
#include "harness/reconcile/findings.hpp"

namespace samlh::harness::detail {

Condition parse_condition(const Reader& r, const YAML::Node& n) {
  r.require_map(n, "'when'");
  r.keys(n, {"assume"}, "when");
  if (!n["assume"]) r.fail(n, "'when' needs 'assume: {KEY: VALUE}'");
  r.require_map(n["assume"], "'assume'");
  Condition c;
  c.line = n.Mark().line + 1;
  const ClaimsTable& t = claims();
  for (const auto& kv : n["assume"]) {
    const std::string key = kv.first.as<std::string>();
    const Assumption* a = t.assumption(key);
    if (a == nullptr) {
      std::string keys;
      for (const Assumption& x : t.assumptions) keys += (keys.empty() ? "" : ", ") + x.key;
      r.fail(kv.first, "unknown assumption '" + key + "' (one of: " + keys + ")");
    }
    const std::string value = r.str(kv.second, key);
    if (a->value(value) == nullptr) {
      std::string values;
      for (const AssumptionValue& v : a->values) values += (values.empty() ? "" : ", ") + v.name;
      r.fail(kv.second, "assumption " + key + " has no value '" + value + "' (one of: " + values + ")");
    }
    c.assume[key] = value;
  }
  return c;
}

std::pair<std::optional<Expectation>, std::vector<Expectation>> parse_expectations(const Reader& r, const YAML::Node& n,
                                                                                  Kind kind) {
  std::pair<std::optional<Expectation>, std::vector<Expectation>> out;
  if (!n.IsSequence()) {
    Expectation e = parse_expect(r, n, kind);
    if (!e.when.assume.empty()) out.second.push_back(std::move(e));
    else out.first = std::move(e);
    return out;
  }
  for (const auto& item : n) {
    Expectation e = parse_expect(r, item, kind);
    if (!e.when.assume.empty()) {
      for (const Expectation& other : out.second) {
        if (other.when.assume == e.when.assume) r.fail(item, "two expectations for the same 'when'");
      }
      out.second.push_back(std::move(e));
    } else if (out.first) {
      r.fail(item, "at most one expectation without 'when'");
    } else {
      out.first = std::move(e);
    }
  }
  return out;
}

AnyReason Reader::reason(const YAML::Node& n) const {
  const std::string s = str(n, "reason");
  const ReasonMatch m = find_reason(s);
  if (m.reason) return *m.reason;
  if (m.ambiguous) fail(n, "reason '" + s + "' is spelled by more than one reason table");
  fail(n, "unknown reason '" + s + "' (see `harness list --reasons`)");
}

std::vector<sp::Gap> Reader::gaps(const YAML::Node& n, const std::string& key) const {
  std::vector<sp::Gap> out;
  for (const std::string& s : one_or_more(n, key)) {
    auto g = sp::gap_from_spelling(s);
    if (!g) fail(n, "unknown gap code '" + s + "'");
    out.push_back(*g);
  }
  return out;
}

sp::Role Reader::role(const YAML::Node& n) const {
  const std::string s = str(n, "role");
  if (auto r = sp::role_from_spelling(s)) return *r;
  fail(n, "unknown role '" + s + "' (account_owner, admin, read_write, read_only)");
}

Settings Reader::settings(const YAML::Node& n, const std::string& key) const {
  Settings s;
  if (!n.IsDefined() || n.IsNull()) return s;
  require_map(n, "'" + key + "'");
  for (const auto& kv : n) {
    const std::string k = kv.first.Scalar();
    s.values[k] = core::yaml::to_json(kv.second).dump();
    s.lines[k] = kv.first.Mark().line + 1;
  }
  return s;
}

Expectation parse_expect(const Reader& r, const YAML::Node& n, Kind kind) {
  r.require_map(n, "'expect'");
  if (kind == Kind::lifecycle) {
    r.keys(n, {"when", "outcome", "reason", "gaps", "role", "identity", "member", "present", "invitation", "state",
               "session", "alive", "gaps_recorded", "reconcile"},
           "expect");
  } else {
    r.keys(n, {"when", "outcome", "reason", "weak", "identity", "gaps"}, "expect");
  }
  Expectation e;
  e.line = n.Mark().line + 1;
  for (const auto& kv : n) e.key_lines[kv.first.Scalar()] = kv.first.Mark().line + 1;
  if (n["when"]) e.when = parse_condition(r, n["when"]);
  if (n["outcome"]) {
    const std::string o = r.str(n["outcome"], "outcome");
    e.outcome = kOutcomeSpellings.parse(o);
    if (!e.outcome) r.fail(n["outcome"], "outcome must be accepted or refused, not '" + o + "'");
  }
  if (n["reason"]) e.reason = r.reason(n["reason"]);
  if (e.reason && e.outcome != Outcome::refused) r.fail(n["reason"], "'reason' goes with outcome: refused");
  if (n["gaps"]) e.gaps = r.gaps(n["gaps"], "gaps");
  if (n["gaps_recorded"]) e.gaps_recorded = r.gaps(n["gaps_recorded"], "gaps_recorded");
  if (n["role"]) e.role = r.role(n["role"]);
  if (n["identity"]) e.identity = r.str(n["identity"], "identity");
  if (n["weak"]) {
    e.weak.emplace();
    for (const std::string& s : r.one_or_more(n["weak"], "weak")) {
      auto w = core::weakness_from_spelling(s);
      if (!w) r.fail(n["weak"], "unknown weak option '" + s + "'");
      e.weak->push_back(*w);
    }
  }
  if (n["member"]) {
    e.member = r.str(n["member"], "member");
    if (n["present"]) e.present = r.boolean(n["present"], "present");
    if (!e.present && !e.role) r.fail(n, "'member' needs 'present' or 'role'");
  } else if (n["present"]) {
    r.fail(n["present"], "'present' goes with 'member'");
  }
  if (n["invitation"]) {
    e.invitation = r.str(n["invitation"], "invitation");
    if (!n["state"]) r.fail(n, "'invitation' needs 'state'");
    e.invitation_state = r.str(n["state"], "state");
    static const std::set<std::string> states{"pending", "accepted", "revoked", "expired", "none"};
    if (!states.count(*e.invitation_state)) r.fail(n["state"], "unknown invitation state '" + *e.invitation_state + "'");
  } else if (n["state"]) {
    r.fail(n["state"], "'state' goes with 'invitation'");
  }
  if (n["session"]) {
    e.session = r.str(n["session"], "session");
    if (!n["alive"]) r.fail(n, "'session' needs 'alive'");
    e.alive = r.boolean(n["alive"], "alive");
  } else if (n["alive"]) {
    r.fail(n["alive"], "'alive' goes with 'session'");
  }
  if (n["reconcile"]) {
    const YAML::Node& list = n["reconcile"];
    if (!list.IsSequence()) r.fail(list, "'reconcile' must be a list of {kind, subject} (or [] for no findings)");
    e.reconcile.emplace();
    for (const auto& f : list) {
      r.require_map(f, "a 'reconcile' finding");
      r.keys(f, {"kind", "subject"}, "reconcile finding");
      if (!f["kind"] || !f["subject"]) r.fail(f, "a 'reconcile' finding needs 'kind' and 'subject'");
      ReconcileFinding rf{r.str(f["kind"], "kind"), r.str(f["subject"], "subject")};
      const auto kinds = reconcile::finding_kinds();
      if (std::none_of(kinds.begin(), kinds.end(), [&](const auto& k) { return k.spelling == rf.kind; })) {
        std::string known;
        for (const auto& k : kinds) known += (known.empty() ? "" : ", ") + std::string(k.spelling);
        r.fail(f["kind"], "unknown reconcile finding kind '" + rf.kind + "' (known: " + known + ")");
      }
      e.reconcile->push_back(std::move(rf));
    }
    std::sort(e.reconcile->begin(), e.reconcile->end());
  }
  return e;
}

}  // namespace samlh::harness::detail
