#include "harness/reconcile/findings.hpp"

#include <array>

namespace samlh::harness::reconcile {
namespace {

constexpr std::array kKinds{
    KindInfo{FindingKind::member_without_assignment, "member_without_assignment",
             "Leavers still in: members with no active Okta assignment",
             "Only an Admin or the Account Owner can revoke a member's access [H2]. Unassigning or deactivating the "
             "user in Okta stops new SSO sign-ins [O10][O18], but nothing documented removes the Hotjar membership "
             "(assumption: Hotjar offers no SCIM and no user-management API [S1][S2])."},
    KindInfo{FindingKind::invitation_without_assignment, "invitation_without_assignment",
             "Pending invitations of people Okta no longer assigns",
             "An invitation waits until it is accepted [H2]; a pending invitation of someone Okta has unassigned or "
             "deactivated can still be accepted later if they regain a way in (assumption: invitations stay valid "
             "until they expire, as in our SP). Known only from our SP's export: Hotjar's member list shows no "
             "invitations [H2]."},
    KindInfo{FindingKind::assignment_without_access, "assignment_without_access",
             "Joiners locked out: assigned in Okta, neither member nor invited",
             "Okta assigning the app creates nothing in Hotjar: members are added by invitation [H2] and no "
             "just-in-time provisioning is documented (assumption). Hotjar's member list does not show pending "
             "invitations [H2], so from it this finding is only possible."},
    KindInfo{FindingKind::owner_idp_status, "owner_idp_status", "The Account Owner's status in Okta",
             "Only the current Account Owner can transfer ownership; once they are gone only Hotjar Support can, "
             "after an ownership check [H9]. A suspended Okta user cannot sign in but keeps their assignments "
             "[O19]."},
    KindInfo{FindingKind::role_drift, "role_drift", "Role drift: the Hotjar role differs from the role map's",
             "Roles are set in Hotjar by an Admin or the Account Owner [H3]; Okta groups do not change them "
             "(assumption: no source says Hotjar reads roles from SAML attributes or groups). The expected role is "
             "the highest one the user's granting groups map to in --role-map."},
    KindInfo{FindingKind::email_drift, "email_drift", "Email drift: Okta's Login and the Application login differ",
             "Okta sends the Application login to the app [O21] and, by default, updates it when the Okta username "
             "changes [O1][O14]; Hotjar matches members by email (assumption: invitations are addressed by email "
             "[H2]). When the two differ, the member stops matching at the next update, or already does."},
    KindInfo{FindingKind::possible_email_drift, "possible_email_drift",
             "Possible email drift: a member matched only by name",
             "A member that no assignment matches has the same name as exactly one assigned user who has no access: "
             "perhaps one person whose email changed. Names are compared exactly; this is a guess, so its "
             "confidence is possible."},
};

}  // namespace

std::span<const KindInfo> finding_kinds() noexcept { return kKinds; }
const KindInfo& kind_info(FindingKind k) noexcept { return kKinds[static_cast<std::size_t>(k)]; }
std::string_view spelling(FindingKind k) noexcept { return kind_info(k).spelling; }
std::string_view spelling(Confidence c) noexcept { return c == Confidence::certain ? "certain" : "possible"; }

}  // namespace samlh::harness::reconcile
