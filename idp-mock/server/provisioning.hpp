// When the directory or an app's assignments change, what Okta's SCIM client
// would send (issue 20, [O20]; README "SCIM provisioning"): the desired state
// of every app with provisioning enabled, compared with what was provisioned
// (Idp::State::provisioned), queued as jobs for the SCIM client
// (scim_client.hpp). Called under the lock after each change of the control
// API and after a reset; it only queues (no I/O).
#pragma once

#include "idp-mock/server/idp.hpp"

namespace samlh::idp {

// The user as Okta pushes them to this app: the application username (B.5)
// as userName, names and email from the profile.
ScimUser scim_user(const App& app, const Directory& d, const User& u);

void sync_provisioning(Idp::State& s);

}  // namespace samlh::idp
