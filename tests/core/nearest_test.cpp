#include "core/nearest.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace samlh::core {
namespace {

TEST(EditDistance, CountsEachEditOnceAndAnAdjacentSwapAsOne) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("--acs", "--acs"), 0u);
  EXPECT_EQ(edit_distance("--idp-cer", "--idp-cert"), 1u);     // deletion
  EXPECT_EQ(edit_distance("--idp-certt", "--idp-cert"), 1u);   // insertion
  EXPECT_EQ(edit_distance("--idp-cart", "--idp-cert"), 1u);    // substitution
  EXPECT_EQ(edit_distance("--idp-cetr", "--idp-cert"), 1u);    // transposition
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Nearest, NamesTheClosestWithinAThirdOrNothing) {
  const std::vector<std::string> flags{"--idp-cert", "--idp-metadata", "--sp-entity-id", "--acs", "--allow-sha1"};
  EXPECT_EQ(nearest("--idp-cer", flags), "--idp-cert");
  EXPECT_EQ(nearest("--sp-entityid", flags), "--sp-entity-id");
  EXPECT_EQ(nearest("--allow-sha-1", flags), "--allow-sha1");
  EXPECT_EQ(nearest("--frobnicate-everything", flags), std::nullopt);
  EXPECT_EQ(nearest("x", std::vector<std::string>{}), std::nullopt);
}

}  // namespace
}  // namespace samlh::core
