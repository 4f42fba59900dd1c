// ScimService: authentication, dispatch, the per-request transaction and its
// audit records, and the discovery documents (RFC 7644 4).
#include "sp/accounts/scim_service.hpp"

#include <fmt/format.h>

#include "core/bindings.hpp"
#include "sp/accounts/scim_internal.hpp"
#include "sp/scim/text.hpp"

namespace samlh::sp {
namespace {

using nlohmann::json;
using scim::ErrorCode;
using scim::ResourceKind;

ScimAnswer error_answer(const scim::Error& e) { return ScimAnswer{scim::http_status(e.reason), scim::error_body(e)}; }
ScimAnswer error_answer(ErrorCode c, std::string detail = {}) { return error_answer(scim::make_error(c, std::move(detail))); }

std::optional<ResourceKind> kind_of(const std::string& segment) {
  if (segment == "Users") return ResourceKind::user;
  if (segment == "Groups") return ResourceKind::group;
  return std::nullopt;
}

// RFC 7643 5: what this endpoint supports.
json service_provider_config(const ScimLimits& l) {
  return json{{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"}},
              {"documentationUri", "sp/SERVER.md (what-if: SCIM is not a Hotjar feature, okta-hotjar.md E.4)"},
              {"patch", {{"supported", true}}},
              {"bulk", {{"supported", false}, {"maxOperations", 0}, {"maxPayloadSize", 0}}},
              {"filter", {{"supported", true}, {"maxResults", l.page.max_count}}},
              {"changePassword", {{"supported", false}}},
              {"sort", {{"supported", false}}},
              {"etag", {{"supported", false}}},
              {"authenticationSchemes",
               {{{"type", "oauthbearertoken"}, {"name", "Bearer token"},
                 {"description", "The organization's SCIM token (SP configuration), as Authorization: Bearer"}}}},
              {"meta", {{"resourceType", "ServiceProviderConfig"}}}};
}

json resource_types() {
  auto type = [](std::string_view name, std::string_view endpoint, std::string_view schema) {
    return json{{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:ResourceType"}}, {"id", name}, {"name", name},
                {"endpoint", endpoint}, {"schema", schema}, {"meta", {{"resourceType", "ResourceType"}}}};
  };
  json user = type("User", "/Users", scim::kUserUrn);
  user["schemaExtensions"] = json::array({{{"schema", scim::kEnterpriseUserUrn}, {"required", false}}});
  json list{{"schemas", {scim::kListResponseUrn}}, {"totalResults", 2}, {"startIndex", 1}, {"itemsPerPage", 2}};
  list["Resources"] = json::array({user, type("Group", "/Groups", scim::kGroupUrn)});
  return list;
}

}  // namespace

void ScimService::Tx::membership(const std::string& email, std::string what) {
  AuditEntry e(AuditEvent::scim_membership, now);
  e.org(org.slug).actor("scim").subject(email).succeeded().note(fmt::format("request {}: {}", request_id, what));
  records.push_back(e.take());
}

ScimService::ScimService(Store& store, const core::Clock& clock, TokenSource& tokens,
                         std::map<std::string, ScimOrgSettings> orgs, ScimLimits limits)
    : store_(store), clock_(clock), tokens_(tokens), orgs_(std::move(orgs)), limits_(limits) {}

ScimAnswer ScimService::handle(const ScimRequest& req) {
  // An organization without SCIM answers as if the endpoint did not exist.
  const auto it = orgs_.find(req.org);
  if (it == orgs_.end()) return error_answer(ErrorCode::resource_not_found, "no SCIM endpoint for this organization");
  // Compared as SHA-256 digests in constant time (secrets.hpp).
  if (!req.bearer || !token_matches(*req.bearer, it->second.token_sha256)) {
    return error_answer(ErrorCode::request_unauthorized);
  }
  if (req.path.empty()) return error_answer(ErrorCode::resource_not_found, "no resource type");
  if (req.method == "GET") return read(req);
  const bool collection = req.path.size() == 1;
  const bool item = req.path.size() == 2;
  if (!kind_of(req.path[0]) || req.path.size() > 2) return error_answer(ErrorCode::resource_not_found, "no such resource type");
  const bool allowed = (collection && req.method == "POST") ||
                       (item && (req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE"));
  if (!allowed) return error_answer(ErrorCode::not_implemented, req.method + " on this address");
  json body;
  if (req.method != "DELETE") {
    auto parsed = scim::parse_body(req.body, limits_.body);
    if (!parsed) return error_answer(parsed.failure());
    body = std::move(parsed).value();
  }
  return modify(req, it->second, body);
}

ScimAnswer ScimService::read(const ScimRequest& req) {
  const std::string& what = req.path[0];
  if (req.path.size() == 1 && what == "ServiceProviderConfig") return ScimAnswer{200, service_provider_config(limits_)};
  if (req.path.size() == 1 && what == "ResourceTypes") return ScimAnswer{200, resource_types()};
  const auto kind = kind_of(what);
  if (!kind || req.path.size() > 2) return error_answer(ErrorCode::resource_not_found, "no such resource type");
  try {
    auto db = store_.lock();
    auto org = db->org_by_slug(req.org);
    if (!org) return error_answer(ErrorCode::resource_not_found, "no such organization");
    auto r = req.path.size() == 2 ? scim_ops::get(db, org->id, *kind, req.path[1])
                                  : scim_ops::list(db, org->id, *kind, req, limits_);
    return r ? std::move(r).value() : error_answer(r.failure());
  } catch (const sql::Error&) {
    return error_answer(ErrorCode::internal, "storage");
  }
}

ScimAnswer ScimService::modify(const ScimRequest& req, const ScimOrgSettings& s, const json& body) {
  const ResourceKind kind = *kind_of(req.path[0]);
  const core::Instant now = clock_.now();
  const std::string target = req.path.size() == 2 ? req.path[0] + "/" + scim::bounded_name(req.path[1]) : req.path[0];
  std::optional<scim::Error> refusal;
  try {
    auto db = store_.lock();
    {
      auto org = db->org_by_slug(req.org);
      if (!org) return error_answer(ErrorCode::resource_not_found, "no such organization");
      auto tx = db->transaction();
      Tx t{db, *org, s, limits_, tokens_, now, req.request_id, {}, {}, {}};
      scim::Result<ScimAnswer> r = [&]() -> scim::Result<ScimAnswer> {
        if (req.method == "POST") return scim_ops::create(t, kind, body);
        if (req.method == "PUT") return scim_ops::replace(t, kind, req.path[1], body);
        if (req.method == "PATCH") return scim_ops::patch(t, kind, req.path[1], body);
        return scim_ops::remove(t, kind, req.path[1]);
      }();
      if (r) {
        AuditEntry main(AuditEvent::scim_change, now);
        main.org(req.org).actor("scim").succeeded();
        if (!t.subject.empty()) main.subject(t.subject);
        main.note(fmt::format("request {}: {} {}: {}", req.request_id, req.method, target, t.change));
        AuditRecord rec = main.take();
        db->append_audit(rec);
        for (AuditRecord& x : t.records) db->append_audit(x);
        tx.commit();
        return std::move(r).value();
      }
      refusal = r.failure();
    }  // rolled back: nothing of the request stays
    // The refusal is recorded on its own (the change it asked for is not).
    AuditEntry e(AuditEvent::scim_change, now);
    e.org(req.org).actor("scim");
    AuditRecord rec = e.take();
    rec.outcome = AuditOutcome::refused;
    rec.reason = std::string(scim::spelling(refusal->reason));
    rec.detail = fmt::format("request {}: {} {}: {}", req.request_id, req.method, target, refusal->detail);
    auto tx = db->transaction();
    db->append_audit(rec);
    tx.commit();
    return error_answer(*refusal);
  } catch (const sql::Error&) {
    return error_answer(ErrorCode::internal, "storage");
  }
}

bool read_scim_query(std::string_view query, ScimRequest& r) {
  if (query.empty()) return true;
  auto form = core::parse_form(query);
  if (!form) return false;
  auto get = [&](std::string_view name) -> std::optional<std::string> {
    const std::string* v = core::form_get(*form, name);
    return v == nullptr ? std::nullopt : std::optional<std::string>(*v);
  };
  r.filter = get("filter");
  r.start_index = get("startIndex");
  r.count = get("count");
  return true;
}

}  // namespace samlh::sp
