// idp-mock's equivalent of Okta's assignment reports [O21] (facts F.2): each
// app's grants with the dates they began and ended on the IdP's clock (the
// virtual one under --now or a harness run), written in the shape of Okta's
// "Current Assignments" and "Recent Unassignments" report CSVs, so that
// `harness reconcile` reads them as it reads Okta's.
//
// A grant is one app assigned to one user directly ("Individual") or through
// one group ("Group"); a user assigned both ways has one row per grant. A
// grant is in effect while it is configured and the user is not deactivated:
// deactivation removes every app assignment, suspension none [O18][O19].
// (idp-mock keeps the configured assignment of a deactivated user, so a
// reactivation starts a new grant; Okta asks for a new assignment instead
// [O18].)
#pragma once

#include <string>

#include "idp-mock/server/idp.hpp"

namespace samlh::idp {

// Brings State::assignment_spans up to date with the directory at the IdP's
// clock: grants no longer in effect end now, new ones begin now, and the
// names of the grants in effect are refreshed. Lock held; called after
// reset() and after every change made through the control API.
void track_assignments(Idp::State& s);

// A user renamed (Okta username changed): their grants follow, unbroken.
void rename_in_assignments(Idp::State& s, const std::string& from, const std::string& to);

// Okta keeps report events for 90 days (F.2 [O21]): a grant that ended
// longer ago is left out of both reports.
inline constexpr int kReportDays = 90;

// "Current Assignments" [O21]: User, Login, Application name, Application
// instance, Application login, Assigned on, Unassigned on, Last login, then
// Assignment type and Group (the granting group, from Okta's 2017
// announcement: column names are assumptions) and Status (the user's Okta
// status; idp-mock's addition). One row per grant, the ended ones with their
// Unassigned on; timestamps ISO 8601 in UTC with milliseconds; RFC 4180, CRLF.
std::string current_assignments_csv(const Idp::State& s, const AppRuntime& app);

// "Recent Unassignments" [O21]: fullName, assigneeOktaUsername,
// assigneeAppUsername, assigneeOktaId, unassigned, appUserStatus (Assigned
// when the user holds another grant of the app now, else Unassigned).
std::string recent_unassignments_csv(const Idp::State& s, const AppRuntime& app);

}  // namespace samlh::idp
