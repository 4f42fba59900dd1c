// `sp validate` over browser captures: the committed HAR and SAML-tracer
// samples (tests/sp/cli/data, made by make_samples.py), and variants of them
// that test how a response is matched to the AuthnRequest before it.
#include <gtest/gtest.h>

#include "core/bindings.hpp"
#include "tests/sp/cli/cli_support.hpp"

namespace samlh::test {
namespace {

using nlohmann::json;

json sample_har() { return json::parse(slurp(kCliData + "/capture.har")); }
json& har_entries(json& har) { return har["log"]["entries"]; }

ProcessResult run_capture(const json& capture, const std::vector<std::string>& extra = {}) {
  ScratchDir dir;
  std::vector<std::string> a{"--json", "--idp-entity-id", kIdpEntity};
  a.insert(a.end(), extra.begin(), extra.end());
  a.push_back(dir.write("capture.json", capture.dump(2)));
  return run_process(validate_args(a));
}

// The sample's ACS POST with another response and RelayState in its body.
json acs_entry(const std::string& response_xml, const std::string& relay_state = "/dashboard") {
  json e = sample_har()["log"]["entries"][3];
  const std::string body = core::form_encode({{"SAMLResponse", core::base64_encode(response_xml)}, {"RelayState", relay_state}});
  e["request"]["postData"]["text"] = body;
  e["request"]["postData"].erase("params");
  return e;
}

std::string authn_request_query(const std::string& id, const std::string& relay_state) {
  const std::string xml = replace_once(slurp(kCliData + "/authn_request.xml"), "ID=\"id_req_vectors_1\"", "ID=\"" + id + "\"");
  return core::encode_redirect(xml, "SAMLRequest", relay_state);
}

TEST(SpValidateCapture, HarSampleIsAcceptedWithTheRequestIdFoundInIt) {
  const auto r = run_process(validate_args({"--json", "--idp-entity-id", kIdpEntity, kCliData + "/capture.har"}));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["verdict"], "accept");
  EXPECT_EQ(lines[0]["source"], "har entry 4: POST https://sp.vectors.test/sso/acme/acs");
  EXPECT_EQ((*check(lines[0], "in_response_to"))["detail"], "answers request id_req_vectors_1");
  EXPECT_EQ((*check(lines[0], "relay_state"))["status"], "passed");
  EXPECT_EQ(lines[0]["name_id"], "alice@acme.test");
}

TEST(SpValidateCapture, SamlTracerSampleIsAcceptedWithTheRequestIdFoundInIt) {
  const auto r = run_process(validate_args({"--json", kCliData + "/saml_tracer_export.json"}));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["source"], "saml-tracer request 4: POST https://sp.vectors.test/sso/acme/acs");
  EXPECT_EQ((*check(lines[0], "in_response_to"))["detail"], "answers request id_req_vectors_1");
  // The text form says where the request ID came from.
  const auto text = run_process(validate_args({kCliData + "/saml_tracer_export.json"}));
  EXPECT_NE(text.out.find("request ID 'id_req_vectors_1' from the AuthnRequest of saml-tracer request 2"),
            std::string::npos)
      << text.out;
}

TEST(SpValidateCapture, TheRequestIdFlagOverridesTheCapture) {
  const auto r = run_capture(sample_har(), {"--request-id", "id_some_other_request"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json_lines(r.out).at(0)["reason"], "inresp_mismatch");
}

TEST(SpValidateCapture, AResponseBeforeItsRequestHasNoRequestId) {
  json har = sample_har();
  json& e = har_entries(har);
  std::swap(e[1], e[3]);  // the ACS POST now precedes the AuthnRequest
  const auto r = run_capture(har);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json_lines(r.out).at(0)["reason"], "inresp_unexpected");
}

TEST(SpValidateCapture, AResponseToAnotherRequestIsAMismatch) {
  json har = sample_har();
  har_entries(har)[1]["request"]["url"] =
      "https://idp.vectors.test/sso/saml?" + authn_request_query("id_another_request", "/dashboard");
  const auto r = run_capture(har);
  EXPECT_EQ(r.exit_code, 1);
  const auto line = json_lines(r.out).at(0);
  EXPECT_EQ(line["reason"], "inresp_mismatch");
  EXPECT_NE((*check(line, "in_response_to"))["detail"].get<std::string>().find("id_another_request"), std::string::npos);
}

TEST(SpValidateCapture, ARequestIsAnsweredOnlyOnce) {
  json har = sample_har();
  har_entries(har).push_back(har_entries(har)[3]);  // the same response posted again
  auto r = run_capture(har);
  EXPECT_EQ(r.exit_code, 1);
  auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["verdict"], "accept");
  EXPECT_EQ(lines[1]["reason"], "inresp_unexpected");  // its request was consumed by the first
  // With the request ID given, the second is caught by the replay cache.
  r = run_capture(har, {"--request-id", kRequestId});
  lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["verdict"], "accept");
  EXPECT_EQ(lines[1]["reason"], "replay_assertion");
}

TEST(SpValidateCapture, EveryResponseIsValidatedInOrder) {
  json har = sample_har();
  // A second login: a new AuthnRequest with the same ID is outstanding again,
  // answered by a response whose NameID was edited after signing.
  json second_request = har_entries(har)[1];
  har_entries(har).push_back(second_request);
  const std::string tampered =
      replace_once(slurp(okta_vector_path()), ">alice@acme.test</saml2:NameID>", ">mallory@acme.test</saml2:NameID>");
  har_entries(har).push_back(acs_entry(tampered));
  const auto r = run_capture(har);
  EXPECT_EQ(r.exit_code, 1);
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["verdict"], "accept");
  EXPECT_EQ(lines[1]["reason"], "sig_invalid");
  EXPECT_EQ(lines[1]["source"], "har entry 6: POST https://sp.vectors.test/sso/acme/acs");
}

TEST(SpValidateCapture, TheRelayStateSentWithTheRequestMustComeBack) {
  json har = sample_har();
  har_entries(har)[3] = acs_entry(slurp(okta_vector_path()), "/settings");
  const auto r = run_capture(har);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json_lines(r.out).at(0)["reason"], "binding_relay_state");
}

// The committed SAML-tracer sample exported with the "hash" or "obfuscate"
// profile: every POST value replaced, the decoded `saml` field kept. The
// AuthnRequest sent RelayState "/dashboard"; the one that came back is
// unknown, so the check is skipped with that reason, not failed.
json filtered_tracer(const std::string& profile) {
  json tracer = json::parse(slurp(kCliData + "/saml_tracer_export.json"));
  int n = 0;
  for (json& r : tracer["requests"]) {
    if (!r.contains("post")) continue;
    for (json& pair : r["post"]) {
      pair[1] = profile == "hash" ? "{hash:" + std::to_string(1000 + n++) + "ab}" : "{obf:alternative_" + std::to_string(n++) + "}";
    }
    if (r.contains("postData")) r["postData"] = "{overwritten}";
  }
  return tracer;
}

TEST(SpValidateCapture, AFilteredExportsRelayStateIsSkippedWithTheReason) {
  for (const std::string profile : {"hash", "obfuscate"}) {
    const auto r = run_capture(filtered_tracer(profile));
    ASSERT_EQ(r.exit_code, 0) << profile << "\n" << r.out << r.err;
    const auto line = json_lines(r.out).at(0);
    EXPECT_EQ(line["verdict"], "accept") << profile;
    EXPECT_EQ((*check(line, "relay_state"))["status"], "skipped") << profile;
    EXPECT_NE((*check(line, "relay_state"))["detail"].get<std::string>().find("filtered at export"), std::string::npos);
    EXPECT_EQ((*check(line, "in_response_to"))["detail"], "answers request id_req_vectors_1") << profile;
  }
  // Unfiltered, the same RelayState is compared (and passes).
  const auto clear = run_capture(json::parse(slurp(kCliData + "/saml_tracer_export.json")));
  EXPECT_EQ((*check(json_lines(clear.out).at(0), "relay_state"))["status"], "passed");
}

TEST(SpValidateCapture, ACaptureWithoutAResponseExitsTwo) {
  json har = sample_har();
  har_entries(har).erase(3);
  const auto r = run_capture(har);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("holds no SAMLResponse"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  json tracer = json::parse(slurp(kCliData + "/saml_tracer_export.json"));
  tracer["requests"].erase(3);
  EXPECT_EQ(run_capture(tracer).exit_code, 2);
}

TEST(SpValidateCapture, UnreadableJsonCapturesExitTwo) {
  ScratchDir dir;
  for (const std::string& bad : std::vector<std::string>{"{\"log\": {\"entries\": [", "{\"neither\": true}", "{\"log\": {\"entries\": 7}}",
                                "{\"requests\": {}}", std::string(100, '{')}) {
    const auto r = run_process(validate_args({dir.write("bad.json", bad)}));
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_FALSE(r.err.empty()) << bad;
  }
}

TEST(SpValidateCapture, AResponseThatCannotBeExtractedIsARejection) {
  json har = sample_har();
  // An HTTP-Redirect SAMLResponse whose payload is not DEFLATE.
  json e = har_entries(har)[0];
  e["request"]["url"] = std::string(kAcs) + "?SAMLResponse=" + core::url_encode(core::base64_encode("not deflate"));
  har_entries(har).push_back(e);
  const auto r = run_capture(har);
  EXPECT_EQ(r.exit_code, 1);
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1]["reason"], "binding_inflate_failed");
  EXPECT_EQ((*check(lines[1], "decode"))["status"], "failed");
  EXPECT_EQ((*check(lines[1], "parse"))["status"], "not_run");
}

}  // namespace
}  // namespace samlh::test
