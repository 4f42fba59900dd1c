// The IdP side: Okta's Current Assignments and Recent Unassignments reports
// [O21], its user list with statuses, and idp-mock's export (the Current
// Assignments shape).
#include <array>
#include <map>
#include <set>

#include "harness/reconcile/inputs.hpp"
#include "harness/reconcile/table.hpp"

namespace samlh::harness::reconcile {
namespace {

struct StatusName {
  OktaStatus status;
  std::string_view api;    // the Users API's name
  std::string_view label;  // the Admin Console's label (unverified)
};

constexpr std::array kStatuses{
    StatusName{OktaStatus::active, "ACTIVE", "Active"},
    StatusName{OktaStatus::staged, "STAGED", "Staged"},
    StatusName{OktaStatus::provisioned, "PROVISIONED", "Pending user action"},
    StatusName{OktaStatus::recovery, "RECOVERY", "Password reset"},
    StatusName{OktaStatus::password_expired, "PASSWORD_EXPIRED", "Password expired"},
    StatusName{OktaStatus::locked_out, "LOCKED_OUT", "Locked out"},
    StatusName{OktaStatus::suspended, "SUSPENDED", "Suspended"},
    StatusName{OktaStatus::deprovisioned, "DEPROVISIONED", "Deactivated"},
};

// Recent Unassignments' assignment status [O21]: its values are not
// documented; these are read, anything else is refused.
constexpr std::array<std::string_view, 4> kStillAssigned{"ASSIGNED", "ACTIVE", "PROVISIONED", "PROVISIONING"};
constexpr std::array<std::string_view, 6> kNotAssigned{"", "UNASSIGNED", "NOT ASSIGNED", "INACTIVE", "DEPROVISIONED",
                                                       "REMOVED"};

template <std::size_t N>
bool one_of(std::string_view v, const std::array<std::string_view, N>& set) {
  for (auto s : set) {
    if (iequals(v, s)) return true;
  }
  return false;
}

InputError bad(const Row& row, const std::string& file, std::string detail) {
  return input_error(Problem::bad_value, file, row.line, std::move(detail));
}

std::string status_list() {
  std::string out;
  for (const auto& s : kStatuses) out += (out.empty() ? "" : ", ") + std::string(s.api);
  return out;
}

Loaded<Instant> timestamp(const Row& row, const std::string& file, const std::string& cell, std::string_view what) {
  auto t = parse_timestamp(cell);
  if (!t) return bad(row, file, std::string(what) + " '" + cell + "' is not an ISO 8601 date or timestamp");
  return *t;
}

Loaded<OktaStatus> status_of(const Row& row, const std::string& file, const std::string& cell) {
  auto s = parse_okta_status(cell);
  if (!s) return bad(row, file, "unknown Okta user status '" + cell + "' (known: " + status_list() + ")");
  return *s;
}

std::optional<InputError> read_assignment(IdpInputs& into, const ColumnMap& m, const Row& row,
                                          const std::string& file) {
  AssignmentRecord a;
  a.at = Evidence{file, row.line, {}};
  a.user_name = m.get(row, Field::user_name);
  a.okta_login = m.get(row, Field::okta_login);
  a.app_login = m.get(row, Field::app_login);
  a.app_name = m.get(row, Field::app_name);
  a.app_instance = m.get(row, Field::app_instance);
  a.assignment_type = m.get(row, Field::assignment_type);
  a.group = m.get(row, Field::group);
  if (a.app_login.empty()) return bad(row, file, "an empty Application login");
  if (a.okta_login.empty()) return bad(row, file, "an empty Login");
  auto on = timestamp(row, file, m.get(row, Field::assigned_on), "Assigned on");
  if (!on) return std::move(on).error();
  a.assigned_on = *on;
  if (const auto& off = m.get(row, Field::unassigned_on); !off.empty()) {
    auto t = timestamp(row, file, off, "Unassigned on");
    if (!t) return std::move(t).error();
    a.unassigned_on = *t;
  }
  if (const auto& st = m.get(row, Field::user_status); !st.empty()) {
    auto s = status_of(row, file, st);
    if (!s) return std::move(s).error();
    a.status = *s;
  }
  into.assignments.push_back(std::move(a));
  return std::nullopt;
}

std::optional<InputError> read_unassignment(IdpInputs& into, const ColumnMap& m, const Row& row,
                                            const std::string& file) {
  UnassignmentRecord u;
  u.at = Evidence{file, row.line, {}};
  u.user_name = m.get(row, Field::user_name);
  u.okta_login = m.get(row, Field::okta_login);
  u.app_login = m.get(row, Field::app_login);
  if (u.okta_login.empty()) return bad(row, file, "an empty Okta username");
  auto on = timestamp(row, file, m.get(row, Field::unassigned_on), "unassigned");
  if (!on) return std::move(on).error();
  u.unassigned_on = *on;
  const std::string& st = m.get(row, Field::app_user_status);
  if (one_of(st, kStillAssigned)) {
    u.reassigned = true;
  } else if (!one_of(st, kNotAssigned)) {
    return bad(row, file, "unknown assignment status '" + st + "' (read: Assigned, ACTIVE, PROVISIONED; Unassigned, "
                          "INACTIVE, DEPROVISIONED, empty)");
  }
  into.unassignments.push_back(std::move(u));
  return std::nullopt;
}

std::optional<InputError> read_user(IdpInputs& into, const ColumnMap& m, const Row& row, const std::string& file) {
  UserRecord u;
  u.at = Evidence{file, row.line, {}};
  u.okta_login = m.get(row, Field::okta_login);
  u.user_name = m.get(row, Field::user_name);
  if (u.okta_login.empty()) return bad(row, file, "an empty Login");
  auto s = status_of(row, file, m.get(row, Field::user_status));
  if (!s) return std::move(s).error();
  u.status = *s;
  into.users.push_back(std::move(u));
  return std::nullopt;
}

std::string app_label(const AssignmentRecord& a) {
  if (a.app_instance.empty()) return a.app_name;
  if (a.app_name.empty()) return a.app_instance;
  return a.app_name + " / " + a.app_instance;
}

}  // namespace

std::string_view spelling(OktaStatus s) noexcept { return kStatuses[static_cast<std::size_t>(s)].api; }

std::optional<OktaStatus> parse_okta_status(std::string_view s) {
  for (const auto& n : kStatuses) {
    if (iequals(s, n.api) || iequals(s, n.label)) return n.status;
  }
  return std::nullopt;
}

Loaded<InputInfo> add_idp_text(IdpInputs& into, std::string_view text, const std::string& file) {
  if (starts_json(text)) {
    return input_error(Problem::wrong_side, file, 0, "this is JSON (our SP's roster?); give it to --sp");
  }
  auto table = parse_table(text, file);
  if (!table) return std::move(table).error();
  auto m = detect_shape(*table, Side::idp);
  if (!m) return std::move(m).error();
  for (const Row& row : table->rows) {
    std::optional<InputError> e;
    switch (m->shape) {
      case Shape::okta_current_assignments:
        e = read_assignment(into, *m, row, file);
        break;
      case Shape::okta_recent_unassignments:
        e = read_unassignment(into, *m, row, file);
        break;
      default:
        e = read_user(into, *m, row, file);
        break;
    }
    if (e) return std::move(*e);
  }
  InputInfo info{file, m->shape, table->rows.size()};
  into.files.push_back(info);
  return info;
}

Loaded<InputInfo> load_idp_file(IdpInputs& into, const std::string& path) {
  auto text = read_capped(path);
  if (!text) return std::move(text).error();
  return add_idp_text(into, *text, path);
}

Loaded<std::string> select_app(IdpInputs& idp, const std::string& app) {
  bool have_report = false;
  for (const auto& f : idp.files) have_report = have_report || f.shape == Shape::okta_current_assignments;
  if (!have_report) {
    return input_error(Problem::missing_input, "", 0,
                       "no --idp file is an assignment report: give Okta's Current Assignments report (or "
                       "idp-mock's export), which says who is assigned");
  }
  std::set<std::string> labels;
  for (const auto& a : idp.assignments) labels.insert(app_label(a));
  std::string list;
  for (const auto& l : labels) list += (list.empty() ? "" : "; ") + (l.empty() ? std::string("(unnamed)") : l);
  if (app.empty()) {
    if (labels.size() <= 1) return labels.empty() ? std::string() : *labels.begin();
    return input_error(Problem::app_ambiguous, "", 0,
                       "the assignment reports cover several app integrations; choose one with --app: " + list);
  }
  std::vector<AssignmentRecord> kept;
  for (auto& a : idp.assignments) {
    if (iequals(a.app_instance, app) || iequals(a.app_name, app)) kept.push_back(std::move(a));
  }
  if (kept.empty()) return input_error(Problem::bad_option, "", 0, "--app '" + app + "' names none of: " + list);
  idp.assignments = std::move(kept);
  return app;
}

}  // namespace samlh::harness::reconcile
