// JSON and CSV shapes of the admin API (routes_admin.cpp), kept apart from
// the routing so each shape is tested on plain values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sp/accounts/accounts.hpp"
#include "sp/store/store.hpp"

namespace samlh::sp {

nlohmann::json gap_spellings(const std::vector<Gap>& gaps);
// {"email","role","role_name","origin","created","first_sso_login"}
nlohmann::json member_json(const Member& m);
// {"token","email","role","inviter","created","expires","status","link"}; link
// is Invitation::link_path(org, token), also recorded in the audit log.
nlohmann::json invitation_json(const std::string& org, const Invitation& i);
// {"org","members":[...],"pending_invitations":[...]}
nlohmann::json roster_json(const Roster& r);
// One header line, then one line per member and per pending invitation:
// kind,email,role,status,inviter,created,expires (RFC 4180 quoting).
std::string roster_csv(const Roster& r);

// event (an audit event spelling), subject, reason, since (RFC 3339),
// after_seq, limit (<= 10000); nullopt when a value is malformed or the
// event is not a spelling of the table.
std::optional<AuditQuery> audit_query_from(std::string_view query, const std::string& org);
// {kind, email, new_email?, groups?, at? (RFC 3339; default now)}
std::optional<IdpEvent> idp_event_from(const nlohmann::json& body, core::Instant now);

// %XX decoding of one path segment ('+' stays '+'); a segment with a
// malformed escape is kept as it is (the lookup then fails as unknown).
std::string percent_decode(std::string_view s);

}  // namespace samlh::sp
