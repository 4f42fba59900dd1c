// Roles, per organization [H3] okta-hotjar.md A.8: Read Only, Read & Write,
// Admin, and the one Account Owner per account [H6] A.2.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/spelling.hpp"

namespace samlh::sp {

enum class Role : std::uint8_t { account_owner, admin, read_write, read_only };

// "account_owner", "admin", "read_write", "read_only": files and the store.
inline constexpr auto kRoleSpellings = core::spellings<Role>({{Role::account_owner, "account_owner"},
                                                              {Role::admin, "admin"},
                                                              {Role::read_write, "read_write"},
                                                              {Role::read_only, "read_only"}});
constexpr std::string_view spelling(Role r) noexcept { return kRoleSpellings.spelling(r); }
// "Account Owner", "Admin", "Read & Write", "Read Only": what Hotjar shows [H3].
std::string_view display_name(Role r) noexcept;
constexpr std::optional<Role> role_from_spelling(std::string_view s) noexcept { return kRoleSpellings.parse(s); }
constexpr std::span<const Role> all_roles() noexcept { return kRoleSpellings.values(); }

// Admin and Account Owner may invite, change roles and remove members
// [H2] A.5, [H3] A.8, [H2] A.9.
bool can_manage_members(Role r) noexcept;
// Roles an invitation may carry: "Read Only, Read & Write, and Admin" [H2] A.5.
// Account Owner is reached only by transfer [H9] A.8.
bool invitable(Role r) noexcept;

}  // namespace samlh::sp
