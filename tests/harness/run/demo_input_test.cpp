// `harness demo` (harness/demo): what attack mode accepts from a form, the
// addresses it may listen on, and that its pages show every value as text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/demo/attack.hpp"
#include "harness/demo/command.hpp"
#include "harness/demo/pages.hpp"

namespace samlh::harness::demo {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

const std::vector<std::string> kUsers{"alice@acme.test", "mallory@acme.test"};
const std::string kScript = "<script>alert(1)</script>";

Fields form(const std::string& mutation, const std::string& victim, const std::string& target = "ours") {
  return {{"mutation", mutation}, {"victim", victim}, {"attacker", "mallory@acme.test"}, {"target", target}};
}

TEST(DemoAttackInput, AKnownMutationVictimAndTargetMakeAChoice) {
  const auto r = parse_attack(form("xsw3", "alice@acme.test", "vulnerable"), kUsers);
  ASSERT_TRUE(r.choice.has_value()) << r.problem.message;
  EXPECT_EQ(r.choice->mutation, "xsw3");
  EXPECT_EQ(r.choice->victim, "alice@acme.test");
  EXPECT_EQ(r.choice->attacker, "mallory@acme.test");
  EXPECT_EQ(r.choice->target, Target::vulnerable);
  EXPECT_EQ(parse_attack(form("pr1_replay", "alice@acme.test"), kUsers).choice->target, Target::ours);
}

TEST(DemoAttackInput, AnUnknownMutationOrUserIs404) {
  auto r = parse_attack(form("xsw99", "alice@acme.test"), kUsers);
  EXPECT_FALSE(r.choice);
  EXPECT_EQ(r.problem.status, 404);
  EXPECT_NE(r.problem.message.find("no mutation \"xsw99\""), std::string::npos);
  r = parse_attack(form("xsw3", "nobody@acme.test"), kUsers);
  EXPECT_EQ(r.problem.status, 404);
  EXPECT_NE(r.problem.message.find("no user"), std::string::npos);
}

TEST(DemoAttackInput, MissingLongOrBadFieldsAre400) {
  EXPECT_EQ(parse_attack({}, kUsers).problem.status, 400);
  EXPECT_EQ(parse_attack(form("", "alice@acme.test"), kUsers).problem.status, 400);
  EXPECT_EQ(parse_attack(form("xsw3", "alice@acme.test", "theirs"), kUsers).problem.status, 400);
  const auto r = parse_attack(form(std::string(kMaxField + 1, 'x'), "alice@acme.test"), kUsers);
  EXPECT_EQ(r.problem.status, 400);
  EXPECT_NE(r.problem.message.find("too long"), std::string::npos);
  // A hostile value is quoted cut short: the page never fills with it.
  const auto q = parse_attack(form(std::string(kMaxField, 'y'), "alice@acme.test"), kUsers);
  EXPECT_EQ(q.problem.status, 404);
  EXPECT_LT(q.problem.message.size(), 120u);
}

TEST(DemoListen, LoopbackOnly) {
  EXPECT_TRUE(parse_listen("127.0.0.1:7300").problem.empty());
  EXPECT_EQ(parse_listen("127.0.0.1:7300").port, 7300);
  EXPECT_TRUE(parse_listen("[::1]:0").problem.empty());
  EXPECT_EQ(parse_listen("[::1]:0").host, "::1");
  EXPECT_TRUE(parse_listen("localhost:8082").problem.empty());
  EXPECT_NE(parse_listen("0.0.0.0:7300").problem.find("loopback only"), std::string::npos);
  EXPECT_NE(parse_listen("10.1.2.3:7300").problem.find("loopback only"), std::string::npos);
  EXPECT_FALSE(parse_listen("127.0.0.1:70000").problem.empty());
  EXPECT_FALSE(parse_listen("127.0.0.1:").problem.empty());
  EXPECT_FALSE(parse_listen("7300").problem.empty());
}

TEST(DemoPages, EveryValueIsText) {
  HomeView h;
  h.users.push_back({kScript, kScript, "ACTIVE", true, "member", kScript});
  h.sign_in_url = "javascript:\"><script>";
  const std::string home_page = home(h);
  EXPECT_EQ(home_page.find("<script"), std::string::npos);
  EXPECT_NE(home_page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(home_page.find("Test system"), std::string::npos);
  EXPECT_EQ(message("Not found", kScript).find("<script"), std::string::npos);

  AttackView a;
  a.mutation = a.rows = a.summary = a.note = a.victim = a.attacker = kScript;
  a.untouched = "<r><n>alice</n></r>";
  a.mutated = "<r><n>" + std::string("&lt;script&gt;") + "</n></r>";
  a.posts.push_back({"http://127.0.0.1:1/acs\"><script>", {{"SAMLResponse", "\"><script>"}}});
  const std::string attack_page = attack(a);
  EXPECT_EQ(attack_page.find("<script"), std::string::npos);
}

TEST(DemoPages, SideBySideMarksWhatDiffers) {
  const std::string d = side_by_side("<r><a>1</a><b>2</b></r>", "<r><a>1</a><b>3</b><c/></r>");
  EXPECT_NE(d.find("<td class=\"same\"><code>  &lt;a&gt;1&lt;/a&gt;</code></td>"), std::string::npos);
  EXPECT_NE(d.find("<td class=\"removed\"><code>  &lt;b&gt;2&lt;/b&gt;</code></td>"), std::string::npos);
  EXPECT_NE(d.find("<td class=\"added\"><code>  &lt;b&gt;3&lt;/b&gt;</code></td>"), std::string::npos);
  EXPECT_NE(d.find("<td class=\"added\"><code>  &lt;c/&gt;</code></td>"), std::string::npos);
  EXPECT_NE(d.find("3 lines differ"), std::string::npos);
  // Not XML: compared as text lines, still escaped.
  EXPECT_EQ(side_by_side("<x", "<script>").find("<script>"), std::string::npos);
}

}  // namespace
}  // namespace samlh::harness::demo
