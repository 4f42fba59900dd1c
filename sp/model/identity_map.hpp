// From a validated sp::Identity to the membership key (an email) and the role
// claims the SP ignores. Hotjar's NameID/attribute expectations are [U] A.3;
// invitations are addressed by email [H2] A.5, so email is the key [I].
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "sp/model/login_reason.hpp"
#include "sp/model/email.hpp"
#include "sp/model/role.hpp"
#include "sp/validator/verdict.hpp"

namespace samlh::sp {

inline constexpr std::string_view kNameIdEmailAddress = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
inline constexpr std::string_view kNameIdUnspecified = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";

enum class EmailSource { name_id, attribute };

struct ResolvedEmail {
  Email email;
  EmailSource source = EmailSource::name_id;
  std::string asserted;  // the value as asserted, for the audit detail (EM-1 case folds)
};

// The email is taken from the NameID when it holds one, else from the email
// attribute:
// - Format emailAddress, or unspecified/absent with a value containing '@'
//   or any non-ASCII byte: the NameID IS the email claim and must parse
//   (parse_email's reasons). Why: a look-alike NameID must be refused, not
//   silently replaced by another value (EM-2..EM-6).
// - Any other NameID (transient, persistent, an opaque unspecified value):
//   never a key (NF-1); the values of the `email_attribute_names` attributes
//   are used: none -> identity_missing_email, more than one (NF-4, two
//   attributes or two values, equal or not) -> identity_email_ambiguous,
//   exactly one -> parse_email's reasons.
LoginResult<ResolvedEmail> resolve_email(const Identity& id, const std::vector<std::string>& email_attribute_names);

// Values of the attributes named in `role_attribute_names` (names compared
// ASCII case-insensitively), by attribute name, then in document order.
std::vector<std::string> role_claims(const Identity& id, const std::vector<std::string>& role_attribute_names);

// The claims that differ from `role`: a claim equals the role when it is its
// spelling or display name ("admin", "Admin"), ASCII case-insensitively.
std::vector<std::string> claims_differing_from(const std::vector<std::string>& claims, Role role);

}  // namespace samlh::sp
