#include "sp/model/role.hpp"

#include <array>

namespace samlh::sp {
namespace {

// In enum order (kRoleSpellings checks the enum is dense).
constexpr std::array<std::string_view, kRoleSpellings.size()> kDisplay{"Account Owner", "Admin", "Read & Write",
                                                                       "Read Only"};

}  // namespace

std::string_view display_name(Role r) noexcept { return kDisplay[static_cast<std::size_t>(r)]; }

bool can_manage_members(Role r) noexcept { return r == Role::account_owner || r == Role::admin; }
bool invitable(Role r) noexcept { return r != Role::account_owner; }

}  // namespace samlh::sp
