// The what-if SCIM endpoint's Users and Groups (RFC 7644 3.3-3.6): create,
// read, list, replace, patch and delete over the store, each followed by the
// membership mapping (scim_mapping.cpp). Bodies are checked against the RFC
// 7643 definitions by the protocol core's PATCH machinery: a POST or PUT body
// is applied as one path-less replace to an empty resource, so an unknown
// attribute or a value of the wrong type is refused the same way.
#include <fmt/format.h>

#include "sp/accounts/scim_internal.hpp"
#include "sp/model/email.hpp"
#include "sp/scim/text.hpp"

namespace samlh::sp::scim_ops {
namespace {

using scim::ErrorCode;

scim::Error invalid(std::string detail) { return scim::make_error(ErrorCode::request_invalid_value, std::move(detail)); }

std::string_view core_urn(ResourceKind k) { return k == ResourceKind::user ? scim::kUserUrn : scim::kGroupUrn; }

json base_resource(ResourceKind kind) { return json{{"schemas", json::array({core_urn(kind)})}}; }

// The body's attributes as one path-less replace on `base` (which holds
// schemas, and id and meta when the resource exists). readOnly attributes
// the client echoes (id, meta, a User's groups) are ignored (RFC 7644 3.3);
// a password is never kept (the SP's users sign in by SSO).
scim::Result<json> build(const json& body, ResourceKind kind, const json& base) {
  if (!body.is_object()) return invalid("the body is not a resource object");
  auto schemas = scim::text::find_member(body, "schemas");
  bool has_core = false;
  if (schemas != body.end() && schemas->is_array()) {
    for (const json& s : *schemas) has_core = has_core || (s.is_string() && scim::text::iequals(s.get<std::string>(), core_urn(kind)));
  }
  if (!has_core) return invalid(fmt::format("'schemas' must list {}", core_urn(kind)));
  json value = json::object();
  for (auto it = body.begin(); it != body.end(); ++it) {
    const std::string key = scim::text::lower(it.key());
    if (key == "schemas" || key == "id" || key == "meta" || key == "password") continue;
    if (kind == ResourceKind::user && key == "groups") continue;
    value[it.key()] = it.value();
  }
  scim::PatchRequest pr;
  pr.operations.push_back(scim::PatchOperation{scim::PatchOpKind::replace, std::nullopt, std::move(value)});
  auto out = scim::apply_patch(base, pr, kind);
  if (!out) return invalid(fmt::format("{}: {}", scim::spelling(out.failure().reason), out.failure().detail));
  return std::move(out->resource);
}

// The unique name the store keys on, after the checks the mapping relies on.
scim::Result<std::string> unique_name(ScimService::Tx& tx, ResourceKind kind, json& r, const std::string& id) {
  std::string name;
  if (kind == ResourceKind::user) {
    auto it = scim::text::find_member(r, "userName");
    if (it == r.end() || !it->is_string() || it->get<std::string>().empty()) return invalid("userName is required");
    auto e = parse_email(it->get<std::string>());
    // Assumption: the SP's people are keyed by email, so userName must be one.
    if (!e) return invalid("userName must be an email address (the SP keys members by email)");
    name = e->address;
    if (scim::text::find_member(r, "active") == r.end()) r["active"] = true;
  } else {
    auto it = scim::text::find_member(r, "displayName");
    if (it == r.end() || !it->is_string() || it->get<std::string>().empty()) return invalid("displayName is required");
    name = it->get<std::string>();
    auto members = scim::text::find_member(r, "members");
    if (members != r.end() && members->is_array()) {
      if (members->size() > tx.limits.max_group_members) {
        return scim::make_error(ErrorCode::request_too_large, fmt::format("more than {} members", tx.limits.max_group_members));
      }
      for (const json& m : *members) {
        auto v = scim::text::find_member(m, "value");
        if (v == m.end() || !v->is_string() || !tx.db->scim_resource(tx.org.id, "User", v->get<std::string>())) {
          return invalid("a member's value is not the id of a User of this organization");
        }
      }
    }
  }
  if (tx.db->scim_name_taken(tx.org.id, kind_name(kind), name, id)) {
    return scim::make_error(ErrorCode::resource_conflict, kind == ResourceKind::user ? "userName" : "displayName");
  }
  return name;
}

scim::Result<json> load(ScimService::Tx& tx, ResourceKind kind, const std::string& id) {
  auto text = tx.db->scim_resource(tx.org.id, kind_name(kind), id);
  if (!text) return scim::make_error(ErrorCode::resource_not_found);
  return json::parse(*text);
}

std::optional<scim::Error> sync(ScimService::Tx& tx, ResourceKind kind, const json* before, const json* after) {
  return kind == ResourceKind::user ? sync_user(tx, before, after) : sync_members(tx, before, after);
}

// Stores `r` under `id` and maps the change; the answer is the resource.
scim::Result<ScimAnswer> save(ScimService::Tx& tx, ResourceKind kind, const std::string& id, json r,
                              const json* before, int status, std::string change) {
  auto name = unique_name(tx, kind, r, id);
  if (!name) return std::move(name).failure();
  const std::string now = core::format_saml_time(tx.now, false);
  json meta = before != nullptr && before->contains("meta") ? (*before)["meta"] : json{{"resourceType", kind_name(kind)}, {"created", now}};
  meta["lastModified"] = now;
  r["id"] = id;
  r["meta"] = std::move(meta);
  tx.db->put_scim_resource(tx.org.id, kind_name(kind), id, *name, scim::render(r));
  if (auto e = sync(tx, kind, before, &r)) return std::move(*e);
  tx.subject = *name;
  tx.change = std::move(change);
  return ScimAnswer{status, std::move(r)};
}

}  // namespace

std::string_view kind_name(ResourceKind k) noexcept { return k == ResourceKind::user ? "User" : "Group"; }

scim::Result<ScimAnswer> create(ScimService::Tx& tx, ResourceKind kind, const json& body) {
  auto r = build(body, kind, base_resource(kind));
  if (!r) return std::move(r).failure();
  return save(tx, kind, tx.tokens.token(16), std::move(r).value(), nullptr, 201, "created");
}

scim::Result<ScimAnswer> replace(ScimService::Tx& tx, ResourceKind kind, const std::string& id, const json& body) {
  auto before = load(tx, kind, id);
  if (!before) return std::move(before).failure();
  auto r = build(body, kind, base_resource(kind));
  if (!r) return std::move(r).failure();
  return save(tx, kind, id, std::move(r).value(), &*before, 200, "replaced");
}

scim::Result<ScimAnswer> patch(ScimService::Tx& tx, ResourceKind kind, const std::string& id, const json& body) {
  auto before = load(tx, kind, id);
  if (!before) return std::move(before).failure();
  auto request = scim::parse_patch(body, tx.limits.patch);
  if (!request) return std::move(request).failure();
  auto out = scim::apply_patch(*before, *request, kind);
  if (!out) return std::move(out).failure();
  return save(tx, kind, id, std::move(out->resource), &*before, 200,
              fmt::format("patched ({} operation(s))", request->operations.size()));
}

scim::Result<ScimAnswer> remove(ScimService::Tx& tx, ResourceKind kind, const std::string& id) {
  auto before = load(tx, kind, id);
  if (!before) return std::move(before).failure();
  tx.db->delete_scim_resource(tx.org.id, kind_name(kind), id);
  if (kind == ResourceKind::user) {
    // A deleted User leaves every Group it was in.
    for (const std::string& text : tx.db->scim_resources(tx.org.id, "Group")) {
      json g = json::parse(text);
      auto members = scim::text::find_member(g, "members");
      if (members == g.end() || !members->is_array()) continue;
      const std::size_t was = members->size();
      members->erase(std::remove_if(members->begin(), members->end(),
                                    [&](const json& m) { return m.contains("value") && m["value"] == id; }),
                     members->end());
      if (members->size() == was) continue;
      auto name = scim::text::find_member(g, "displayName");
      tx.db->put_scim_resource(tx.org.id, "Group", g["id"].get<std::string>(), name->get<std::string>(), scim::render(g));
    }
  }
  if (auto e = sync(tx, kind, &*before, nullptr)) return std::move(*e);
  auto name = scim::text::find_member(*before, kind == ResourceKind::user ? "userName" : "displayName");
  tx.subject = name != before->end() && name->is_string() ? name->get<std::string>() : id;
  tx.change = "deleted";
  return ScimAnswer{204, nullptr};
}

scim::Result<ScimAnswer> get(StoreLock& db, OrgId org, ResourceKind kind, const std::string& id) {
  auto text = db->scim_resource(org, kind_name(kind), id);
  if (!text) return scim::make_error(ErrorCode::resource_not_found);
  return ScimAnswer{200, json::parse(*text)};
}

scim::Result<ScimAnswer> list(StoreLock& db, OrgId org, ResourceKind kind, const ScimRequest& req,
                              const ScimLimits& limits) {
  std::optional<scim::Filter> filter;
  if (req.filter) {
    auto f = scim::parse_filter(*req.filter, limits.filter);
    if (!f) return std::move(f).failure();
    if (auto e = scim::check_filter(*f, kind)) return std::move(*e);
    filter = std::move(f).value();
  }
  auto page = scim::parse_page(req.start_index, req.count, limits.page);
  if (!page) return std::move(page).failure();
  std::vector<json> hits;
  for (const std::string& text : db->scim_resources(org, kind_name(kind))) {
    json r = json::parse(text);
    if (!filter || scim::matches(*filter, r, kind)) hits.push_back(std::move(r));
  }
  const scim::PageSlice s = scim::slice(*page, hits.size());
  std::vector<json> out(std::make_move_iterator(hits.begin() + static_cast<std::ptrdiff_t>(s.offset)),
                        std::make_move_iterator(hits.begin() + static_cast<std::ptrdiff_t>(s.offset + s.length)));
  return ScimAnswer{200, scim::list_response(std::move(out), hits.size(), *page)};
}

}  // namespace samlh::sp::scim_ops
