#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/reason.hpp"

namespace samlh::core {
namespace {

TEST(ReasonTable, EveryReasonIsSpelledOnceAndRoundTrips) {
  std::set<std::string> seen;
  for (Reason r : all_reasons()) {
    const std::string s{spelling(r)};
    ASSERT_FALSE(s.empty());
    EXPECT_TRUE(seen.insert(s).second) << "duplicate spelling " << s;
    ASSERT_TRUE(reason_from_spelling(s).has_value()) << s;
    EXPECT_EQ(*reason_from_spelling(s), r);
    EXPECT_FALSE(sentence(r).empty()) << s;
    EXPECT_EQ(sentence(r).back(), '.') << s << ": sentences end with a full stop";
    for (char c : s) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') << s;
  }
  EXPECT_FALSE(reason_from_spelling("no_such_reason").has_value());
}

TEST(ReasonTable, StageIsTheSpellingPrefix) {
  EXPECT_EQ(stage(Reason::sig_invalid), "sig");
  EXPECT_EQ(stage(Reason::xml_doctype), "xml");
  EXPECT_EQ(stage(Reason::binding_bad_base64), "binding");
  std::set<std::string> known{"binding", "xml", "struct", "sig", "cert", "enc", "status", "issuer", "dest", "subj",
                              "cond", "inresp", "authn", "replay", "identity", "login", "idp"};
  for (Reason r : all_reasons()) EXPECT_TRUE(known.count(std::string{stage(r)})) << spelling(r);
}

TEST(ReasonTable, EveryWeaknessIsSpelledOnceAndRoundTrips) {
  std::set<std::string> seen;
  for (Weakness w : all_weaknesses()) {
    const std::string s{spelling(w)};
    EXPECT_TRUE(seen.insert(s).second) << s;
    ASSERT_TRUE(weakness_from_spelling(s).has_value());
    EXPECT_EQ(*weakness_from_spelling(s), w);
    EXPECT_FALSE(sentence(w).empty());
  }
}

}  // namespace
}  // namespace samlh::core
