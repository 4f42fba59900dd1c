#include "harness/reconcile/runbook.hpp"

#include <array>
#include <stdexcept>

namespace samlh::harness::reconcile {
namespace {

constexpr std::array kSteps{
    RunbookStep{Step::join_send_invitation, "join.send_invitation", "join"},
    RunbookStep{Step::leave_remove_member_in_hotjar, "leave.remove_member_in_hotjar", "leave"},
    RunbookStep{Step::leave_revoke_pending_invitation, "leave.revoke_pending_invitation", "leave"},
    RunbookStep{Step::owner_leaves_transfer_ownership_via_support, "owner_leaves.transfer_ownership_via_support",
                "owner_leaves"},
    RunbookStep{Step::role_change_set_role_in_hotjar, "role_change.set_role_in_hotjar", "role_change"},
    RunbookStep{Step::role_change_reinvite_with_expected_role, "role_change.reinvite_with_expected_role",
                "role_change"},
    RunbookStep{Step::role_change_transfer_ownership, "role_change.transfer_ownership", "role_change"},
    RunbookStep{Step::email_change_update_member_email, "email_change.update_member_email", "email_change"},
    RunbookStep{Step::email_change_confirm_identity, "email_change.confirm_identity", "email_change"},
};

}  // namespace

std::span<const RunbookStep> runbook() noexcept { return kSteps; }
const RunbookStep& runbook_step(Step s) noexcept { return kSteps[static_cast<std::size_t>(s)]; }

const std::string& instruction(const StepTexts& texts, Step s) {
  const std::string_view id = runbook_step(s).id;
  const auto it = texts.find(id);
  if (it == texts.end()) {
    throw std::out_of_range("runbook step " + std::string(id) + " is not in the gap report's runbook "
                            "(harness/claims/events.yaml)");
  }
  return it->second;
}

}  // namespace samlh::harness::reconcile
