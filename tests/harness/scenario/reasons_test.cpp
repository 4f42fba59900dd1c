// A scenario's `reason:` reads the message, login and IdP reason tables, and
// refuses a spelling that more than one table claims.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "harness/scenario/reasons.hpp"
#include "harness/scenario/scenario.hpp"

namespace samlh::harness {
namespace {

AnyReason expected_reason(const std::string& spelling) {
  const Scenario s = parse_scenario(
      "kind: format\nname: x\ntitle: t\nexpect: {outcome: refused, reason: " + spelling + "}\n", "t.yaml");
  EXPECT_TRUE(s.expect.reason.has_value());
  return s.expect.reason.value_or(AnyReason(core::Reason::binding_missing));
}

TEST(ScenarioReasons, ReasonKeysReadEachTable) {
  const AnyReason message = expected_reason("sig_invalid");
  EXPECT_EQ(message, core::Reason::sig_invalid);
  EXPECT_EQ(table_of(message), "message");
  const AnyReason login = expected_reason("login_no_membership");
  EXPECT_EQ(login, sp::LoginReason::login_no_membership);
  EXPECT_EQ(table_of(login), "login");
  const AnyReason idp = expected_reason("idp_app_not_assigned");
  EXPECT_EQ(idp, idp::IdpReason::idp_app_not_assigned);
  EXPECT_EQ(table_of(idp), "idp");
}

TEST(ScenarioReasons, AReasonEqualsOnlyItsOwnTablesEnumerator) {
  // The enumerators' values overlap across tables (each starts at 0); a
  // OneOf compares the table too.
  const AnyReason first_message(core::all_reasons().front());
  const AnyReason first_login(sp::all_login_reasons().front());
  EXPECT_NE(first_message, first_login);
  EXPECT_FALSE(first_message == sp::all_login_reasons().front());
}

TEST(ScenarioReasons, ASpellingTwoTablesShareIsAmbiguousAndRefused) {
  const std::array<std::optional<AnyReason>, 3> two{AnyReason(core::Reason::sig_invalid), std::nullopt,
                                                    AnyReason(idp::IdpReason::idp_no_passive)};
  const ReasonMatch m = unique_match(two);
  EXPECT_TRUE(m.ambiguous);
  EXPECT_FALSE(m.reason.has_value());

  const std::array<std::optional<AnyReason>, 3> one{std::nullopt, AnyReason(sp::LoginReason::login_forbidden),
                                                    std::nullopt};
  EXPECT_FALSE(unique_match(one).ambiguous);
  EXPECT_EQ(unique_match(one).reason, sp::LoginReason::login_forbidden);

  const std::array<std::optional<AnyReason>, 3> none{};
  EXPECT_FALSE(unique_match(none).ambiguous);
  EXPECT_FALSE(unique_match(none).reason.has_value());
}

TEST(ScenarioReasons, AnUnknownReasonNamesTheListingCommand) {
  try {
    parse_scenario("kind: format\nname: x\ntitle: t\nexpect: {outcome: refused, reason: login_nope}\n", "t.yaml");
    FAIL() << "an unknown reason loaded";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown reason 'login_nope' (see `harness list --reasons`)"),
              std::string::npos)
        << e.what();
  }
}

TEST(ScenarioReasons, TheUnionListsEveryTableInOrder) {
  const auto all = all_any_reasons();
  ASSERT_EQ(all.size(),
            core::all_reasons().size() + sp::all_login_reasons().size() + idp::all_idp_reasons().size());
  EXPECT_EQ(all.front(), core::all_reasons().front());
  EXPECT_EQ(all[core::all_reasons().size()], sp::all_login_reasons().front());
  EXPECT_EQ(all.back(), idp::all_idp_reasons().back());
}

}  // namespace
}  // namespace samlh::harness
