// SCIM PATCH (RFC 7644 §3.5.2): parsing a PatchOp message from untrusted JSON
// and applying its operations to a JSON resource by the RFC's rules for add
// (§3.5.2.1), remove (§3.5.2.2) and replace (§3.5.2.3), checked against the
// RFC 7643 definitions of the resource kind. Application works on a copy:
// either every operation applies or the caller gets the first error and the
// resource it passed is untouched (RFC 5789 §2: PATCH is atomic).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sp/scim/error.hpp"
#include "sp/scim/filter.hpp"
#include "sp/scim/schema.hpp"

namespace samlh::sp::scim {

enum class PatchOpKind : std::uint8_t { add, remove, replace };

struct PatchOperation {
  PatchOpKind op = PatchOpKind::add;
  std::optional<PathExpression> path;
  nlohmann::json value;  // null when absent (remove)
};

struct PatchRequest {
  std::vector<PatchOperation> operations;
};

struct PatchLimits {
  std::size_t max_operations = 100;
  FilterLimits path;  // bounds each operation's path
};

// Fails with patch_syntax (not an object; `schemas` not exactly the PatchOp
// URN; `Operations` missing, empty or not an array; an operation that is not
// an object, has an unknown or repeated member, or an `op` other than add,
// remove or replace, matched case-insensitively as Okta sends "replace" and
// others "Replace"), patch_too_many_operations, patch_no_target (remove
// without a path, §3.5.2.2), patch_invalid_value (add or replace without a
// value) and patch_invalid_path (a path that does not parse).
Result<PatchRequest> parse_patch(const nlohmann::json& body, const PatchLimits& limits = {});

struct PatchOutcome {
  nlohmann::json resource;
  bool changed = false;
};

// Applies the operations in order to a copy of `resource`. Fails with
// patch_invalid_path (a path naming an attribute or schema `kind` does not
// define, a value filter on a non-multi-valued attribute), patch_no_target
// (a value filter matching nothing, §3.5.2.3), patch_invalid_value (a value
// of the wrong type or naming an unknown attribute, removing a required
// attribute, two values marked primary) and patch_mutability (changing a
// readOnly attribute, or an immutable one that has a value; writing the value
// an attribute already holds is no change, so Okta's group rename carrying
// the group's own `id` applies). A value marked primary demotes the others
// (§3.5.2).
Result<PatchOutcome> apply_patch(const nlohmann::json& resource, const PatchRequest& request, ResourceKind kind);

}  // namespace samlh::sp::scim
