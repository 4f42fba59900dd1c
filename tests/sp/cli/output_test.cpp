// sp/cli/cli_output.hpp: the JSON line and the terminal-safe text.
#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "sp/cli/cli_output.hpp"
#include "sp/validator/validator.hpp"

namespace samlh::sp::cli {
namespace {

using nlohmann::json;

Verdict accepted_verdict() {
  Verdict v;
  v.accepted = true;
  for (std::string_view n : check_names()) v.checks.push_back({std::string(n), CheckStatus::passed, "ok"});
  Identity id;
  id.issuer = "http://www.okta.com/exk1";
  id.name_id = "alice@acme.test";
  id.attributes["groups"] = {"a", "b"};
  v.identity = id;
  v.weak = {core::Weakness::sha1_signature};
  return v;
}

TEST(TerminalSafe, EscapesControlsBidiAndInvalidUtf8ButKeepsText) {
  EXPECT_EQ(terminal_safe("alice@acme.test"), "alice@acme.test");
  EXPECT_EQ(terminal_safe("Zoë 東京"), "Zoë 東京");
  EXPECT_EQ(terminal_safe("a\x1b[31mb"), "a\\x1b[31mb");
  EXPECT_EQ(terminal_safe("line\nbreak\r"), "line\\x0abreak\\x0d");
  EXPECT_EQ(terminal_safe("\xC2\x9B" "31m"), "\\x9b31m");  // C1 CSI as UTF-8
  EXPECT_EQ(terminal_safe("x\xE2\x80\xAEy"), "x\\u{202e}y");  // RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(terminal_safe("\xFF\xC0\xAF"), "\\xff\\xc0\\xaf");  // invalid, overlong
  EXPECT_EQ(terminal_safe("\xED\xA0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(terminal_safe("\x7F"), "\\x7f");
}

TEST(VerdictJson, AcceptedCarriesTheIdentityAndNullsWhatIsAbsent) {
  const json j = json::parse(verdict_json(accepted_verdict(), ""));
  EXPECT_EQ(j["verdict"], "accept");
  EXPECT_TRUE(j["reason"].is_null());
  EXPECT_EQ(j["issuer"], "http://www.okta.com/exk1");
  EXPECT_TRUE(j["name_id_format"].is_null());  // the assertion had none
  EXPECT_TRUE(j["session_index"].is_null());
  EXPECT_EQ(j["attributes"]["groups"], json::array({"a", "b"}));
  EXPECT_EQ(j["weak"], json::array({"sha1_signature"}));
  EXPECT_FALSE(j.contains("source"));
}

TEST(VerdictJson, RejectedNeverCarriesIdentityEvenIfOneWasRead) {
  Verdict v = accepted_verdict();
  v.accepted = false;
  v.reason = core::Reason::replay_assertion;
  const json j = json::parse(verdict_json(v, "har entry 2"));
  EXPECT_EQ(j["verdict"], "reject");
  EXPECT_EQ(j["reason"], "replay_assertion");
  for (const char* f : {"issuer", "name_id", "name_id_format", "attributes", "session_index"}) EXPECT_TRUE(j[f].is_null()) << f;
  EXPECT_EQ(j["source"], "har entry 2");
}

TEST(VerdictJson, NeverThrowsOnBytesThatAreNotUtf8) {
  Verdict v;
  v.reason = core::Reason::xml_malformed;
  v.checks.push_back({"decode", CheckStatus::failed, "bad byte \xFF here"});
  const std::string line = verdict_json(v, "\xC3");
  EXPECT_TRUE(json::accept(line));
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(TextOutput, ColourOnlyWhenAskedAndTheVerdictSentence) {
  std::ostringstream plain, coloured;
  Verdict v;
  v.reason = core::Reason::sig_invalid;
  for (std::string_view n : check_names()) v.checks.push_back({std::string(n), CheckStatus::not_run, ""});
  v.checks[0].status = CheckStatus::failed;
  print_verdict_text(plain, v, "x.xml", {}, TextStyle{false});
  print_verdict_text(coloured, v, "x.xml", {}, TextStyle{true});
  EXPECT_EQ(plain.str().find('\x1b'), std::string::npos);
  EXPECT_NE(coloured.str().find("\x1b[31m"), std::string::npos);
  EXPECT_NE(plain.str().find("verdict: REJECT sig_invalid: " + std::string(core::sentence(core::Reason::sig_invalid))),
            std::string::npos);
}

TEST(CheckDescriptions, EveryCheckOfThePipelineIsDescribed) {
  for (std::string_view n : check_names()) EXPECT_FALSE(check_description(n).empty()) << n;
  EXPECT_TRUE(check_description("no_such_check").empty());
}

}  // namespace
}  // namespace samlh::sp::cli
