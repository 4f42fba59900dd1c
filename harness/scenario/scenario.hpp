// Scenario files as data (harness/SCENARIOS.md is the schema).
//
// load_scenario() validates a whole file before anything runs: unknown keys,
// unknown mutation/reason/gap/role names, missing required keys and badly
// typed values are ScenarioError with the file, line and key named.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/reason.hpp"
#include "core/spelling.hpp"
#include "harness/scenario/findings.hpp"
#include "harness/scenario/reasons.hpp"
#include "idp-mock/tenant/settings.hpp"
#include "harness/scenario/claims.hpp"
#include "sp/model/gaps.hpp"
#include "sp/model/role.hpp"

namespace samlh::harness {

// The default setup every scenario runs in: organization acme at the SP
// (sp/examples/acme.yaml), whose Account Owner carol is who the harness
// acts as to read the SP's state, and app hotjar at the IdP
// (idp-mock/examples/acme.yaml).
inline constexpr std::string_view kOrg = "acme";
inline constexpr std::string_view kOrgOwner = "carol@acme.test";
inline constexpr std::string_view kApp = "hotjar";

class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(const std::string& file, int line, const std::string& message)
      : std::runtime_error(file + ":" + std::to_string(line) + ": " + message), file_(file), line_(line) {}
  const std::string& file() const { return file_; }
  int line() const { return line_; }

 private:
  std::string file_;
  int line_;
};

enum class Kind { format, attack, lifecycle };
enum class Outcome { accepted, refused };
enum class Flow { sp_initiated, idp_initiated };
inline constexpr auto kKindSpellings =
    core::spellings<Kind>({{Kind::format, "format"}, {Kind::attack, "attack"}, {Kind::lifecycle, "lifecycle"}});
inline constexpr auto kOutcomeSpellings =
    core::spellings<Outcome>({{Outcome::accepted, "accepted"}, {Outcome::refused, "refused"}});
inline constexpr auto kFlowSpellings =
    core::spellings<Flow>({{Flow::sp_initiated, "sp_initiated"}, {Flow::idp_initiated, "idp_initiated"}});
constexpr std::string_view spelling(Kind k) { return kKindSpellings.spelling(k); }
constexpr std::string_view spelling(Outcome o) { return kOutcomeSpellings.spelling(o); }
constexpr std::string_view spelling(Flow f) { return kFlowSpellings.spelling(f); }

// A flat string map of settings as written in the file (values are scalars
// or lists rendered as JSON text), with the line of each key.
struct Settings {
  std::map<std::string, std::string> values;  // key -> JSON text of the value
  std::map<std::string, int> lines;
  bool empty() const { return values.empty(); }
};

// One finding `harness reconcile` must report (harness/RECONCILE.md): its
// kind (a spelling of reconcile::FindingKind) and subject (an email).
struct ReconcileFinding {
  std::string kind;
  std::string subject;
  bool operator<(const ReconcileFinding& o) const {
    return kind != o.kind ? kind < o.kind : subject < o.subject;
  }
};

struct Expectation {
  int line = 0;
  std::map<std::string, int> key_lines;  // each key's own line
  // The line of `key` (a failure points there), else the expectation's.
  int line_of(const std::string& key) const {
    const auto it = key_lines.find(key);
    return it == key_lines.end() ? line : it->second;
  }
  // `when: {assume: {KEY: VALUE}}`: applies only under that answer (and
  // then instead of the step's unconditional expectation); see applicable().
  Condition when;
  std::optional<Outcome> outcome;
  std::optional<AnyReason> reason;  // a message, login or IdP reason (reasons.hpp)
  std::optional<std::vector<sp::Gap>> gaps;  // exact set recorded by the step
  std::optional<sp::Role> role;
  std::optional<std::vector<core::Weakness>> weak;
  std::optional<std::string> identity;
  std::optional<std::string> member;  // with present / member_role
  std::optional<bool> present;
  std::optional<std::string> invitation;  // with invitation_state
  std::optional<std::string> invitation_state;
  std::optional<std::string> session;  // with alive
  std::optional<bool> alive;
  std::vector<sp::Gap> gaps_recorded;
  // Lifecycle: reconcile over both sides' exports at this point of the
  // timeline must report exactly these findings (empty: none).
  std::optional<std::vector<ReconcileFinding>> reconcile;
};

// The closed vocabulary of `idp:` and `sp:` steps (SCENARIOS.md). The
// lifecycle runner switches over each without a default, so a verb the
// loader accepts but no runner handles does not compile.
enum class IdpVerb {
  create_user, deactivate, reactivate, suspend, unsuspend, assign, unassign, rename_email, rename_login,
  set_groups, app_settings, rotate_certificate
};
inline constexpr auto kIdpVerbSpellings = core::spellings<IdpVerb>({{IdpVerb::create_user, "create_user"},
                                                                    {IdpVerb::deactivate, "deactivate"},
                                                                    {IdpVerb::reactivate, "reactivate"},
                                                                    {IdpVerb::suspend, "suspend"},
                                                                    {IdpVerb::unsuspend, "unsuspend"},
                                                                    {IdpVerb::assign, "assign"},
                                                                    {IdpVerb::unassign, "unassign"},
                                                                    {IdpVerb::rename_email, "rename_email"},
                                                                    {IdpVerb::rename_login, "rename_login"},
                                                                    {IdpVerb::set_groups, "set_groups"},
                                                                    {IdpVerb::app_settings, "app_settings"},
                                                                    {IdpVerb::rotate_certificate, "rotate_certificate"}});
enum class SpVerb {
  invite, revoke, change_role, remove, transfer_owner, set_sso, password_login, signup, expire_invitations
};
inline constexpr auto kSpVerbSpellings = core::spellings<SpVerb>({{SpVerb::invite, "invite"},
                                                                  {SpVerb::revoke, "revoke"},
                                                                  {SpVerb::change_role, "change_role"},
                                                                  {SpVerb::remove, "remove"},
                                                                  {SpVerb::transfer_owner, "transfer_owner"},
                                                                  {SpVerb::set_sso, "set_sso"},
                                                                  {SpVerb::password_login, "password_login"},
                                                                  {SpVerb::signup, "signup"},
                                                                  {SpVerb::expire_invitations, "expire_invitations"}});

// One action; the verb selects which fields matter (see SCENARIOS.md).
struct Action {
  enum class Type { none, idp, sp, login, logout, visit, advance } type = Type::none;
  IdpVerb idp_verb = IdpVerb::create_user;    // type idp
  SpVerb sp_verb = SpVerb::invite;            // type sp
  std::string verb;                           // idp/sp: the verb's spelling, for descriptions
  std::map<std::string, std::string> fields;  // scalar arguments (login, email, role, by, ...)
  std::vector<std::string> list;              // list argument (groups)
  Settings settings;                          // idp app_settings
  core::Millis duration{0};                   // advance
};

struct Step {
  int line = 0;
  std::string label;
  Action action;
  std::optional<Expectation> expect;      // unconditional
  std::vector<Expectation> alternatives;  // each with a `when`
};

// The expectation that applies under the assumptions in effect: the
// alternative whose `when` holds with the most pairs, else the unconditional
// one; nullptr when none (an alternative may expect nothing).
const Expectation* applicable(const std::optional<Expectation>& base, const std::vector<Expectation>& alternatives,
                              const Assumed& in_effect);
// The same for a format or attack, whose unconditional expectation always exists.
const Expectation& applicable(const Expectation& base, const std::vector<Expectation>& alternatives,
                              const Assumed& in_effect);

// What the gap report takes from a lifecycle scenario. Prose here must not
// name the vendors: statements about them are claims (ids).
struct Report {
  std::vector<std::string> claims;  // claim ids this story bears out
  std::string shows;                // what the story shows (done_right: the caveat)
  std::string advice;               // what an admin should do (done_right: the advice)
  std::string remains;              // with_scim: the gaps provisioning leaves
  // Evidence: the time between two labelled steps, or `unbounded`.
  std::optional<std::pair<std::string, std::string>> risk_window;
  bool unbounded = false;
};

// The app's own signing key pair (idp-mock config apps[].signing), certs/
// file names: not an Okta setting, so not under `app:`.
struct IdpSigning {
  std::string key;
  std::string certificate;
};

// A change to the SP's AuthnRequest on its way to the IdP (HTTP-Redirect),
// from a closed vocabulary (request_mutations()).
struct RequestMutationInfo {
  std::string_view name;
  std::string_view summary;
};
const std::vector<RequestMutationInfo>& request_mutations();

// `with_scim:` of an event's sso_only scenario (SCENARIOS.md "The with_scim
// variant"): the what-if variant derived from it, the same timeline with the
// IdP's directory changes provisioned to the SP over SCIM. Its steps keep
// their expectations except those named here by label.
struct WithScim {
  int line = 0;
  std::string title;
  Report report;
  std::vector<std::string> unaffected_by;  // added to the scenario's own in the variant
  struct Override {
    int line = 0;
    std::optional<Expectation> expect;
    std::vector<Expectation> alternatives;
  };
  std::map<std::string, Override> steps;  // step label -> its expectations in the variant
};

struct Scenario {
  std::string file;
  // The file relative to the directory it was found under (`attacks/xsw-3.yaml`
  // for scenarios/attacks/xsw-3.yaml run as `harness run scenarios/`); "" for
  // a file named on its own.
  std::string root_path;
  Kind kind = Kind::format;
  std::string name;
  std::string title;
  std::string description;
  std::vector<std::string> tags;
  core::Instant start{};
  std::optional<std::uint64_t> seed;

  // format / attack
  Settings app;
  Settings sp;
  std::string user;
  std::string victim;
  Flow flow = Flow::sp_initiated;
  std::string mutation;  // empty: none
  std::string request_mutation;  // empty: none
  std::optional<IdpSigning> idp_signing;
  std::vector<std::string> rows;
  Expectation expect;
  std::vector<Expectation> expect_alternatives;  // each with a `when`
  // Against a foreign SP (--target-sp): what a vulnerability looks like.
  // Attack scenarios declare it; a format scenario that does not is an IdP
  // setting the SP may accept or refuse as it chooses.
  TargetThreat target;

  // lifecycle
  std::string event;
  int event_line = 0;
  std::string variant = "sso_only";
  Report report;
  std::vector<Step> steps;
  // Assumptions of the event (claims().assumptions[].events) this story was
  // checked against and does not depend on (SCENARIOS.md, "Assumptions").
  std::vector<std::string> unaffected_by;
  // sso_only: the with_scim variant's block (derive_with_scim); with_scim:
  // the name of the sso_only scenario it was derived from.
  std::optional<WithScim> with_scim;
  std::string derived_from;
  bool provisioned() const { return variant == "with_scim"; }
};

// The with_scim variant of an sso_only scenario that has a `with_scim:`
// block: name `<event story>-with-scim`, variant with_scim, the block's
// title, report and expectation overrides. nullopt without a block.
std::optional<Scenario> derive_with_scim(const Scenario& s);
// Assumptions under this prefix are settings of the SP's what-if SCIM
// mapping (assumptions.yaml `scim:`): only with_scim variants depend on them.
inline constexpr std::string_view kScimAssumptionPrefix = "scim.";

// Under --assume: every lifecycle scenario of an event an assumption bears on
// must state its outcome under each flipped answer: some expectation with
// `when: {assume: {KEY: VALUE}}`, or KEY in `unaffected_by`. ScenarioError
// at the `event` line otherwise.
void check_assumption_coverage(const Scenario& s, const Assumed& flipped);

// Vendor names in report prose are refused (use a claim): the words checked.
bool names_a_vendor(std::string_view text);

// What a scenario's `app:` and `sp:` settings (and a step's `app_settings`)
// are checked against at load, so a mistake is a ScenarioError at the
// scenario's line before anything runs: app hotjar's settings in the default
// tenant (idp-mock/examples/acme.yaml under `root`), whose directory relative
// file names in `app:` resolve against, as the IdP's control API does.
struct SettingsBase {
  idp::AppSettings app;
  std::filesystem::path idp_dir;
};
// Loaded once per root; throws ScenarioError when the tenant cannot be read.
const SettingsBase& settings_base(const std::string& root);
// The source tree's (SAMLH_SOURCE_DIR): what the overloads without one use.
const SettingsBase& default_settings_base();

// Throws ScenarioError.
Scenario load_scenario(const std::string& path, const SettingsBase& base = default_settings_base());
Scenario parse_scenario(const std::string& text, const std::string& file_name,
                        const SettingsBase& base = default_settings_base());

// Every scenario file (*.yaml, *.yml) under the given files/directories,
// sorted by path. Throws ScenarioError for a path that does not exist.
std::vector<std::string> find_scenario_files(const std::vector<std::string>& paths);
// `file` relative to the first of the directories in `paths` it is under
// ("attacks/xsw-3.yaml"); "" when it is under none.
std::string path_under(const std::string& file, const std::vector<std::string>& paths);

// 2592000000 ms -> "30d", 90000 ms -> "1m 30s" (core::parse_duration reads
// what a file says).
std::string format_duration(core::Millis d);

// The lifecycle events a scenario may illustrate, in report order.
const std::vector<std::string>& lifecycle_events();

}  // namespace samlh::harness
