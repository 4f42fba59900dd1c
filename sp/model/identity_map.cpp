#include "sp/model/identity_map.hpp"

#include <algorithm>

namespace samlh::sp {
namespace {


bool has_non_ascii(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// Whether the NameID is an email claim (see resolve_email).
bool name_id_claims_email(const Identity& id) {
  if (id.name_id.empty()) return false;
  if (id.name_id_format == kNameIdEmailAddress) return true;
  if (id.name_id_format.empty() || id.name_id_format == kNameIdUnspecified) {
    return id.name_id.find('@') != std::string::npos || has_non_ascii(id.name_id);
  }
  return false;
}

}  // namespace

LoginResult<ResolvedEmail> resolve_email(const Identity& id, const std::vector<std::string>& email_attribute_names) {
  if (name_id_claims_email(id)) {
    auto e = parse_email(id.name_id);
    if (!e) return core::fail(e.reason(), "NameID: " + e.failure().detail);
    return ResolvedEmail{std::move(e).value(), EmailSource::name_id, id.name_id};
  }
  std::vector<const std::string*> values;
  for (const std::string& name : email_attribute_names) {
    auto it = id.attributes.find(name);
    if (it == id.attributes.end()) continue;
    for (const std::string& v : it->second) values.push_back(&v);
  }
  if (values.empty()) {
    return core::fail(LoginReason::identity_missing_email,
                      "NameID (format '" + id.name_id_format + "') is not an email and no email attribute was asserted");
  }
  if (values.size() > 1) {
    return core::fail(LoginReason::identity_email_ambiguous,
                      std::to_string(values.size()) + " email attribute values asserted");
  }
  auto e = parse_email(*values.front());
  if (!e) return core::fail(e.reason(), "email attribute: " + e.failure().detail);
  return ResolvedEmail{std::move(e).value(), EmailSource::attribute, *values.front()};
}

std::vector<std::string> role_claims(const Identity& id, const std::vector<std::string>& role_attribute_names) {
  std::vector<std::string> out;
  for (const auto& [name, values] : id.attributes) {
    const std::string lname = ascii_lower(name);
    const bool wanted = std::any_of(role_attribute_names.begin(), role_attribute_names.end(),
                                    [&](const std::string& n) { return ascii_lower(n) == lname; });
    if (wanted) out.insert(out.end(), values.begin(), values.end());
  }
  return out;
}

std::vector<std::string> claims_differing_from(const std::vector<std::string>& claims, Role role) {
  const std::string a{spelling(role)};
  const std::string b = ascii_lower(display_name(role));
  std::vector<std::string> out;
  for (const std::string& c : claims) {
    const std::string l = ascii_lower(c);
    if (l != a && l != b) out.push_back(c);
  }
  return out;
}

}  // namespace samlh::sp
