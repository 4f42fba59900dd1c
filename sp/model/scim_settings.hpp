// The what-if SCIM 2.0 endpoint's settings for one organization (issue 20).
// NOT a Hotjar feature: Hotjar offers no SCIM (okta-hotjar.md E.4). Read
// from the SP configuration (`organizations: - scim:`, sp/SERVER.md) at
// every start and kept in memory, never stored; the token only as SHA-256.
// Every mapping choice below is an assumption (there is no Hotjar behaviour
// to follow) with a default; sp/SERVER.md gives each one sentence.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/spelling.hpp"
#include "sp/model/role.hpp"

namespace samlh::sp {

// Deactivating (or deleting) the SCIM user of the Account Owner.
enum class ScimOwnerRule : std::uint8_t {
  keep_access,  // the user goes inactive, the Owner's membership and sessions stay (recorded)
  refuse,       // the request is refused (403): the Owner is changed only by transfer [H9]
};
inline constexpr auto kScimOwnerRuleSpellings = core::spellings<ScimOwnerRule>(
    {{ScimOwnerRule::keep_access, "keep_access"}, {ScimOwnerRule::refuse, "refuse"}});

// Pending invitations for the email of a user SCIM gives a membership.
enum class ScimInvitationRule : std::uint8_t { revoke, keep };
inline constexpr auto kScimInvitationRuleSpellings = core::spellings<ScimInvitationRule>(
    {{ScimInvitationRule::revoke, "revoke"}, {ScimInvitationRule::keep, "keep"}});

// A person who was already a member (by SSO, an invitation or the seed)
// when SCIM provisions them.
enum class ScimExistingMemberRule : std::uint8_t {
  adopt,      // the role SCIM maps replaces theirs from now on
  keep_role,  // their role stays; SCIM can still deactivate them
};
inline constexpr auto kScimExistingMemberRuleSpellings = core::spellings<ScimExistingMemberRule>(
    {{ScimExistingMemberRule::adopt, "adopt"}, {ScimExistingMemberRule::keep_role, "keep_role"}});

// The role a reactivated user's restored membership gets.
enum class ScimReactivationRule : std::uint8_t {
  groups,     // the role its groups map to now (as for a new user), not the one it had
  read_only,  // Read Only until a group change maps another
};
inline constexpr auto kScimReactivationRuleSpellings = core::spellings<ScimReactivationRule>(
    {{ScimReactivationRule::groups, "groups"}, {ScimReactivationRule::read_only, "read_only"}});

struct ScimOrgSettings {
  std::string token_sha256;  // hex SHA-256 of the bearer token (never the token)
  // The role of an active user in no mapped group; nullopt: such a user gets
  // no membership (only mapped groups grant access).
  std::optional<Role> default_role = Role::read_only;
  // Group displayName (compared ASCII case-insensitively) -> role; a user in
  // several mapped groups gets the most privileged. Account Owner is never mapped.
  std::map<std::string, Role> group_roles;
  ScimOwnerRule owner = ScimOwnerRule::keep_access;
  ScimInvitationRule pending_invitations = ScimInvitationRule::revoke;
  ScimExistingMemberRule existing_members = ScimExistingMemberRule::adopt;
  ScimReactivationRule reactivation = ScimReactivationRule::groups;
};

// The label every SCIM response carries (header X-SCIM-What-If) and the docs repeat.
inline constexpr std::string_view kScimWhatIfLabel =
    "what-if: SCIM is not a Hotjar feature (Hotjar offers no SCIM, okta-hotjar.md E.4)";

}  // namespace samlh::sp
