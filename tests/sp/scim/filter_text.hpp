// Renders a parsed filter as an s-expression, so tests can state the tree
// the parser built: (and (eq userName "bjensen") (pr title)).
#pragma once

#include <string>

#include "sp/scim/filter.hpp"

namespace samlh::sp::scim::testing {

inline std::string path_text(const AttrPath& p) {
  std::string out = p.urn.empty() ? "" : p.urn + ":";
  out += p.name;
  if (!p.sub.empty()) out += "." + p.sub;
  return out;
}

inline std::string node_text(const Filter& f, NodeId id) {
  const FilterNode& n = f.nodes.at(id);
  if (const auto* c = std::get_if<Comparison>(&n)) {
    std::string out = "(" + std::string(spelling(c->op)) + " " + path_text(c->path);
    if (c->op != CompareOp::pr) out += " " + c->value.dump();
    return out + ")";
  }
  if (const auto* l = std::get_if<Logical>(&n)) {
    return std::string(l->op == LogicOp::and_ ? "(and " : "(or ") + node_text(f, l->lhs) + " " + node_text(f, l->rhs) + ")";
  }
  if (const auto* g = std::get_if<Negation>(&n)) return "(not " + node_text(f, g->inner) + ")";
  const auto& v = std::get<ValueFilter>(n);
  return "(" + path_text(v.path) + "[] " + node_text(f, v.inner) + ")";
}

inline std::string filter_text(const Filter& f) { return node_text(f, f.root); }

}  // namespace samlh::sp::scim::testing
