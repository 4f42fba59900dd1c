// The fix for each finding: a runbook step of the gap report, named by its
// stable id (<event>.<step>). The steps' text is the gap report's runbook
// (harness/claims/events.yaml, rendered from the claims table with each
// sentence's source tags or assumption): the caller hands it in as
// StepTexts, so this folder depends on no other project library and the
// runbook is written once.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace samlh::harness::reconcile {

enum class Step : std::uint8_t {
  join_send_invitation,
  leave_remove_member_in_hotjar,
  leave_revoke_pending_invitation,
  owner_leaves_transfer_ownership_via_support,
  role_change_set_role_in_hotjar,
  role_change_reinvite_with_expected_role,
  role_change_transfer_ownership,
  email_change_update_member_email,
  email_change_confirm_identity,
};

struct RunbookStep {
  Step step;
  std::string_view id;     // "leave.remove_member_in_hotjar"
  std::string_view event;  // "leave"
};

std::span<const RunbookStep> runbook() noexcept;
const RunbookStep& runbook_step(Step s) noexcept;

// Step id -> what to do, as the gap report prints it (harness/scenario's
// runbook_texts(claims(), ...)).
using StepTexts = std::map<std::string, std::string, std::less<>>;

// The text of step `s`; throws std::out_of_range naming the id when the
// gap report's runbook has no such step.
const std::string& instruction(const StepTexts& texts, Step s);

}  // namespace samlh::harness::reconcile
