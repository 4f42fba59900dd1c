// `sp validate`: usage and configuration errors exit 2 with a sentence on
// stderr and nothing on stdout; the listings cover every reason, check and
// weak spelling.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/reason.hpp"
#include "sp/validator/validator.hpp"
#include "tests/sp/cli/cli_support.hpp"

namespace samlh::test {
namespace {

std::vector<std::string> lines_of(const std::string& out) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < out.size()) {
    const std::size_t nl = out.find('\n', pos);
    lines.push_back(out.substr(pos, nl - pos));
    pos = nl == std::string::npos ? out.size() : nl + 1;
  }
  return lines;
}

TEST(SpValidateUsage, ErrorsExitTwoWithASentenceOnStderr) {
  ScratchDir dir;
  const std::string input = okta_vector_path();
  const std::string empty = dir.write("empty.xml", " \n");
  const std::string cert = vector_idp_cert();
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
      {"no subcommand", {kSpBin}},
      {"no options", {kSpBin, "validate"}},
      {"no --sp-entity-id", {kSpBin, "validate", "--idp-cert", cert, "--acs", kAcs, input}},
      {"no --acs", {kSpBin, "validate", "--idp-cert", cert, "--sp-entity-id", kSpEntity, input}},
      {"no certificate", {kSpBin, "validate", "--sp-entity-id", kSpEntity, "--acs", kAcs, input}},
      {"cert and metadata", validate_args({"--idp-metadata", cert, input})},
      {"no INPUT", validate_args({})},
      {"bad --now", validate_args({"--now", "yesterday", input})},
      {"negative --skew", validate_args({"--skew", "-5", input})},
      {"non-numeric --skew", validate_args({"--skew", "lots", input})},
      {"bad --signing-policy", validate_args({"--signing-policy", "whatever", input})},
      {"bad --relay-state-policy", validate_args({"--relay-state-policy", "offsite", input})},
      {"unknown option", validate_args({"--frobnicate", input})},
      {"two inputs", validate_args({input, input})},
      {"missing input file", validate_args({dir.path("nope.xml")})},
      {"input is a directory", validate_args({dir.path("")})},
      {"empty input", validate_args({empty})},
      {"missing --idp-cert file", {kSpBin, "validate", "--idp-cert", dir.path("nope.crt"), "--sp-entity-id", kSpEntity,
                                   "--acs", kAcs, input}},
      {"--idp-cert not PEM", {kSpBin, "validate", "--idp-cert", input, "--sp-entity-id", kSpEntity, "--acs", kAcs, input}},
      {"--idp-metadata not metadata", {kSpBin, "validate", "--idp-metadata", input, "--sp-entity-id", kSpEntity, "--acs",
                                       kAcs, input}},
      {"--sp-key not a key", validate_args({"--sp-key", cert, input})},
  };
  for (const auto& [what, args] : cases) {
    const auto r = run_process(args);
    EXPECT_EQ(r.exit_code, 2) << what << "\nstdout: " << r.out << "\nstderr: " << r.err;
    EXPECT_FALSE(r.err.empty()) << what;
    EXPECT_TRUE(r.out.empty()) << what << ": " << r.out;
  }
}

TEST(SpValidateUsage, HelpExitsZero) {
  const auto r = run_process({kSpBin, "validate", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* flag : {"--idp-cert", "--idp-metadata", "--sp-entity-id", "--acs", "--idp-entity-id", "--now", "--skew",
                           "--request-id", "--allow-idp-initiated", "--any-in-response-to", "--sp-key", "--allow-sha1",
                           "--json", "--list-reasons", "--signing-policy", "--strict-cert-validity", "--allow-rsa15", "--allow-3des",
                           "--require-gcm", "--max-age", "--relay-state-policy", "--list-checks", "INPUT"}) {
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  }
}

TEST(SpValidateUsage, AnOversizedInputIsRefusedBeforeItIsRead) {
  ScratchDir dir;
  const std::string big = dir.path("big.xml");
  std::ofstream(big).put('<');
  std::filesystem::resize_file(big, 65u * 1024u * 1024u);  // sparse: instant
  auto r = run_process(validate_args({big}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("64 MiB"), std::string::npos) << r.err;
  r = run_process(validate_args({"-"}), std::string(65u * 1024u * 1024u, 'A'));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("64 MiB"), std::string::npos) << r.err;
}

TEST(SpValidateUsage, ListReasonsPrintsEveryMessageReasonWithItsSentence) {
  const auto r = run_process({kSpBin, "validate", "--list-reasons"});
  ASSERT_EQ(r.exit_code, 0);
  // Only what `sp validate` decides: the SP's login and the IdP's reasons
  // are listed by `harness list --reasons`.
  EXPECT_EQ(r.out.find("login_"), std::string::npos);
  EXPECT_EQ(r.out.find("identity_"), std::string::npos);
  EXPECT_EQ(r.out.find("idp_"), std::string::npos);
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), core::all_reasons().size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const core::Reason reason = core::all_reasons()[i];
    const std::string spelling(core::spelling(reason));
    EXPECT_EQ(lines[i].substr(0, spelling.size() + 1), spelling + " ") << lines[i];
    EXPECT_TRUE(lines[i].ends_with("  " + std::string(core::sentence(reason)))) << lines[i];
  }
  const auto json = run_process({kSpBin, "validate", "--list-reasons", "--json"});
  const auto objects = json_lines(json.out);
  ASSERT_EQ(objects.size(), core::all_reasons().size());
  for (std::size_t i = 0; i < objects.size(); ++i) {
    EXPECT_EQ(objects[i]["reason"], std::string(core::spelling(core::all_reasons()[i])));
    EXPECT_EQ(objects[i]["sentence"], std::string(core::sentence(core::all_reasons()[i])));
  }
}

TEST(SpValidateUsage, ListChecksFollowsThePipelineAndDescribesEachCheck) {
  const auto r = run_process({kSpBin, "validate", "--list-checks", "--json"});
  ASSERT_EQ(r.exit_code, 0);
  const auto objects = json_lines(r.out);
  ASSERT_EQ(objects.size(), sp::check_names().size());
  for (std::size_t i = 0; i < objects.size(); ++i) {
    EXPECT_EQ(objects[i]["name"], std::string(sp::check_names()[i]));
    EXPECT_EQ(objects[i]["order"], i + 1);
    EXPECT_FALSE(objects[i]["description"].get<std::string>().empty()) << objects[i]["name"];
  }
}

TEST(SpValidateUsage, ListWeakPrintsEveryWeakSpelling) {
  const auto r = run_process({kSpBin, "validate", "--list-weak"});
  ASSERT_EQ(r.exit_code, 0);
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), core::all_weaknesses().size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_TRUE(lines[i].starts_with(std::string(core::spelling(core::all_weaknesses()[i])) + " ")) << lines[i];
  }
}

}  // namespace
}  // namespace samlh::test
