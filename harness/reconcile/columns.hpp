// The accepted input shapes and their columns. A file's shape is detected by
// its header row: column names match case-insensitively (ASCII), each field
// through a list of aliases tried in order (the first present wins, so a
// report carrying both its UI names and its CSV names is read by the CSV
// names). RECONCILE.md lists the same table for people.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/reconcile/input_error.hpp"
#include "harness/reconcile/table.hpp"

namespace samlh::harness::reconcile {

enum class Field : std::uint8_t {
  user_name,
  okta_login,
  app_login,
  app_name,
  app_instance,
  assigned_on,
  unassigned_on,
  assignment_type,
  group,
  user_status,
  app_user_status,
  email,
  role,
  kind,
  sp_status,
  inviter,
  created,
  expires,
  count_  // not a field
};
inline constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::count_);

enum class Shape : std::uint8_t {
  okta_current_assignments,   // also idp-mock's export
  okta_recent_unassignments,
  okta_user_list,
  hotjar_member_list,
  sp_roster_csv,
  sp_roster_json,  // detected by content, not columns
  role_map,
};
enum class Side : std::uint8_t { idp, sp, none };

struct ColumnSpec {
  Field field;
  bool required;
  std::array<std::string_view, 6> aliases;  // first is the documented name; "" ends the list
};

std::string_view spelling(Shape s) noexcept;
// The shape's columns (empty for sp_roster_json, which is detected by content).
std::span<const ColumnSpec> columns_of(Shape s) noexcept;
std::string_view title(Shape s) noexcept;  // "Okta Current Assignments report", ...
Side side_of(Shape s) noexcept;

struct ColumnMap {
  Shape shape = Shape::okta_current_assignments;
  std::array<int, kFieldCount> index{};  // -1: absent

  bool has(Field f) const { return index[static_cast<std::size_t>(f)] >= 0; }
  // The cell, or "" when the column is absent.
  const std::string& get(const Row& row, Field f) const;
};

// Maps the header to `shape`: unmapped_columns (found/needed filled) when a
// required field has no column; ambiguous_column when one alias names two
// columns.
Loaded<ColumnMap> map_columns(const Table& table, Shape shape);

// The first shape of `side` whose required fields are all present, in order:
// idp: current assignments, recent unassignments, user list; sp: our SP's
// roster CSV, Hotjar's member list. unmapped_columns lists what each lacks;
// wrong_side when the header fits only a shape of the other side.
Loaded<ColumnMap> detect_shape(const Table& table, Side side);

bool iequals(std::string_view a, std::string_view b) noexcept;
std::string lower_ascii(std::string_view s);

}  // namespace samlh::harness::reconcile
