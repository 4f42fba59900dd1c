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
#include "harness/reconcile/findings.hpp"

namespace samlh::harness::detail {

Expectation parse_expect(const Reader& r, const YAML::Node& n, Kind kind) {
  r.require_map(n, "'expect'");
  if (kind == Kind::lifecycle) {
    r.only(n, {"outcome", "reason", "gaps", "role", "identity", "member", "present", "invitation", "state", "session",
               "alive", "gaps_recorded", "reconcile"},
           "expect");
  } else {
    r.only(n, {"outcome", "reason", "weak", "identity", "gaps"}, "expect");
  }
  Expectation e;
  e.line = n.Mark().line + 1;
  if (n["outcome"]) {
    const std::string o = r.str(n["outcome"], "outcome");
    if (o == "accepted") e.outcome = Outcome::accepted;
    else if (o == "refused") e.outcome = Outcome::refused;
    else r.error(n["outcome"], "outcome must be accepted or refused, not '" + o + "'");
  }
  if (n["reason"]) e.reason = r.reason(n["reason"]);
  if (e.reason && e.outcome != Outcome::refused) r.error(n["reason"], "'reason' goes with outcome: refused");
  if (n["gaps"]) e.gaps = r.gaps(n["gaps"], "gaps");
  if (n["gaps_recorded"]) e.gaps_recorded = r.gaps(n["gaps_recorded"], "gaps_recorded");
  if (n["role"]) e.role = r.role(n["role"]);
  if (n["identity"]) e.identity = r.str(n["identity"], "identity");
  if (n["weak"]) {
    e.weak.emplace();
    for (const std::string& s : r.list(n["weak"], "weak")) {
      auto w = core::weakness_from_spelling(s);
      if (!w) r.error(n["weak"], "unknown weak option '" + s + "'");
      e.weak->push_back(*w);
    }
  }
  if (n["member"]) {
    e.member = r.str(n["member"], "member");
    if (n["present"]) e.present = r.boolean(n["present"], "present");
    if (!e.present && !e.role) r.error(n, "'member' needs 'present' or 'role'");
  } else if (n["present"]) {
    r.error(n["present"], "'present' goes with 'member'");
  }
  if (n["invitation"]) {
    e.invitation = r.str(n["invitation"], "invitation");
    if (!n["state"]) r.error(n, "'invitation' needs 'state'");
    e.invitation_state = r.str(n["state"], "state");
    static const std::set<std::string> states{"pending", "accepted", "revoked", "expired", "none"};
    if (!states.count(*e.invitation_state)) r.error(n["state"], "unknown invitation state '" + *e.invitation_state + "'");
  } else if (n["state"]) {
    r.error(n["state"], "'state' goes with 'invitation'");
  }
  if (n["session"]) {
    e.session = r.str(n["session"], "session");
    if (!n["alive"]) r.error(n, "'session' needs 'alive'");
    e.alive = r.boolean(n["alive"], "alive");
  } else if (n["alive"]) {
    r.error(n["alive"], "'alive' goes with 'session'");
  }
  if (n["reconcile"]) {
    const YAML::Node& list = n["reconcile"];
    if (!list.IsSequence()) r.error(list, "'reconcile' must be a list of {kind, subject} (or [] for no findings)");
    e.reconcile.emplace();
    for (const auto& f : list) {
      r.require_map(f, "a 'reconcile' finding");
      r.only(f, {"kind", "subject"}, "reconcile finding");
      if (!f["kind"] || !f["subject"]) r.error(f, "a 'reconcile' finding needs 'kind' and 'subject'");
      ReconcileFinding rf{r.str(f["kind"], "kind"), r.str(f["subject"], "subject")};
      const auto kinds = reconcile::finding_kinds();
      if (std::none_of(kinds.begin(), kinds.end(), [&](const auto& k) { return k.spelling == rf.kind; })) {
        std::string known;
        for (const auto& k : kinds) known += (known.empty() ? "" : ", ") + std::string(k.spelling);
        r.error(f["kind"], "unknown reconcile finding kind '" + rf.kind + "' (known: " + known + ")");
      }
      e.reconcile->push_back(std::move(rf));
    }
    std::sort(e.reconcile->begin(), e.reconcile->end());
  }
  return e;
}

}  // namespace samlh::harness::detail
