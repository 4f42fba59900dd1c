#include "idp-mock/server/assignment_report.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <tuple>

#include "idp-mock/assertion/minter.hpp"

namespace samlh::idp {
namespace {

using Key = std::tuple<std::string, std::string, std::string>;  // app, login, group ("" = individual)

std::string full_name(const User& u) {
  auto part = [&](const char* k) {
    auto it = u.profile.find(k);
    return it == u.profile.end() ? std::string() : it->second;
  };
  if (auto d = part("displayName"); !d.empty()) return d;
  std::string name = part("firstName");
  const std::string last = part("lastName");
  if (!last.empty()) name += (name.empty() ? "" : " ") + last;
  return name.empty() ? u.login : name;
}

// The grants in effect now: configured, for a user who is not deactivated [O18][O19].
std::set<Key> grants_in_effect(const Idp::State& s) {
  std::set<Key> out;
  for (const auto& rt : s.apps) {
    const AppAssignments* a = s.directory.assignments(rt.app.name);
    if (a == nullptr) continue;
    for (const auto& u : s.directory.users()) {
      if (u.status == UserStatus::deactivated) continue;
      if (a->users.count(u.login) > 0) out.emplace(rt.app.name, u.login, "");
      for (const auto& g : s.directory.groups_of(u.login))
        if (a->groups.count(g) > 0) out.emplace(rt.app.name, u.login, g);
    }
  }
  return out;
}

// What the app receives as the user's name (B.5): the configured Application
// username, or the one frozen at creation under "Create only".
std::string app_login_of(const Idp::State& s, const AppRuntime& rt, const User& u) {
  std::optional<std::string> frozen;
  if (const AppAssignments* a = s.directory.assignments(rt.app.name)) {
    if (auto it = a->frozen_usernames.find(u.login); it != a->frozen_usernames.end()) frozen = it->second;
  }
  return application_username(rt.app.settings, u, s.directory.groups_of(u.login), frozen);
}

std::string cell(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string row(std::initializer_list<std::string> cells) {
  std::string out;
  for (const auto& c : cells) out += (out.empty() ? "" : ",") + cell(c);
  return out + "\r\n";
}

std::string when(const std::optional<core::Instant>& t) { return t ? core::format_saml_time(*t, true) : ""; }

// The last SSO of `login` to the app (the System Log's user.authentication.sso).
std::optional<core::Instant> last_login(const Idp::State& s, const AppRuntime& rt, const std::string& login) {
  const std::string app = "app=" + rt.app.name + " ";
  for (auto it = s.events.rbegin(); it != s.events.rend(); ++it)
    if (it->action == "user.authentication.sso" && it->target == login && it->detail.starts_with(app)) return it->at;
  return std::nullopt;
}

// The grants of the app a report lists (ended ones within kReportDays), by
// login, then start.
std::vector<const AssignmentSpan*> reported(const Idp::State& s, const AppRuntime& rt, bool ended_only) {
  const core::Instant horizon = s.clock.now() - std::chrono::hours(24 * kReportDays);
  std::vector<const AssignmentSpan*> out;
  for (const auto& sp : s.assignment_spans) {
    if (sp.app != rt.app.name) continue;
    if (sp.unassigned_on && *sp.unassigned_on < horizon) continue;
    if (ended_only && !sp.unassigned_on) continue;
    out.push_back(&sp);
  }
  std::stable_sort(out.begin(), out.end(), [](const AssignmentSpan* a, const AssignmentSpan* b) {
    return std::tie(a->login, a->assigned_on) < std::tie(b->login, b->assigned_on);
  });
  return out;
}

}  // namespace

void track_assignments(Idp::State& s) {
  const core::Instant now = s.clock.now();
  std::set<Key> now_in = grants_in_effect(s);
  for (auto& sp : s.assignment_spans) {
    if (sp.unassigned_on) continue;
    if (now_in.erase(Key{sp.app, sp.login, sp.group}) == 0) sp.unassigned_on = now;
  }
  for (const auto& [app, login, group] : now_in)
    s.assignment_spans.push_back(AssignmentSpan{app, login, group, {}, {}, {}, now, std::nullopt});
  for (auto& sp : s.assignment_spans) {
    if (sp.unassigned_on) continue;
    const User* u = s.directory.find_user(sp.login);
    const AppRuntime* rt = s.app_by_name(sp.app);
    if (u == nullptr || rt == nullptr) continue;
    sp.user_id = u->id;
    sp.user_name = full_name(*u);
    sp.app_login = app_login_of(s, *rt, *u);
  }
}

void rename_in_assignments(Idp::State& s, const std::string& from, const std::string& to) {
  for (auto& sp : s.assignment_spans)
    if (sp.login == from && !sp.unassigned_on) sp.login = to;
}

std::string current_assignments_csv(const Idp::State& s, const AppRuntime& rt) {
  std::string out = row({"User", "Login", "Application name", "Application instance", "Application login",
                         "Assigned on", "Unassigned on", "Last login", "Assignment type", "Group", "Status"});
  for (const AssignmentSpan* sp : reported(s, rt, false)) {
    const User* u = s.directory.find_user(sp->login);
    out += row({sp->user_name, sp->login, rt.app.app_name, rt.app.label, sp->app_login, when(sp->assigned_on),
                when(sp->unassigned_on), when(last_login(s, rt, sp->login)), sp->group.empty() ? "Individual" : "Group",
                sp->group, u == nullptr ? "" : std::string(spelling(u->status))});
  }
  return out;
}

std::string recent_unassignments_csv(const Idp::State& s, const AppRuntime& rt) {
  std::string out =
      row({"fullName", "assigneeOktaUsername", "assigneeAppUsername", "assigneeOktaId", "unassigned", "appUserStatus"});
  std::set<std::string> holding;
  for (const auto& sp : s.assignment_spans)
    if (sp.app == rt.app.name && !sp.unassigned_on) holding.insert(sp.login);
  for (const AssignmentSpan* sp : reported(s, rt, true))
    out += row({sp->user_name, sp->login, sp->app_login, sp->user_id, when(sp->unassigned_on),
                holding.count(sp->login) > 0 ? "Assigned" : "Unassigned"});
  return out;
}

}  // namespace samlh::idp
