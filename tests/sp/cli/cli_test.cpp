// `sp validate` as a user runs it: the real binary over every single-message
// input form, its JSON and text output, statuses, and the rejections that
// must be exit 1 (not usage errors).
#include <gtest/gtest.h>

#include "core/bindings.hpp"
#include "core/reason.hpp"
#include "sp/validator/validator.hpp"
#include "tests/sp/cli/cli_support.hpp"

namespace samlh::test {
namespace {

using nlohmann::json;

ProcessResult run_json(const std::vector<std::string>& extra, std::string_view stdin_data = {}) {
  std::vector<std::string> a{"--json"};
  a.insert(a.end(), extra.begin(), extra.end());
  return run_process(validate_args(a), stdin_data);
}

void expect_accepted_identity(const json& line) {
  EXPECT_EQ(line["verdict"], "accept") << line.dump();
  EXPECT_TRUE(line["reason"].is_null());
  EXPECT_EQ(line["issuer"], kIdpEntity);
  EXPECT_EQ(line["name_id"], "alice@acme.test");
  EXPECT_EQ(line["name_id_format"], "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
  EXPECT_EQ(line["attributes"]["email"], json::array({"alice@acme.test"}));
  EXPECT_EQ(line["attributes"]["groups"], json::array({"acme-users", "acme-admins"}));
  EXPECT_TRUE(line["session_index"].is_string());
  EXPECT_EQ(line["weak"], json::array());
}

std::string tampered_okta_vector() {
  // NameID edited after signing: the assertion's digest no longer holds.
  return replace_once(slurp(okta_vector_path()), ">alice@acme.test</saml2:NameID>", ">mallory@acme.test</saml2:NameID>");
}

TEST(SpValidate, AcceptsRawXmlAndReportsTheSignedIdentity) {
  const auto r = run_json({"--idp-entity-id", kIdpEntity, "--request-id", kRequestId, okta_vector_path()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  expect_accepted_identity(lines[0]);
  EXPECT_EQ((*check(lines[0], "decode"))["detail"].get<std::string>().find("raw XML"), 0u);
}

TEST(SpValidate, JsonLineHasExactlyTheDocumentedFieldsInOrder) {
  const auto r = run_json({"--request-id", kRequestId, okta_vector_path()});
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  std::vector<std::string> keys;
  for (const auto& [k, v] : lines[0].items()) keys.push_back(k);
  // nlohmann::json sorts keys; compare as sets, then the order in the raw text.
  std::vector<std::string> want{"verdict", "reason", "checks", "issuer", "name_id", "name_id_format",
                                "attributes", "session_index", "weak"};
  std::vector<std::string> sorted_want = want;
  std::sort(sorted_want.begin(), sorted_want.end());
  EXPECT_EQ(keys, sorted_want);
  std::size_t last = 0;
  for (const std::string& k : want) {
    const std::size_t at = r.out.find("\"" + k + "\":");
    ASSERT_NE(at, std::string::npos) << k;
    EXPECT_GT(at + 1, last) << k << " out of order";
    last = at;
  }
  const auto& checks = lines[0]["checks"];
  ASSERT_EQ(checks.size(), sp::check_names().size());
  for (std::size_t i = 0; i < checks.size(); ++i) {
    EXPECT_EQ(checks[i]["name"], std::string(sp::check_names()[i]));
    EXPECT_EQ(checks[i].size(), 3u);
    EXPECT_TRUE(checks[i]["detail"].is_string());
  }
}

TEST(SpValidate, AcceptsTheBase64PostValueWrappedInLines) {
  ScratchDir dir;
  const std::string b64 = core::base64_encode(slurp(okta_vector_path()), 76) + "\n";
  const auto r = run_json({"--request-id", kRequestId, dir.write("response.b64", b64)});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto line = json_lines(r.out).at(0);
  EXPECT_EQ(line["verdict"], "accept");
  EXPECT_NE((*check(line, "decode"))["detail"].get<std::string>().find("base64"), std::string::npos);
}

TEST(SpValidate, AcceptsAFormBodyAndChecksItsRelayState) {
  ScratchDir dir;
  const std::string body = core::form_encode({{"SAMLResponse", core::base64_encode(slurp(okta_vector_path()))},
                                              {"RelayState", "/dashboard"}});
  auto r = run_json({"--request-id", kRequestId, dir.write("body.form", body)});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ((*check(json_lines(r.out).at(0), "relay_state"))["status"], "passed");
  // RL-1: an off-site RelayState is refused under the default policy...
  const std::string offsite = core::form_encode({{"SAMLResponse", core::base64_encode(slurp(okta_vector_path()))},
                                                 {"RelayState", "https://evil.example/"}});
  r = run_json({"--request-id", kRequestId, dir.write("offsite.form", offsite)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json_lines(r.out).at(0)["reason"], "binding_relay_state");
  // ...and allowed with --relay-state-policy any.
  r = run_json({"--request-id", kRequestId, "--relay-state-policy", "any", dir.write("offsite2.form", offsite)});
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(SpValidate, ReadsStdin) {
  const auto r = run_json({"--request-id", kRequestId, "-"}, slurp(okta_vector_path()));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(json_lines(r.out).at(0)["verdict"], "accept");
  const auto form = run_json({"--request-id", kRequestId, "-"},
                             "SAMLResponse=" + core::url_encode(core::base64_encode(slurp(okta_vector_path()))) + "\n");
  EXPECT_EQ(form.exit_code, 0) << form.out << form.err;
}

TEST(SpValidate, UnsetSettingsAreSkippedAndChecksAfterTheFailureAreNotRun) {
  ScratchDir dir;
  auto r = run_json({"--request-id", kRequestId, okta_vector_path()});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto line = json_lines(r.out).at(0);
  EXPECT_EQ((*check(line, "issuer"))["status"], "skipped");  // no --idp-entity-id, no metadata
  EXPECT_EQ((*check(line, "response_signature"))["status"], "skipped");
  EXPECT_EQ((*check(line, "decrypt"))["status"], "skipped");
  EXPECT_EQ((*check(line, "relay_state"))["status"], "skipped");

  r = run_json({"--request-id", kRequestId, dir.write("tampered.xml", tampered_okta_vector())});
  EXPECT_EQ(r.exit_code, 1);
  line = json_lines(r.out).at(0);
  EXPECT_EQ(line["verdict"], "reject");
  EXPECT_EQ(line["reason"], "sig_invalid");
  EXPECT_EQ((*check(line, "assertion_signature"))["status"], "failed");
  bool after = false;
  for (const auto& c : line["checks"]) {
    if (after) {
      EXPECT_EQ(c["status"], "not_run") << c["name"];
    }
    after = after || c["status"] == "failed";
  }
  for (const char* f : {"issuer", "name_id", "name_id_format", "attributes", "session_index"}) {
    EXPECT_TRUE(line[f].is_null()) << f << ": nothing unsigned is reported as identity";
  }
}

TEST(SpValidate, MalformedInputsAreRejectionsWithTheirReason) {
  ScratchDir dir;
  const std::vector<std::pair<std::string, std::string>> cases{
      {"not base64 at all!!", "binding_bad_base64"},
      {"<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"b\">]><samlp:Response/>", "xml_doctype"},
      {"<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">", "xml_malformed"},
      {"<samlp:Response/>", "xml_namespace"},
      {"<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>", "struct_root"},
      {"SAMLResponse=a&SAMLResponse=b", "binding_bad_form"},
  };
  for (const auto& [input, reason] : cases) {
    const auto r = run_json({"--request-id", kRequestId, dir.write("in.txt", input)});
    EXPECT_EQ(r.exit_code, 1) << input << "\n" << r.err;
    ASSERT_EQ(json_lines(r.out).size(), 1u) << input;
    EXPECT_EQ(json_lines(r.out)[0]["reason"], reason) << input;
  }
}

TEST(SpValidate, AnUndecryptableAssertionIsARejection) {
  // pysaml2's defaults: 3DES-CBC, accepted only under --allow-3des.
  const std::string encrypted = vectors_path("responses/pysaml2-encrypted-assertion-signed.xml");
  auto r = run_json({"--request-id", kRequestId, "--allow-3des", encrypted});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json_lines(r.out).at(0)["reason"], "enc_missing_key");
  // certs/sp.key is not the key the vector was encrypted to.
  r = run_json({"--request-id", kRequestId, "--allow-3des", "--sp-key", source_path("certs/sp.key"), encrypted});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json_lines(r.out).at(0)["reason"], "enc_decrypt_failed");
  r = run_json({"--request-id", kRequestId, "--allow-3des", "--sp-key", vectors_path("keys/sp.key"), encrypted});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(json_lines(r.out).at(0)["weak"], nlohmann::json::array({"tripledes_cbc"}));
  // Without --allow-3des the right key does not help: the cipher is refused.
  r = run_json({"--request-id", kRequestId, "--sp-key", vectors_path("keys/sp.key"), encrypted});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json_lines(r.out).at(0)["reason"], "enc_algorithm");
}

TEST(SpValidate, IdpMetadataSuppliesEverySigningCertificateAndTheEntityId) {
  ScratchDir dir;
  auto b64 = [](const std::string& file) { return core::Certificate::from_pem(slurp(file))->base64(); };
  const std::string key_descriptor = [&](const std::string& file) {
    return "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>" + b64(file) +
           "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>";
  }(source_path("certs/idp-next.crt"));
  const std::string md =
      "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
      "xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + std::string(kIdpEntity) + "\">"
      "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">" + key_descriptor +
      "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>" + b64(vector_idp_cert()) +
      "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
      "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" "
      "Location=\"https://idp.vectors.test/sso\"/></md:IDPSSODescriptor></md:EntityDescriptor>";
  const std::string md_path = dir.write("idp-metadata.xml", md);
  const std::vector<std::string> base{kSpBin, "validate", "--json", "--idp-metadata", md_path, "--sp-entity-id",
                                      kSpEntity, "--acs", kAcs, "--now", kNow, "--request-id", kRequestId};
  auto args = base;
  args.push_back(okta_vector_path());
  auto r = run_process(args);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto line = json_lines(r.out).at(0);
  EXPECT_EQ((*check(line, "issuer"))["status"], "passed");  // the entity ID came from the metadata
  EXPECT_NE((*check(line, "assertion_signature"))["detail"].get<std::string>().find("key #1"), std::string::npos);
  // --idp-entity-id overrides the metadata's entityID.
  args = base;
  args.insert(args.end(), {"--idp-entity-id", "http://www.okta.com/exkOTHER", okta_vector_path()});
  r = run_process(args);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json_lines(r.out).at(0)["reason"], "issuer_mismatch");
}

TEST(SpValidate, IdpCertGivenTwiceAcceptsTheRolloverKey) {
  const auto r = run_json({"--idp-cert", source_path("certs/idp-next.crt"), "--request-id", kRequestId, okta_vector_path()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto line = json_lines(r.out).at(0);
  EXPECT_NE((*check(line, "assertion_signature"))["detail"].get<std::string>().find("key #0"), std::string::npos);
  // Only the other key pinned: the signature is not the IdP's.
  const auto wrong = run_process({kSpBin, "validate", "--json", "--idp-cert", source_path("certs/idp-next.crt"),
                                  "--sp-entity-id", kSpEntity, "--acs", kAcs, "--now", kNow, "--request-id", kRequestId,
                                  okta_vector_path()});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_EQ(json_lines(wrong.out).at(0)["reason"], "sig_untrusted_key");
}

TEST(SpValidate, AnyInResponseToIsAcceptedButReportedWeak) {
  auto r = run_json({okta_vector_path()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json_lines(r.out).at(0)["reason"], "inresp_unexpected");
  r = run_json({"--any-in-response-to", okta_vector_path()});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(json_lines(r.out).at(0)["weak"], json::array({"any_in_response_to"}));
}

TEST(SpValidate, TextOutputShowsEveryCheckAndTheVerdictSentence) {
  ScratchDir dir;
  auto r = run_process(validate_args({"--request-id", kRequestId, okta_vector_path()}));
  ASSERT_EQ(r.exit_code, 0);
  for (std::string_view name : sp::check_names()) EXPECT_NE(r.out.find(std::string(name) + " "), std::string::npos) << name;
  EXPECT_NE(r.out.find("verdict: ACCEPT"), std::string::npos);
  EXPECT_NE(r.out.find("NameID:        alice@acme.test"), std::string::npos);
  r = run_process(validate_args({"--request-id", kRequestId, dir.write("t.xml", tampered_okta_vector())}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("verdict: REJECT sig_invalid: " + std::string(core::sentence(core::Reason::sig_invalid))),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("mallory"), std::string::npos) << "an unverified NameID is never shown as identity";
}

TEST(SpValidate, ColourOnlyOnATerminalOrWhenAsked) {
  const auto piped = run_process(validate_args({"--request-id", kRequestId, okta_vector_path()}), {}, {}, {"NO_COLOR"});
  EXPECT_EQ(piped.out.find('\x1b'), std::string::npos) << "stdout is a pipe: no colour";
  const auto forced = run_process(validate_args({"--color", "always", "--request-id", kRequestId, okta_vector_path()}));
  EXPECT_NE(forced.out.find("\x1b[32m"), std::string::npos);
  const auto no_color = run_process(validate_args({"--color", "never", "--request-id", kRequestId, okta_vector_path()}));
  EXPECT_EQ(no_color.out.find('\x1b'), std::string::npos);
}

TEST(SpValidate, AHostileIssuerCannotWriteTerminalControls) {
  ScratchDir dir;
  // The Response Issuer is outside the assertion's signature; U+202E (bidi
  // override) and U+009B (C1 CSI) are legal XML characters.
  const std::string xml = replace_once(slurp(okta_vector_path()), "entity\">http://idp.vectors.test/metadata</saml2:Issuer>",
                                       "entity\">http://idp.vectors.test/metadata\u202Egnp.exe\u009B31m</saml2:Issuer>");
  const auto r = run_process(
      validate_args({"--idp-entity-id", kIdpEntity, "--request-id", kRequestId, dir.write("hostile.xml", xml)}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out.find("\u202E"), std::string::npos);
  EXPECT_EQ(r.out.find("\u009B"), std::string::npos);
  EXPECT_NE(r.out.find("\\u{202e}gnp.exe\\x9b31m"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace samlh::test
