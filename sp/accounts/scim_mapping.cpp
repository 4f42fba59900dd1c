// The what-if SCIM endpoint's mapping to the account model (issue 20; not a
// Hotjar feature, okta-hotjar.md E.4). Every choice here is an assumption
// and a setting (ScimOrgSettings, sp/SERVER.md "SCIM (what-if)"):
//  - a User's userName is the member's email (checked on write);
//  - an active User has a membership with the most privileged role its
//    Groups map to (group_roles), else default_role (none: no membership);
//  - `active: false` or DELETE removes the membership and ends the person's
//    sessions in the org at once;
//  - reactivation restores a membership by `reactivation`;
//  - the Account Owner's membership is never changed (`owner` decides
//    whether deactivating the Owner's User is refused or only recorded);
//  - a person who was already a member is adopted or keeps their role
//    (`existing_members`); pending invitations for a provisioned email are
//    revoked or kept (`pending_invitations`).
#include <fmt/format.h>

#include "sp/accounts/scim_internal.hpp"
#include "sp/model/email.hpp"
#include "sp/scim/text.hpp"

namespace samlh::sp::scim_ops {
namespace {

bool is_active(const json& u) {
  auto it = scim::text::find_member(u, "active");
  return it == u.end() || !it->is_boolean() || it->get<bool>();
}

std::string email_of(const json& u) {
  auto it = scim::text::find_member(u, "userName");
  if (it == u.end() || !it->is_string()) return {};
  auto e = parse_email(it->get<std::string>());
  return e ? e->address : std::string{};
}

std::string id_of(const json& r) {
  auto it = r.find("id");
  return it != r.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::vector<std::string> member_ids(const json* group) {
  std::vector<std::string> out;
  if (group == nullptr) return out;
  auto it = scim::text::find_member(*group, "members");
  if (it == group->end() || !it->is_array()) return out;
  for (const json& m : *it) {
    auto v = scim::text::find_member(m, "value");
    if (v != m.end() && v->is_string()) out.push_back(v->get<std::string>());
  }
  return out;
}

// Lower enum values are more privileged (role.hpp); Account Owner is never mapped.
std::optional<Role> mapped_role(ScimService::Tx& tx, const std::string& user_id) {
  std::optional<Role> best;
  for (const std::string& text : tx.db->scim_resources(tx.org.id, "Group")) {
    const json g = json::parse(text);
    const auto ids = member_ids(&g);
    if (std::find(ids.begin(), ids.end(), user_id) == ids.end()) continue;
    auto name = scim::text::find_member(g, "displayName");
    if (name == g.end() || !name->is_string()) continue;
    for (const auto& [group, role] : tx.settings.group_roles) {
      if (!scim::text::iequals(group, name->get<std::string>()) || role == Role::account_owner) continue;
      if (!best || role < *best) best = role;
    }
  }
  return best ? best : tx.settings.default_role;
}

std::optional<scim::Error> deprovision(ScimService::Tx& tx, const std::string& email, std::string_view why) {
  auto m = tx.db->member(tx.org.id, email);
  if (!m) return std::nullopt;
  if (m->role == Role::account_owner) {
    if (tx.settings.owner == ScimOwnerRule::refuse) {
      return scim::make_error(scim::ErrorCode::request_forbidden,
                              "the Account Owner is not deprovisioned by SCIM (scim.owner: refuse)");
    }
    tx.membership(email, fmt::format("{}: the Account Owner keeps access (scim.owner: keep_access)", why));
    return std::nullopt;
  }
  tx.db->delete_member(tx.org.id, email);
  const std::size_t ended = tx.db->end_sessions_of(tx.org.id, email, tx.now);
  tx.membership(email, fmt::format("{}: membership removed (was {}); {} session(s) ended", why, spelling(m->role), ended));
  return std::nullopt;
}

void provision(ScimService::Tx& tx, const std::string& email, std::optional<Role> role, bool reactivated) {
  auto m = tx.db->member(tx.org.id, email);
  if (reactivated && role && tx.settings.reactivation == ScimReactivationRule::read_only) role = Role::read_only;
  if (m) {
    if (m->role == Role::account_owner) return;  // never changed by SCIM
    if (m->origin != MemberOrigin::scim && tx.settings.existing_members == ScimExistingMemberRule::keep_role) return;
    if (!role) {
      tx.db->delete_member(tx.org.id, email);
      const std::size_t ended = tx.db->end_sessions_of(tx.org.id, email, tx.now);
      tx.membership(email, fmt::format("no mapped role: membership removed; {} session(s) ended", ended));
      return;
    }
    if (m->role == *role) return;
    const Role was = m->role;
    m->role = *role;
    m->updated = tx.now;
    tx.db->upsert_member(*m);
    tx.membership(email, fmt::format("role {} -> {}", spelling(was), spelling(*role)));
    return;
  }
  if (!role) return;
  tx.db->upsert_member(Member{tx.org.id, email, *role, MemberOrigin::scim, tx.now, tx.now, std::nullopt});
  tx.membership(email, fmt::format("membership {} with role {}", reactivated ? "restored" : "created", spelling(*role)));
  for (const Invitation& inv : tx.db->invitations(tx.org.id, email)) {
    if (inv.status != InvitationStatus::pending) continue;
    if (tx.settings.pending_invitations == ScimInvitationRule::revoke) {
      tx.db->set_invitation_status(inv.token, InvitationStatus::revoked, tx.now);
      tx.membership(email, "pending invitation " + Invitation::token_hint(inv.token) + " revoked (scim.pending_invitations: revoke)");
    }
  }
}

}  // namespace

std::optional<scim::Error> sync_user(ScimService::Tx& tx, const json* before, const json* after) {
  const std::string old_email = before ? email_of(*before) : std::string{};
  if (after == nullptr) return old_email.empty() ? std::nullopt : deprovision(tx, old_email, "User deleted");
  const std::string new_email = email_of(*after);
  const bool renamed = !old_email.empty() && old_email != new_email;
  if (renamed) {
    if (auto e = deprovision(tx, old_email, "userName changed")) return e;
  }
  const bool was_active = before != nullptr && is_active(*before) && !renamed;
  if (!is_active(*after)) {
    // Only on the change to inactive: an inactive User's later updates change nothing.
    return was_active || before == nullptr || renamed ? deprovision(tx, new_email, "User inactive") : std::nullopt;
  }
  const bool reactivated = before != nullptr && !is_active(*before) && !renamed;
  provision(tx, new_email, mapped_role(tx, id_of(*after)), reactivated);
  return std::nullopt;
}

std::optional<scim::Error> sync_members(ScimService::Tx& tx, const json* before, const json* after) {
  std::vector<std::string> ids = member_ids(before);
  for (std::string& id : member_ids(after)) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
  }
  for (const std::string& id : ids) {
    auto text = tx.db->scim_resource(tx.org.id, "User", id);
    if (!text) continue;
    const json u = json::parse(*text);
    if (auto e = sync_user(tx, &u, &u)) return e;
  }
  return std::nullopt;
}

}  // namespace samlh::sp::scim_ops
