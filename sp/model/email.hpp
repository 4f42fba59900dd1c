// Email addresses as the membership key. Hotjar addresses invitations by
// email [H2] A.5, so the email is the matching key [I] A.3, C row 5.
//
// Strict on purpose (attacks.md EM-1..EM-6): an address is accepted only in
// the plain form `dot-atom@ldh-domain`, and the only normalisation is
// lower-casing ASCII letters. Nothing is trimmed, decoded, NFKC-folded or
// case-mapped beyond ASCII, so a look-alike is refused, never folded into
// another person's identity.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "sp/model/login_reason.hpp"

namespace samlh::sp {

struct Email {
  std::string address;  // normalised: ASCII lower-case, e.g. "alice@acme.test"
  std::string local;
  std::string domain;
};

// Parses and normalises one address. Fails with:
// - identity_missing_email: the value is empty;
// - identity_email_non_ascii: any byte outside printable ASCII: non-ASCII
//   (homoglyphs EM-2, fullwidth, dotless i EM-3, U+200B/NBSP EM-6) or a
//   control character (NUL, newline, tab: invisible, EM-5/EM-6);
// - identity_email_invalid: anything else that is not exactly one '@'
//   between a dot-atom local part (RFC 5322 atext, <= 64 bytes, no leading,
//   trailing or doubled dot, no RFC 2047 "=?" encoded word: EM-5) and a
//   domain of LDH labels (1..63 bytes, no leading/trailing hyphen, at least
//   two labels, last label not all digits, no trailing dot: EM-4, no domain
//   literal), 254 bytes at most; spaces and quotes land here too (EM-5, EM-6).
LoginResult<Email> parse_email(std::string_view raw);

// The domain must equal one entry exactly (entries compared lower-cased).
// "acme.test" does not allow "x.acme.test" nor "acme.test.evil" (EM-4).
bool domain_allowed(const Email& e, const std::vector<std::string>& allowed);

// ASCII-only lower-casing (never locale- or Unicode-aware: EM-3).
std::string ascii_lower(std::string_view s);

}  // namespace samlh::sp
