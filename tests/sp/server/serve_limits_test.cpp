// `sp serve` as a real process: the configuration's `limits:` reach the
// running server (a password login over the per-address limit is 429 with
// Retry-After), and --no-rate-limits turns them off (issue 17 item 2).
#include <gtest/gtest.h>

#include <fstream>

#include "core/browser/browser.hpp"
#include "serve_process.hpp"
#include "tests/sp/temp_dir.hpp"

namespace samlh::sp::testing {
namespace {

class ServeLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.file("sp.yaml")) << "limits:\n  login_per_address: {count: 1, per: 1m}\n";
  }
  std::unique_ptr<test::ServeProcess> start(bool no_limits) {
    std::vector<std::string> argv{SAMLH_SP_BIN, "serve", "--config", dir_.file("sp.yaml"), "--port", "0",
                                  "--db", dir_.file("sp.db")};
    if (no_limits) argv.emplace_back("--no-rate-limits");
    return std::make_unique<test::ServeProcess>(argv);
  }
  static core::browser::Reply login(const std::string& base) {
    core::browser::Browser c;
    return c.post_form(base + "/login", {{"org", "acme"}, {"email", "nobody@acme.test"}, {"password", "guess"}});
  }
  TempDir dir_;
};

TEST_F(ServeLimitsTest, ConfiguredLimitAnswers429WithRetryAfter) {
  auto sp = start(false);
  EXPECT_EQ(login(sp->base_url()).status, 404);  // no organization acme here: hashed, then refused
  const auto limited = login(sp->base_url());
  EXPECT_EQ(limited.status, 429);
  ASSERT_NE(limited.header("retry-after"), nullptr);
  const int after = std::stoi(*limited.header("retry-after"));  // whole seconds until the next attempt
  EXPECT_GE(after, 50);  // the hash before took some of the minute
  EXPECT_LE(after, 60);
}

TEST_F(ServeLimitsTest, NoRateLimitsTurnsTheConfiguredOnesOff) {
  auto sp = start(true);
  EXPECT_EQ(login(sp->base_url()).status, 404);
  EXPECT_EQ(login(sp->base_url()).status, 404);
}

}  // namespace
}  // namespace samlh::sp::testing
