#include "harness/reconcile/people.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "harness/reconcile/columns.hpp"

namespace samlh::harness::reconcile::detail {

People::People(const IdpInputs& idp, Instant end) {
  // why: each record adds at most one person, so this capacity keeps the
  // references taken below valid while people are added.
  people_.reserve(idp.assignments.size() + idp.unassignments.size() + idp.users.size());
  for (const auto& a : idp.assignments) {
    Person& p = by_app_login(a.app_login);
    if (p.okta_login.empty()) p.okta_login = a.okta_login;
    if (p.name.empty()) p.name = a.user_name;
    if (a.status) p.status = a.status;
    p.rows.push_back(&a);
    okta_index_.emplace(lower_ascii(a.okta_login), static_cast<std::size_t>(&p - people_.data()));
  }
  for (const auto& u : idp.unassignments) {
    Person* p = nullptr;
    if (!u.app_login.empty()) {
      p = &by_app_login(u.app_login);
    } else if (auto it = okta_index_.find(lower_ascii(u.okta_login)); it != okta_index_.end()) {
      p = &people_[it->second];
    } else {
      people_.emplace_back();
      p = &people_.back();
    }
    if (p->okta_login.empty()) p->okta_login = u.okta_login;
    if (p->name.empty()) p->name = u.user_name;
    p->unassignments.push_back(&u);
    okta_index_.emplace(lower_ascii(u.okta_login), static_cast<std::size_t>(p - people_.data()));
  }
  for (const auto& u : idp.users) {
    auto it = okta_index_.find(lower_ascii(u.okta_login));
    Person* p = nullptr;
    if (it != okta_index_.end()) {
      p = &people_[it->second];
    } else {
      people_.emplace_back();
      p = &people_.back();
      p->okta_login = u.okta_login;
      p->name = u.user_name;
      okta_index_.emplace(lower_ascii(u.okta_login), people_.size() - 1);
    }
    p->user = &u;
    p->status = u.status;  // why: the user list is the direct statement of the user's status
  }
  for (auto& p : people_) judge(p, end);
}

Person& People::by_app_login(const std::string& app_login) {
  const std::string key = lower_ascii(app_login);
  if (auto it = app_index_.find(key); it != app_index_.end()) return people_[it->second];
  people_.emplace_back();
  people_.back().app_login = app_login;
  app_index_.emplace(key, people_.size() - 1);
  return people_.back();
}

void People::judge(Person& p, Instant end) {
  std::vector<const AssignmentRecord*> live;
  for (const auto* row : p.rows) {
    if (row->assigned_on >= end) {
      p.starts = p.starts ? std::min(*p.starts, row->assigned_on) : row->assigned_on;
      continue;
    }
    if (row->unassigned_on && *row->unassigned_on < end) {
      p.gone_since = p.gone_since ? std::max(*p.gone_since, *row->unassigned_on) : *row->unassigned_on;
      continue;
    }
    live.push_back(row);
  }
  // An unassignment in the Recent Unassignments report ends every assignment
  // made before it, unless its status says the user is assigned again [O21].
  for (const auto* u : p.unassignments) {
    if (u->reassigned || u->unassigned_on >= end) continue;
    std::erase_if(live, [&](const AssignmentRecord* r) { return r->assigned_on <= u->unassigned_on; });
    p.gone_since = p.gone_since ? std::max(*p.gone_since, u->unassigned_on) : u->unassigned_on;
  }
  // Deactivation removes every app assignment [O18][O19].
  p.active = !live.empty() && p.status != OktaStatus::deprovisioned;
  if (p.active) {
    p.gone_since.reset();
    for (const auto* r : live) {
      if (!r->group.empty() && std::find(p.groups.begin(), p.groups.end(), r->group) == p.groups.end()) {
        p.groups.push_back(r->group);
      }
    }
  }
}

Person* People::by_app(const std::string& email) {
  auto it = app_index_.find(lower_ascii(email));
  return it == app_index_.end() ? nullptr : &people_[it->second];
}

Person* People::by_okta(const std::string& email) {
  auto it = okta_index_.find(lower_ascii(email));
  return it == okta_index_.end() ? nullptr : &people_[it->second];
}

std::string People::inactive_reason(const Person& p, Day as_of) const {
  if (p.status == OktaStatus::deprovisioned) {
    return "deactivated in Okta, which removes every app assignment [O18][O19]";
  }
  if (p.gone_since) {
    const long days = days_between(day_of(*p.gone_since), as_of);
    return fmt::format("unassigned from the app on {}, {} day{} before the as-of date [O21]",
                       format_day(day_of(*p.gone_since)), days, days == 1 ? "" : "s");
  }
  if (p.starts) return fmt::format("assigned only from {}, after the as-of date [O21]", format_day(day_of(*p.starts)));
  if (p.rows.empty() && p.unassignments.empty()) return "not in the Current Assignments report [O21]";
  return "no assignment active at the as-of date [O21]";
}

std::vector<Cited> People::evidence(const Person& p) const {
  std::vector<Cited> out;
  for (const auto* r : p.rows) {
    std::string note = "Current Assignments: " + r->okta_login + " as " + r->app_login + ", assigned " +
                       format_day(day_of(r->assigned_on));
    if (r->unassigned_on) note += ", unassigned " + format_day(day_of(*r->unassigned_on));
    if (!r->group.empty()) note += ", group " + r->group;
    if (r->status) note += ", status " + std::string(spelling(*r->status));
    out.push_back(Cited{r->at, std::move(note)});
  }
  for (const auto* u : p.unassignments) {
    out.push_back(Cited{u->at, "Recent Unassignments: " + u->okta_login + " unassigned " +
                                   format_day(day_of(u->unassigned_on)) +
                                   (u->reassigned ? " (assigned again since)" : "")});
  }
  if (p.user) {
    out.push_back(Cited{p.user->at, "user list: " + p.user->okta_login + " " + std::string(spelling(p.user->status))});
  }
  return out;
}

}  // namespace samlh::harness::reconcile::detail
