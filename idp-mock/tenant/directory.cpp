#include "idp-mock/tenant/directory.hpp"

#include <algorithm>

namespace samlh::idp {

std::optional<UserStatus> user_status_from(std::string_view s) {
  std::string upper;
  for (char c : s) upper += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (upper == "DEACTIVATED") return UserStatus::deactivated;
  return kUserStatusSpellings.parse(upper);
}

std::optional<std::string> User::attribute(std::string_view name) const {
  if (name == "login" || name == "userName" || name == "username") return login;
  if (name == "email") return email;
  if (name == "id") return id;
  if (name == "status") return std::string(spelling(status));
  auto it = profile.find(std::string(name));
  if (it == profile.end()) return std::nullopt;
  return it->second;
}

const User* Directory::find_user(std::string_view login) const {
  for (const auto& u : users_)
    if (u.login == login) return &u;
  return nullptr;
}

User* Directory::find_user(std::string_view login) {
  for (auto& u : users_)
    if (u.login == login) return &u;
  return nullptr;
}

const Group* Directory::find_group(std::string_view name) const {
  for (const auto& g : groups_)
    if (g.name == name) return &g;
  return nullptr;
}

DirStatus Directory::add_user(User u) {
  if (u.login.empty()) return DirError{400, "a user needs a login"};
  if (find_user(u.login) != nullptr) return DirError{409, "user already exists: " + u.login};
  users_.push_back(std::move(u));
  return std::nullopt;
}

DirStatus Directory::remove_user(std::string_view login) {
  if (find_user(login) == nullptr) return DirError{404, "no such user: " + std::string(login)};
  std::erase_if(users_, [&](const User& u) { return u.login == login; });
  for (auto& g : groups_) std::erase(g.members, std::string(login));
  for (auto& [app, a] : apps_) {
    a.users.erase(std::string(login));
    a.removed_on_deactivation.erase(std::string(login));
    a.frozen_usernames.erase(std::string(login));
  }
  return std::nullopt;
}

DirStatus Directory::set_status(std::string_view login, UserStatus s) {
  User* u = find_user(login);
  if (u == nullptr) return DirError{404, "no such user: " + std::string(login)};
  u->status = s;
  if (s == UserStatus::deactivated) remove_app_assignments(login);
  return std::nullopt;
}

void Directory::remove_app_assignments(std::string_view login) {
  const std::string who(login);
  const auto groups = groups_of(login);
  for (auto& [app, a] : apps_) {
    a.users.erase(who);
    a.frozen_usernames.erase(who);
    for (const auto& g : groups) {
      if (a.groups.count(g) > 0) a.removed_on_deactivation.insert(who);
    }
  }
}

DirStatus Directory::rename_user(std::string_view login, std::string new_login) {
  User* u = find_user(login);
  if (u == nullptr) return DirError{404, "no such user: " + std::string(login)};
  if (new_login == login) return std::nullopt;
  if (new_login.empty() || find_user(new_login) != nullptr) return DirError{409, "login taken: " + new_login};
  std::string old(login);
  u->login = new_login;
  for (auto& g : groups_)
    for (auto& m : g.members)
      if (m == old) m = new_login;
  for (auto& [app, a] : apps_) {
    if (a.users.erase(old) > 0) a.users.insert(new_login);
    if (a.removed_on_deactivation.erase(old) > 0) a.removed_on_deactivation.insert(new_login);
    auto it = a.frozen_usernames.find(old);
    if (it != a.frozen_usernames.end()) {
      // The app user keeps its frozen username; only the key moves.
      a.frozen_usernames[new_login] = it->second;
      a.frozen_usernames.erase(old);
    }
  }
  return std::nullopt;
}

DirStatus Directory::add_group(Group g) {
  if (g.name.empty()) return DirError{400, "a group needs a name"};
  if (g.name == kEveryoneGroup || find_group(g.name) != nullptr) return DirError{409, "group exists: " + g.name};
  for (const auto& m : g.members)
    if (find_user(m) == nullptr) return DirError{404, "no such user: " + m};
  groups_.push_back(std::move(g));
  return std::nullopt;
}

DirStatus Directory::remove_group(std::string_view name) {
  if (find_group(name) == nullptr) return DirError{404, "no such group: " + std::string(name)};
  std::erase_if(groups_, [&](const Group& g) { return g.name == name; });
  for (auto& [app, a] : apps_) a.groups.erase(std::string(name));
  return std::nullopt;
}

DirStatus Directory::add_member(std::string_view group, std::string_view login) {
  const User* u = find_user(login);
  if (u == nullptr) return DirError{404, "no such user: " + std::string(login)};
  for (auto& g : groups_) {
    if (g.name != group) continue;
    if (std::find(g.members.begin(), g.members.end(), login) != g.members.end()) return std::nullopt;
    g.members.emplace_back(login);
    // [I] Joining an assigned group assigns its apps again, unless the user
    // is deactivated (whom no app can be assigned to [O18]).
    for (auto& [app, a] : apps_) {
      if (a.groups.count(g.name) == 0) continue;
      if (u->status == UserStatus::deactivated) a.removed_on_deactivation.insert(std::string(login));
      else a.removed_on_deactivation.erase(std::string(login));
    }
    return std::nullopt;
  }
  return DirError{404, "no such group: " + std::string(group)};
}

DirStatus Directory::remove_member(std::string_view group, std::string_view login) {
  for (auto& g : groups_) {
    if (g.name != group) continue;
    std::erase(g.members, std::string(login));
    return std::nullopt;
  }
  return DirError{404, "no such group: " + std::string(group)};
}

std::vector<std::string> Directory::groups_of(std::string_view login, bool include_everyone) const {
  std::vector<std::string> out;
  if (find_user(login) == nullptr) return out;
  // Okta puts every user in the built-in Everyone group; a regex ".*" group
  // statement therefore lists it too (general Okta knowledge, [U] in B.9).
  if (include_everyone) out.emplace_back(kEveryoneGroup);
  for (const auto& g : groups_)
    if (std::find(g.members.begin(), g.members.end(), login) != g.members.end()) out.push_back(g.name);
  return out;
}

DirStatus Directory::assign_user(std::string_view app, std::string_view login) {
  const User* u = find_user(login);
  if (u == nullptr) return DirError{404, "no such user: " + std::string(login)};
  if (u->status == UserStatus::deactivated) {
    return DirError{400, std::string(login) +
                             " is deactivated: Okta cannot assign an app to a deactivated user, and deactivation "
                             "removed its assignments [O18][O19]; reactivate the user first"};
  }
  auto& a = apps_[std::string(app)];
  a.users.insert(std::string(login));
  a.removed_on_deactivation.erase(std::string(login));
  return std::nullopt;
}

DirStatus Directory::unassign_user(std::string_view app, std::string_view login) {
  auto it = apps_.find(app);
  if (it == apps_.end() || it->second.users.erase(std::string(login)) == 0)
    return DirError{404, "not assigned directly: " + std::string(login)};
  // Okta deletes the app user on unassignment; a later assignment makes a
  // new one, with a fresh username.
  if (!is_assigned(app, login)) it->second.frozen_usernames.erase(std::string(login));
  return std::nullopt;
}

DirStatus Directory::assign_group(std::string_view app, std::string_view group) {
  if (group != kEveryoneGroup && find_group(group) == nullptr)
    return DirError{404, "no such group: " + std::string(group)};
  auto& a = apps_[std::string(app)];
  a.groups.insert(std::string(group));
  // [I] A new group assignment reaches its members who are not deactivated,
  // reactivated ones too; a deactivated member cannot be assigned [O18] and
  // still needs a new assignment once reactivated.
  if (const Group* g = find_group(group)) {
    for (const auto& m : g->members) {
      const User* u = find_user(m);
      if (u == nullptr) continue;
      if (u->status == UserStatus::deactivated) a.removed_on_deactivation.insert(m);
      else a.removed_on_deactivation.erase(m);
    }
  }
  return std::nullopt;
}

DirStatus Directory::unassign_group(std::string_view app, std::string_view group) {
  auto it = apps_.find(app);
  if (it == apps_.end() || it->second.groups.erase(std::string(group)) == 0)
    return DirError{404, "group not assigned: " + std::string(group)};
  return std::nullopt;
}

bool Directory::is_assigned(std::string_view app, std::string_view login) const {
  auto it = apps_.find(app);
  if (it == apps_.end()) return false;
  const User* u = find_user(login);
  if (u == nullptr || u->status == UserStatus::deactivated) return false;
  if (it->second.users.count(std::string(login)) > 0) return true;
  if (it->second.removed_on_deactivation.count(std::string(login)) > 0) return false;
  for (const auto& g : groups_of(login))
    if (it->second.groups.count(g) > 0) return true;
  return false;
}

const AppAssignments* Directory::assignments(std::string_view app) const {
  auto it = apps_.find(app);
  return it == apps_.end() ? nullptr : &it->second;
}

}  // namespace samlh::idp
