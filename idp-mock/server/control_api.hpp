// The control API: JSON over HTTP under /api/v1/ (Mujina's REST idea, Okta's
// paths where Okta has one). Every change is logged (stdout and the
// in-memory event log at GET /api/v1/logs). Bound to loopback with the rest
// of the server; it has no authentication (a test IdP).
//
//   GET    /api/v1/users                              list
//   POST   /api/v1/users                              create {login,email,password,firstName,lastName,status,profile}
//   GET    /api/v1/users/{login}
//   POST   /api/v1/users/{login}   (or PATCH)         update: email, login (rename), password, names, profile
//   DELETE /api/v1/users/{login}
//   POST   /api/v1/users/{login}/lifecycle/{deactivate|activate|reactivate|suspend|unsuspend}
//   DELETE /api/v1/users/{login}/sessions             end the user's Okta sessions
//   GET    /api/v1/groups            POST /api/v1/groups {name,description,members}
//   DELETE /api/v1/groups/{name}
//   PUT    /api/v1/groups/{name}/users/{login}        DELETE same: membership
//   GET    /api/v1/apps              GET /api/v1/apps/{app}   settings by their YAML names
//   POST   /api/v1/apps/{app}/settings (or PATCH)     change settings (same keys as YAML)
//   GET    /api/v1/apps/{app}/users                   effective assignments
//   PUT    /api/v1/apps/{app}/users/{login}           DELETE same: assign/unassign a user
//   PUT    /api/v1/apps/{app}/groups/{group}          DELETE same: assign/unassign a group
//   GET    /api/v1/apps/{app}/reports/current_assignments   CSV: Okta's Current Assignments report shape [O21]
//   GET    /api/v1/apps/{app}/reports/recent_unassignments  CSV: Okta's Recent Unassignments report shape
//   GET    /api/v1/apps/{app}/credentials/keys        signing certificates, ACTIVE and INACTIVE (B.4)
//   POST   /api/v1/apps/{app}/credentials/keys/generate?validityYears=N   new INACTIVE certificate
//   POST   /api/v1/apps/{app}/credentials/keys/{kid}/activate
//   POST   /api/v1/apps/{app}/mint {login,acs,in_response_to}   a Response without the browser flow
//   GET    /api/v1/clock             PUT /api/v1/clock {offset_ms | offset_seconds | now}
//   GET    /api/v1/sessions          DELETE /api/v1/sessions
//   GET    /api/v1/logs[?kind=change|sso]             GET /api/v1/changes
//   POST   /api/v1/reset                              back to the configuration
#pragma once

#include "core/http/http_server.hpp"
#include "idp-mock/server/idp.hpp"

namespace samlh::idp {

// Lock held by the caller. Errors are {"errorCode","errorSummary"} as Okta's API.
core::http::Response control_api(Idp::Locked& idp, const core::http::Request& req);

}  // namespace samlh::idp
