// RFC 7643 attribute characteristics. Only what the protocol core uses is
// recorded; descriptions stay in the RFC. Where the RFC is silent the
// default of §2.2 applies (string, single-valued, caseExact false, readWrite).
#include "sp/scim/schema.hpp"

#include <array>

#include "sp/scim/text.hpp"

namespace samlh::sp::scim {
namespace {

using M = Mutability;
using T = AttrType;

constexpr AttributeDef str(std::string_view n) { return AttributeDef{n}; }

// §3.1: meta is read-only as a whole; id and externalId are caseExact. The
// four common attributes open both core attribute lists below.
constexpr std::array kMeta{
    AttributeDef{"resourceType", T::string, false, true, M::read_only},
    AttributeDef{"created", T::date_time, false, false, M::read_only},
    AttributeDef{"lastModified", T::date_time, false, false, M::read_only},
    AttributeDef{"location", T::reference, false, true, M::read_only},
    AttributeDef{"version", T::string, false, true, M::read_only},
};

// §4.1.2: the sub-attributes shared by emails, phoneNumbers, ims, photos,
// entitlements, roles (photos: value is a reference).
constexpr std::array kMultiPlain{
    str("value"),
    str("display"),
    str("type"),
    AttributeDef{"primary", T::boolean},
};
constexpr std::array kMultiReference{
    AttributeDef{"value", T::reference},
    str("display"),
    str("type"),
    AttributeDef{"primary", T::boolean},
};
constexpr std::array kCertificates{
    AttributeDef{"value", T::binary, false, true},
    str("display"),
    str("type"),
    AttributeDef{"primary", T::boolean},
};
constexpr std::array kName{
    str("formatted"), str("familyName"), str("givenName"), str("middleName"), str("honorificPrefix"), str("honorificSuffix"),
};
constexpr std::array kAddress{
    str("formatted"), str("streetAddress"), str("locality"), str("region"), str("postalCode"), str("country"),
    str("type"),      AttributeDef{"primary", T::boolean},
};
// §4.1.2 groups: read-only, managed through the Group resource.
constexpr std::array kUserGroups{
    AttributeDef{"value", T::string, false, false, M::read_only},
    AttributeDef{"$ref", T::reference, false, false, M::read_only},
    AttributeDef{"display", T::string, false, false, M::read_only},
    AttributeDef{"type", T::string, false, false, M::read_only},
};

constexpr std::array kUser{
    AttributeDef{"schemas", T::reference, true, true, M::read_only, true},
    AttributeDef{"id", T::string, false, true, M::read_only},
    AttributeDef{"externalId", T::string, false, true, M::read_write},
    AttributeDef{"meta", T::complex, false, false, M::read_only, false, kMeta},
    AttributeDef{"userName", T::string, false, false, M::read_write, true},
    AttributeDef{"name", T::complex, false, false, M::read_write, false, kName},
    str("displayName"),
    str("nickName"),
    AttributeDef{"profileUrl", T::reference},
    str("title"),
    str("userType"),
    str("preferredLanguage"),
    str("locale"),
    str("timezone"),
    AttributeDef{"active", T::boolean},
    AttributeDef{"password", T::string, false, false, M::write_only},
    AttributeDef{"emails", T::complex, true, false, M::read_write, false, kMultiPlain},
    AttributeDef{"phoneNumbers", T::complex, true, false, M::read_write, false, kMultiPlain},
    AttributeDef{"ims", T::complex, true, false, M::read_write, false, kMultiPlain},
    AttributeDef{"photos", T::complex, true, false, M::read_write, false, kMultiReference},
    AttributeDef{"addresses", T::complex, true, false, M::read_write, false, kAddress},
    AttributeDef{"groups", T::complex, true, false, M::read_only, false, kUserGroups},
    AttributeDef{"entitlements", T::complex, true, false, M::read_write, false, kMultiPlain},
    AttributeDef{"roles", T::complex, true, false, M::read_write, false, kMultiPlain},
    AttributeDef{"x509Certificates", T::complex, true, false, M::read_write, false, kCertificates},
};

// §4.2 and §8.7.1: member value, $ref and type are immutable once set;
// display is not in the §8.7.1 representation (read-write here: assumption).
constexpr std::array kMembers{
    AttributeDef{"value", T::string, false, false, M::immutable},
    AttributeDef{"$ref", T::reference, false, false, M::immutable},
    AttributeDef{"type", T::string, false, false, M::immutable},
    str("display"),
};
constexpr std::array kGroup{
    AttributeDef{"schemas", T::reference, true, true, M::read_only, true},
    AttributeDef{"id", T::string, false, true, M::read_only},
    AttributeDef{"externalId", T::string, false, true, M::read_write},
    AttributeDef{"meta", T::complex, false, false, M::read_only, false, kMeta},
    AttributeDef{"displayName", T::string, false, false, M::read_write, true},
    AttributeDef{"members", T::complex, true, false, M::read_write, false, kMembers},
};

// §4.3.
constexpr std::array kManager{
    str("value"),
    AttributeDef{"$ref", T::reference},
    AttributeDef{"displayName", T::string, false, false, M::read_only},
};
constexpr std::array kEnterprise{
    str("employeeNumber"), str("costCenter"), str("organization"), str("division"), str("department"),
    AttributeDef{"manager", T::complex, false, false, M::read_write, false, kManager},
};

constexpr SchemaDef kUserSchema{kUserUrn, kUser};
constexpr SchemaDef kGroupSchema{kGroupUrn, kGroup};
constexpr SchemaDef kEnterpriseSchema{kEnterpriseUserUrn, kEnterprise};
constexpr std::array<const SchemaDef*, 1> kUserExtensions{&kEnterpriseSchema};

}  // namespace

const SchemaDef& core_schema(ResourceKind kind) noexcept { return kind == ResourceKind::user ? kUserSchema : kGroupSchema; }

std::span<const SchemaDef* const> extensions(ResourceKind kind) noexcept {
  if (kind == ResourceKind::user) return kUserExtensions;
  return {};
}

const SchemaDef* find_schema(ResourceKind kind, std::string_view urn) noexcept {
  if (text::iequals(core_schema(kind).urn, urn)) return &core_schema(kind);
  for (const SchemaDef* ext : extensions(kind)) {
    if (text::iequals(ext->urn, urn)) return ext;
  }
  return nullptr;
}

const AttributeDef* find_attribute(std::span<const AttributeDef> attrs, std::string_view name) noexcept {
  for (const AttributeDef& a : attrs) {
    if (text::iequals(a.name, name)) return &a;
  }
  return nullptr;
}

}  // namespace samlh::sp::scim
