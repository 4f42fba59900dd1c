// The Okta org's directory: users, groups and app assignments.
//
// A plain value type (copyable, so "reset to the config" is an assignment);
// the Idp serialises access with its own mutex. Assignment follows Okta: a
// user is assigned to an app directly or through any group they belong to,
// and only an ACTIVE user may sign in at all (okta-hotjar.md B.10, C row 4).
// Deactivation removes every app assignment of the user, direct or through
// a group, while group memberships stay [O18][O19]; a deactivated user
// cannot be assigned [O18], and a reactivated one must be reassigned.
// Suspension keeps every assignment [O19].
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/spelling.hpp"

namespace samlh::idp {

// Okta's lifecycle states that matter for SSO. DEPROVISIONED is Okta's API
// name for "deactivated".
enum class UserStatus { active, suspended, deactivated };
inline constexpr auto kUserStatusSpellings = core::spellings<UserStatus>(
    {{UserStatus::active, "ACTIVE"}, {UserStatus::suspended, "SUSPENDED"}, {UserStatus::deactivated, "DEPROVISIONED"}});
constexpr std::string_view spelling(UserStatus s) { return kUserStatusSpellings.spelling(s); }
// The spelling in any case, or "deactivated" (the UI's word).
std::optional<UserStatus> user_status_from(std::string_view s);

struct User {
  std::string id;     // "00u..." (Okta user IDs)
  std::string login;  // Okta username, e.g. carol@acme.test
  std::string email;
  std::string password;
  // Profile attributes by Okta's names (firstName, lastName, department, ...).
  std::map<std::string, std::string> profile;
  UserStatus status = UserStatus::active;

  // login, email and profile attributes; nullopt when the user has none.
  std::optional<std::string> attribute(std::string_view name) const;
};

struct Group {
  std::string id;  // "00g..."
  std::string name;
  std::string description;
  std::vector<std::string> members;  // logins, in the order added
};

struct AppAssignments {
  std::set<std::string> users;   // logins
  std::set<std::string> groups;  // group names
  // Members of an assigned group whose assignment Okta removed when it
  // deactivated them [O18]: not assigned until a new assignment (directly,
  // or by being added to an assigned group again) lifts it.
  std::set<std::string> removed_on_deactivation;
  // Application usernames frozen when the app user was created; used when
  // "Update application username on" is "Create only" (B.5).
  std::map<std::string, std::string> frozen_usernames;
};

// An error from a directory change, for the control API: 404 or 400/409.
struct DirError {
  int status;
  std::string message;
};
using DirStatus = std::optional<DirError>;

class Directory {
 public:
  const std::vector<User>& users() const { return users_; }
  const std::vector<Group>& groups() const { return groups_; }

  const User* find_user(std::string_view login) const;
  User* find_user(std::string_view login);
  const Group* find_group(std::string_view name) const;

  DirStatus add_user(User u);
  DirStatus remove_user(std::string_view login);
  // Deactivating removes the user's app assignments (remove_app_assignments).
  DirStatus set_status(std::string_view login, UserStatus s);
  // What Okta's deactivation does to a user's apps [O18][O19]: direct
  // assignments deleted, assignments through groups removed for this user
  // (memberships kept), app usernames dropped with the app users.
  void remove_app_assignments(std::string_view login);
  // Changes the login (Okta username); assignments and memberships follow.
  DirStatus rename_user(std::string_view login, std::string new_login);

  DirStatus add_group(Group g);
  DirStatus remove_group(std::string_view name);
  DirStatus add_member(std::string_view group, std::string_view login);
  DirStatus remove_member(std::string_view group, std::string_view login);
  // Names of the groups the user belongs to, in directory order. Okta's
  // built-in "Everyone" group is first when include_everyone is set.
  std::vector<std::string> groups_of(std::string_view login, bool include_everyone = true) const;

  // 400 for a deactivated user: "Assigning deactivated users to applications
  // is NOT possible" [O18].
  DirStatus assign_user(std::string_view app, std::string_view login);
  DirStatus unassign_user(std::string_view app, std::string_view login);
  DirStatus assign_group(std::string_view app, std::string_view group);
  DirStatus unassign_group(std::string_view app, std::string_view group);
  // Directly or through a group (unless deactivation removed it); never for a
  // deactivated user. Says nothing else about the status: a suspended user
  // stays assigned and still cannot sign in.
  bool is_assigned(std::string_view app, std::string_view login) const;
  const AppAssignments* assignments(std::string_view app) const;
  AppAssignments& assignments_mut(std::string_view app) { return apps_[std::string(app)]; }

 private:
  std::vector<User> users_;
  std::vector<Group> groups_;
  std::map<std::string, AppAssignments, std::less<>> apps_;
};

inline constexpr std::string_view kEveryoneGroup = "Everyone";

}  // namespace samlh::idp
