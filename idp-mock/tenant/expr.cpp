#include "idp-mock/tenant/expr.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace samlh::idp {

struct Expression::Node {
  enum class Kind { literal, null, path, call, concat, compare, ternary, tmpl };
  Kind kind = Kind::literal;
  std::string text;  // literal value, path attribute, function name, compare op
  std::string scope;  // path scope: user | appuser
  std::vector<std::shared_ptr<const Node>> kids;
};

namespace {

using NodeP = std::shared_ptr<const Expression::Node>;
using Node = Expression::Node;
using Kind = Expression::Node::Kind;

struct ParseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const std::vector<std::pair<std::string_view, int>>& functions() {
  // name, arity (-1: two or more)
  static const std::vector<std::pair<std::string_view, int>> f = {
      {"String.substringBefore", 2}, {"String.substringAfter", 2}, {"String.toLowerCase", 1},
      {"String.toUpperCase", 1},     {"String.len", 1},            {"String.replace", 3},
      {"String.replaceFirst", 3},    {"String.removeSpaces", 1},   {"String.append", 2},
      {"String.join", -1},           {"String.stringContains", 2}, {"String.substring", 3},
      {"isMemberOfGroupName", 1},
  };
  return f;
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  NodeP parse_all() {
    NodeP n = expr();
    skip();
    if (i_ != s_.size()) fail("unexpected '" + std::string(s_.substr(i_, 1)) + "'");
    return n;
  }

 private:
  [[noreturn]] void fail(const std::string& what) {
    throw ParseError(what + " at column " + std::to_string(i_ + 1));
  }
  void skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool eat(std::string_view tok) {
    skip();
    if (s_.substr(i_, tok.size()) != tok) return false;
    i_ += tok.size();
    return true;
  }
  NodeP make(Kind k, std::string text = {}, std::vector<NodeP> kids = {}) {
    auto n = std::make_shared<Node>();
    n->kind = k;
    n->text = std::move(text);
    n->kids = std::move(kids);
    return n;
  }

  NodeP expr() {
    if (++depth_ > 32) fail("expression nested too deeply");
    NodeP c = compare();
    if (eat("?")) {
      NodeP a = expr();
      if (!eat(":")) fail("expected ':'");
      NodeP b = expr();
      c = make(Kind::ternary, {}, {c, a, b});
    }
    --depth_;
    return c;
  }
  NodeP compare() {
    NodeP a = concat();
    for (std::string_view op : {"==", "!="}) {
      if (eat(op)) return make(Kind::compare, std::string(op), {a, concat()});
    }
    return a;
  }
  NodeP concat() {
    std::vector<NodeP> parts{primary()};
    while (eat("+")) parts.push_back(primary());
    return parts.size() == 1 ? parts[0] : make(Kind::concat, {}, std::move(parts));
  }
  std::string ident() {
    skip();
    std::size_t b = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == '.'))
      ++i_;
    return std::string(s_.substr(b, i_ - b));
  }
  NodeP primary() {
    skip();
    if (i_ >= s_.size()) fail("unexpected end");
    char c = s_[i_];
    if (c == '"' || c == '\'') return string_lit(c);
    if (eat("(")) {
      NodeP n = expr();
      if (!eat(")")) fail("expected ')'");
      return n;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      std::size_t b = i_;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_])) != 0) ++i_;
      return make(Kind::literal, std::string(s_.substr(b, i_ - b)));
    }
    std::string id = ident();
    if (id.empty()) fail("expected a value");
    if (id == "null") return make(Kind::null);
    if (id == "true" || id == "false") return make(Kind::literal, id);
    if (eat("(")) return call(id);
    auto dot = id.find('.');
    if (dot == std::string::npos || dot + 1 == id.size() || id.find('.', dot + 1) != std::string::npos)
      fail("unknown name '" + id + "'");
    std::string scope = id.substr(0, dot);
    if (scope == "source") scope = "user";
    if (scope != "user" && scope != "appuser") fail("unknown scope '" + id.substr(0, dot) + "'");
    auto n = std::make_shared<Node>();
    n->kind = Kind::path;
    n->scope = scope;
    n->text = id.substr(dot + 1);
    return n;
  }
  NodeP call(const std::string& name) {
    auto it = std::find_if(functions().begin(), functions().end(), [&](auto& f) { return f.first == name; });
    if (it == functions().end()) fail("unknown function '" + name + "'");
    std::vector<NodeP> args;
    if (!eat(")")) {
      do args.push_back(expr());
      while (eat(","));
      if (!eat(")")) fail("expected ')'");
    }
    int arity = it->second;
    if ((arity >= 0 && static_cast<int>(args.size()) != arity) || (arity < 0 && args.size() < 2))
      fail(name + " takes " + (arity < 0 ? std::string("2 or more") : std::to_string(arity)) + " arguments");
    return make(Kind::call, name, std::move(args));
  }
  NodeP string_lit(char quote) {
    ++i_;
    std::string out;
    while (i_ < s_.size() && s_[i_] != quote) {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
      out += s_[i_++];
    }
    if (i_ >= s_.size()) fail("unterminated string");
    ++i_;
    return make(Kind::literal, out);
  }

  std::string_view s_;
  std::size_t i_ = 0;
  int depth_ = 0;
};

NodeP parse_template(std::string_view s) {
  std::vector<NodeP> parts;
  std::size_t i = 0;
  while (i < s.size()) {
    auto open = s.find("${", i);
    auto lit = std::make_shared<Node>();
    lit->text = std::string(s.substr(i, open == std::string_view::npos ? std::string_view::npos : open - i));
    if (!lit->text.empty()) parts.push_back(lit);
    if (open == std::string_view::npos) break;
    auto close = s.find('}', open);
    if (close == std::string_view::npos) throw ParseError("unclosed ${");
    parts.push_back(Parser(s.substr(open + 2, close - open - 2)).parse_all());
    i = close + 1;
  }
  auto n = std::make_shared<Node>();
  n->kind = Kind::tmpl;
  n->kids = std::move(parts);
  return n;
}

using Value = std::optional<std::string>;

bool truthy(const Value& v) { return v && !v->empty() && *v != "false"; }

std::string replace_all(std::string s, const std::string& from, const std::string& to, bool first_only) {
  if (from.empty()) return s;
  std::size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
    if (first_only) break;
  }
  return s;
}

Value eval(const Node& n, const ExprContext& ctx);

Value call(const Node& n, const ExprContext& ctx) {
  std::vector<Value> a;
  a.reserve(n.kids.size());
  for (const auto& k : n.kids) a.push_back(eval(*k, ctx));
  const std::string& f = n.text;
  if (f == "isMemberOfGroupName") {
    if (!a[0] || ctx.groups == nullptr) return std::string("false");
    bool in = std::find(ctx.groups->begin(), ctx.groups->end(), *a[0]) != ctx.groups->end();
    return std::string(in ? "true" : "false");
  }
  if (f == "String.join") {
    std::string out;
    bool first = true;
    for (std::size_t i = 1; i < a.size(); ++i) {
      if (!a[i]) continue;
      if (!first) out += a[0].value_or("");
      out += *a[i];
      first = false;
    }
    return out;
  }
  if (f == "String.append") return a[0].value_or("") + a[1].value_or("");
  if (!a[0]) return std::nullopt;  // String.* of null is null
  std::string s = *a[0];
  if (f == "String.toLowerCase") {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  if (f == "String.toUpperCase") {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }
  if (f == "String.len") return std::to_string(s.size());
  if (f == "String.removeSpaces") {
    std::erase(s, ' ');
    return s;
  }
  std::string b = a[1].value_or("");
  if (f == "String.substringBefore") {
    auto p = s.find(b);
    return p == std::string::npos ? s : s.substr(0, p);
  }
  if (f == "String.substringAfter") {
    auto p = s.find(b);
    return p == std::string::npos ? std::string() : s.substr(p + b.size());
  }
  if (f == "String.stringContains") return std::string(s.find(b) != std::string::npos ? "true" : "false");
  if (f == "String.replace" || f == "String.replaceFirst")
    return replace_all(s, b, a[2].value_or(""), f == "String.replaceFirst");
  if (f == "String.substring") {
    auto num = [](const Value& v) -> long {
      try {
        return v ? std::stol(*v) : 0;
      } catch (...) {
        return 0;
      }
    };
    long begin = std::clamp(num(a[1]), 0L, static_cast<long>(s.size()));
    long end = std::clamp(num(a[2]), begin, static_cast<long>(s.size()));
    return s.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin));
  }
  return std::nullopt;
}

Value eval(const Node& n, const ExprContext& ctx) {
  switch (n.kind) {
    case Kind::literal: return n.text;
    case Kind::null: return std::nullopt;
    case Kind::path:
      if (n.scope == "appuser") {
        if (n.text == "userName" || n.text == "username") return ctx.app_username;
        return ctx.user != nullptr ? ctx.user->attribute(n.text) : std::nullopt;
      }
      return ctx.user != nullptr ? ctx.user->attribute(n.text) : std::nullopt;
    case Kind::call: return call(n, ctx);
    case Kind::concat:
    case Kind::tmpl: {
      std::string out;
      bool any = n.kind == Kind::tmpl;
      for (const auto& k : n.kids) {
        Value v = eval(*k, ctx);
        if (v) {
          out += *v;
          any = true;
        }
      }
      if (!any) return std::nullopt;
      return out;
    }
    case Kind::compare: {
      bool eq = eval(*n.kids[0], ctx) == eval(*n.kids[1], ctx);
      return std::string((n.text == "==") == eq ? "true" : "false");
    }
    case Kind::ternary: return truthy(eval(*n.kids[0], ctx)) ? eval(*n.kids[1], ctx) : eval(*n.kids[2], ctx);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Expression> Expression::compile(std::string_view text, std::string* error) {
  try {
    Expression e;
    e.source_ = std::string(text);
    e.root_ = text.find("${") != std::string_view::npos ? parse_template(text) : Parser(text).parse_all();
    return e;
  } catch (const ParseError& ex) {
    if (error != nullptr) *error = ex.what();
    return std::nullopt;
  }
}

std::optional<std::string> Expression::evaluate(const ExprContext& ctx) const {
  if (!root_) return std::nullopt;
  return eval(*root_, ctx);
}

}  // namespace samlh::idp
