#include "idp-mock/server/provisioning.hpp"

#include "idp-mock/assertion/minter.hpp"

namespace samlh::idp {
namespace {

std::string id_of(const User& u) { return u.id.empty() ? u.login : u.id; }
std::string id_of(const Group& g) { return g.id.empty() ? g.name : g.id; }

ScimJob job_for(const App& app, ScimJob::Kind kind) {
  const Provisioning& p = app.settings.provisioning;
  ScimJob j;
  j.kind = kind;
  j.app = app.name;
  j.base_url = p.scim_connector_base_url;
  j.token = p.bearer_token;
  j.create_users = p.create_users;
  return j;
}

void sync_app(Idp::State& s, const App& app, ProvisionedApp& done) {
  const Provisioning& p = app.settings.provisioning;
  const Directory& d = s.directory;
  std::set<std::string> seen;
  for (const auto& u : d.users()) {
    const std::string id = id_of(u);
    seen.insert(id);
    const bool assigned = d.is_assigned(app.name, u.login);  // never for a deactivated user
    auto it = done.users.find(id);
    if (assigned) {
      ScimUser doc = scim_user(app, d, u);
      if (it == done.users.end() || !it->second.active) {
        // Assignment, reassignment or reactivation: look-up first, then create
        // (Create Users) or reactivate the user found.
        if (!p.create_users && it == done.users.end()) continue;
        ScimJob j = job_for(app, ScimJob::Kind::assign);
        j.user = doc;
        s.scim->enqueue(std::move(j));
        done.users[id] = {doc, true};
        if (it != done.users.end() && p.update_user_attributes && it->second.doc != doc) {
          ScimJob up = job_for(app, ScimJob::Kind::update);
          up.user = doc;
          s.scim->enqueue(std::move(up));
        }
      } else if (it->second.doc != doc && p.update_user_attributes) {
        ScimJob j = job_for(app, ScimJob::Kind::update);
        j.user = doc;
        s.scim->enqueue(std::move(j));
        it->second.doc = doc;
      }
    } else if (it != done.users.end() && it->second.active && p.deactivate_users) {
      // Unassigned, deactivated (which unassigns [O18]) or suspended-and-unassigned.
      ScimJob j = job_for(app, ScimJob::Kind::deactivate);
      j.user = it->second.doc;
      s.scim->enqueue(std::move(j));
      it->second.active = false;
    }
  }
  // Users deleted from the directory: deactivated in the app.
  for (auto& [id, pu] : done.users)
    if (!seen.count(id) && pu.active && p.deactivate_users) {
      ScimJob j = job_for(app, ScimJob::Kind::deactivate);
      j.user = pu.doc;
      s.scim->enqueue(std::move(j));
      pu.active = false;
    }
  // Group Push: each pushed group with the members this app has provisioned.
  for (const auto& name : p.push_groups) {
    const Group* g = d.find_group(name);
    if (g == nullptr) continue;
    std::set<std::string> want;
    ScimJob j = job_for(app, ScimJob::Kind::push_group);
    j.group_id = id_of(*g);
    j.group_name = g->name;
    for (const auto& login : g->members) {
      const User* u = d.find_user(login);
      if (u == nullptr) continue;
      auto pu = done.users.find(id_of(*u));
      if (pu == done.users.end() || !pu->second.active) continue;
      want.insert(id_of(*u));
      j.members.emplace_back(id_of(*u), pu->second.doc.user_name);
    }
    auto had = done.groups.find(j.group_id);
    if (had != done.groups.end() && had->second == want) continue;
    done.groups[j.group_id] = want;
    s.scim->enqueue(std::move(j));
  }
}

}  // namespace

ScimUser scim_user(const App& app, const Directory& d, const User& u) {
  ScimUser out;
  out.okta_id = id_of(u);
  std::optional<std::string> frozen;
  if (const AppAssignments* a = d.assignments(app.name)) {
    auto it = a->frozen_usernames.find(u.login);
    if (it != a->frozen_usernames.end()) frozen = it->second;  // used only when "Create only" (B.5)
  }
  out.user_name = application_username(app.settings, u, d.groups_of(u.login), frozen);
  auto attr = [&](const char* k) { return u.attribute(k).value_or(""); };
  out.given_name = attr("firstName");
  out.family_name = attr("lastName");
  out.email = u.email;
  out.display_name = attr("displayName");
  if (out.display_name.empty()) {
    out.display_name = out.given_name + (out.given_name.empty() || out.family_name.empty() ? "" : " ") + out.family_name;
    if (out.display_name.empty()) out.display_name = u.login;
  }
  return out;
}

void sync_provisioning(Idp::State& s) {
  if (s.scim == nullptr) return;
  for (const auto& rt : s.apps) {
    if (!rt.app.settings.provisioning.enabled) continue;
    sync_app(s, rt.app, s.provisioned[rt.app.name]);
  }
}

}  // namespace samlh::idp
