// The fix for each finding: one table of runbook steps with stable ids of the
// form <event>.<step>, so the gap report's runbook (issue 16) can later point
// at the same ids. Each instruction carries its source tags or says
// "assumption".
#pragma once

#include <cstdint>
#include <span>
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
  std::string_view instruction;
};

std::span<const RunbookStep> runbook() noexcept;
const RunbookStep& runbook_step(Step s) noexcept;

}  // namespace samlh::harness::reconcile
