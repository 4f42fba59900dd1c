#include "harness/reconcile/columns.hpp"

#include <span>

namespace samlh::harness::reconcile {
namespace {

using Column = ColumnSpec;

struct ShapeSpec {
  Shape shape;
  std::string_view spelling;
  std::string_view title;
  Side side;
  std::span<const Column> columns;
};

// Okta's names are from [O21] (the report pages list the fields) and, for
// the user list (Login, Status), the Password Health report's page, which the
// facts file does not list: an assumption until it does; the
// assignment type and granting group columns are named in the 2017 report
// announcement only, so their CSV names here are unverified guesses.
constexpr std::array kCurrentAssignments{
    Column{Field::okta_login, true, {"Login"}},
    Column{Field::app_login, true, {"Application login", "Application username", "App username"}},
    Column{Field::assigned_on, true, {"Assigned on"}},
    Column{Field::user_name, false, {"User", "Full name", "Name"}},
    Column{Field::app_name, false, {"Application name", "Application", "App name"}},
    Column{Field::app_instance, false, {"Application instance", "App instance", "Instance"}},
    Column{Field::unassigned_on, false, {"Unassigned on"}},
    Column{Field::assignment_type, false, {"Assignment type", "Assignment", "Type"}},
    Column{Field::group, false, {"Group", "Group name", "Granted by", "Assigned through", "Assigned by"}},
    Column{Field::user_status, false, {"Status", "User status"}},
};
constexpr std::array kRecentUnassignments{
    Column{Field::okta_login, true, {"assigneeOktaUsername", "Username"}},
    Column{Field::unassigned_on, true, {"unassigned", "Unassigned On"}},
    Column{Field::app_login, false, {"assigneeAppUsername"}},
    Column{Field::user_name, false, {"fullName", "Name"}},
    Column{Field::app_user_status, false, {"appUserStatus", "Assignment Status"}},
};
constexpr std::array kUserList{
    Column{Field::okta_login, true, {"Login", "Username", "Okta username"}},
    Column{Field::user_status, true, {"Status", "Okta user status", "User status"}},
    Column{Field::user_name, false, {"User", "Display name", "Full name", "Name"}},
};
constexpr std::array kSpRosterCsv{
    Column{Field::kind, true, {"kind"}},         Column{Field::email, true, {"email"}},
    Column{Field::role, true, {"role"}},         Column{Field::sp_status, true, {"status"}},
    Column{Field::inviter, false, {"inviter"}},  Column{Field::created, false, {"created"}},
    Column{Field::expires, false, {"expires"}},
};
constexpr std::array kHotjarMembers{
    Column{Field::email, true, {"Email", "Email address", "E-mail"}},
    Column{Field::role, true, {"Role", "Permission", "Permissions", "Permission level", "Access level", "Access"}},
    Column{Field::user_name, false, {"Name", "Full name", "Member", "Team member"}},
};
constexpr std::array kRoleMapCsv{
    Column{Field::group, true, {"group", "Okta group", "IdP group", "Group name"}},
    Column{Field::role, true, {"role", "SP role", "Hotjar role", "Expected role"}},
};

// Detection order: the first shape of a side whose required columns are all
// present wins.
constexpr std::array kShapes{
    ShapeSpec{Shape::okta_current_assignments, "okta_current_assignments", "Okta Current Assignments report",
              Side::idp, kCurrentAssignments},
    ShapeSpec{Shape::okta_recent_unassignments, "okta_recent_unassignments", "Okta Recent Unassignments report",
              Side::idp, kRecentUnassignments},
    ShapeSpec{Shape::okta_user_list, "okta_user_list", "Okta user list (Password Health report, assumption)", Side::idp,
              kUserList},
    ShapeSpec{Shape::sp_roster_csv, "sp_roster_csv", "our SP's roster export (GET /api/roster/<org>.csv)", Side::sp,
              kSpRosterCsv},
    ShapeSpec{Shape::hotjar_member_list, "hotjar_member_list",
              "Hotjar team member list (copied from the team page)", Side::sp, kHotjarMembers},
    ShapeSpec{Shape::sp_roster_json, "sp_roster_json", "our SP's roster export (GET /api/roster/<org>, JSON)",
              Side::sp, {}},
    ShapeSpec{Shape::role_map, "role_map", "--role-map CSV", Side::none, kRoleMapCsv},
};

const ShapeSpec& spec(Shape s) {
  for (const auto& sp : kShapes) {
    if (sp.shape == s) return sp;
  }
  return kShapes.front();
}

std::string needed_text(const ShapeSpec& sp, const std::vector<std::string_view>& missing) {
  std::string out = std::string(sp.title) + ": lacks ";
  for (std::size_t i = 0; i < missing.size(); ++i) out += (i == 0 ? "" : ", ") + std::string(missing[i]);
  return out;
}

// The mapping, or the documented names of the required fields it lacks.
Loaded<ColumnMap> try_map(const Table& t, const ShapeSpec& sp, std::vector<std::string_view>& missing) {
  ColumnMap m;
  m.shape = sp.shape;
  m.index.fill(-1);
  for (const Column& col : sp.columns) {
    for (std::string_view alias : col.aliases) {
      if (alias.empty()) break;
      int at = -1;
      for (std::size_t i = 0; i < t.header.size(); ++i) {
        if (!iequals(t.header[i], alias)) continue;
        if (at >= 0) {
          return input_error(Problem::ambiguous_column, t.file, 0,
                             "two columns are named '" + std::string(alias) + "'");
        }
        at = static_cast<int>(i);
      }
      if (at >= 0) {
        m.index[static_cast<std::size_t>(col.field)] = at;
        break;
      }
    }
    if (col.required && !m.has(col.field)) missing.push_back(col.aliases.front());
  }
  return m;
}

InputError unmapped(const Table& t, std::vector<std::string> needed, std::string detail) {
  InputError e = input_error(Problem::unmapped_columns, t.file, 0, std::move(detail));
  e.found = t.header;
  e.needed = std::move(needed);
  return e;
}

}  // namespace

std::string_view spelling(Shape s) noexcept { return spec(s).spelling; }
std::string_view title(Shape s) noexcept { return spec(s).title; }
std::span<const ColumnSpec> columns_of(Shape s) noexcept { return spec(s).columns; }
Side side_of(Shape s) noexcept { return spec(s).side; }

const std::string& ColumnMap::get(const Row& row, Field f) const {
  static const std::string kEmpty;
  const int i = index[static_cast<std::size_t>(f)];
  return i < 0 ? kEmpty : row.cells[static_cast<std::size_t>(i)];
}

Loaded<ColumnMap> map_columns(const Table& table, Shape shape) {
  std::vector<std::string_view> missing;
  auto m = try_map(table, spec(shape), missing);
  if (!m || missing.empty()) return m;
  return unmapped(table, {needed_text(spec(shape), missing)},
                  "the columns do not fit " + std::string(title(shape)));
}

Loaded<ColumnMap> detect_shape(const Table& table, Side side) {
  std::vector<std::string> needed;
  std::optional<Shape> other_side;
  for (const ShapeSpec& sp : kShapes) {
    if (sp.side == Side::none || sp.columns.empty()) continue;
    std::vector<std::string_view> missing;
    auto m = try_map(table, sp, missing);
    if (!m) return m;
    if (!missing.empty()) {
      if (sp.side == side) needed.push_back(needed_text(sp, missing));
      continue;
    }
    if (sp.side == side) return m;
    if (!other_side) other_side = sp.shape;
  }
  if (other_side) {
    return input_error(Problem::wrong_side, table.file, 0,
                       "this is " + std::string(title(*other_side)) + "; give it to " +
                           (side == Side::idp ? "--sp" : "--idp"));
  }
  return unmapped(table, std::move(needed),
                  side == Side::idp ? "not an IdP file this tool reads: its columns fit no accepted shape"
                                    : "not an SP roster this tool reads: its columns fit no accepted shape");
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace samlh::harness::reconcile
