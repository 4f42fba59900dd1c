// The Okta Expression Language subset (idp-mock/tenant/expr.hpp).
#include <gtest/gtest.h>

#include "idp-mock/tenant/expr.hpp"

using namespace samlh::idp;

namespace {

User carol() {
  User u;
  u.login = "carol@acme.test";
  u.email = "Carol.Chen@Acme.test";
  u.profile = {{"firstName", "Carol"}, {"lastName", "Chen"}};
  return u;
}

std::optional<std::string> run(std::string_view text, const User& u, std::vector<std::string> groups = {}) {
  std::string err;
  auto e = Expression::compile(text, &err);
  EXPECT_TRUE(e.has_value()) << text << ": " << err;
  if (!e) return std::nullopt;
  ExprContext ctx{&u, &groups, std::string("app-carol")};
  return e->evaluate(ctx);
}

TEST(Expr, ProfilePaths) {
  auto u = carol();
  EXPECT_EQ(run("user.email", u), "Carol.Chen@Acme.test");
  EXPECT_EQ(run("user.login", u), "carol@acme.test");
  EXPECT_EQ(run("source.login", u), "carol@acme.test");
  EXPECT_EQ(run("user.firstName", u), "Carol");
  EXPECT_EQ(run("appuser.userName", u), "app-carol");
  EXPECT_EQ(run("user.missing", u), std::nullopt);
}

TEST(Expr, OktaStringFunctions) {
  auto u = carol();
  EXPECT_EQ(run("String.substringBefore(user.email, \"@\")", u), "Carol.Chen");
  EXPECT_EQ(run("String.substringBefore(user.login,'@')", u), "carol");
  EXPECT_EQ(run("String.substringAfter(user.email, \"@\")", u), "Acme.test");
  EXPECT_EQ(run("String.toLowerCase(user.email)", u), "carol.chen@acme.test");
  EXPECT_EQ(run("String.toUpperCase(user.lastName)", u), "CHEN");
  EXPECT_EQ(run("String.replace(user.login, \"acme.test\", \"example.com\")", u), "carol@example.com");
  EXPECT_EQ(run("String.join(\" \", user.firstName, user.lastName)", u), "Carol Chen");
  EXPECT_EQ(run("String.len(user.lastName)", u), "4");
  EXPECT_EQ(run("String.substring(user.firstName, 0, 3)", u), "Car");
  EXPECT_EQ(run("String.removeSpaces(\"a b c\")", u), "abc");
}

TEST(Expr, ConcatenationAndLiterals) {
  auto u = carol();
  EXPECT_EQ(run("user.firstName + \" \" + user.lastName", u), "Carol Chen");
  EXPECT_EQ(run("\"static\"", u), "static");
  EXPECT_EQ(run("user.missing + \"x\"", u), "x");
}

TEST(Expr, Templates) {
  auto u = carol();
  EXPECT_EQ(run("${user.firstName} ${user.lastName}", u), "Carol Chen");
  EXPECT_EQ(run("${user.login}", u), "carol@acme.test");
  EXPECT_EQ(run("prefix-${String.substringBefore(user.login, \"@\")}", u), "prefix-carol");
}

TEST(Expr, GroupMembershipAndTernary) {
  auto u = carol();
  EXPECT_EQ(run("isMemberOfGroupName(\"hotjar-admins\") ? \"admin\" : \"member\"", u, {"hotjar-admins"}), "admin");
  EXPECT_EQ(run("isMemberOfGroupName(\"hotjar-admins\") ? \"admin\" : \"member\"", u, {"Engineering"}), "member");
  EXPECT_EQ(run("user.firstName == \"Carol\"", u), "true");
}

TEST(Expr, RejectsAnythingOutsideTheGrammar) {
  std::string err;
  EXPECT_FALSE(Expression::compile("Runtime.exec(\"rm\")", &err));
  EXPECT_FALSE(Expression::compile("user.email; drop", &err));
  EXPECT_FALSE(Expression::compile("String.substringBefore(user.email)", &err));
  EXPECT_FALSE(Expression::compile("\"unterminated", &err));
  EXPECT_FALSE(Expression::compile("${user.email", &err));
  EXPECT_FALSE(Expression::compile("org.name", &err));
  EXPECT_FALSE(err.empty());
}

TEST(Expr, DeepNestingIsRefused) {
  std::string text(100, '(');
  text += "user.email" + std::string(100, ')');
  std::string err;
  EXPECT_FALSE(Expression::compile(text, &err));
}

}  // namespace
