// What reconcile reports: typed findings, one table of kinds (spelling,
// title, why, with source tags), and the report that holds them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/reconcile/dates.hpp"
#include "harness/reconcile/inputs.hpp"
#include "harness/reconcile/roles.hpp"
#include "harness/reconcile/runbook.hpp"

namespace samlh::harness::reconcile {

enum class FindingKind : std::uint8_t {
  member_without_assignment,      // a leaver still in
  invitation_without_assignment,  // a pending invitation of a deactivated or unassigned user
  assignment_without_access,      // a joiner locked out
  owner_idp_status,               // the Account Owner is gone or suspended in Okta
  role_drift,                     // the SP role differs from the role map's (only with --role-map)
  email_drift,                    // Okta's Login and Application login differ, or the SP holds the Login
  possible_email_drift,           // an unmatched member named like exactly one unmatched assigned user
};

enum class Confidence : std::uint8_t { certain, possible };

struct KindInfo {
  FindingKind kind;
  std::string_view spelling;  // JSON, CSV
  std::string_view title;     // Markdown heading
  std::string_view why;       // one paragraph, with source tags or "assumption"
};
std::span<const KindInfo> finding_kinds() noexcept;
const KindInfo& kind_info(FindingKind k) noexcept;
std::string_view spelling(FindingKind k) noexcept;
std::string_view spelling(Confidence c) noexcept;

struct Cited {
  Evidence at;
  std::string note;  // "Current Assignments row: assigned 2024-01-02"
};

struct Finding {
  FindingKind kind = FindingKind::member_without_assignment;
  Confidence confidence = Confidence::certain;
  std::string subject;  // the email the finding is about (the SP's when it has one)
  std::string summary;  // one sentence, with source tags or "assumption"
  Step step = Step::leave_remove_member_in_hotjar;
  std::vector<Cited> evidence;
  // Typed details; empty when they do not apply.
  std::string okta_login;
  std::string app_login;
  std::string name;
  std::string group;
  std::optional<Role> sp_role;
  std::optional<Role> expected_role;
  std::optional<OktaStatus> okta_status;
  std::optional<long> days_since_unassigned;
};

struct OwnerState {
  std::string email;
  std::string state;  // "active assignment", "suspended in Okta", "no active assignment: ..."
};

struct Report {
  std::string org;
  Day as_of{};
  std::string app;
  std::vector<InputInfo> inputs;  // --idp files, then the --sp file
  bool sp_lists_invitations = true;
  std::string role_map_file;  // "" without --role-map
  std::size_t members = 0;
  std::size_t invitations = 0;          // pending and live at the as-of date
  std::size_t lapsed_invitations = 0;   // pending in the export, expired by the as-of date
  std::size_t active_assignments = 0;   // people with an active assignment
  std::size_t role_unchecked = 0;       // matched people whose groups map to no role
  std::vector<OwnerState> owners;
  std::vector<Finding> findings;  // sorted by kind, then subject

  bool drift() const { return !findings.empty(); }
};

}  // namespace samlh::harness::reconcile
