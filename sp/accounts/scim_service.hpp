// The SP's what-if SCIM 2.0 endpoint as a service (issue 20). NOT a Hotjar
// feature: Hotjar offers no SCIM (okta-hotjar.md E.4); it exists so the
// harness can show what provisioning would change. Off unless an
// organization has ScimOrgSettings (sp/model/scim_settings.hpp).
//
// Like the ACS (acs.hpp) the service takes a request the route parsed and
// returns a status and a JSON body; the HTTP route (sp/server/routes_scim.cpp)
// only parses and renders, so tests and the harness can drive it in process.
//
// Resources (RFC 7644 3): /Users and /Groups (POST, GET by id, GET with
// filter and startIndex/count, PUT, PATCH, DELETE), /ServiceProviderConfig and
// /ResourceTypes. Every request that changes something runs in one store
// transaction with its audit records (scim_change, and scim_membership for
// each membership effect), each naming the request's ID: nothing is half
// applied. Errors are RFC 7644 3.12 Error messages (sp/scim/error.hpp).
//
// Mapping to the account model (scim_mapping.cpp; the settings are listed in
// sp/SERVER.md): a User's userName is the member's email; an active User gets
// a membership in the org with the role its Groups map to (or the default
// role); `active: false` or DELETE removes the membership and ends the
// person's sessions in the org. The Account Owner is never changed by SCIM.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "sp/model/scim_settings.hpp"
#include "sp/model/secrets.hpp"
#include "sp/scim/body.hpp"
#include "sp/scim/filter.hpp"
#include "sp/scim/list.hpp"
#include "sp/scim/patch.hpp"
#include "sp/store/store.hpp"

namespace samlh::sp {

struct ScimLimits {
  scim::BodyLimits body{64 * 1024, 16};  // a User or a Group of a few hundred members fits
  scim::FilterLimits filter{};
  scim::PatchLimits patch{};
  scim::PageLimits page{};
  std::size_t max_group_members = 1000;
};

// A request below /scim/v2/<org>/ as the route parsed it.
struct ScimRequest {
  std::string org;
  std::string method;             // GET, POST, PUT, PATCH, DELETE
  std::vector<std::string> path;  // {"Users"}, {"Users", "<id>"}, {"ServiceProviderConfig"}
  std::optional<std::string> filter, start_index, count;  // query parameters as sent
  std::string body;
  std::optional<std::string> bearer;  // nullopt: no (well-formed) bearer token
  std::string request_id;             // names the request in the audit log
};

// Reads the list parameters of a SCIM request's query string (filter,
// startIndex, count, as sent) into `r`; false when the query string is not a
// well-formed form encoding. The HTTP route and the harness's in-process
// adapter both read queries through it.
bool read_scim_query(std::string_view query, ScimRequest& r);

struct ScimAnswer {
  int status = 200;
  nlohmann::json body;  // null: no body (204)
};

class ScimService {
 public:
  // `orgs`: organization slug -> its SCIM settings; an org not listed has no endpoint.
  ScimService(Store& store, const core::Clock& clock, TokenSource& tokens, std::map<std::string, ScimOrgSettings> orgs,
              ScimLimits limits = {});

  bool enabled(const std::string& org) const { return orgs_.count(org) != 0; }
  // Never throws: a storage failure is a 500 Error message.
  ScimAnswer handle(const ScimRequest& req);

  struct Tx;  // one request's transaction (scim_internal.hpp)

 private:
  ScimAnswer modify(const ScimRequest& req, const ScimOrgSettings& s, const nlohmann::json& body);
  ScimAnswer read(const ScimRequest& req);

  Store& store_;
  const core::Clock& clock_;
  TokenSource& tokens_;
  std::map<std::string, ScimOrgSettings> orgs_;
  ScimLimits limits_;
};

}  // namespace samlh::sp
