// SCIM filters (RFC 7644 §3.4.2.2): a bounded parser from untrusted text to
// a typed AST, a check of the AST against a resource kind's RFC 7643
// attributes, and an evaluator over a JSON resource.
//
// Grammar: attribute paths `[urn:...:]name[.sub]`, operators eq ne co sw ew
// gt ge lt le pr, `and`, `or`, `not ( ... )`, grouping, value paths
// `emails[type eq "work"]`, JSON string/number/true/false/null literals.
// Attribute names, operators and keywords are case-insensitive. Precedence
// (§3.4.2.2): grouping, then not, and, or. Tokens are separated by one or
// more spaces.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "sp/scim/error.hpp"
#include "sp/scim/schema.hpp"

namespace samlh::sp::scim {

// `urn` and `sub` are empty when absent; names keep the request's spelling.
struct AttrPath {
  std::string urn;
  std::string name;
  std::string sub;
};

enum class CompareOp : std::uint8_t { eq, ne, co, sw, ew, gt, ge, lt, le, pr };
enum class LogicOp : std::uint8_t { and_, or_ };
std::string_view spelling(CompareOp op) noexcept;  // "eq", ...

using NodeId = std::uint32_t;
struct Comparison {
  AttrPath path;
  CompareOp op = CompareOp::eq;
  nlohmann::json value;  // null for pr
};
struct Logical {
  LogicOp op = LogicOp::and_;
  NodeId lhs = 0;
  NodeId rhs = 0;
};
struct Negation {
  NodeId inner = 0;
};
// attr[inner]: the inner filter's paths name sub-attributes of `path`.
struct ValueFilter {
  AttrPath path;
  NodeId inner = 0;
};
using FilterNode = std::variant<Comparison, Logical, Negation, ValueFilter>;

// Nodes refer to their children by index; `root` is the whole filter.
struct Filter {
  std::vector<FilterNode> nodes;
  NodeId root = 0;
};

struct FilterLimits {
  std::size_t max_length = 4096;  // bytes of filter text
  std::size_t max_depth = 16;     // nested groups, not(...) and value paths
  std::size_t max_terms = 64;     // comparisons
};

// Fails with filter_too_long / filter_too_deep / filter_too_many_terms (400
// tooMany) past a limit, filter_literal for a bad value, filter_attribute_path
// for a malformed path, filter_comparison for an operator its value cannot
// take (co/sw/ew need a string; gt/ge/lt/le a string or number), and
// filter_syntax for anything else; `detail` gives the byte offset.
Result<Filter> parse_filter(std::string_view text, const FilterLimits& limits = {});

// A PATCH path (RFC 7644 §3.5.2: PATH = attrPath / valuePath [subAttr]):
// `name.sub`, `urn:...:name`, `members[value eq "x"]`, `emails[type eq
// "work"].value`. Errors are the filter ones above; PATCH reports them as
// patch_invalid_path.
struct PathExpression {
  AttrPath attr;                // attr.sub: the `name.sub` form
  std::optional<Filter> filter;  // the value path's filter, if any
  std::string sub_after_filter;  // `.value` after `]`
};
Result<PathExpression> parse_path(std::string_view text, const FilterLimits& limits = {});

// Every path names an attribute of `kind` (core, or an extension by its URN)
// and every comparison suits the attribute's type: filter_unknown_attribute,
// filter_write_only_attribute (password is never a search oracle),
// filter_comparison (e.g. gt on a boolean, a string compared with true; RFC
// 7644 §3.4.2.2 makes boolean and binary ordering an invalidFilter).
std::optional<Error> check_filter(const Filter& filter, ResourceKind kind);

// Whether `resource` matches. A multi-valued attribute matches when any value
// does; a complex value without a sub-attribute is compared by its "value".
// Strings compare case-insensitively unless the attribute is caseExact (RFC
// 7643 §2.2; e.g. userName is not, id is). `ne` is the negation of `eq`;
// `eq null` holds when the attribute has no value. dateTime values compare
// as text (the RFC 3339 forms servers emit sort chronologically).
bool matches(const Filter& filter, const nlohmann::json& resource, ResourceKind kind);

// The same for a value path's filter, whose names are sub-attributes of
// `parent` (a complex attribute of `kind`).
std::optional<Error> check_filter_within(const Filter& filter, const AttributeDef& parent, ResourceKind kind);
bool matches_within(const Filter& filter, const nlohmann::json& element, const AttributeDef& parent, ResourceKind kind);

// The attribute definition a path names in `kind`, or nullptr.
const AttributeDef* resolve_definition(const AttrPath& path, ResourceKind kind) noexcept;

}  // namespace samlh::sp::scim
