// The filter and PATCH path parser: recursive descent over the RFC 7644
// §3.4.2.2 grammar, bounded before it starts (length) and while it runs
// (depth, comparisons), so hostile text costs at most O(length) work and
// max_depth stack frames per level.
#include <array>
#include <cmath>
#include <cstdint>
#include <utility>

#include "sp/scim/filter.hpp"
#include "sp/scim/text.hpp"

namespace samlh::sp::scim {
namespace {

constexpr std::array<std::string_view, 10> kOpSpellings{"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr"};

constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
// Characters of an attribute path token: ATTRNAME, '.', and the URN's ':'.
constexpr bool is_path_char(char c) noexcept {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '_' || c == '.' || c == ':' || c == '$';
}

// ATTRNAME = ALPHA *(nameChar), plus "$ref" (RFC 7643 §2.3.7 names it so).
bool valid_attr_name(std::string_view n) noexcept {
  if (text::iequals(n, "$ref")) return true;
  if (n.empty() || !is_alpha(n.front())) return false;
  for (char c : n) {
    if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '_') return false;
  }
  return true;
}

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

class Parser {
 public:
  Parser(std::string_view text, const FilterLimits& limits) : s_(text), limits_(limits) {}

  Result<Filter> filter() {
    if (s_.size() > limits_.max_length) return make_error(ErrorCode::filter_too_long, std::to_string(s_.size()) + " bytes");
    skip_spaces();
    NodeId root = 0;
    if (!parse_or(0, false, root)) return std::move(*error_);
    skip_spaces();
    if (pos_ != s_.size()) return fail_at(ErrorCode::filter_syntax, "unexpected text");
    out_.root = root;
    return std::move(out_);
  }

  Result<PathExpression> path() {
    if (s_.size() > limits_.max_length) return make_error(ErrorCode::filter_too_long, std::to_string(s_.size()) + " bytes");
    PathExpression p;
    if (!parse_attr_path(p.attr, true)) return std::move(*error_);
    if (peek() == '[') {
      if (!p.attr.sub.empty()) return fail_at(ErrorCode::filter_attribute_path, "a value path needs a plain attribute");
      ++pos_;
      NodeId inner = 0;
      if (!parse_or(1, true, inner) || !expect(']')) return std::move(*error_);
      out_.root = inner;
      p.filter = std::move(out_);
      if (peek() == '.') {
        ++pos_;
        const std::size_t start = pos_;
        while (pos_ < s_.size() && is_path_char(s_[pos_]) && s_[pos_] != '.' && s_[pos_] != ':') ++pos_;
        p.sub_after_filter = std::string(s_.substr(start, pos_ - start));
        if (!valid_attr_name(p.sub_after_filter)) return fail_at(ErrorCode::filter_attribute_path, "bad sub-attribute");
      }
    }
    if (pos_ != s_.size()) return fail_at(ErrorCode::filter_syntax, "unexpected text");
    return p;
  }

 private:
  char peek() const noexcept { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void skip_spaces() noexcept {
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
  }

  Error fail_at(ErrorCode code, std::string_view what) {
    error_ = make_error(code, std::string(what) + " at byte " + std::to_string(pos_));
    return *error_;
  }
  bool fail(ErrorCode code, std::string_view what) {
    fail_at(code, what);
    return false;
  }

  bool expect(char c) {
    skip_spaces();
    if (peek() != c) return fail(ErrorCode::filter_syntax, std::string("expected '") + c + "'");
    ++pos_;
    return true;
  }
  // At least one space, as the grammar's SP.
  bool expect_space() {
    if (peek() != ' ') return fail(ErrorCode::filter_syntax, "expected a space");
    skip_spaces();
    return true;
  }

  // The word at pos_ (letters only) without consuming it.
  std::string_view word_ahead(std::size_t from) const noexcept {
    std::size_t end = from;
    while (end < s_.size() && is_alpha(s_[end])) ++end;
    return s_.substr(from, end - from);
  }

  NodeId add(FilterNode node) {
    out_.nodes.push_back(std::move(node));
    return static_cast<NodeId>(out_.nodes.size() - 1);
  }

  bool enter(std::size_t depth) {
    if (depth > limits_.max_depth) return fail(ErrorCode::filter_too_deep, "nesting limit");
    return true;
  }

  // or-chains and and-chains are loops, so only groups recurse.
  bool parse_or(std::size_t depth, bool in_value_path, NodeId& out) {
    if (!parse_and(depth, in_value_path, out)) return false;
    while (keyword_ahead("or")) {
      NodeId rhs = 0;
      if (!parse_and(depth, in_value_path, rhs)) return false;
      out = add(Logical{LogicOp::or_, out, rhs});
    }
    return true;
  }

  bool parse_and(std::size_t depth, bool in_value_path, NodeId& out) {
    if (!parse_unary(depth, in_value_path, out)) return false;
    while (keyword_ahead("and")) {
      NodeId rhs = 0;
      if (!parse_unary(depth, in_value_path, rhs)) return false;
      out = add(Logical{LogicOp::and_, out, rhs});
    }
    return true;
  }

  // Consumes " <kw> " (case-insensitive) when it comes next.
  bool keyword_ahead(std::string_view kw) {
    std::size_t p = pos_;
    if (p >= s_.size() || s_[p] != ' ') return false;
    while (p < s_.size() && s_[p] == ' ') ++p;
    const std::string_view w = word_ahead(p);
    if (!text::iequals(w, kw) || p + w.size() >= s_.size() || s_[p + w.size()] != ' ') return false;
    pos_ = p + w.size();
    skip_spaces();
    return true;
  }

  bool parse_unary(std::size_t depth, bool in_value_path, NodeId& out) {
    skip_spaces();
    if (peek() == '(') {
      ++pos_;
      return enter(depth + 1) && parse_or(depth + 1, in_value_path, out) && expect(')');
    }
    const std::string_view w = word_ahead(pos_);
    if (text::iequals(w, "not")) {
      std::size_t p = pos_ + w.size();
      while (p < s_.size() && s_[p] == ' ') ++p;
      if (p < s_.size() && s_[p] == '(') {
        pos_ = p + 1;
        NodeId inner = 0;
        if (!enter(depth + 1) || !parse_or(depth + 1, in_value_path, inner) || !expect(')')) return false;
        out = add(Negation{inner});
        return true;
      }
    }
    return parse_attr_expression(depth, in_value_path, out);
  }

  bool parse_attr_expression(std::size_t depth, bool in_value_path, NodeId& out) {
    AttrPath path;
    if (!parse_attr_path(path, !in_value_path)) return false;
    if (peek() == '[') {
      if (in_value_path || !path.sub.empty()) return fail(ErrorCode::filter_attribute_path, "nested value path");
      ++pos_;
      NodeId inner = 0;
      if (!enter(depth + 1) || !parse_or(depth + 1, true, inner) || !expect(']')) return false;
      out = add(ValueFilter{std::move(path), inner});
      return true;
    }
    if (!expect_space()) return false;
    const std::string_view op_word = word_ahead(pos_);
    std::optional<CompareOp> op;
    for (std::size_t i = 0; i < kOpSpellings.size(); ++i) {
      if (text::iequals(op_word, kOpSpellings[i])) op = static_cast<CompareOp>(i);
    }
    if (!op) return fail(ErrorCode::filter_syntax, "expected a comparison operator");
    pos_ += op_word.size();
    if (++terms_ > limits_.max_terms) return fail(ErrorCode::filter_too_many_terms, "comparison limit");
    Comparison cmp{std::move(path), *op, nullptr};
    if (*op != CompareOp::pr) {
      if (!expect_space() || !parse_literal(cmp.value)) return false;
      if (!literal_fits(cmp)) return false;
    }
    out = add(std::move(cmp));
    return true;
  }

  // co/sw/ew compare text; gt/ge/lt/le order text or numbers (§3.4.2.2).
  bool literal_fits(const Comparison& c) {
    const auto op = c.op;
    if ((op == CompareOp::co || op == CompareOp::sw || op == CompareOp::ew) && !c.value.is_string())
      return fail(ErrorCode::filter_comparison, "co, sw and ew take a string");
    if ((op == CompareOp::gt || op == CompareOp::ge || op == CompareOp::lt || op == CompareOp::le) &&
        !c.value.is_string() && !c.value.is_number())
      return fail(ErrorCode::filter_comparison, "gt, ge, lt and le take a string or a number");
    return true;
  }

  // attrPath = [URI ":"] ATTRNAME *1subAttr. The URN is everything before the
  // last ':' (schema URNs hold dots, as in "2.0").
  bool parse_attr_path(AttrPath& out, bool allow_qualified) {
    const std::size_t start = pos_;
    while (pos_ < s_.size() && is_path_char(s_[pos_])) ++pos_;
    const std::string_view token = s_.substr(start, pos_ - start);
    if (token.empty()) return fail(ErrorCode::filter_syntax, "expected an attribute path");
    std::string_view rest = token;
    if (const auto colon = token.rfind(':'); colon != std::string_view::npos) {
      const std::string_view urn = token.substr(0, colon);
      if (!allow_qualified || urn.size() < 5 || !text::iequals(urn.substr(0, 4), "urn:"))
        return fail(ErrorCode::filter_attribute_path, "bad schema URN");
      out.urn = std::string(urn);
      rest = token.substr(colon + 1);
    }
    const auto dot = rest.find('.');
    out.name = std::string(rest.substr(0, dot));
    if (dot != std::string_view::npos) {
      if (!allow_qualified) return fail(ErrorCode::filter_attribute_path, "a sub-attribute inside a value path");
      out.sub = std::string(rest.substr(dot + 1));
      if (!valid_attr_name(out.sub)) return fail(ErrorCode::filter_attribute_path, "bad sub-attribute name");
    }
    if (!valid_attr_name(out.name)) return fail(ErrorCode::filter_attribute_path, "bad attribute name");
    return true;
  }

  // The literal must end at a space, ')', ']' or the end.
  bool literal_end() {
    const char c = peek();
    if (c == '\0' || c == ' ' || c == ')' || c == ']') return true;
    return fail(ErrorCode::filter_literal, "text after a value");
  }

  bool parse_literal(nlohmann::json& out) {
    const char c = peek();
    if (c == '"') {
      std::string value;
      if (!parse_string(value)) return false;
      out = std::move(value);
      return literal_end();
    }
    if (c == '-' || is_digit(c)) return parse_number(out) && literal_end();
    // JSON's words; ABNF quoted strings are case-insensitive (RFC 5234 §2.3).
    const std::string_view w = word_ahead(pos_);
    if (text::iequals(w, "true")) out = true;
    else if (text::iequals(w, "false")) out = false;
    else if (text::iequals(w, "null")) out = nullptr;
    else return fail(ErrorCode::filter_literal, "expected a string, number, true, false or null");
    pos_ += w.size();
    return literal_end();
  }

  // JSON number (RFC 8259 §6), then converted by the JSON library.
  bool parse_number(nlohmann::json& out) {
    const std::size_t start = pos_;
    const auto digits = [&] {
      const std::size_t from = pos_;
      while (is_digit(peek())) ++pos_;
      return pos_ > from;
    };
    if (peek() == '-') ++pos_;
    if (peek() == '0') ++pos_;
    else if (!digits()) return fail(ErrorCode::filter_literal, "bad number");
    if (peek() == '.') {
      ++pos_;
      if (!digits()) return fail(ErrorCode::filter_literal, "bad number");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!digits()) return fail(ErrorCode::filter_literal, "bad number");
    }
    out = nlohmann::json::parse(s_.substr(start, pos_ - start), nullptr, false);
    if (out.is_discarded() || (out.is_number_float() && !std::isfinite(out.get<double>())))
      return fail(ErrorCode::filter_literal, "number out of range");
    return true;
  }

  // JSON string (RFC 8259 §7): escapes decoded, surrogates paired, raw bytes
  // well-formed UTF-8, no control characters.
  bool parse_string(std::string& out) {
    ++pos_;  // opening quote
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return fail(ErrorCode::filter_literal, "control character in a string");
      if (c == '\\') {
        if (!parse_escape(out)) return false;
        continue;
      }
      const std::size_t n = utf8_sequence(s_, pos_);
      if (n == 0) return fail(ErrorCode::filter_literal, "invalid UTF-8 in a string");
      out.append(s_.substr(pos_, n));
      pos_ += n;
    }
    return fail(ErrorCode::filter_literal, "unterminated string");
  }

  bool parse_escape(std::string& out) {
    ++pos_;  // backslash
    const char e = peek();
    ++pos_;
    switch (e) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return fail(ErrorCode::filter_literal, "bad escape");
    }
    std::uint32_t cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(ErrorCode::filter_literal, "lone low surrogate");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      std::uint32_t low = 0;
      if (peek() != '\\' || pos_ + 1 >= s_.size() || s_[pos_ + 1] != 'u')
        return fail(ErrorCode::filter_literal, "lone high surrogate");
      pos_ += 2;
      if (!hex4(low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return fail(ErrorCode::filter_literal, "bad surrogate pair");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, cp);
    return true;
  }

  bool hex4(std::uint32_t& cp) {
    for (int i = 0; i < 4; ++i) {
      const char h = peek();
      std::uint32_t v = 0;
      if (is_digit(h)) v = static_cast<std::uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f') v = static_cast<std::uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') v = static_cast<std::uint32_t>(h - 'A' + 10);
      else return fail(ErrorCode::filter_literal, "bad \\u escape");
      cp = cp * 16 + v;
      ++pos_;
    }
    return true;
  }

  std::string_view s_;
  FilterLimits limits_;
  std::size_t pos_ = 0;
  std::size_t terms_ = 0;
  Filter out_;
  std::optional<Error> error_;
};

}  // namespace

std::string_view spelling(CompareOp op) noexcept { return kOpSpellings[static_cast<std::size_t>(op)]; }

Result<Filter> parse_filter(std::string_view text, const FilterLimits& limits) { return Parser(text, limits).filter(); }

Result<PathExpression> parse_path(std::string_view text, const FilterLimits& limits) {
  return Parser(text, limits).path();
}

}  // namespace samlh::sp::scim
