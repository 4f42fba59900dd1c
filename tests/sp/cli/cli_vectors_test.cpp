// Every interop vector (tests/vectors/manifest.json) through the real binary:
// accepted with its manifest settings, refused an hour later.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/clock.hpp"
#include "tests/sp/cli/cli_support.hpp"

namespace samlh::test {
namespace {

using nlohmann::json;

json manifest() { return json::parse(slurp(vectors_path("manifest.json"))); }

// Every vector, or only those whose manifest entry carries validator_flags.
std::vector<std::string> vector_files(bool flagged_only = false) {
  std::vector<std::string> out;
  const json m = manifest();
  for (const auto& v : m["vectors"]) {
    if (!flagged_only || v.contains("validator_flags")) out.push_back(v["file"].get<std::string>());
  }
  return out;
}

class CliVectors : public ::testing::TestWithParam<std::string> {
 protected:
  json entry() const {
    const json m = manifest();
    for (const auto& v : m["vectors"]) {
      if (v["file"] == GetParam()) return v;
    }
    return {};
  }
  std::vector<std::string> args(const json& v, const std::string& now) const {
    std::vector<std::string> a{kSpBin, "validate", "--json", "--idp-cert", vectors_path(v["idp_cert"]),
                               "--sp-entity-id", v["sp_entity_id"], "--acs", v["acs"], "--idp-entity-id",
                               v["idp_entity_id"], "--now", now};
    if (v["request_id"].is_string()) {
      a.insert(a.end(), {"--request-id", v["request_id"].get<std::string>()});
    } else {
      a.emplace_back("--allow-idp-initiated");
    }
    if (v["sp_key"].is_string()) a.insert(a.end(), {"--sp-key", vectors_path(v["sp_key"])});
    for (const auto& flag : v.value("validator_flags", json::array())) a.push_back(flag.get<std::string>());
    a.push_back(vectors_path(v["file"]));
    return a;
  }
};

TEST_P(CliVectors, AcceptedWithTheManifestSettings) {
  const json v = entry();
  const auto r = run_process(args(v, v["now"]));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto line = json_lines(r.out).at(0);
  EXPECT_EQ(line["verdict"], "accept");
  EXPECT_EQ(line["name_id"], v["expected"]["name_id"]);
  EXPECT_EQ(line["attributes"], v["expected"]["attributes"]);
  EXPECT_EQ(line["issuer"], v["idp_entity_id"]);
}

class FlaggedCliVectors : public CliVectors {};

TEST_P(FlaggedCliVectors, RejectedWithoutItsValidatorFlags) {
  const json v = entry();
  std::vector<std::string> a = args(v, v["now"]);
  for (const auto& flag : v["validator_flags"]) a.erase(std::find(a.begin(), a.end(), flag.get<std::string>()));
  const auto r = run_process(a);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string reason = json_lines(r.out).at(0)["reason"];
  EXPECT_TRUE(reason == "enc_algorithm" || reason == "sig_algorithm") << reason;
}

TEST_P(CliVectors, RejectedAnHourLater) {
  const json v = entry();
  const core::Instant later = *core::parse_rfc3339(v["now"].get<std::string>()) + std::chrono::hours{1};
  const auto r = run_process(args(v, core::format_saml_time(later, false)));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const auto line = json_lines(r.out).at(0);
  EXPECT_EQ(line["verdict"], "reject");
  EXPECT_TRUE(line["name_id"].is_null());
}

INSTANTIATE_TEST_SUITE_P(Manifest, CliVectors, ::testing::ValuesIn(vector_files()), vector_test_name);
INSTANTIATE_TEST_SUITE_P(Manifest, FlaggedCliVectors, ::testing::ValuesIn(vector_files(true)), vector_test_name);

}  // namespace
}  // namespace samlh::test
