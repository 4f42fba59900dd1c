// The input files as typed records: the IdP side (Okta's reports, idp-mock's
// export) and the SP side (Hotjar's member list, our SP's roster export).
// Every record keeps where it came from, so a finding can cite it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/reconcile/columns.hpp"
#include "harness/reconcile/dates.hpp"
#include "harness/reconcile/input_error.hpp"
#include "harness/reconcile/roles.hpp"

namespace samlh::harness::reconcile {

// Where a record came from: a file and line (CSV, pasted tables) or a file
// and JSON pointer (our SP's JSON roster).
struct Evidence {
  std::string file;
  std::size_t line = 0;
  std::string pointer;
  std::string text() const;  // "file:12" or "file#/members/3"
};

// Okta's user statuses (the Users API names); the Admin Console's labels are
// read too ("Deactivated" is DEPROVISIONED), an unverified mapping.
enum class OktaStatus : std::uint8_t {
  active,
  staged,
  provisioned,
  recovery,
  password_expired,
  locked_out,
  suspended,
  deprovisioned
};
std::string_view spelling(OktaStatus s) noexcept;
std::optional<OktaStatus> parse_okta_status(std::string_view s);

struct AssignmentRecord {
  Evidence at;
  std::string user_name;
  std::string okta_login;  // "Login": the Okta username
  std::string app_login;   // "Application login": what the SP receives [O21]
  std::string app_name;
  std::string app_instance;
  std::string assignment_type;
  std::string group;
  Instant assigned_on{};
  std::optional<Instant> unassigned_on;
  std::optional<OktaStatus> status;  // idp-mock's export adds the user's status
};

struct UnassignmentRecord {
  Evidence at;
  std::string user_name;
  std::string okta_login;
  std::string app_login;
  Instant unassigned_on{};
  bool reassigned = false;  // its assignment status says assigned again [O21]
};

struct UserRecord {
  Evidence at;
  std::string okta_login;
  std::string user_name;
  OktaStatus status = OktaStatus::active;
};

struct InputInfo {
  std::string file;
  Shape shape = Shape::okta_current_assignments;
  std::size_t records = 0;
};

struct IdpInputs {
  std::vector<InputInfo> files;
  std::vector<AssignmentRecord> assignments;
  std::vector<UnassignmentRecord> unassignments;
  std::vector<UserRecord> users;
};

struct SpMember {
  Evidence at;
  std::string email;
  std::string name;  // only Hotjar's member list has names
  Role role = Role::read_only;
};

struct SpInvitation {
  Evidence at;
  std::string email;
  Role role = Role::read_only;
  std::string inviter;
  std::optional<Instant> expires;
};

struct SpRoster {
  InputInfo source;
  std::string org;                // "" when the file does not say
  bool lists_invitations = true;  // false for Hotjar's member list [H2]
  std::vector<SpMember> members;
  std::vector<SpInvitation> invitations;  // pending only
};

// Reads one --idp file (capped at kMaxInputBytes) into `into`. Refusals:
// the file reader's and the table readers', unmapped_columns, wrong_side,
// bad_value (an unreadable date or status, an empty login) with its line.
Loaded<InputInfo> load_idp_file(IdpInputs& into, const std::string& path);
Loaded<InputInfo> add_idp_text(IdpInputs& into, std::string_view text, const std::string& file);

// Keeps the assignment rows of one app integration: the one whose
// "Application instance" or "Application name" equals `app` (ASCII case
// aside), or the only one present. app_ambiguous (listing them) when the
// report holds several and `app` is empty; bad_option when `app` names none.
// missing_input when no --idp file was an assignment report.
Loaded<std::string> select_app(IdpInputs& idp, const std::string& app);

// Reads the --sp file: our SP's roster (CSV or JSON) or Hotjar's member list
// (CSV or a pasted table). Refusals as above, plus bad_json, duplicate.
Loaded<SpRoster> load_sp_file(const std::string& path);
// Whether the first character after an optional BOM and blanks is '{'.
bool starts_json(std::string_view text);
Loaded<SpRoster> parse_sp_text(std::string_view text, const std::string& file);

}  // namespace samlh::harness::reconcile
