#include "sp/model/role.hpp"

#include <array>

namespace samlh::sp {
namespace {

struct Row {
  Role role;
  std::string_view spelling;
  std::string_view display;
};

constexpr std::array kRows{
    Row{Role::account_owner, "account_owner", "Account Owner"},
    Row{Role::admin, "admin", "Admin"},
    Row{Role::read_write, "read_write", "Read & Write"},
    Row{Role::read_only, "read_only", "Read Only"},
};
constexpr std::array kRoles{Role::account_owner, Role::admin, Role::read_write, Role::read_only};

}  // namespace

std::string_view spelling(Role r) noexcept { return kRows[static_cast<std::size_t>(r)].spelling; }
std::string_view display_name(Role r) noexcept { return kRows[static_cast<std::size_t>(r)].display; }

std::optional<Role> role_from_spelling(std::string_view s) noexcept {
  for (const Row& row : kRows) {
    if (row.spelling == s) return row.role;
  }
  return std::nullopt;
}

std::span<const Role> all_roles() noexcept { return kRoles; }

bool can_manage_members(Role r) noexcept { return r == Role::account_owner || r == Role::admin; }
bool invitable(Role r) noexcept { return r != Role::account_owner; }

}  // namespace samlh::sp
