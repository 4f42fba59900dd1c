// The reasons a scenario can expect: the union of the three tables.
//
// A scenario's `reason:` names a message reason (core::Reason, decided by the
// SP's validator), a login reason (sp::LoginReason, the SP's account rules)
// or an IdP reason (idp::IdpReason). Each table keeps its own spellings; this
// lookup reads them all and refuses a spelling two tables share (it could
// mean either), so a table that gains a colliding spelling fails at load,
// not by silently picking one. The harness reads the SP's audit log and the
// IdP's System Log back through the same lookup.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/one_of.hpp"
#include "core/reason.hpp"
#include "idp-mock/tenant/idp_reason.hpp"
#include "sp/model/login_reason.hpp"

namespace samlh::harness {

using AnyReason = core::OneOf<core::Reason, sp::LoginReason, idp::IdpReason>;

struct ReasonMatch {
  std::optional<AnyReason> reason;  // set when exactly one table spells it
  bool ambiguous = false;           // more than one table spells it
};

// The one candidate that is set, or none: ambiguous when two or more are.
ReasonMatch unique_match(std::span<const std::optional<AnyReason>> candidates);

// The spelling looked up in the message, login and IdP tables.
ReasonMatch find_reason(std::string_view spelling);
// find_reason's reason: nullopt when unknown or ambiguous.
std::optional<AnyReason> any_reason_from_spelling(std::string_view spelling);

// Every reason of the three tables: message, then login, then IdP reasons,
// each in its table's order (`harness list --reasons`).
std::vector<AnyReason> all_any_reasons();
// "message", "login" or "idp": which table a reason is from.
std::string_view table_of(const AnyReason& r);

}  // namespace samlh::harness
