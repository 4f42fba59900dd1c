// Choosing scenarios: --filter globs match the name, a tag, the file path or
// the path relative to the scenario directory; a filter that matches nothing
// gets the nearest names.
#include <gtest/gtest.h>

#include "harness/run/engine.hpp"

namespace samlh::harness {
namespace {

Scenario named(std::string name, std::string root_path, std::vector<std::string> tags) {
  Scenario s;
  s.name = std::move(name);
  s.file = "scenarios/" + root_path;
  s.root_path = std::move(root_path);
  s.tags = std::move(tags);
  return s;
}

const std::vector<Scenario> kAll = {named("xsw-3", "attacks/xsw-3.yaml", {"wrapping"}),
                                    named("okta-default", "formats/okta-default.yaml", {"baseline"}),
                                    named("leave-done-late", "lifecycle/leave-done-late.yaml", {})};

std::vector<std::string> chosen(std::vector<std::string> filters) {
  EngineOptions o;
  o.filters = std::move(filters);
  std::vector<std::string> names;
  for (const Scenario& s : select(kAll, o)) names.push_back(s.name);
  return names;
}

TEST(EngineFilter, MatchesNameTagsAndPathsAsUsersWriteThem) {
  EXPECT_EQ(chosen({"leave-*"}), std::vector<std::string>{"leave-done-late"});
  EXPECT_EQ(chosen({"wrapping"}), std::vector<std::string>{"xsw-3"});         // a tag
  EXPECT_EQ(chosen({"attacks/*"}), std::vector<std::string>{"xsw-3"});        // relative to scenarios/
  EXPECT_EQ(chosen({"scenarios/formats/*"}), std::vector<std::string>{"okta-default"});  // the path as given
  EXPECT_EQ(chosen({"baseline", "xsw-3"}), (std::vector<std::string>{"xsw-3", "okta-default"}));
  EXPECT_TRUE(chosen({"nothing-*"}).empty());
}

TEST(EngineFilter, NearestNamesComeFirst) {
  const auto near = nearest_names({"xsw3"}, kAll, 2);
  ASSERT_EQ(near.size(), 2U);
  EXPECT_EQ(near[0], "xsw-3");
  EXPECT_EQ(nearest_names({"leave-done-*"}, kAll, 1), std::vector<std::string>{"leave-done-late"});
}

}  // namespace
}  // namespace samlh::harness
