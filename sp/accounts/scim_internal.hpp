// Private to sp/accounts/scim_*.cpp: one SCIM request's transaction state and
// the operations the service dispatches to.
#pragma once

#include <string>
#include <vector>

#include "sp/accounts/scim_service.hpp"
#include "sp/model/audit_record.hpp"

namespace samlh::sp {

// Inside the store lock and one transaction: the audit records are written
// with the change, or nothing is.
struct ScimService::Tx {
  StoreLock& db;
  const Organization& org;
  const ScimOrgSettings& settings;
  const ScimLimits& limits;
  TokenSource& tokens;
  core::Instant now;
  std::string request_id;
  std::vector<AuditRecord> records;  // scim_membership records, written after the main one
  std::string subject;               // the main record's subject (a userName or displayName)
  std::string change;                // what the request did, for the main record

  // A scim_membership record about `email`.
  void membership(const std::string& email, std::string what);
};

namespace scim_ops {

using nlohmann::json;
using scim::ResourceKind;

std::string_view kind_name(ResourceKind k) noexcept;  // "User", "Group"

scim::Result<ScimAnswer> create(ScimService::Tx& tx, ResourceKind kind, const json& body);
scim::Result<ScimAnswer> replace(ScimService::Tx& tx, ResourceKind kind, const std::string& id, const json& body);
scim::Result<ScimAnswer> patch(ScimService::Tx& tx, ResourceKind kind, const std::string& id, const json& body);
scim::Result<ScimAnswer> remove(ScimService::Tx& tx, ResourceKind kind, const std::string& id);

scim::Result<ScimAnswer> get(StoreLock& db, OrgId org, ResourceKind kind, const std::string& id);
scim::Result<ScimAnswer> list(StoreLock& db, OrgId org, ResourceKind kind, const ScimRequest& req,
                              const ScimLimits& limits);

// scim_mapping.cpp: brings the membership of the person a User names in line
// with the User as it was (`before`, null when new) and is (`after`, null
// when deleted). Fails (request_forbidden) only for the Owner under
// ScimOwnerRule::refuse.
std::optional<scim::Error> sync_user(ScimService::Tx& tx, const json* before, const json* after);
// The same for every User whose group memberships a Group change touched.
std::optional<scim::Error> sync_members(ScimService::Tx& tx, const json* before, const json* after);

}  // namespace scim_ops
}  // namespace samlh::sp
