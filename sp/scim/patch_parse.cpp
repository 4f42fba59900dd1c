// Parsing a PatchOp message (RFC 7644 §3.5.2). Member names are matched
// case-insensitively (RFC 7643 §2.1); one name spelled twice in different
// cases is ambiguous and refused rather than guessed.
#include <array>

#include "sp/scim/patch.hpp"
#include "sp/scim/text.hpp"

namespace samlh::sp::scim {
namespace {

// Finds each allowed member once; an unknown or repeated member fails.
template <std::size_t N>
std::optional<Error> members_of(const nlohmann::json& obj, const std::array<std::string_view, N>& names,
                                std::array<const nlohmann::json*, N>& found, std::string_view where) {
  found.fill(nullptr);
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    std::size_t i = 0;
    while (i < N && !text::iequals(it.key(), names[i])) ++i;
    if (i == N) return make_error(ErrorCode::patch_syntax, "unknown member " + bounded_name(it.key()) + " in " + std::string(where));
    if (found[i] != nullptr) return make_error(ErrorCode::patch_syntax, "repeated member " + std::string(names[i]));
    found[i] = &it.value();
  }
  return std::nullopt;
}

Result<PatchOperation> parse_operation(const nlohmann::json& op, std::size_t index, const PatchLimits& limits) {
  const std::string where = "operation " + std::to_string(index + 1);
  if (!op.is_object()) return make_error(ErrorCode::patch_syntax, where + " is not an object");
  constexpr std::array<std::string_view, 3> kNames{"op", "path", "value"};
  std::array<const nlohmann::json*, 3> m{};
  if (auto e = members_of(op, kNames, m, where)) return *e;
  const auto [op_member, path_member, value_member] = m;

  PatchOperation out;
  if (op_member == nullptr || !op_member->is_string()) return make_error(ErrorCode::patch_syntax, where + ": op missing");
  const std::string& name = op_member->get_ref<const std::string&>();
  if (text::iequals(name, "add")) out.op = PatchOpKind::add;
  else if (text::iequals(name, "remove")) out.op = PatchOpKind::remove;
  else if (text::iequals(name, "replace")) out.op = PatchOpKind::replace;
  else return make_error(ErrorCode::patch_syntax, where + ": op must be add, remove or replace");

  if (path_member != nullptr) {
    if (!path_member->is_string()) return make_error(ErrorCode::patch_invalid_path, where + ": path is not a string");
    auto path = parse_path(path_member->get_ref<const std::string&>(), limits.path);
    if (!path) {
      return make_error(ErrorCode::patch_invalid_path,
                        where + ": " + std::string(spelling(path.reason())) + " " + path.failure().detail);
    }
    out.path = std::move(path).value();
  } else if (out.op == PatchOpKind::remove) {
    return make_error(ErrorCode::patch_no_target, where + ": remove needs a path");
  }

  // remove takes no value; one sent anyway (as some clients do) is ignored.
  if (out.op != PatchOpKind::remove) {
    if (value_member == nullptr) return make_error(ErrorCode::patch_invalid_value, where + ": value missing");
    out.value = *value_member;
  }
  return out;
}

}  // namespace

Result<PatchRequest> parse_patch(const nlohmann::json& body, const PatchLimits& limits) {
  if (!body.is_object()) return make_error(ErrorCode::patch_syntax, "body is not an object");
  constexpr std::array<std::string_view, 2> kNames{"schemas", "Operations"};
  std::array<const nlohmann::json*, 2> m{};
  if (auto e = members_of(body, kNames, m, "the message")) return *e;
  const auto [schemas, operations] = m;

  if (schemas == nullptr || !schemas->is_array() || schemas->size() != 1 || !(*schemas)[0].is_string() ||
      !text::iequals((*schemas)[0].get_ref<const std::string&>(), kPatchOpUrn)) {
    return make_error(ErrorCode::patch_syntax, "schemas must be exactly the PatchOp URN");
  }
  if (operations == nullptr || !operations->is_array() || operations->empty()) {
    return make_error(ErrorCode::patch_syntax, "Operations must be a non-empty array");
  }
  if (operations->size() > limits.max_operations) {
    return make_error(ErrorCode::patch_too_many_operations, std::to_string(operations->size()) + " operations");
  }
  PatchRequest out;
  out.operations.reserve(operations->size());
  for (std::size_t i = 0; i < operations->size(); ++i) {
    auto op = parse_operation((*operations)[i], i, limits);
    if (!op) return op.failure();
    out.operations.push_back(std::move(op).value());
  }
  return out;
}

}  // namespace samlh::sp::scim
