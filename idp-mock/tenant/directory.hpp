// The Okta org's directory: users, groups and app assignments.
//
// A plain value type (copyable, so "reset to the config" is an assignment);
// the Idp serialises access with its own mutex. Assignment follows Okta: a
// user is assigned to an app directly or through any group they belong to,
// and only an ACTIVE user may sign in to it (okta-hotjar.md B.10).
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
  DirStatus set_status(std::string_view login, UserStatus s);
  // Changes the login (Okta username); assignments and memberships follow.
  DirStatus rename_user(std::string_view login, std::string new_login);

  DirStatus add_group(Group g);
  DirStatus remove_group(std::string_view name);
  DirStatus add_member(std::string_view group, std::string_view login);
  DirStatus remove_member(std::string_view group, std::string_view login);
  // Names of the groups the user belongs to, in directory order. Okta's
  // built-in "Everyone" group is first when include_everyone is set.
  std::vector<std::string> groups_of(std::string_view login, bool include_everyone = true) const;

  DirStatus assign_user(std::string_view app, std::string_view login);
  DirStatus unassign_user(std::string_view app, std::string_view login);
  DirStatus assign_group(std::string_view app, std::string_view group);
  DirStatus unassign_group(std::string_view app, std::string_view group);
  // Directly or through a group; says nothing about the user's status.
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
