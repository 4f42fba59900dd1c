// Checking a parsed filter against RFC 7643 attribute definitions, and
// evaluating it over a JSON resource. Recursion follows the AST, whose depth
// the parser bounds (groups by max_depth, and/or chains by max_terms).
#include <algorithm>
#include <vector>

#include "sp/scim/filter.hpp"
#include "sp/scim/text.hpp"

namespace samlh::sp::scim {
namespace {

// The definition `name` has inside a value path's attribute, or at the top.
const AttributeDef* definition_in(const Comparison& c, const AttributeDef* parent, ResourceKind kind) noexcept {
  if (parent != nullptr) return find_attribute(parent->sub_attributes, c.path.name);
  return resolve_definition(c.path, kind);
}

bool is_ordering(CompareOp op) noexcept {
  return op == CompareOp::gt || op == CompareOp::ge || op == CompareOp::lt || op == CompareOp::le;
}

std::optional<Error> check_comparison(const Comparison& c, const AttributeDef* def) {
  const std::string name = bounded_name(c.path.name + (c.path.sub.empty() ? "" : "." + c.path.sub));
  if (def == nullptr) return make_error(ErrorCode::filter_unknown_attribute, name);
  if (def->mutability == Mutability::write_only) return make_error(ErrorCode::filter_write_only_attribute, name);
  if (c.op == CompareOp::pr) return std::nullopt;
  if (def->type == AttrType::complex) {
    // A complex attribute compares by its "value" sub-attribute, if it has one.
    def = find_attribute(def->sub_attributes, "value");
    if (def == nullptr) return make_error(ErrorCode::filter_comparison, name + " needs a sub-attribute");
  }
  const nlohmann::json& v = c.value;
  bool fits = v.is_null();
  switch (def->type) {
    case AttrType::boolean:
      // §3.4.2.2: ordering a boolean or binary attribute is an invalidFilter.
      fits = fits || (v.is_boolean() && !is_ordering(c.op));
      break;
    case AttrType::binary:
      fits = fits || (v.is_string() && !is_ordering(c.op));
      break;
    case AttrType::integer:
    case AttrType::decimal:
      fits = fits || v.is_number();
      break;
    default:  // string, reference, dateTime
      fits = fits || v.is_string();
      break;
  }
  if (!fits) return make_error(ErrorCode::filter_comparison, name + " " + std::string(spelling(c.op)));
  return std::nullopt;
}

std::optional<Error> check_node(const Filter& f, NodeId id, const AttributeDef* parent, ResourceKind kind) {
  const FilterNode& node = f.nodes.at(id);
  if (const auto* c = std::get_if<Comparison>(&node)) return check_comparison(*c, definition_in(*c, parent, kind));
  if (const auto* l = std::get_if<Logical>(&node)) {
    if (auto e = check_node(f, l->lhs, parent, kind)) return e;
    return check_node(f, l->rhs, parent, kind);
  }
  if (const auto* n = std::get_if<Negation>(&node)) return check_node(f, n->inner, parent, kind);
  const auto& vf = std::get<ValueFilter>(node);
  const AttributeDef* def = resolve_definition(vf.path, kind);
  if (def == nullptr) return make_error(ErrorCode::filter_unknown_attribute, bounded_name(vf.path.name));
  if (def->type != AttrType::complex)
    return make_error(ErrorCode::filter_comparison, bounded_name(vf.path.name) + " is not complex");
  return check_node(f, vf.inner, def, kind);
}

// The object a path's attribute lives in: the resource, or an extension's
// object for a URN other than the core schema's.
const nlohmann::json* container_of(const AttrPath& path, const nlohmann::json& resource, ResourceKind kind) {
  if (path.urn.empty() || text::iequals(path.urn, core_schema(kind).urn)) return &resource;
  const auto it = text::find_member(resource, path.urn);
  return it == resource.end() ? nullptr : &*it;
}

// The raw values a comparison looks at: each element of a multi-valued
// attribute, each element's sub-attribute.
std::vector<const nlohmann::json*> values_of(const nlohmann::json& container, std::string_view name, std::string_view sub) {
  std::vector<const nlohmann::json*> out;
  const auto it = text::find_member(container, name);
  if (it == container.end()) return out;
  const auto push = [&](const nlohmann::json& v) {
    if (sub.empty()) {
      out.push_back(&v);
      return;
    }
    const auto s = text::find_member(v, sub);
    if (s == v.end()) return;
    if (s->is_array()) {
      for (const auto& e : *s) out.push_back(&e);
    } else {
      out.push_back(&*s);
    }
  };
  if (it->is_array()) {
    for (const auto& e : *it) push(e);
  } else {
    push(*it);
  }
  return out;
}

bool present(const nlohmann::json& v) {
  if (v.is_null()) return false;
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  if (v.is_array() || v.is_object()) return !v.empty();
  return true;
}

int compare_numbers(const nlohmann::json& a, const nlohmann::json& b) {
  const auto x = a.get<long double>();
  const auto y = b.get<long double>();
  return x < y ? -1 : (x > y ? 1 : 0);
}

bool ordered(CompareOp op, int cmp) noexcept {
  switch (op) {
    case CompareOp::gt: return cmp > 0;
    case CompareOp::ge: return cmp >= 0;
    case CompareOp::lt: return cmp < 0;
    case CompareOp::le: return cmp <= 0;
    default: return cmp == 0;
  }
}

// One value against the literal (eq, co, sw, ew and the orderings).
bool compare_one(const nlohmann::json& value, CompareOp op, const nlohmann::json& lit, bool case_exact) {
  if (value.is_string() && lit.is_string()) {
    const std::string_view v = value.get_ref<const std::string&>();
    const std::string_view l = lit.get_ref<const std::string&>();
    switch (op) {
      case CompareOp::co: return text::contains(v, l, case_exact);
      case CompareOp::sw: return v.size() >= l.size() && text::compare(v.substr(0, l.size()), l, case_exact) == 0;
      case CompareOp::ew: return v.size() >= l.size() && text::compare(v.substr(v.size() - l.size()), l, case_exact) == 0;
      default: return ordered(op, text::compare(v, l, case_exact));
    }
  }
  if (value.is_number() && lit.is_number()) return ordered(op, compare_numbers(value, lit));
  if (value.is_boolean() && lit.is_boolean()) return op == CompareOp::eq && value == lit;
  return false;
}

bool eval_comparison(const Comparison& c, const nlohmann::json& context, const AttributeDef* parent, ResourceKind kind) {
  static const nlohmann::json kNoValues = nlohmann::json::object();  // an absent extension
  const nlohmann::json* container = parent != nullptr ? &context : container_of(c.path, context, kind);
  if (container == nullptr) container = &kNoValues;
  const std::vector<const nlohmann::json*> raw = values_of(*container, c.path.name, c.path.sub);
  if (c.op == CompareOp::pr) return std::any_of(raw.begin(), raw.end(), [](const auto* v) { return present(*v); });

  const AttributeDef* def = definition_in(c, parent, kind);
  // A complex value compares by its "value" member.
  std::vector<const nlohmann::json*> values;
  for (const nlohmann::json* v : raw) {
    if (!v->is_object()) {
      values.push_back(v);
    } else if (const auto it = text::find_member(*v, "value"); it != v->end()) {
      values.push_back(&*it);
    }
  }
  if (def != nullptr && def->type == AttrType::complex) def = find_attribute(def->sub_attributes, "value");
  const bool case_exact = def != nullptr && def->case_exact;

  const CompareOp op = c.op == CompareOp::ne ? CompareOp::eq : c.op;
  bool hit = false;
  if (c.value.is_null()) {
    hit = std::none_of(values.begin(), values.end(), [](const auto* v) { return !v->is_null(); });
  } else {
    hit = std::any_of(values.begin(), values.end(), [&](const auto* v) { return compare_one(*v, op, c.value, case_exact); });
  }
  return c.op == CompareOp::ne ? !hit : hit;
}

bool eval(const Filter& f, NodeId id, const nlohmann::json& context, const AttributeDef* parent, ResourceKind kind) {
  const FilterNode& node = f.nodes.at(id);
  if (const auto* c = std::get_if<Comparison>(&node)) return eval_comparison(*c, context, parent, kind);
  if (const auto* l = std::get_if<Logical>(&node)) {
    const bool lhs = eval(f, l->lhs, context, parent, kind);
    if (l->op == LogicOp::and_) return lhs && eval(f, l->rhs, context, parent, kind);
    return lhs || eval(f, l->rhs, context, parent, kind);
  }
  if (const auto* n = std::get_if<Negation>(&node)) return !eval(f, n->inner, context, parent, kind);
  const auto& vf = std::get<ValueFilter>(node);
  const nlohmann::json* container = container_of(vf.path, context, kind);
  if (container == nullptr) return false;
  const AttributeDef* def = resolve_definition(vf.path, kind);
  const std::vector<const nlohmann::json*> elements = values_of(*container, vf.path.name, {});
  return std::any_of(elements.begin(), elements.end(),
                     [&](const auto* e) { return e->is_object() && eval(f, vf.inner, *e, def, kind); });
}

}  // namespace

const AttributeDef* resolve_definition(const AttrPath& path, ResourceKind kind) noexcept {
  const SchemaDef* schema = path.urn.empty() ? &core_schema(kind) : find_schema(kind, path.urn);
  if (schema == nullptr) return nullptr;
  const AttributeDef* def = find_attribute(schema->attributes, path.name);
  if (def == nullptr || path.sub.empty()) return def;
  if (def->type != AttrType::complex) return nullptr;
  return find_attribute(def->sub_attributes, path.sub);
}

std::optional<Error> check_filter(const Filter& filter, ResourceKind kind) {
  if (filter.nodes.empty()) return make_error(ErrorCode::filter_syntax, "empty filter");
  return check_node(filter, filter.root, nullptr, kind);
}

bool matches(const Filter& filter, const nlohmann::json& resource, ResourceKind kind) {
  if (filter.nodes.empty() || !resource.is_object()) return false;
  return eval(filter, filter.root, resource, nullptr, kind);
}

std::optional<Error> check_filter_within(const Filter& filter, const AttributeDef& parent, ResourceKind kind) {
  if (filter.nodes.empty()) return make_error(ErrorCode::filter_syntax, "empty filter");
  return check_node(filter, filter.root, &parent, kind);
}

bool matches_within(const Filter& filter, const nlohmann::json& element, const AttributeDef& parent, ResourceKind kind) {
  if (filter.nodes.empty() || !element.is_object()) return false;
  return eval(filter, filter.root, element, &parent, kind);
}

}  // namespace samlh::sp::scim
