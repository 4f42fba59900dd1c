// Applying PATCH operations (RFC 7644 §3.5.2.1-3) to a copy of a resource.
// Each operation writes through small helpers that type-check the value
// against RFC 7643 definitions; what must not change (readOnly attributes,
// immutable ones that had a value, required ones) is checked once against
// the original after the last operation, so no path through the operations
// can leave such an attribute changed.
#include <algorithm>
#include <string>
#include <vector>

#include "sp/scim/patch.hpp"
#include "sp/scim/text.hpp"

namespace samlh::sp::scim {
namespace {

using json = nlohmann::json;

std::optional<Error> invalid(std::string_view name, std::string_view what) {
  return make_error(ErrorCode::patch_invalid_value, bounded_name(name) + ": " + std::string(what));
}

std::optional<Error> check_simple(const AttributeDef& def, const json& v) {
  bool fits = false;
  switch (def.type) {
    case AttrType::boolean: fits = v.is_boolean(); break;
    case AttrType::integer: fits = v.is_number_integer(); break;
    case AttrType::decimal: fits = v.is_number(); break;
    case AttrType::complex: fits = false; break;
    default: fits = v.is_string(); break;
  }
  if (!fits) return invalid(def.name, "wrong type");
  return std::nullopt;
}

// One value of `def` (an element, for a multi-valued attribute).
std::optional<Error> check_one(const AttributeDef& def, const json& v) {
  if (def.type != AttrType::complex) return check_simple(def, v);
  if (!v.is_object()) return invalid(def.name, "expects an object");
  for (auto it = v.begin(); it != v.end(); ++it) {
    const AttributeDef* sub = find_attribute(def.sub_attributes, it.key());
    if (sub == nullptr) return invalid(std::string(def.name) + "." + it.key(), "unknown sub-attribute");
    if (!it.value().is_null()) {
      if (auto e = check_simple(*sub, it.value())) return e;
    }
  }
  return std::nullopt;
}

// The whole value of `def`; null unassigns (RFC 7643 §2.5).
std::optional<Error> check_value(const AttributeDef& def, const json& v) {
  if (v.is_null()) return std::nullopt;
  if (!def.multi_valued) return check_one(def, v);
  if (!v.is_array()) return invalid(def.name, "expects an array");
  for (const json& e : v) {
    if (auto err = check_one(def, e)) return err;
  }
  return std::nullopt;
}

// The member named `name` (case-insensitively), created as null if absent.
json& slot(json& obj, std::string_view name) {
  if (!obj.is_object()) obj = json::object();
  const auto it = text::find_member(obj, name);
  if (it != obj.end()) return *it;
  return obj[std::string(name)];
}

const json* member(const json* obj, std::string_view name) {
  if (obj == nullptr || !obj->is_object()) return nullptr;
  const auto it = text::find_member(*obj, name);
  return it == obj->end() || it->is_null() ? nullptr : &*it;
}

void erase_member(json& obj, std::string_view name) {
  if (!obj.is_object()) return;
  const auto it = text::find_member(obj, name);
  if (it != obj.end()) obj.erase(it);
}

bool is_primary(const json& e) {
  const json* p = member(&e, "primary");
  return p != nullptr && p->is_boolean() && p->get<bool>();
}

// RFC 7644 §3.5.2: a value set primary demotes every other value.
std::optional<Error> settle_primary(json& array, const std::vector<std::size_t>& touched, std::string_view name) {
  std::size_t count = 0;
  std::size_t chosen = 0;
  for (std::size_t i : touched) {
    if (is_primary(array[i])) {
      ++count;
      chosen = i;
    }
  }
  if (count > 1) return invalid(name, "two values marked primary");
  if (count == 1) {
    for (std::size_t j = 0; j < array.size(); ++j) {
      if (j != chosen && is_primary(array[j])) slot(array[j], "primary") = false;
    }
  }
  return std::nullopt;
}

// Two elements are the same value when equal, or when both carry an equal
// "value" member (a member added twice with another display stays one).
bool same_element(const json& a, const json& b) {
  const json* va = member(&a, "value");
  const json* vb = member(&b, "value");
  if (va != nullptr && vb != nullptr) return *va == *vb;
  return a == b;
}

// add / replace of a whole attribute (a path without filter, or one member of
// a path-less value). Complex single values merge their sub-attributes
// (§3.5.2.1, §3.5.2.3); add appends new values, replace replaces them all.
std::optional<Error> write_attribute(json& container, const AttributeDef& def, const json& value, PatchOpKind op) {
  json v = value;
  if (def.multi_valued && op == PatchOpKind::add && !v.is_null() && !v.is_array()) v = json::array({v});
  if (auto e = check_value(def, v)) return e;
  if (v.is_null()) {
    erase_member(container, def.name);
    return std::nullopt;
  }
  json& target = slot(container, def.name);
  if (def.multi_valued) {
    std::vector<std::size_t> touched;
    if (op == PatchOpKind::replace || !target.is_array()) target = json::array();
    for (const json& e : v) {
      const auto dup = std::find_if(target.begin(), target.end(), [&](const json& t) { return same_element(t, e); });
      if (dup != target.end() && op == PatchOpKind::add) continue;
      target.push_back(e);
      touched.push_back(target.size() - 1);
    }
    return settle_primary(target, touched, def.name);
  }
  if (def.type == AttrType::complex) {
    if (!target.is_object()) target = json::object();
    for (auto it = v.begin(); it != v.end(); ++it) {
      const AttributeDef* sub = find_attribute(def.sub_attributes, it.key());
      if (it.value().is_null()) erase_member(target, sub->name);
      else slot(target, sub->name) = it.value();
    }
    if (target.empty()) erase_member(container, def.name);
    return std::nullopt;
  }
  target = v;
  return std::nullopt;
}

struct Target {
  const SchemaDef* schema = nullptr;
  const AttributeDef* attr = nullptr;
  const AttributeDef* sub = nullptr;  // `name.sub`, or `.sub` after a value filter
  const Filter* filter = nullptr;
};

Result<Target> resolve(const PathExpression& p, ResourceKind kind) {
  Target t;
  t.schema = p.attr.urn.empty() ? &core_schema(kind) : find_schema(kind, p.attr.urn);
  if (t.schema == nullptr) return make_error(ErrorCode::patch_invalid_path, "unknown schema " + bounded_name(p.attr.urn));
  t.attr = find_attribute(t.schema->attributes, p.attr.name);
  if (t.attr == nullptr) return make_error(ErrorCode::patch_invalid_path, "unknown attribute " + bounded_name(p.attr.name));
  const std::string& sub = p.attr.sub.empty() ? p.sub_after_filter : p.attr.sub;
  if (!sub.empty()) {
    t.sub = t.attr->type == AttrType::complex ? find_attribute(t.attr->sub_attributes, sub) : nullptr;
    if (t.sub == nullptr) return make_error(ErrorCode::patch_invalid_path, "unknown sub-attribute " + bounded_name(sub));
  }
  if (p.filter) {
    if (!t.attr->multi_valued || t.attr->type != AttrType::complex)
      return make_error(ErrorCode::patch_invalid_path, "a value filter needs a multi-valued complex attribute");
    if (auto e = check_filter_within(*p.filter, *t.attr, kind))
      return make_error(ErrorCode::patch_invalid_path, std::string(spelling(e->reason)) + " " + e->detail);
    t.filter = &*p.filter;
  }
  return t;
}

// The object a schema's attributes live in: the resource, or its extension
// object (created on write).
json* container_for(json& doc, const SchemaDef& schema, ResourceKind kind, bool create) {
  if (&schema == &core_schema(kind)) return &doc;
  const auto it = text::find_member(doc, schema.urn);
  if (it != doc.end() && it->is_object()) return &*it;
  if (!create) return nullptr;
  json& ext = slot(doc, schema.urn);
  ext = json::object();
  return &ext;
}

// A sub-attribute that is readOnly, or immutable and set, keeps its value.
std::optional<Error> check_sub_mutability(const AttributeDef& sub, const json& element, const json* next) {
  if (sub.mutability != Mutability::read_only && sub.mutability != Mutability::immutable) return std::nullopt;
  const json* current = member(&element, sub.name);
  if (current == nullptr && sub.mutability == Mutability::immutable) return std::nullopt;
  const bool same = (current == nullptr && next == nullptr) || (current != nullptr && next != nullptr && *current == *next);
  if (same) return std::nullopt;
  return make_error(ErrorCode::patch_mutability, bounded_name(sub.name));
}

// Sets (or with null / on remove, clears) one sub-attribute of an element.
std::optional<Error> write_sub(json& element, const AttributeDef& sub, const json* value) {
  if (auto e = check_sub_mutability(sub, element, value)) return e;
  if (value == nullptr) {
    erase_member(element, sub.name);
    return std::nullopt;
  }
  if (auto e = check_simple(sub, *value)) return e;
  slot(element, sub.name) = *value;
  return std::nullopt;
}

std::optional<Error> apply_filtered(json& container, const Target& t, const PatchOperation& op, ResourceKind kind) {
  const auto it = text::find_member(container, t.attr->name);
  if (it == container.end() || !it->is_array()) return make_error(ErrorCode::patch_no_target, bounded_name(t.attr->name));
  json& array = *it;
  std::vector<std::size_t> hits;
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (matches_within(*t.filter, array[i], *t.attr, kind)) hits.push_back(i);
  }
  if (hits.empty()) return make_error(ErrorCode::patch_no_target, bounded_name(t.attr->name) + " filter matched nothing");

  if (op.op == PatchOpKind::remove && t.sub == nullptr) {
    for (auto i = hits.rbegin(); i != hits.rend(); ++i) array.erase(array.begin() + static_cast<std::ptrdiff_t>(*i));
    if (array.empty()) container.erase(it);
    return std::nullopt;
  }
  const json* value = op.op == PatchOpKind::remove || op.value.is_null() ? nullptr : &op.value;
  for (std::size_t i : hits) {
    if (t.sub != nullptr) {
      if (auto e = write_sub(array[i], *t.sub, value)) return e;
      continue;
    }
    if (value == nullptr) return invalid(t.attr->name, "a value is needed");
    if (auto e = check_one(*t.attr, *value)) return e;
    // replace puts the value in place of the element; add merges into it.
    json next = op.op == PatchOpKind::replace ? *value : array[i];
    if (op.op == PatchOpKind::add) {
      for (auto m = value->begin(); m != value->end(); ++m) slot(next, m.key()) = m.value();
    }
    for (const AttributeDef& sub : t.attr->sub_attributes) {
      if (auto e = check_sub_mutability(sub, array[i], member(&next, sub.name))) return e;
    }
    array[i] = std::move(next);
  }
  return settle_primary(array, hits, t.attr->name);
}

std::optional<Error> apply_path(json& doc, const PathExpression& path, const PatchOperation& op, ResourceKind kind);

// A path-less add/replace: `value` holds attributes, extension objects keyed
// by their URN, or URN-qualified attribute names (as some clients send).
std::optional<Error> apply_pathless(json& doc, const PatchOperation& op, ResourceKind kind) {
  if (!op.value.is_object()) return invalid("value", "a path-less operation takes an object of attributes");
  for (auto it = op.value.begin(); it != op.value.end(); ++it) {
    const SchemaDef* ext = find_schema(kind, it.key());
    if (ext != nullptr && ext != &core_schema(kind)) {
      if (!it.value().is_object()) return invalid(it.key(), "an extension takes an object");
      json* container = container_for(doc, *ext, kind, true);
      for (auto m = it.value().begin(); m != it.value().end(); ++m) {
        const AttributeDef* def = find_attribute(ext->attributes, m.key());
        if (def == nullptr) return invalid(m.key(), "unknown attribute");
        if (auto e = write_attribute(*container, *def, m.value(), op.op)) return e;
      }
    } else if (it.key().find(':') != std::string::npos) {
      auto path = parse_path(it.key());
      if (!path || path->filter) return invalid(it.key(), "not an attribute name");
      PatchOperation one{op.op, std::nullopt, it.value()};
      if (auto e = apply_path(doc, *path, one, kind)) return e;
    } else {
      const AttributeDef* def = find_attribute(core_schema(kind).attributes, it.key());
      if (def == nullptr) return invalid(it.key(), "unknown attribute");
      if (auto e = write_attribute(doc, *def, it.value(), op.op)) return e;
    }
  }
  return std::nullopt;
}

std::optional<Error> apply_path(json& doc, const PathExpression& path, const PatchOperation& op, ResourceKind kind) {
  auto t = resolve(path, kind);
  if (!t) return t.failure();
  const bool removing = op.op == PatchOpKind::remove;
  json* container = container_for(doc, *t->schema, kind, !removing);
  if (container == nullptr) return std::nullopt;  // removing from an absent extension
  if (t->filter != nullptr) return apply_filtered(*container, *t, op, kind);
  if (t->sub == nullptr) {
    if (removing) erase_member(*container, t->attr->name);
    else return write_attribute(*container, *t->attr, op.value, op.op);
    return std::nullopt;
  }
  const json* value = removing || op.value.is_null() ? nullptr : &op.value;
  if (t->attr->multi_valued) {
    // `emails.type` without a filter: remove clears it from every value; add
    // and replace need a filter to say which value (§3.5.2).
    if (!removing) return make_error(ErrorCode::patch_invalid_path, "a sub-attribute of a multi-valued attribute needs a value filter");
    if (auto it = text::find_member(*container, t->attr->name); it != container->end() && it->is_array()) {
      for (json& e : *it) {
        if (auto err = write_sub(e, *t->sub, nullptr)) return err;
      }
    }
    return std::nullopt;
  }
  json& parent = slot(*container, t->attr->name);
  if (!parent.is_object()) parent = json::object();
  if (auto e = write_sub(parent, *t->sub, value)) return e;
  if (parent.empty()) erase_member(*container, t->attr->name);
  return std::nullopt;
}

bool same_value(const json* a, const json* b) { return (a == nullptr && b == nullptr) || (a && b && *a == *b); }

// What the whole request may not have changed, compared with the original.
std::optional<Error> check_invariants(const json& before, json& after, ResourceKind kind) {
  std::vector<const SchemaDef*> schemas{&core_schema(kind)};
  for (const SchemaDef* ext : extensions(kind)) schemas.push_back(ext);
  for (const SchemaDef* schema : schemas) {
    const bool core = schema == &core_schema(kind);
    const json* b = core ? &before : member(&before, schema->urn);
    const json* a = core ? &after : member(&after, schema->urn);
    for (const AttributeDef& def : schema->attributes) {
      if (def.name == "schemas") continue;  // derived below
      const json* bv = member(b, def.name);
      const json* av = member(a, def.name);
      const bool fixed = def.mutability == Mutability::read_only || (def.mutability == Mutability::immutable && bv != nullptr);
      if (fixed && !same_value(bv, av)) return make_error(ErrorCode::patch_mutability, bounded_name(def.name));
      if (def.required && bv != nullptr && av == nullptr) return invalid(def.name, "required");
      if (def.type == AttrType::complex && !def.multi_valued && bv != nullptr) {
        for (const AttributeDef& sub : def.sub_attributes) {
          if (auto e = check_sub_mutability(sub, *bv, member(av, sub.name))) return e;
        }
      }
    }
  }
  // `schemas` follows the extensions present (RFC 7643 §3); an emptied
  // extension object goes away.
  if (const json* s = member(&after, "schemas"); s != nullptr && s->is_array()) {
    json list = json::array({core_schema(kind).urn});
    for (const SchemaDef* ext : extensions(kind)) {
      const json* obj = member(&after, ext->urn);
      if (obj != nullptr && obj->is_object() && !obj->empty()) list.push_back(ext->urn);
      else if (obj == nullptr || obj->is_object()) erase_member(after, ext->urn);
    }
    slot(after, "schemas") = std::move(list);
  }
  return std::nullopt;
}

}  // namespace

Result<PatchOutcome> apply_patch(const nlohmann::json& resource, const PatchRequest& request, ResourceKind kind) {
  if (!resource.is_object()) return make_error(ErrorCode::patch_invalid_value, "the resource is not an object");
  json doc = resource;
  for (std::size_t i = 0; i < request.operations.size(); ++i) {
    const PatchOperation& op = request.operations[i];
    std::optional<Error> e = op.path ? apply_path(doc, *op.path, op, kind) : apply_pathless(doc, op, kind);
    if (e) {
      e->detail = "operation " + std::to_string(i + 1) + ": " + e->detail;
      return std::move(*e);
    }
  }
  if (auto e = check_invariants(resource, doc, kind)) return std::move(*e);
  const bool changed = doc != resource;
  return PatchOutcome{std::move(doc), changed};
}

}  // namespace samlh::sp::scim
