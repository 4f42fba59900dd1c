// Hotjar's roles per Organization [H3] and the --role-map file that says
// which role each Okta group should give.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "harness/reconcile/input_error.hpp"

namespace samlh::harness::reconcile {

// Ordered by privilege, lowest first (Read Only < Read & Write < Admin <
// Account Owner [H3]).
enum class Role : std::uint8_t { read_only, read_write, admin, account_owner };

// "read_only", "read_write", "admin", "account_owner": our SP's spellings.
std::string_view spelling(Role r) noexcept;
// "Read Only", "Read & Write", "Admin", "Account Owner": what Hotjar shows [H3].
std::string_view display_name(Role r) noexcept;
// Case-insensitive (ASCII): the spellings, the display names, "owner", and
// "Read" (the older name in [H3]).
std::optional<Role> parse_role(std::string_view s);

// --role-map: Okta group name (exact, case-sensitive) -> expected SP role.
struct RoleMap {
  std::string file;
  std::map<std::string, Role, std::less<>> by_group;
};

inline constexpr std::size_t kMaxRoleMapBytes = 64 * 1024;

// A .csv file has a header with a group column ("group", "Okta group", "IdP
// group") and a role column ("role", "SP role", "Hotjar role"); anything else
// is YAML: a top-level mapping with the one key `groups`, itself a mapping of
// group name to role. Refuses (bad_option) an unknown role, a group given
// twice, an empty map, other keys; and whatever the file reader refuses.
Loaded<RoleMap> load_role_map(const std::string& path);
Loaded<RoleMap> parse_role_map_yaml(std::string_view text, const std::string& file);
Loaded<RoleMap> parse_role_map_csv(std::string_view text, const std::string& file);

}  // namespace samlh::harness::reconcile
