#include "harness/reconcile/runbook.hpp"

#include <array>

namespace samlh::harness::reconcile {
namespace {

constexpr std::array kSteps{
    RunbookStep{Step::join_send_invitation, "join.send_invitation", "join",
                "An Admin or the Account Owner invites the user's Application login by email with the role, in this "
                "Organization [H2]; the user is listed as a member only after accepting [H2]."},
    RunbookStep{Step::leave_remove_member_in_hotjar, "leave.remove_member_in_hotjar", "leave",
                "An Admin or the Account Owner removes the member from the Organization; only they can revoke a "
                "member's access [H2]."},
    RunbookStep{Step::leave_revoke_pending_invitation, "leave.revoke_pending_invitation", "leave",
                "An Admin or the Account Owner revokes the pending invitation so it cannot be accepted later "
                "(assumption: Hotjar lets a pending invitation be revoked; our SP does)."},
    RunbookStep{Step::owner_leaves_transfer_ownership_via_support, "owner_leaves.transfer_ownership_via_support",
                "owner_leaves",
                "Only the current Account Owner can transfer ownership; when they are gone, Hotjar Support does it "
                "after an ownership check [H9]. The old Owner's access to Organizations is not removed by the "
                "transfer [H9]: remove it afterwards."},
    RunbookStep{Step::role_change_set_role_in_hotjar, "role_change.set_role_in_hotjar", "role_change",
                "An Admin or the Account Owner sets the member's role in Hotjar [H3]; changing the Okta group does "
                "not (assumption: no source says Hotjar reads roles from SAML attributes or groups)."},
    RunbookStep{Step::role_change_reinvite_with_expected_role, "role_change.reinvite_with_expected_role",
                "role_change",
                "The role is chosen when the invitation is sent [H3]: an Admin or the Account Owner sends a new "
                "invitation with the expected role (assumption: as in our SP, the new invitation replaces the "
                "pending one)."},
    RunbookStep{Step::role_change_transfer_ownership, "role_change.transfer_ownership", "role_change",
                "Account Owner is not a role an invitation or a role change gives: only the current Owner, or "
                "Support after an ownership check, transfers it [H9]."},
    RunbookStep{Step::email_change_update_member_email, "email_change.update_member_email", "email_change",
                "Make the email Hotjar holds and the Application login Okta sends the same: the user changes their "
                "email in their Hotjar profile [H5], or the app username in Okta is set back [O1]; an Account Owner "
                "also updates the billing recipients [H10]."},
    RunbookStep{Step::email_change_confirm_identity, "email_change.confirm_identity", "email_change",
                "Confirm with the person that the member and the assigned user are the same person (the match is by "
                "name only); then follow email_change.update_member_email, or else leave.remove_member_in_hotjar "
                "and join.send_invitation."},
};

}  // namespace

std::span<const RunbookStep> runbook() noexcept { return kSteps; }
const RunbookStep& runbook_step(Step s) noexcept { return kSteps[static_cast<std::size_t>(s)]; }

}  // namespace samlh::harness::reconcile
