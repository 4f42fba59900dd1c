#include "harness/reconcile/roles.hpp"

#include <yaml-cpp/yaml.h>

#include <array>

#include "harness/reconcile/columns.hpp"
#include "harness/reconcile/table.hpp"

namespace samlh::harness::reconcile {
namespace {

struct RoleRow {
  Role role;
  std::string_view spelling;
  std::string_view display;
};

constexpr std::array kRoles{
    RoleRow{Role::read_only, "read_only", "Read Only"},
    RoleRow{Role::read_write, "read_write", "Read & Write"},
    RoleRow{Role::admin, "admin", "Admin"},
    RoleRow{Role::account_owner, "account_owner", "Account Owner"},
};

InputError map_error(const std::string& file, std::size_t line, std::string detail) {
  return input_error(Problem::bad_option, file, line, std::move(detail));
}

Loaded<RoleMap> add(RoleMap m, const std::string& group, const std::string& role_text, std::size_t line) {
  auto role = parse_role(role_text);
  if (!role) {
    return map_error(m.file, line,
                     "unknown role '" + role_text + "' for group '" + group +
                         "' (expected read_only, read_write, admin, account_owner or Hotjar's names)");
  }
  if (group.empty()) return map_error(m.file, line, "an empty group name");
  if (!m.by_group.emplace(group, *role).second) return map_error(m.file, line, "group '" + group + "' is given twice");
  return m;
}

}  // namespace

std::string_view spelling(Role r) noexcept { return kRoles[static_cast<std::size_t>(r)].spelling; }
std::string_view display_name(Role r) noexcept { return kRoles[static_cast<std::size_t>(r)].display; }

std::optional<Role> parse_role(std::string_view s) {
  for (const auto& row : kRoles) {
    if (iequals(s, row.spelling) || iequals(s, row.display)) return row.role;
  }
  if (iequals(s, "owner")) return Role::account_owner;
  if (iequals(s, "read")) return Role::read_only;
  return std::nullopt;
}

Loaded<RoleMap> parse_role_map_yaml(std::string_view text, const std::string& file) {
  RoleMap m;
  m.file = file;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return map_error(file, e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0,
                     "not YAML: " + e.msg);
  }
  const auto line_of = [](const YAML::Node& n) { return static_cast<std::size_t>(n.Mark().line + 1); };
  if (!root.IsMap()) return map_error(file, 0, "expected a mapping with the key 'groups'");
  for (const auto& kv : root) {
    if (!kv.first.IsScalar() || kv.first.Scalar() != "groups") {
      return map_error(file, line_of(kv.first), "unknown key (the only key is 'groups')");
    }
  }
  const YAML::Node groups = root["groups"];
  if (!groups.IsMap()) return map_error(file, line_of(groups), "'groups' must map group names to roles");
  for (const auto& kv : groups) {
    if (!kv.first.IsScalar() || !kv.second.IsScalar()) {
      return map_error(file, line_of(kv.first), "each group maps to one role name");
    }
    auto next = add(std::move(m), kv.first.Scalar(), kv.second.Scalar(), line_of(kv.first));
    if (!next) return std::move(next).error();
    m = std::move(next).value();
  }
  if (m.by_group.empty()) return map_error(file, 0, "no group is mapped");
  return m;
}

Loaded<RoleMap> parse_role_map_csv(std::string_view text, const std::string& file) {
  auto table = parse_table(text, file);
  if (!table) return std::move(table).error();
  auto mapped = map_columns(*table, Shape::role_map);
  if (!mapped) return std::move(mapped).error();
  RoleMap m;
  m.file = file;
  for (const Row& row : table->rows) {
    auto next = add(std::move(m), mapped->get(row, Field::group), mapped->get(row, Field::role), row.line);
    if (!next) return std::move(next).error();
    m = std::move(next).value();
  }
  if (m.by_group.empty()) return map_error(file, 0, "no group is mapped");
  return m;
}

Loaded<RoleMap> load_role_map(const std::string& path) {
  auto text = read_capped(path, kMaxRoleMapBytes);
  if (!text) return std::move(text).error();
  auto checked = check_text(*text, path);
  if (!checked) return std::move(checked).error();
  const bool csv = path.size() >= 4 && iequals(std::string_view(path).substr(path.size() - 4), ".csv");
  return csv ? parse_role_map_csv(*text, path) : parse_role_map_yaml(*text, path);
}

}  // namespace samlh::harness::reconcile
