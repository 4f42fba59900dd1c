// Every response in tests/vectors (made by pysaml2, Lasso, samlify and the
// xmlsec1 CLI) is accepted with its manifest's settings and yields exactly
// the expected identity; and the same response one hour later is refused.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "sp/validator/validator.hpp"
#include "tests/support/test_keys.hpp"

namespace samlh::sp {
namespace {

using nlohmann::json;

json manifest() { return json::parse(test::slurp(test::vectors_path("manifest.json"))); }

// Every vector, or only those whose manifest entry carries validator_flags.
std::vector<std::string> vector_files(bool flagged_only = false) {
  std::vector<std::string> out;
  const json m = manifest();  // keep it alive: a range over manifest()["vectors"] would dangle
  for (const auto& v : m["vectors"]) {
    if (!flagged_only || v.contains("validator_flags")) out.push_back(v["file"].get<std::string>());
  }
  return out;
}

ValidatorSettings settings_for(const json& v) {
  ValidatorSettings s;
  s.idp_certificates = {*core::Certificate::from_pem(test::slurp(test::vectors_path(v["idp_cert"])))};
  s.idp_entity_id = v["idp_entity_id"];
  s.sp_entity_id = v["sp_entity_id"];
  s.acs_url = v["acs"];
  if (v["request_id"].is_string()) {
    s.request_id = v["request_id"].get<std::string>();
  } else {
    s.allow_idp_initiated = true;
  }
  if (v["sp_key"].is_string()) {
    s.sp_key = *core::PrivateKey::from_pem(test::slurp(test::vectors_path(v["sp_key"])));
  }
  // The manifest's `validator_flags`: the `sp validate` spellings of the
  // relaxations a vector needs (e.g. pysaml2's 3DES-CBC default).
  for (const auto& flag : v.value("validator_flags", json::array())) {
    if (flag == "--allow-3des") {
      s.allow_3des = true;
    } else if (flag == "--allow-sha1") {
      s.allow_sha1 = true;
    } else if (flag == "--allow-rsa15") {
      s.allow_rsa_1_5 = true;
    } else {
      ADD_FAILURE() << "validator flag this test does not map: " << flag;
    }
  }
  return s;
}

class Vectors : public ::testing::TestWithParam<std::string> {
 protected:
  json entry() {
    const json m = manifest();
    for (const auto& v : m["vectors"]) {
      if (v["file"] == GetParam()) return v;
    }
    ADD_FAILURE() << "not in manifest: " << GetParam();
    return {};
  }
};

TEST_P(Vectors, AcceptedWithManifestSettingsAndExpectedIdentity) {
  const json v = entry();
  const ValidatorSettings s = settings_for(v);
  const core::FixedClock clock{*core::parse_rfc3339(v["now"].get<std::string>())};
  MemoryReplayCache replay;
  const std::string xml = test::slurp(test::vectors_path(v["file"]));
  const Verdict verdict = validate(xml, InputEncoding::detect, s, clock, &replay);
  std::string trace;
  for (const auto& c : verdict.checks) trace += c.name + "=" + std::string(spelling(c.status)) + " " + c.detail + "\n";
  ASSERT_TRUE(verdict.accepted) << core::spelling(*verdict.reason) << "\n" << trace;
  ASSERT_TRUE(verdict.identity.has_value());
  EXPECT_EQ(verdict.identity->name_id, v["expected"]["name_id"]);
  EXPECT_EQ(verdict.identity->name_id_format, v["expected"]["name_id_format"]);
  std::map<std::string, std::vector<std::string>> expected_attrs;
  for (const auto& [name, values] : v["expected"]["attributes"].items()) {
    expected_attrs[name] = values.get<std::vector<std::string>>();
  }
  EXPECT_EQ(verdict.identity->attributes, expected_attrs);
  EXPECT_EQ(verdict.identity->issuer, v["idp_entity_id"]);
  // the same response replayed is refused
  const Verdict again = validate(xml, InputEncoding::detect, s, clock, &replay);
  ASSERT_FALSE(again.accepted);
  EXPECT_EQ(*again.reason, core::Reason::replay_assertion);
}

// A vector that needs a relaxation is refused without it, with the typed
// algorithm reason, and reports the weakness with it.
class FlaggedVectors : public Vectors {};

TEST_P(FlaggedVectors, ValidatorFlagsAreNeededAndReportedWeak) {
  const json v = entry();
  const core::FixedClock clock{*core::parse_rfc3339(v["now"].get<std::string>())};
  const std::string xml = test::slurp(test::vectors_path(v["file"]));
  ValidatorSettings strict = settings_for(v);
  strict.allow_3des = strict.allow_sha1 = strict.allow_rsa_1_5 = false;
  const Verdict refused = validate(xml, InputEncoding::detect, strict, clock, nullptr);
  ASSERT_FALSE(refused.accepted);
  EXPECT_TRUE(*refused.reason == core::Reason::enc_algorithm || *refused.reason == core::Reason::sig_algorithm)
      << core::spelling(*refused.reason);
  const Verdict relaxed = validate(xml, InputEncoding::detect, settings_for(v), clock, nullptr);
  ASSERT_TRUE(relaxed.accepted);
  EXPECT_FALSE(relaxed.weak.empty());
}

TEST_P(Vectors, RefusedAnHourLaterAndAnHourEarlier) {
  const json v = entry();
  const ValidatorSettings s = settings_for(v);
  const core::Instant now = *core::parse_rfc3339(v["now"].get<std::string>());
  const std::string xml = test::slurp(test::vectors_path(v["file"]));
  for (auto shift : {std::chrono::hours{1}, -std::chrono::hours{1}}) {
    const core::FixedClock clock{now + shift};
    const Verdict verdict = validate(xml, InputEncoding::detect, s, clock, nullptr);
    EXPECT_FALSE(verdict.accepted) << "shift " << shift.count() << "h";
    EXPECT_FALSE(verdict.identity.has_value());
  }
}

INSTANTIATE_TEST_SUITE_P(Manifest, Vectors, ::testing::ValuesIn(vector_files()), test::vector_test_name);
INSTANTIATE_TEST_SUITE_P(Manifest, FlaggedVectors, ::testing::ValuesIn(vector_files(true)), test::vector_test_name);

}  // namespace
}  // namespace samlh::sp
