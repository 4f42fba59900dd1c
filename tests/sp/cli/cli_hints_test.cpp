// `sp validate`'s hints (issue 18): each mistake gets a line naming the flag
// or the likely cause and the values compared, and the exit code stays what
// the verdict or the usage error makes it.
#include <gtest/gtest.h>

#include "core/bindings.hpp"
#include "tests/sp/cli/cli_support.hpp"

namespace samlh::test {
namespace {

const std::string kIssued = "2026-03-01T12:00:00.000Z";  // the vector's IssueInstant

std::vector<std::string> base_args(const std::string& sp_entity, const std::vector<std::string>& extra) {
  std::vector<std::string> a{kSpBin, "validate", "--idp-cert", vector_idp_cert(), "--sp-entity-id", sp_entity, "--acs", kAcs};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(SpValidateHints, AnOldCaptureWithoutNowIsToldToUseNowWithItsIssueInstant) {
  const auto r = run_process(base_args(kSpEntity, {"--json", "--request-id", kRequestId, okta_vector_path()}));
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string reason = json_lines(r.out).at(0)["reason"];
  EXPECT_TRUE(reason == "subj_expired" || reason == "cond_expired" || reason == "cond_issue_instant") << reason;
  EXPECT_TRUE(has(r.err, "hint: ")) << r.err;
  EXPECT_TRUE(has(r.err, "--now " + kIssued)) << r.err;
  // With --now, the same time failure has no --now hint.
  const auto later = run_process(base_args(kSpEntity, {"--request-id", kRequestId, "--now", "2026-03-01T14:00:00Z", okta_vector_path()}));
  EXPECT_EQ(later.exit_code, 1);
  EXPECT_FALSE(has(later.err, "--now")) << later.err;
}

TEST(SpValidateHints, AnUnexpectedInResponseToNamesRequestIdAndAnyInResponseTo) {
  const auto r = run_process(validate_args({"--json", okta_vector_path()}));
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(json_lines(r.out).at(0)["reason"], "inresp_unexpected");
  EXPECT_TRUE(has(r.err, "--request-id " + std::string(kRequestId))) << r.err;
  EXPECT_TRUE(has(r.err, "--any-in-response-to")) << r.err;
}

TEST(SpValidateHints, AnAudienceMismatchShowsTheAudienceCarriedAndTheOneExpected) {
  const std::string wrong = "https://sp.vectors.test/other/metadata";
  const auto r = run_process(base_args(wrong, {"--json", "--now", kNow, "--request-id", kRequestId, okta_vector_path()}));
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto line = json_lines(r.out).at(0);
  EXPECT_EQ(line["reason"], "cond_audience_mismatch");
  EXPECT_TRUE(has(r.err, "'" + std::string(kSpEntity) + "'")) << r.err;
  EXPECT_TRUE(has(r.err, "'" + wrong + "'")) << r.err;
  // The check's detail says both too.
  EXPECT_TRUE(has((*check(line, "conditions"))["detail"].get<std::string>(), kSpEntity));
}

TEST(SpValidateHints, APercentEncodedValueIsDecodedAndAnAmbiguousOneIsExplained) {
  ScratchDir dir;
  const std::string b64 = core::base64_encode(slurp(okta_vector_path()));
  const auto r = run_process(validate_args({"--json", "--request-id", kRequestId, dir.write("v.txt", core::url_encode(b64) + "\n")}));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "looks URL-encoded")) << r.err;
  // A raw '+' beside an escape (here an encoded line break): ambiguous,
  // refused, explained.
  ASSERT_NE(b64.find('+'), std::string::npos);
  const std::string half = b64.substr(0, 76) + "%0A" + b64.substr(76);
  const auto h = run_process(validate_args({"--json", "--request-id", kRequestId, dir.write("h.txt", half)}));
  EXPECT_EQ(h.exit_code, 1) << h.out << h.err;
  EXPECT_EQ(json_lines(h.out).at(0)["reason"], "binding_bad_base64");
  EXPECT_TRUE(has(h.err, "hint: INPUT looks URL-encoded")) << h.err;
}

TEST(SpValidateHints, MetadataGivenToIdpCertIsPointedToIdpMetadata) {
  ScratchDir dir;
  const std::string md = dir.write("idp.xml",
                                   "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
                                   "entityID=\"http://idp.vectors.test/metadata\"/>\n");
  const auto r = run_process({kSpBin, "validate", "--idp-cert", md, "--sp-entity-id", kSpEntity, "--acs", kAcs, okta_vector_path()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.err.starts_with("sp validate: --idp-cert")) << r.err;
  EXPECT_TRUE(has(r.err, "hint: ") && has(r.err, "--idp-metadata")) << r.err;
}

TEST(SpValidateHints, AMistypedFlagGetsThePrefixAndTheNearestFlag) {
  const auto r = run_process(validate_args({"--requst-id", kRequestId, okta_vector_path()}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_TRUE(r.err.starts_with("sp validate: ")) << r.err;
  EXPECT_TRUE(has(r.err, "--requst-id")) << r.err;
  EXPECT_TRUE(has(r.err, "did you mean --request-id?")) << r.err;
  // Nothing near: the prefix, no guess.
  const auto far = run_process(validate_args({"--frobnicate-everything", okta_vector_path()}));
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_TRUE(far.err.starts_with("sp validate: ")) << far.err;
  EXPECT_FALSE(has(far.err, "did you mean")) << far.err;
}

TEST(SpValidateHints, NoArgumentsNamesEveryMissingRequiredOptionAtOnce) {
  const auto r = run_process({kSpBin, "validate"});
  EXPECT_EQ(r.exit_code, 2);
  for (const char* what : {"--idp-cert", "--idp-metadata", "--sp-entity-id", "--acs", "INPUT"}) {
    EXPECT_TRUE(has(r.err, what)) << what << "\n" << r.err;
  }
  // One missing: only that one.
  const auto one = run_process({kSpBin, "validate", "--idp-cert", vector_idp_cert(), "--sp-entity-id", kSpEntity, okta_vector_path()});
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_TRUE(has(one.err, "missing --acs URL")) << one.err;
  EXPECT_FALSE(has(one.err, "all required")) << one.err;
}

}  // namespace
}  // namespace samlh::test
