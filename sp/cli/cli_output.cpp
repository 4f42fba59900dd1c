#include "sp/cli/cli_output.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/reason.hpp"
#include "sp/validator/validator.hpp"

namespace samlh::sp::cli {
namespace {

using ordered_json = nlohmann::ordered_json;

constexpr std::array<std::pair<std::string_view, std::string_view>, 19> kCheckDescriptions{{
    {"decode", "Decodes the input: raw XML, the HTTP-POST base64 value (strict base64), or a form body (strict form); size caps."},
    {"parse", "Hardened XML parse: no DOCTYPE or entities, no network, caps on bytes, depth and nodes, namespace well-formedness."},
    {"structure", "One samlp:Response (Version 2.0) with exactly one Assertion or EncryptedAssertion as a direct child; schema order; unique IDs; Signatures only where SAML allows."},
    {"signature_profile", "Each Signature: one Reference to '#' + the ID of its parent, only enveloped + exclusive c14n transforms, allow-listed algorithms."},
    {"response_signature", "Verifies the Response signature with the pinned IdP certificates only (KeyInfo ignored); skipped when the Response is unsigned."},
    {"decrypt", "Decrypts an EncryptedAssertion in place with --sp-key (allowed cipher and key transport); skipped when not encrypted."},
    {"assertion_signature", "Verifies the Assertion's own signature as it stands, with the pinned certificates; skipped when the Assertion is unsigned."},
    {"signature_policy", "The signing policy holds (--signing-policy; default: the Assertion, or the Response covering it, signed)."},
    {"certificate", "The pinned certificate that verified: RSA >= 2048 bits, EC >= 256; outside its validity: weak, or refused with --strict-cert-validity."},
    {"status", "The top-level StatusCode is Success."},
    {"issuer", "Response and Assertion Issuers agree (Format entity or absent) and equal the IdP entity ID; skipped (not compared) without one."},
    {"destination", "Destination equals --acs; a signed Response must carry one (SAML Bindings 3.5.5.2)."},
    {"subject_confirmation", "A bearer SubjectConfirmation: Recipient equals --acs, NotOnOrAfter not passed, no NotBefore."},
    {"conditions", "IssueInstant neither too old (--max-age) nor in the future; NotBefore / NotOnOrAfter (exclusive) within --skew; every AudienceRestriction names --sp-entity-id."},
    {"in_response_to", "InResponseTo equals the request ID (--request-id, or the capture's AuthnRequest); an unsolicited response only with --allow-idp-initiated."},
    {"authn_statement", "An AuthnStatement with a valid AuthnInstant, SessionNotOnOrAfter not passed."},
    {"subject", "A non-empty NameID (its whole text content); the identity and attributes are read from the verified assertion."},
    {"relay_state", "RelayState (form bodies): at most 80 bytes, printable ASCII, a local path unless --relay-state-policy any, equal to the request's when known; skipped when absent."},
    {"replay", "The (issuer, Assertion ID) pair was not seen before in this run; remembered until the assertion expires."},
}};

// ANSI SGR codes; only used when TextStyle::color is set.
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kDim = "\x1b[2m";

std::string paint(std::string_view s, std::string_view code, bool color) {
  if (!color) return std::string(s);
  return std::string(code) + std::string(s) + std::string(kReset);
}

std::string_view status_color(CheckStatus s) {
  switch (s) {
    case CheckStatus::passed: return kGreen;
    case CheckStatus::failed: return kRed;
    case CheckStatus::skipped: return kYellow;
    case CheckStatus::not_run: return kDim;
  }
  return kDim;
}

// Decodes one UTF-8 sequence at s[i]; returns its length, 0 when invalid.
std::size_t utf8_at(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr std::array<char32_t, 5> kMin{0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;  // overlong, surrogate
  return len;
}

bool unsafe_code_point(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||  // C0, DEL, C1 (0x9B is a CSI)
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||  // bidi embeddings, isolates
         cp == 0x200E || cp == 0x200F || cp == 0x061C;                        // bidi marks
}

ordered_json nullable(const std::string& s) { return s.empty() ? ordered_json(nullptr) : ordered_json(s); }

}  // namespace

std::string terminal_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = utf8_at(s, i, cp);
    if (len == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i]));
      ++i;
      continue;
    }
    if (unsafe_code_point(cp)) {
      out += cp < 0x100 ? fmt::format("\\x{:02x}", static_cast<unsigned>(cp)) : fmt::format("\\u{{{:04x}}}", static_cast<unsigned>(cp));
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string verdict_json(const Verdict& v, std::string_view source) {
  ordered_json j;
  j["verdict"] = v.accepted ? "accept" : "reject";
  j["reason"] = v.reason ? ordered_json(std::string(core::spelling(*v.reason))) : ordered_json(nullptr);
  ordered_json checks = ordered_json::array();
  for (const CheckRecord& c : v.checks) {
    checks.push_back({{"name", c.name}, {"status", std::string(spelling(c.status))}, {"detail", c.detail}});
  }
  j["checks"] = std::move(checks);
  // Nothing unsigned is ever reported as identity: only an accepted verdict has one.
  const Identity* id = v.accepted && v.identity ? &*v.identity : nullptr;
  j["issuer"] = id != nullptr ? nullable(id->issuer) : ordered_json(nullptr);
  j["name_id"] = id != nullptr ? nullable(id->name_id) : ordered_json(nullptr);
  j["name_id_format"] = id != nullptr ? nullable(id->name_id_format) : ordered_json(nullptr);
  if (id != nullptr) {
    ordered_json attrs = ordered_json::object();
    for (const auto& [name, values] : id->attributes) attrs[name] = values;
    j["attributes"] = std::move(attrs);
  } else {
    j["attributes"] = nullptr;
  }
  j["session_index"] = id != nullptr ? nullable(id->session_index) : ordered_json(nullptr);
  ordered_json weak = ordered_json::array();
  for (core::Weakness w : v.weak) weak.push_back(std::string(core::spelling(w)));
  j["weak"] = std::move(weak);
  if (!source.empty()) j["source"] = std::string(source);
  // Why replace: a detail may quote bytes that are not UTF-8; never throw on output.
  return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

void print_verdict_text(std::ostream& out, const Verdict& v, std::string_view source,
                        const std::vector<std::string>& notes, TextStyle style) {
  const bool c = style.color;
  out << paint("== " + terminal_safe(source), kBold, c) << "\n";
  for (const std::string& n : notes) out << "   " << terminal_safe(n) << "\n";
  std::size_t width = 5;
  for (const CheckRecord& r : v.checks) width = std::max(width, r.name.size());
  out << "   " << fmt::format("{:<{}}  {:<8} {}", "CHECK", width, "STATUS", "DETAIL") << "\n";
  for (const CheckRecord& r : v.checks) {
    const std::string status = fmt::format("{:<8}", spelling(r.status));
    out << "   " << fmt::format("{:<{}}  ", r.name, width) << paint(status, status_color(r.status), c) << " "
        << terminal_safe(r.detail) << "\n";
  }
  if (v.accepted && v.identity) {
    const Identity& id = *v.identity;
    out << "   issuer:        " << terminal_safe(id.issuer) << "\n";
    out << "   NameID:        " << terminal_safe(id.name_id)
        << (id.name_id_format.empty() ? "" : " (" + terminal_safe(id.name_id_format) + ")") << "\n";
    if (!id.session_index.empty()) out << "   SessionIndex:  " << terminal_safe(id.session_index) << "\n";
    for (const auto& [name, values] : id.attributes) {
      std::string joined;
      for (const std::string& val : values) joined += (joined.empty() ? "" : ", ") + terminal_safe(val);
      out << "   attribute:     " << terminal_safe(name) << " = " << joined << "\n";
    }
  }
  for (core::Weakness w : v.weak) {
    out << "   " << paint("weak:", kYellow, c) << "          " << core::spelling(w) << ": " << core::sentence(w) << "\n";
  }
  if (v.accepted) {
    out << "   " << paint("verdict: ACCEPT", std::string(kBold) + std::string(kGreen), c) << "\n";
  } else {
    const core::Reason r = v.reason.value_or(core::Reason::binding_missing);
    out << "   " << paint("verdict: REJECT", std::string(kBold) + std::string(kRed), c) << " " << core::spelling(r) << ": "
        << core::sentence(r) << "\n";
  }
}

void print_reasons(std::ostream& out, bool json) {
  std::size_t width = 0;
  for (core::Reason r : core::all_reasons()) width = std::max(width, core::spelling(r).size());
  for (core::Reason r : core::all_reasons()) {
    if (json) {
      ordered_json j{{"reason", std::string(core::spelling(r))}, {"stage", std::string(core::stage(r))},
                     {"sentence", std::string(core::sentence(r))}};
      out << j.dump() << "\n";
    } else {
      out << fmt::format("{:<{}}  {}", core::spelling(r), width, core::sentence(r)) << "\n";
    }
  }
}

void print_checks(std::ostream& out, bool json) {
  std::size_t width = 0;
  for (std::string_view n : check_names()) width = std::max(width, n.size());
  std::size_t i = 0;
  for (std::string_view n : check_names()) {
    ++i;
    if (json) {
      ordered_json j{{"order", i}, {"name", std::string(n)}, {"description", std::string(check_description(n))}};
      out << j.dump() << "\n";
    } else {
      out << fmt::format("{:>2}. {:<{}}  {}", i, n, width, check_description(n)) << "\n";
    }
  }
}

void print_weaknesses(std::ostream& out, bool json) {
  std::size_t width = 0;
  for (core::Weakness w : core::all_weaknesses()) width = std::max(width, core::spelling(w).size());
  for (core::Weakness w : core::all_weaknesses()) {
    if (json) {
      ordered_json j{{"weak", std::string(core::spelling(w))}, {"sentence", std::string(core::sentence(w))}};
      out << j.dump() << "\n";
    } else {
      out << fmt::format("{:<{}}  {}", core::spelling(w), width, core::sentence(w)) << "\n";
    }
  }
}

std::string_view check_description(std::string_view name) {
  for (const auto& [n, d] : kCheckDescriptions) {
    if (n == name) return d;
  }
  return {};
}

}  // namespace samlh::sp::cli
