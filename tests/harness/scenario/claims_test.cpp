// The claims table (harness/claims/*.yaml with docs/facts/okta-hotjar.md):
// the embedded copy loads, and a source tag that is not an entry of the facts
// file's Sources list is a load error naming the claim.
#include <gtest/gtest.h>

#include <string>

#include "harness/scenario/claims.hpp"
#include "harness/scenario/scenario.hpp"

namespace samlh::harness {
namespace {

TEST(Claims, TheEmbeddedTableLoadsAndEveryTagIsASource) {
  const ClaimsTable& t = claims();
  ASSERT_FALSE(t.claims.empty());
  const auto& sources = facts_sources();
  ASSERT_FALSE(sources.empty());
  for (const Claim& c : t.claims) {
    for (const std::string& tag : c.sources) {
      bool known = false;
      for (const auto& s : sources) known = known || s.first == tag;
      EXPECT_TRUE(known) << c.id << " [" << tag << "]";
    }
  }
  ASSERT_NE(t.claim("hotjar.nobody_left"), nullptr);
}

TEST(Claims, AnUnknownSourceTagIsALoadError) {
  auto files = embedded_claims_files();
  bool replaced = false;
  for (auto& [name, text] : files) {
    const std::string from = "sources: [H9, H2]";
    const auto at = text.find(from);
    if (name.find("claims.yaml") == std::string::npos || at == std::string::npos) continue;
    text.replace(at, from.size(), "sources: [H9, H99]");
    replaced = true;
  }
  ASSERT_TRUE(replaced);
  try {
    (void)parse_claims(files);
    FAIL() << "a claim citing [H99] loaded";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("[H99] is not in the Sources list"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace samlh::harness
