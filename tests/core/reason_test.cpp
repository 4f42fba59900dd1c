#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/reason.hpp"

namespace samlh::core {
namespace {

// Spellings round-trip in tests/spellings (every table, one test).
TEST(ReasonTable, EveryReasonHasASentence) {
  for (Reason r : all_reasons()) {
    EXPECT_FALSE(sentence(r).empty()) << spelling(r);
    EXPECT_EQ(sentence(r).back(), '.') << spelling(r) << ": sentences end with a full stop";
  }
}

TEST(ReasonTable, StageIsTheSpellingPrefix) {
  EXPECT_EQ(stage(Reason::sig_invalid), "sig");
  EXPECT_EQ(stage(Reason::xml_doctype), "xml");
  EXPECT_EQ(stage(Reason::binding_bad_base64), "binding");
  std::set<std::string> known{"binding", "xml", "struct", "sig", "cert", "enc", "status", "issuer", "dest", "subj",
                              "cond", "inresp", "authn", "replay", "identity", "login", "idp"};
  for (Reason r : all_reasons()) EXPECT_TRUE(known.count(std::string{stage(r)})) << spelling(r);
}

TEST(ReasonTable, EveryWeaknessHasASentence) {
  for (Weakness w : all_weaknesses()) EXPECT_FALSE(sentence(w).empty()) << spelling(w);
}

}  // namespace
}  // namespace samlh::core
