// The claims table: every sentence the reports write about Hotjar or Okta,
// with its basis, as data (harness/claims/*.yaml, embedded at build time).
//
// A claim's basis is one or more source tags of docs/facts/okta-hotjar.md's
// Sources list ("H2", "O18"), or an assumption: a key of the assumptions
// table, each naming SP or IdP settings with a default and the other
// answers (`harness run --assume KEY=VALUE`). The table also holds the bound
// parameters, the findings per lifecycle event (a gap, whether it leaves
// access that should be gone or blocks access that should exist, its bound),
// the runbook steps with stable ids, the IdP's compensating controls and the
// seed page's points. load_claims() checks every reference inside the table;
// the tests check the source tags against the facts file and the settings
// against the real SP and IdP loaders.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace samlh::harness {

// Assumption values in effect: key -> value name ("session_lifetime" -> "24h").
using Assumed = std::map<std::string, std::string>;

// `when: {assume: {KEY: VALUE, ...}}`: holds when every pair is in effect.
struct Condition {
  Assumed assume;
  int line = 0;
  bool holds(const Assumed& in_effect) const;
};

// Of alternatives each with a condition, the one whose condition holds with
// the most pairs (an unconditional one holds with none); nullopt when none
// holds; ambiguous (two hold with as many pairs, differently) is an error
// the caller reports. Returns the index.
struct Pick {
  std::optional<std::size_t> index;
  bool ambiguous = false;
};
Pick pick(const std::vector<const Condition*>& alternatives, const Assumed& in_effect);

struct Claim {
  std::string id;
  std::string file;
  int line = 0;
  // The text; with an assumption it may differ per value (texts), and any
  // text may name parameters as {session_lifetime}.
  std::string text;
  std::map<std::string, std::string> texts;  // assumption value -> text
  std::vector<std::string> sources;          // source tags without brackets
  std::string assumption;                    // assumption key, or empty
  std::vector<std::string> events;           // lifecycle events it bears on
};

struct AssumptionValue {
  std::string name;  // "24h", "false", "read_only"
  // The settings this value means, as config keys: the SP's organization
  // `sso:` keys and the IdP app `hotjar`'s `settings:` keys.
  nlohmann::json sp = nlohmann::json::object();
  nlohmann::json idp = nlohmann::json::object();
  // The SP's what-if SCIM mapping for organization acme (keys of an
  // organization's `scim:`, sp/SERVER.md), applied in with_scim variants only.
  nlohmann::json scim = nlohmann::json::object();
};

struct Assumption {
  std::string key;
  int line = 0;
  std::string claim;     // the claim stating the assumed answer (basis: this assumption)
  std::string unknown;   // the claim saying what the sources leave open
  std::vector<AssumptionValue> values;  // the default first
  std::vector<std::string> events;      // lifecycle events whose outcomes depend on it
  const AssumptionValue& default_value() const { return values.front(); }
  const AssumptionValue* value(const std::string& name) const;
};

// A duration the bounds are computed from: --review-cadence, or an SP setting.
struct Parameter {
  std::string name;   // "review_cadence"
  std::string label;  // "review cadence"
  std::string from;   // "cli" (the option --review-cadence) or "assumption" (the assumption of that name)
  core::Millis default_value{0};  // for cli parameters
  std::string meaning;
};

// A bound: `unbounded`, a parameter name, `min(a, b, ...)` or `a + b + ...`
// (terms are parameter names), under a condition.
struct BoundAlternative {
  Condition when;
  std::string expression;
};

enum class Access { excess, missing };
std::string_view spelling(Access a);

struct Finding {
  std::string id;  // "leave.orphaned_membership"
  std::string event;
  std::string gap;  // gap spelling
  Access access = Access::excess;
  std::vector<std::string> claims;
  std::vector<BoundAlternative> bound;
  std::string bound_claim;  // why the bound is what it is (a claim id), optional
  int line = 0;
};

struct RunbookStep {
  std::string id;      // "<event>.<step>": stable, also used by `harness reconcile`
  std::string event;
  std::string system;  // "hotjar" or "okta" (where the step is taken)
  std::string who;     // the role that may take it
  std::string claim;   // what to do
  std::string check;   // how to check it was done (a claim)
  std::string if_gone; // what to do when nobody who may take it is left (a claim), optional
  int line = 0;
};

struct Control {
  std::string id;
  std::string claim;
  std::vector<std::string> narrows;  // finding ids (may be empty: a control that cannot narrow any)
  std::vector<std::string> gaps;     // gap codes it addresses that are no event's finding
};

struct EventEntry {
  std::string event;
  std::string title;
  std::vector<std::string> claims;   // what SSO-only onboarding does here
  std::vector<std::string> runbook;  // step ids in order
};

struct ClaimsTable {
  std::vector<Parameter> parameters;
  std::vector<Assumption> assumptions;
  std::vector<Claim> claims;
  std::vector<EventEntry> events;  // in report order
  std::vector<Finding> findings;
  std::vector<RunbookStep> runbook;
  std::vector<Control> controls;
  std::vector<std::string> seed_points;  // claim ids, [S2]
  std::vector<std::string> context;      // claim ids for the report's opening

  const Claim* claim(const std::string& id) const;
  const Assumption* assumption(const std::string& key) const;
  const Parameter* parameter(const std::string& name) const;
  const EventEntry* event(const std::string& name) const;
  const Finding* finding(const std::string& id) const;
  const RunbookStep* step(const std::string& id) const;
};

// The embedded table (harness/claims/*.yaml), parsed and checked once.
// Throws ScenarioError naming the file and line of a broken entry.
const ClaimsTable& claims();
// The same from given files (name, text), for tests.
ClaimsTable parse_claims(const std::vector<std::pair<std::string, std::string>>& files);
// The embedded files themselves (name, text): harness/claims/*.yaml and
// docs/facts/okta-hotjar.md.
const std::vector<std::pair<std::string, std::string>>& embedded_claims_files();

// The Sources list of a facts file (its "## Sources" section): tag ("H2")
// -> the entry as written, continuation lines joined ("[H2] https://...").
std::vector<std::pair<std::string, std::string>> parse_facts_sources(const std::string& facts_markdown);
// The embedded docs/facts/okta-hotjar.md's.
const std::vector<std::pair<std::string, std::string>>& facts_sources();

// --- assumptions in effect, parameters and rendering -------------------------

// Every assumption at its default, overridden by `flipped` (checked: unknown
// key or value is a ScenarioError with the given file name, line 0).
Assumed assumed_with(const ClaimsTable& t, const Assumed& flipped, const std::string& where = "--assume");

// Parameter values: cli parameters from `cli` (or their defaults), the
// others from the assumption of that name in effect.
std::map<std::string, core::Millis> parameter_values(const ClaimsTable& t, const Assumed& in_effect,
                                                     const std::map<std::string, core::Millis>& cli);

// A parameter's value as the reports write it: "24h", "30d", "1h 30m".
std::string duration_words(core::Millis d);

// A claim's text for the assumptions in effect, {parameters} filled in, and
// its basis marker: " [H2][H3]" or " (assumption: `session_lifetime` = 24h)".
std::string claim_text(const ClaimsTable& t, const Claim& c, const Assumed& in_effect,
                       const std::map<std::string, core::Millis>& params);
std::string basis_marker(const ClaimsTable& t, const Claim& c, const Assumed& in_effect);
// Text + basis marker, as the reports print every claim.
std::string render_claim(const ClaimsTable& t, const std::string& id, const Assumed& in_effect,
                         const std::map<std::string, core::Millis>& params);

// A runbook step as every report prints it after its id: "(who): what to
// do [tags] Check: how to check [tags] If nobody who may do this is left: ...".
std::string render_step(const ClaimsTable& t, const RunbookStep& s, const Assumed& in_effect,
                        const std::map<std::string, core::Millis>& params);
// Every runbook step's id -> render_step, the parameters at their defaults:
// the one runbook `harness reconcile` names its fixes from.
std::map<std::string, std::string, std::less<>> runbook_texts(const ClaimsTable& t, const Assumed& in_effect);

// A bound for the assumptions in effect: its expression, its value (nullopt:
// unbounded) and the parameters it reads.
struct BoundValue {
  std::string expression;
  std::optional<core::Millis> value;
  std::vector<std::string> parameters;
};
BoundValue evaluate_bound(const ClaimsTable& t, const Finding& f, const Assumed& in_effect,
                          const std::map<std::string, core::Millis>& params);

// The assumption keys a finding rests on: its claims', its bound claim's,
// the conditions of its bound and the assumption parameters it reads.
std::vector<std::string> finding_assumptions(const ClaimsTable& t, const Finding& f);

}  // namespace samlh::harness
