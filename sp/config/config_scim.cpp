// An organization's `scim:` settings: the what-if SCIM endpoint (issue 20).
// NOT a Hotjar feature: Hotjar offers no SCIM (okta-hotjar.md E.4). Keys and
// their one-sentence meanings: sp/SERVER.md "SCIM (what-if)".
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/yaml/reader.hpp"
#include "sp/config/config.hpp"
#include "sp/model/secrets.hpp"

namespace samlh::sp {
namespace {

template <class E, class Table>
E choice(const YAML::Node& n, const core::yaml::Reader& r, std::string_view key, const Table& table) {
  auto v = table.parse(r.str(n, key));
  if (!v) {
    std::string names;
    for (E e : table.values()) names += (names.empty() ? "" : ", ") + std::string(table.spelling(e));
    r.fail(n, fmt::format("'{}' must be one of {}", key, names));
  }
  return *v;
}

Role mapped_role(const YAML::Node& n, const core::yaml::Reader& r, std::string_view key) {
  auto role = role_from_spelling(r.str(n, key));
  if (!role || !invitable(*role)) r.fail(n, fmt::format("'{}' must be admin, read_write or read_only", key));
  return *role;
}

}  // namespace

ScimOrgSettings read_scim(const YAML::Node& n, const core::yaml::Reader& r) {
  r.keys(n, {"token", "token_file", "default_role", "group_roles", "owner", "pending_invitations", "existing_members",
             "reactivation"},
         "scim");
  ScimOrgSettings s;
  if (n["token"].IsDefined() == n["token_file"].IsDefined()) r.fail(n, "scim needs exactly one of token, token_file");
  std::string token;
  if (auto v = n["token"]) token = r.str(v, "token");
  if (auto v = n["token_file"]) {
    token = r.file_text(v, "token_file", "SCIM token file");
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  }
  // Never echoed: the errors name the key, not the value.
  if (token.size() < 16 || token.find_first_of(" \t\r\n") != std::string::npos) {
    r.fail(n, "the SCIM token must be at least 16 characters, with no white space");
  }
  s.token_sha256 = sha256_hex(token);
  if (auto v = n["default_role"]) {
    if (r.str(v, "default_role") == "none") s.default_role.reset();
    else s.default_role = mapped_role(v, r, "default_role");
  }
  if (auto v = n["group_roles"]) {
    if (!v.IsMap()) r.fail(v, "'group_roles' must map group names to roles");
    for (const auto& kv : v) {
      const std::string group = r.str(kv.first, "group_roles");
      if (group.empty()) r.fail(kv.first, "a group name must not be empty");
      s.group_roles[group] = mapped_role(kv.second, r, "group_roles");
    }
  }
  if (auto v = n["owner"]) s.owner = choice<ScimOwnerRule>(v, r, "owner", kScimOwnerRuleSpellings);
  if (auto v = n["pending_invitations"]) {
    s.pending_invitations = choice<ScimInvitationRule>(v, r, "pending_invitations", kScimInvitationRuleSpellings);
  }
  if (auto v = n["existing_members"]) {
    s.existing_members = choice<ScimExistingMemberRule>(v, r, "existing_members", kScimExistingMemberRuleSpellings);
  }
  if (auto v = n["reactivation"]) {
    s.reactivation = choice<ScimReactivationRule>(v, r, "reactivation", kScimReactivationRuleSpellings);
  }
  return s;
}

std::map<std::string, ScimOrgSettings> scim_settings(const SpConfig& cfg) {
  std::map<std::string, ScimOrgSettings> out;
  for (const AccountSeed& a : cfg.accounts) {
    for (const OrgSeed& o : a.organizations) {
      if (o.scim) out[o.slug] = *o.scim;
    }
  }
  return out;
}

}  // namespace samlh::sp
