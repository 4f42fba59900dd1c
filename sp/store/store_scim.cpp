// Store: the what-if SCIM endpoint's Users and Groups (issue 20; not a
// Hotjar feature, okta-hotjar.md E.4). Rules live in sp/accounts/scim_*.cpp.
#include "sp/store/store.hpp"

namespace samlh::sp {

std::vector<std::string> StoreTables::scim_resources(OrgId org, std::string_view kind) {
  auto q = db_.query("SELECT resource FROM scim_resources WHERE org_id = ? AND kind = ? ORDER BY rowid");
  q.bind_all(org, kind);
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.text(0));
  return out;
}

std::optional<std::string> StoreTables::scim_resource(OrgId org, std::string_view kind, const std::string& id) {
  auto q = db_.query("SELECT resource FROM scim_resources WHERE org_id = ? AND kind = ? AND id = ?");
  q.bind_all(org, kind, id);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

bool StoreTables::scim_name_taken(OrgId org, std::string_view kind, const std::string& name,
                                  const std::string& except_id) {
  auto q = db_.query("SELECT 1 FROM scim_resources WHERE org_id = ? AND kind = ? AND name = ? AND id <> ?");
  q.bind_all(org, kind, name, except_id);
  return q.step();
}

void StoreTables::put_scim_resource(OrgId org, std::string_view kind, const std::string& id, const std::string& name,
                                    const std::string& resource) {
  auto q = db_.query(
      "INSERT INTO scim_resources(org_id, kind, id, name, resource) VALUES(?, ?, ?, ?, ?) "
      "ON CONFLICT(org_id, kind, id) DO UPDATE SET name = excluded.name, resource = excluded.resource");
  q.bind_all(org, kind, id, name, resource);
  q.run();
}

void StoreTables::delete_scim_resource(OrgId org, std::string_view kind, const std::string& id) {
  auto q = db_.query("DELETE FROM scim_resources WHERE org_id = ? AND kind = ? AND id = ?");
  q.bind_all(org, kind, id);
  q.run();
}

}  // namespace samlh::sp
