#include "harness/reconcile/reconcile.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "harness/reconcile/columns.hpp"
#include "harness/reconcile/people.hpp"

namespace samlh::harness::reconcile {
namespace {

using detail::People;
using detail::Person;

std::string role_name(Role r) { return std::string(display_name(r)); }

class Reconciler {
 public:
  Reconciler(const IdpInputs& idp, const SpRoster& sp, const ReconcileOptions& o)
      : idp_files_(idp.files), sp_(sp), o_(o), end_(Instant{o.as_of + std::chrono::days{1}}), people_(idp, end_) {}

  Report run() {
    r_.org = o_.org;
    r_.as_of = o_.as_of;
    r_.app = o_.app;
    r_.sp_lists_invitations = sp_.lists_invitations;
    r_.role_map_file = o_.role_map ? o_.role_map->file : std::string();
    r_.inputs = idp_files_;
    r_.inputs.push_back(sp_.source);
    r_.members = sp_.members.size();
    for (const auto& p : people_.all()) r_.active_assignments += p.active ? 1 : 0;
    std::vector<const SpMember*> unmatched = match_members();
    match_invitations();
    for (const SpMember* m : unmatched) unmatched_member(*m);
    locked_out();
    std::stable_sort(r_.findings.begin(), r_.findings.end(), [](const Finding& a, const Finding& b) {
      if (a.kind != b.kind) return a.kind < b.kind;
      return lower_ascii(a.subject) < lower_ascii(b.subject);
    });
    return std::move(r_);
  }

 private:
  Finding& add(FindingKind kind, Confidence c, std::string subject, std::string summary, Step step) {
    Finding f;
    f.kind = kind;
    f.confidence = c;
    f.subject = std::move(subject);
    f.summary = std::move(summary);
    f.step = step;
    r_.findings.push_back(std::move(f));
    return r_.findings.back();
  }

  void describe(Finding& f, const Person& p) const {
    f.okta_login = p.okta_login;
    f.app_login = p.app_login;
    if (f.name.empty()) f.name = p.name;
    f.okta_status = p.status;
    if (!p.active && p.gone_since) f.days_since_unassigned = days_between(day_of(*p.gone_since), o_.as_of);
    for (auto& c : people_evidence(p)) f.evidence.push_back(std::move(c));
  }

  std::vector<Cited> people_evidence(const Person& p) const { return people_.evidence(p); }

  // Members matched by Application login first, then by Okta Login, so a
  // member holding the Application login wins over one holding the Login.
  std::vector<const SpMember*> match_members() {
    std::vector<const SpMember*> rest;
    for (const auto& m : sp_.members) {
      Person* p = people_.by_app(m.email);
      if (p && p->active && !p->has_member) {
        matched_member(m, *p, false);
      } else {
        rest.push_back(&m);
      }
    }
    std::vector<const SpMember*> unmatched;
    for (const SpMember* m : rest) {
      Person* p = people_.by_okta(m->email);
      if (p && p->active && !p->has_member && !p->app_login.empty()) {
        matched_member(*m, *p, true);
      } else {
        unmatched.push_back(m);
      }
    }
    return unmatched;
  }

  void matched_member(const SpMember& m, Person& p, bool via_okta_login) {
    p.has_member = true;
    const Cited sp_cite{m.at, "SP member, " + role_name(m.role)};
    check_email(p, m.email, via_okta_login, sp_cite);
    check_role(p, m.email, m.role, sp_cite, true);
    if (m.role != Role::account_owner) return;
    if (p.status == OktaStatus::suspended) {
      Finding& f = add(FindingKind::owner_idp_status, Confidence::possible, m.email,
                       fmt::format("The Account Owner {} is suspended in Okta: they cannot sign in, though the "
                                   "assignment stays [O19]; if they do not return, only Hotjar Support can transfer "
                                   "ownership [H9].",
                                   m.email),
                       Step::owner_leaves_transfer_ownership_via_support);
      f.sp_role = m.role;
      f.evidence.push_back(sp_cite);
      describe(f, p);
      r_.owners.push_back(OwnerState{m.email, "suspended in Okta"});
      return;
    }
    r_.owners.push_back(OwnerState{m.email, "active assignment"});
  }

  void match_invitations() {
    for (const auto& inv : sp_.invitations) {
      if (inv.expires && *inv.expires <= end_) {
        ++r_.lapsed_invitations;  // why: a lapsed invitation gives no way in, and needs no fix
        continue;
      }
      ++r_.invitations;
      const Cited sp_cite{inv.at, "SP pending invitation, " + role_name(inv.role)};
      Person* p = people_.by_app(inv.email);
      bool via_okta_login = false;
      if (!p || !p->active) {
        Person* q = people_.by_okta(inv.email);
        if (q && (q->active || !p)) {
          p = q;
          via_okta_login = q->active;
        }
      }
      if (p && p->active) {
        p->has_invitation = true;
        check_email(*p, inv.email, via_okta_login, sp_cite);
        check_role(*p, inv.email, inv.role, sp_cite, false);
        continue;
      }
      const std::string reason = p ? people_.inactive_reason(*p, o_.as_of) : "not in the Current Assignments report [O21]";
      Finding& f = add(FindingKind::invitation_without_assignment, Confidence::certain, inv.email,
                       fmt::format("A pending invitation for {} ({}) is still open although they have no active "
                                   "Okta assignment: {}.",
                                   inv.email, role_name(inv.role), reason),
                       Step::leave_revoke_pending_invitation);
      f.sp_role = inv.role;
      f.evidence.push_back(sp_cite);
      if (p) describe(f, *p);
    }
  }

  void check_email(const Person& p, const std::string& sp_email, bool via_okta_login, const Cited& sp_cite) {
    if (!via_okta_login && (p.okta_login.empty() || iequals(p.okta_login, p.app_login))) return;
    std::string summary =
        via_okta_login
            ? fmt::format("The SP holds {}, Okta's Login, but Okta sends the Application login {} [O21]: the SSO "
                          "sign-in does not match (assumption: Hotjar matches on email).",
                          sp_email, p.app_login)
            : fmt::format("Okta's Login for {} is {}: the SP holds the Application login, which Okta by default "
                          "replaces with the new username at the next update [O1][O14], and then the sign-in no "
                          "longer matches (assumption: Hotjar matches on email).",
                          p.app_login, p.okta_login);
    Finding& f = add(FindingKind::email_drift, Confidence::certain, sp_email, std::move(summary),
                     Step::email_change_update_member_email);
    f.evidence.push_back(sp_cite);
    describe(f, p);
  }

  // Expected: the highest role any active granting group maps to.
  void check_role(const Person& p, const std::string& email, Role actual, const Cited& sp_cite, bool member) {
    if (!o_.role_map) return;
    std::optional<Role> expected;
    std::string group;
    for (const auto& g : p.groups) {
      auto it = o_.role_map->by_group.find(g);
      if (it != o_.role_map->by_group.end() && (!expected || it->second > *expected)) {
        expected = it->second;
        group = g;
      }
    }
    if (!expected) {
      ++r_.role_unchecked;
      return;
    }
    // why: an Account Owner is never demoted by a role change; ownership moves only by transfer [H9].
    if (*expected == actual || actual == Role::account_owner) return;
    const Step step = *expected == Role::account_owner ? Step::role_change_transfer_ownership
                      : member                         ? Step::role_change_set_role_in_hotjar
                                                       : Step::role_change_reinvite_with_expected_role;
    Finding& f = add(FindingKind::role_drift, Confidence::certain, email,
                     fmt::format("{} {} is {} in the SP, but the granting group '{}' maps to {} in {}; a group "
                                 "change does not change a Hotjar role (assumption).",
                                 member ? "Member" : "The pending invitation for", email, role_name(actual), group,
                                 role_name(*expected), o_.role_map->file),
                     step);
    f.sp_role = actual;
    f.expected_role = expected;
    f.group = group;
    f.evidence.push_back(sp_cite);
    describe(f, p);
  }

  void unmatched_member(const SpMember& m) {
    const Cited sp_cite{m.at, "SP member, " + role_name(m.role)};
    Person* p = people_.by_app(m.email);
    if (!p) p = people_.by_okta(m.email);
    const std::string reason = !p ? std::string("not in the Current Assignments report [O21]")
                               : p->active
                                   ? fmt::format("the assignment of {} is matched by another member", p->app_login)
                                   : people_.inactive_reason(*p, o_.as_of);
    if (m.role == Role::account_owner) {
      Finding& f = add(FindingKind::owner_idp_status, Confidence::certain, m.email,
                       fmt::format("The Account Owner {} has no active Okta assignment: {}; only the current Owner, "
                                   "or Hotjar Support after an ownership check, can transfer ownership [H9].",
                                   m.email, reason),
                       Step::owner_leaves_transfer_ownership_via_support);
      f.sp_role = m.role;
      f.evidence.push_back(sp_cite);
      if (p && !p->active) describe(f, *p);
      r_.owners.push_back(OwnerState{m.email, "no active assignment: " + reason});
      return;
    }
    if (!m.name.empty() && name_match(m, sp_cite)) return;
    Finding& f = add(FindingKind::member_without_assignment, Confidence::certain, m.email,
                     fmt::format("{} ({}) is a member with no active Okta assignment: {}; the membership keeps its "
                                 "access until an Admin or the Account Owner removes it [H2].",
                                 m.email, role_name(m.role), reason),
                     Step::leave_remove_member_in_hotjar);
    f.sp_role = m.role;
    f.name = m.name;
    f.evidence.push_back(sp_cite);
    if (p && !p->active) describe(f, *p);
  }

  bool name_match(const SpMember& m, const Cited& sp_cite) {
    if (by_name_.empty()) {
      for (auto& p : people_.all()) {
        if (p.active && !p.name.empty()) by_name_[p.name].push_back(&p);
      }
    }
    auto it = by_name_.find(m.name);
    if (it == by_name_.end() || it->second.size() != 1) return false;
    Person* candidate = it->second.front();
    if (candidate->has_member || candidate->has_invitation || candidate->name_matched) return false;
    candidate->name_matched = true;
    Finding& f = add(FindingKind::possible_email_drift, Confidence::possible, m.email,
                     fmt::format("Member {} ('{}') matches no Okta assignment [O21], and exactly one assigned user "
                                 "without access has that name: {}; perhaps one person whose email changed.",
                                 m.email, m.name, candidate->app_login),
                     Step::email_change_confirm_identity);
    f.sp_role = m.role;
    f.name = m.name;
    f.evidence.push_back(sp_cite);
    describe(f, *candidate);
    return true;
  }

  void locked_out() {
    for (const auto& p : people_.all()) {
      if (!p.active || p.has_member || p.has_invitation || p.name_matched) continue;
      // A suspended user keeps the assignment but cannot sign in to Okta at
      // all [O19]: not a joiner locked out of Hotjar.
      if (p.status == OktaStatus::suspended) continue;
      const bool certain = sp_.lists_invitations;
      Finding& f = add(
          FindingKind::assignment_without_access, certain ? Confidence::certain : Confidence::possible, p.app_login,
          certain ? fmt::format("{} is assigned the app in Okta [O21] but is neither a member nor invited, so cannot "
                                "get in (assumption: no just-in-time provisioning).",
                                p.app_login)
                  : fmt::format("{} is assigned the app in Okta [O21] but is not on Hotjar's member list; a pending "
                                "invitation would not show there [H2].",
                                p.app_login),
          Step::join_send_invitation);
      describe(f, p);
    }
  }

  const std::vector<InputInfo>& idp_files_;
  const SpRoster& sp_;
  const ReconcileOptions& o_;
  Instant end_;
  People people_;
  std::map<std::string, std::vector<Person*>> by_name_;  // active people, built on first use
  Report r_;
};

}  // namespace

Report reconcile(const IdpInputs& idp, const SpRoster& sp, const ReconcileOptions& options) {
  return Reconciler(idp, sp, options).run();
}

}  // namespace samlh::harness::reconcile
