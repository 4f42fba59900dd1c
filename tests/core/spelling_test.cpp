// core/spelling.hpp: a table spells and parses; a table that leaves an
// enumerator out, spells one twice or is out of order does not compile
// (spelling_density_* in CMakeLists.txt compiles spelling_density.cpp).
#include <gtest/gtest.h>

#include "core/spelling.hpp"

namespace samlh::core {
namespace {

enum class Colour { red, green, light_blue };
constexpr auto kColours =
    spellings<Colour>({{Colour::red, "red"}, {Colour::green, "green"}, {Colour::light_blue, "light-blue"}});

TEST(SpellingTable, SpellsAndParses) {
  static_assert(kColours.spelling(Colour::light_blue) == "light-blue");
  EXPECT_EQ(kColours.spelling(Colour::green), "green");
  EXPECT_EQ(kColours.parse("red"), Colour::red);
  EXPECT_EQ(kColours.parse("light-blue"), Colour::light_blue);
  EXPECT_EQ(kColours.parse("Red"), std::nullopt);  // exact text only
  EXPECT_EQ(kColours.parse(""), std::nullopt);
  EXPECT_EQ(kColours.values(), (std::array{Colour::red, Colour::green, Colour::light_blue}));
  EXPECT_EQ(kColours.size(), 3u);
  // a value outside the enum has no spelling
  EXPECT_EQ(kColours.spelling(static_cast<Colour>(7)), "");
}

TEST(SpellingTable, KnowsWhichValuesNameAnEnumerator) {
  static_assert(detail::names_an_enumerator<Colour::light_blue>());
  static_assert(!detail::names_an_enumerator<static_cast<Colour>(3)>());
  SUCCEED();
}

}  // namespace
}  // namespace samlh::core
