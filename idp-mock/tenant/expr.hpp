// A small, safe subset of Okta Expression Language for attribute values,
// custom application usernames and NameID templates (okta-hotjar.md B.5,
// B.9). Compiled once when settings load; evaluation is pure and cannot run
// arbitrary code, loop, or touch anything but the user, their groups and the
// application username.
//
// Grammar (whitespace ignored):
//   expr     := compare ('?' expr ':' expr)?
//   compare  := concat (('==' | '!=') concat)?
//   concat   := primary ('+' primary)*
//   primary  := "text" | 'text' | digits | null | true | false | path | call | '(' expr ')'
//   path     := (user | source | appuser) '.' name      e.g. user.email
//   call     := String.substringBefore(s, sep) | String.substringAfter(s, sep)
//             | String.toLowerCase(s) | String.toUpperCase(s) | String.len(s)
//             | String.replace(s, from, to) | String.replaceFirst(s, from, to)
//             | String.removeSpaces(s) | String.append(a, b) | String.join(sep, a, b...)
//             | String.stringContains(s, part) | String.substring(s, begin, end)
//             | isMemberOfGroupName(name)
// A template is literal text with ${expr} parts: "${user.firstName} ${user.lastName}".
// `source.` is an alias of `user.`; `appuser.userName` is the application
// username. A missing profile attribute is null; null + "x" is "x"; a value
// that is null as a whole leaves its attribute out of the assertion.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "idp-mock/tenant/directory.hpp"

namespace samlh::idp {

struct ExprContext {
  const User* user = nullptr;
  const std::vector<std::string>* groups = nullptr;  // for isMemberOfGroupName
  std::optional<std::string> app_username;
};

class Expression {
 public:
  struct Node;
  // Compiles an expression, or a template when the text contains "${".
  // On error, `error` is set and the result is empty.
  static std::optional<Expression> compile(std::string_view text, std::string* error);

  std::optional<std::string> evaluate(const ExprContext& ctx) const;
  const std::string& source() const { return source_; }

 private:
  std::string source_;
  std::shared_ptr<const Node> root_;
};

}  // namespace samlh::idp
