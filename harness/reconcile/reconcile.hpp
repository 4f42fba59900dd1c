// The comparison: what Okta says (assignments, unassignments, statuses) with
// what the SP holds (members, pending invitations), judged at the end of the
// as-of day (UTC). Emails compare ASCII-case-insensitively and nothing else
// is normalised; names compare exactly.
#pragma once

#include <optional>
#include <string>

#include "harness/reconcile/findings.hpp"
#include "harness/reconcile/inputs.hpp"
#include "harness/reconcile/roles.hpp"

namespace samlh::harness::reconcile {

struct ReconcileOptions {
  Day as_of{};
  std::string org;  // from --org or the roster; "" when neither says
  std::string app;  // the app integration the assignment rows were narrowed to
  const RoleMap* role_map = nullptr;
};

// Never fails: every input problem was refused while reading. The findings
// (sorted by kind, then subject) are:
// - member_without_assignment: a member matched by no active assignment
//   (not the Account Owner, who gets owner_idp_status instead; not a member
//   taken as possible_email_drift);
// - invitation_without_assignment: a live pending invitation (our SP's export
//   only) of someone with no active assignment;
// - assignment_without_access: an actively assigned person with neither
//   membership nor live invitation (possible when the roster is Hotjar's
//   member list, which does not show invitations);
// - owner_idp_status: the Account Owner has no active assignment (certain)
//   or is suspended (possible);
// - role_drift (only with a role map): the highest role the person's granting
//   groups map to differs from the member's or invitation's role (an Account
//   Owner is never reported: ownership moves only by transfer);
// - email_drift: the person's Okta Login differs from their Application
//   login, or the SP holds the Login rather than the Application login;
// - possible_email_drift: an unmatched member whose name equals the name of
//   exactly one actively assigned person, who has no access.
Report reconcile(const IdpInputs& idp, const SpRoster& sp, const ReconcileOptions& options);

}  // namespace samlh::harness::reconcile
