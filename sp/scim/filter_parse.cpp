// The filter and PATCH path parser: recursive descent over the RFC 7644
// §3.4.2.2 grammar, bounded before it starts (length) and while it runs
// (depth, comparisons), so hostile text costs at most O(length) work and
// max_depth stack frames per level.
#include <array>
#include <utility>

#include "sp/scim/filter.hpp"
#include "sp/scim/json_literal.hpp"
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
    if (c == '"' || c == '-' || is_digit(c)) {
      const auto bad = c == '"' ? scan_json_string(s_, pos_, out) : scan_json_number(s_, pos_, out);
      if (bad) return fail(ErrorCode::filter_literal, *bad);
      return literal_end();
    }
    // JSON's words; ABNF quoted strings are case-insensitive (RFC 5234 §2.3).
    const std::string_view w = word_ahead(pos_);
    if (text::iequals(w, "true")) out = true;
    else if (text::iequals(w, "false")) out = false;
    else if (text::iequals(w, "null")) out = nullptr;
    else return fail(ErrorCode::filter_literal, "expected a string, number, true, false or null");
    pos_ += w.size();
    return literal_end();
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
