#include "sp/model/email.hpp"

#include <algorithm>

namespace samlh::sp {
namespace {


bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 5322 3.2.3 atext.
bool is_atext(char c) {
  if (is_alpha(c) || is_digit(c)) return true;
  constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~";
  return kSpecials.find(c) != std::string_view::npos;
}

std::string_view check_local(std::string_view local) {
  if (local.empty() || local.size() > 64) return "local part empty or longer than 64 bytes";
  if (local.front() == '.' || local.back() == '.') return "local part starts or ends with a dot";
  if (local.find("..") != std::string_view::npos) return "local part has consecutive dots";
  // Why: "=?utf-8?q?admin=40example.com?=" is valid atext but is an RFC 2047
  // encoded word some mail stacks decode into another address (EM-5).
  if (local.find("=?") != std::string_view::npos) return "local part looks like an RFC 2047 encoded word";
  for (char c : local) {
    if (c != '.' && !is_atext(c)) return "local part has a character outside the dot-atom set";
  }
  return {};
}

std::string_view check_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return "domain empty or longer than 253 bytes";
  std::size_t labels = 0;
  std::string_view last;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = domain.find('.', start);
    const std::string_view label = domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
    // An empty label catches the trailing dot (EM-4), a leading dot and "..".
    if (label.empty() || label.size() > 63) return "domain label empty or longer than 63 bytes";
    if (label.front() == '-' || label.back() == '-') return "domain label starts or ends with a hyphen";
    for (char c : label) {
      if (!is_alpha(c) && !is_digit(c) && c != '-') return "domain label has a character outside letters, digits, hyphen";
    }
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels < 2) return "domain has a single label";
  if (std::all_of(last.begin(), last.end(), is_digit)) return "top-level label is all digits (an IP address?)";
  return {};
}

}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

LoginResult<Email> parse_email(std::string_view raw) {
  if (raw.empty()) return core::fail(LoginReason::identity_missing_email, "empty email value");
  for (char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    // Why: bytes >= 0x80 are where homoglyphs, fullwidth forms, U+0131 and
    // invisible code points live; control bytes are invisible. Refused whole.
    if (c >= 0x80) return core::fail(LoginReason::identity_email_non_ascii, "non-ASCII byte in email");
    if (c < 0x20 || c == 0x7f) return core::fail(LoginReason::identity_email_non_ascii, "control character in email");
  }
  if (raw.size() > 254) return core::fail(LoginReason::identity_email_invalid, "email longer than 254 bytes");
  const std::size_t at = raw.find('@');
  if (at == std::string_view::npos) return core::fail(LoginReason::identity_email_invalid, "no '@'");
  if (raw.find('@', at + 1) != std::string_view::npos) {
    return core::fail(LoginReason::identity_email_invalid, "more than one '@' (quoted local part?)");
  }
  const std::string_view local = raw.substr(0, at);
  const std::string_view domain = raw.substr(at + 1);
  if (auto why = check_local(local); !why.empty()) return core::fail(LoginReason::identity_email_invalid, std::string(why));
  if (auto why = check_domain(domain); !why.empty()) return core::fail(LoginReason::identity_email_invalid, std::string(why));
  Email e;
  e.local = ascii_lower(local);
  e.domain = ascii_lower(domain);
  e.address = e.local + "@" + e.domain;
  return e;
}

bool domain_allowed(const Email& e, const std::vector<std::string>& allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& d) { return ascii_lower(d) == e.domain; });
}

}  // namespace samlh::sp
