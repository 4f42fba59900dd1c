// The attribute definitions the protocol core needs from RFC 7643: the
// common attributes (§3.1), User (§4.1), Group (§4.2) and the Enterprise User
// extension (§4.3), with type, plurality, caseExact, mutability and required.
// Filters are checked against them (an unknown attribute is an invalidFilter)
// and PATCH uses them (an unknown path is an invalidPath, a read-only target a
// mutability error).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace samlh::sp::scim {

inline constexpr std::string_view kUserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
inline constexpr std::string_view kGroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group";
inline constexpr std::string_view kEnterpriseUserUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
inline constexpr std::string_view kPatchOpUrn = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
inline constexpr std::string_view kListResponseUrn = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

enum class ResourceKind : std::uint8_t { user, group };

enum class AttrType : std::uint8_t { string, boolean, decimal, integer, date_time, reference, binary, complex };
enum class Mutability : std::uint8_t { read_only, read_write, immutable, write_only };

struct AttributeDef {
  std::string_view name;
  AttrType type = AttrType::string;
  bool multi_valued = false;
  bool case_exact = false;
  Mutability mutability = Mutability::read_write;
  bool required = false;
  std::span<const AttributeDef> sub_attributes{};
};

struct SchemaDef {
  std::string_view urn;
  std::span<const AttributeDef> attributes;
};

// The core schema of a resource kind (its attributes include the common ones).
const SchemaDef& core_schema(ResourceKind kind) noexcept;
// The core schema or an extension of `kind` named by `urn` (case-insensitive),
// or nullptr.
const SchemaDef* find_schema(ResourceKind kind, std::string_view urn) noexcept;
// The extensions `kind` accepts (User: Enterprise User; Group: none).
std::span<const SchemaDef* const> extensions(ResourceKind kind) noexcept;
// The attribute called `name` (case-insensitive), or nullptr.
const AttributeDef* find_attribute(std::span<const AttributeDef> attrs, std::string_view name) noexcept;

}  // namespace samlh::sp::scim
