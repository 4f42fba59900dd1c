#include "sp/scim/json_literal.hpp"

#include <cmath>
#include <cstdint>
#include <string>

namespace samlh::sp::scim {
namespace {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Appends the UTF-8 encoding of a code point (already checked to be valid).
void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlongs,
// no surrogates, nothing past U+10FFFF), or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;  // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && b(1) >= 0x90) return 0;  // past U+10FFFF
    return 4;
  }
  return 0;
}

bool hex4(std::string_view s, std::size_t& pos, std::uint32_t& cp) {
  cp = 0;
  for (int i = 0; i < 4; ++i, ++pos) {
    const char h = pos < s.size() ? s[pos] : '\0';
    std::uint32_t v = 0;
    if (is_digit(h)) v = static_cast<std::uint32_t>(h - '0');
    else if (h >= 'a' && h <= 'f') v = static_cast<std::uint32_t>(h - 'a' + 10);
    else if (h >= 'A' && h <= 'F') v = static_cast<std::uint32_t>(h - 'A' + 10);
    else return false;
    cp = cp * 16 + v;
  }
  return true;
}

// After a backslash: one escape appended to `out`.
std::optional<std::string_view> escape(std::string_view s, std::size_t& pos, std::string& out) {
  const char e = pos < s.size() ? s[pos] : '\0';
  ++pos;
  switch (e) {
    case '"': out += '"'; return std::nullopt;
    case '\\': out += '\\'; return std::nullopt;
    case '/': out += '/'; return std::nullopt;
    case 'b': out += '\b'; return std::nullopt;
    case 'f': out += '\f'; return std::nullopt;
    case 'n': out += '\n'; return std::nullopt;
    case 'r': out += '\r'; return std::nullopt;
    case 't': out += '\t'; return std::nullopt;
    case 'u': break;
    default: return "bad escape";
  }
  std::uint32_t cp = 0;
  if (!hex4(s, pos, cp)) return "bad \\u escape";
  if (cp >= 0xDC00 && cp <= 0xDFFF) return "lone low surrogate";
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    if (pos + 1 >= s.size() || s[pos] != '\\' || s[pos + 1] != 'u') return "lone high surrogate";
    pos += 2;
    std::uint32_t low = 0;
    if (!hex4(s, pos, low)) return "bad \\u escape";
    if (low < 0xDC00 || low > 0xDFFF) return "bad surrogate pair";
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  append_utf8(out, cp);
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> scan_json_string(std::string_view s, std::size_t& pos, nlohmann::json& out) {
  std::string value;
  ++pos;  // opening quote
  while (pos < s.size()) {
    const char c = s[pos];
    if (c == '"') {
      ++pos;
      out = std::move(value);
      return std::nullopt;
    }
    if (static_cast<unsigned char>(c) < 0x20) return "control character in a string";
    if (c == '\\') {
      ++pos;
      if (auto bad = escape(s, pos, value)) return bad;
      continue;
    }
    const std::size_t n = utf8_sequence(s, pos);
    if (n == 0) return "invalid UTF-8 in a string";
    value.append(s.substr(pos, n));
    pos += n;
  }
  return "unterminated string";
}

std::optional<std::string_view> scan_json_number(std::string_view s, std::size_t& pos, nlohmann::json& out) {
  const std::size_t start = pos;
  const auto peek = [&] { return pos < s.size() ? s[pos] : '\0'; };
  const auto digits = [&] {
    const std::size_t from = pos;
    while (is_digit(peek())) ++pos;
    return pos > from;
  };
  if (peek() == '-') ++pos;
  if (peek() == '0') ++pos;
  else if (!digits()) return "bad number";
  if (peek() == '.') {
    ++pos;
    if (!digits()) return "bad number";
  }
  if (peek() == 'e' || peek() == 'E') {
    ++pos;
    if (peek() == '+' || peek() == '-') ++pos;
    if (!digits()) return "bad number";
  }
  // The grammar is checked above; the JSON library converts (int64, uint64
  // or double) and refuses what overflows a double.
  out = nlohmann::json::parse(s.substr(start, pos - start), nullptr, false);
  if (out.is_discarded() || (out.is_number_float() && !std::isfinite(out.get<double>()))) return "number out of range";
  return std::nullopt;
}

}  // namespace samlh::sp::scim
