// Capture parsing (sp/capture/capture.hpp): HAR and SAML-tracer layouts, hostile and
// malformed captures, and how responses are matched to earlier requests.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/bindings.hpp"
#include "sp/capture/capture.hpp"
#include "sp/capture/capture_formats.hpp"
#include "tests/sp/cli/cli_support.hpp"

namespace samlh::sp {
namespace {

using nlohmann::json;
using test::kCliData;
using test::slurp;

const std::string& okta_xml() {
  static const std::string xml = slurp(test::okta_vector_path());
  return xml;
}

std::string request_xml(const std::string& id = "id_req_vectors_1") {
  return test::replace_once(slurp(kCliData + "/authn_request.xml"), "ID=\"id_req_vectors_1\"", "ID=\"" + id + "\"");
}

json har_with(std::vector<json> requests) {
  json entries = json::array();
  for (json& r : requests) entries.push_back({{"request", std::move(r)}, {"response", {{"status", 200}}}});
  return {{"log", {{"version", "1.2"}, {"entries", entries}}}};
}

json har_post(const std::string& url, json post_data) {
  return {{"method", "POST"}, {"url", url}, {"postData", std::move(post_data)}};
}

json har_get(const std::string& url) { return {{"method", "GET"}, {"url", url}}; }

Capture read_ok(const json& j) {
  auto r = read_capture(j.dump(), "test");
  if (!r.capture) ADD_FAILURE() << r.error;
  return r.capture ? *r.capture : Capture{};
}

// The XML the validator would decode from a captured response.
std::string decoded(const CapturedResponse& r) {
  auto x = detail::decode_payload(r.payload, r.encoding, {});
  if (!x) ADD_FAILURE() << core::spelling(x.reason()) << ": " << x.failure().detail;
  return x ? *x : std::string{};
}

std::string form_body(const std::string& xml, const std::string& relay = "/dashboard") {
  return core::form_encode({{"SAMLResponse", core::base64_encode(xml)}, {"RelayState", relay}});
}

TEST(Capture, ANonJsonInputIsOneMessageForTheValidator) {
  for (const std::string& in : {okta_xml(), std::string("PHNhbWw+"), std::string("SAMLResponse=abc"), std::string("[1]")}) {
    auto r = read_capture(in, "file.xml");
    ASSERT_TRUE(r.capture) << r.error;
    EXPECT_EQ(r.capture->format, CaptureFormat::message);
    ASSERT_EQ(r.capture->responses.size(), 1u);
    EXPECT_EQ(r.capture->responses[0].payload, in);
    EXPECT_EQ(r.capture->responses[0].encoding, InputEncoding::detect);
    EXPECT_EQ(r.capture->responses[0].source, "file.xml");
  }
}

TEST(Capture, MalformedJsonIsAnErrorNotAGuess) {
  for (const char* bad : {"{", "{\"log\":", "{\"log\": {\"entries\": [}]}", "{\"a\": 1} trailing", "{\"x\": \"\\ud800\"}"}) {
    auto r = read_capture(bad, "x");
    EXPECT_FALSE(r.capture) << bad;
    EXPECT_FALSE(r.error.empty()) << bad;
  }
}

TEST(Capture, DeeplyNestedJsonIsRefusedBeforeParsing) {
  const std::string deep = "{\"log\":" + std::string(100'000, '[') + std::string(100'000, ']') + "}";
  auto r = read_capture(deep, "x");
  EXPECT_FALSE(r.capture);
  EXPECT_NE(r.error.find("nested"), std::string::npos);
  // Brackets inside strings do not count.
  auto ok = read_capture("{\"requests\": [], \"note\": \"" + std::string(1000, '[') + "\"}", "x");
  EXPECT_TRUE(ok.capture) << ok.error;
}

TEST(Capture, JsonThatIsNeitherHarNorSamlTracerIsAnError) {
  for (const char* bad : {"{}", "{\"log\": {}}", "{\"log\": {\"entries\": {}}}", "{\"requests\": 3}"}) {
    EXPECT_FALSE(read_capture(bad, "x").capture) << bad;
  }
}

TEST(CaptureHar, UrlEncodedPostDataTextIsPassedAsTheFormBody) {
  const std::string body = form_body(okta_xml());
  const Capture c = read_ok(har_with({har_post(test::kAcs, {{"mimeType", "application/x-www-form-urlencoded"}, {"text", body}})}));
  ASSERT_EQ(c.format, CaptureFormat::har);
  ASSERT_EQ(c.responses.size(), 1u);
  EXPECT_EQ(c.responses[0].payload, body);  // as captured: the validator applies the strict form rules
  EXPECT_EQ(c.responses[0].encoding, InputEncoding::form);
  EXPECT_EQ(c.responses[0].source, "har entry 1: POST https://sp.vectors.test/sso/acme/acs");
  EXPECT_EQ(decoded(c.responses[0]), okta_xml());
}

TEST(CaptureHar, Base64EncodedPostDataIsDecodedFirst) {
  const std::string body = form_body(okta_xml());
  const Capture c =
      read_ok(har_with({har_post(test::kAcs, {{"text", core::base64_encode(body)}, {"encoding", "base64"}})}));
  ASSERT_EQ(c.responses.size(), 1u);
  EXPECT_EQ(c.responses[0].payload, body);
  // A body marked base64 that is not: noted, not guessed at.
  const Capture bad = read_ok(har_with({har_post(test::kAcs, {{"text", "SAMLResponse=%%%"}, {"encoding", "base64"}})}));
  EXPECT_TRUE(bad.responses.empty());
  ASSERT_EQ(bad.notes.size(), 1u);
  EXPECT_NE(bad.notes[0].find("base64"), std::string::npos);
}

TEST(CaptureHar, ParamsWithoutTextAreReadEncodedOrDecoded) {
  const std::string b64 = core::base64_encode(okta_xml());
  for (const std::string& value : {b64, core::url_encode(b64)}) {
    const Capture c = read_ok(har_with({har_post(
        test::kAcs, {{"params", json::array({{{"name", "SAMLResponse"}, {"value", value}},
                                             {{"name", "RelayState"}, {"value", "%2Fdashboard"}}})}})}));
    ASSERT_EQ(c.responses.size(), 1u);
    EXPECT_EQ(decoded(c.responses[0]), okta_xml());
    auto form = core::parse_form(c.responses[0].payload);
    ASSERT_TRUE(form);
    EXPECT_EQ(*core::form_get(*form, "RelayState"), "/dashboard");
  }
}

TEST(CaptureHar, RedirectRequestsAreInflatedAndTheirIdAndRelayStateRecorded) {
  const std::string query = core::encode_redirect(request_xml("id_abc"), "SAMLRequest", "/dashboard");
  const Capture c = read_ok(har_with({har_get("https://idp.test/sso?" + query + "#frag"),
                                      har_post(test::kAcs, {{"text", form_body(okta_xml())}})}));
  ASSERT_EQ(c.requests.size(), 1u);
  EXPECT_EQ(c.requests[0].id, "id_abc");
  EXPECT_EQ(c.requests[0].relay_state, "/dashboard");
  EXPECT_EQ(c.requests[0].source, "har entry 1: GET https://idp.test/sso?...");
  ASSERT_EQ(c.responses.size(), 1u);
  EXPECT_EQ(c.responses[0].requests_before, 1u);
}

TEST(CaptureHar, PostBindingRequestsAreRecorded) {
  const std::string body = core::form_encode({{"SAMLRequest", core::base64_encode(request_xml("id_post"))}, {"RelayState", "/x"}});
  const Capture c = read_ok(har_with({har_post("https://idp.test/sso", {{"text", body}})}));
  ASSERT_EQ(c.requests.size(), 1u);
  EXPECT_EQ(c.requests[0].id, "id_post");
  EXPECT_EQ(c.requests[0].relay_state, "/x");
  EXPECT_TRUE(c.responses.empty());
}

TEST(CaptureHar, UnusableRequestsAreNotedNotDropped) {
  const std::string bomb = "SAMLRequest=" + core::url_encode(core::base64_encode(core::deflate_raw(std::string(20u << 20, 'A'))));
  const std::string doctype = core::encode_redirect("<!DOCTYPE x [<!ENTITY a 'b'>]><x/>", "SAMLRequest", std::nullopt);
  const std::string logout = core::encode_redirect(
      "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"l1\"/>", "SAMLRequest", std::nullopt);
  const Capture c = read_ok(har_with({har_get("https://idp/sso?" + bomb), har_get("https://idp/sso?" + doctype),
                                      har_get("https://idp/slo?" + logout)}));
  EXPECT_TRUE(c.requests.empty());
  ASSERT_EQ(c.notes.size(), 3u);
  EXPECT_NE(c.notes[0].find("binding_inflate_too_large"), std::string::npos) << c.notes[0];
  EXPECT_NE(c.notes[1].find("xml_doctype"), std::string::npos) << c.notes[1];
  EXPECT_NE(c.notes[2].find("LogoutRequest"), std::string::npos) << c.notes[2];
}

TEST(CaptureHar, ARedirectResponseThatDoesNotDecodeIsARejection) {
  const Capture c = read_ok(har_with({har_get(std::string(test::kAcs) + "?SAMLResponse=%%zz")}));
  ASSERT_EQ(c.responses.size(), 1u);
  ASSERT_TRUE(c.responses[0].extract_failure);
  EXPECT_EQ(c.responses[0].extract_failure->reason, core::Reason::binding_bad_form);
}

TEST(CaptureHar, LogoutResponsesAreSkippedWithANote) {
  const std::string logout =
      "<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"r1\" Version=\"2.0\"/>";
  const Capture c = read_ok(har_with({har_post("https://sp/slo", {{"text", form_body(logout)}}),
                                      har_get("https://sp/slo?" + core::encode_redirect(logout, "SAMLResponse", std::nullopt))}));
  EXPECT_TRUE(c.responses.empty());
  ASSERT_EQ(c.notes.size(), 2u);
  EXPECT_NE(c.notes[0].find("LogoutResponse"), std::string::npos);
}

TEST(CaptureHar, AHugeEntryStaysBoundedAndIsLeftToTheValidatorsLimits) {
  // 10 MB of base64: beyond BindingLimits::max_encoded; the capture keeps it
  // as captured and the validator refuses it with binding_too_large.
  const std::string body = "SAMLResponse=" + std::string(10u << 20, 'A');
  const Capture c = read_ok(har_with({har_post(test::kAcs, {{"text", body}})}));
  ASSERT_EQ(c.responses.size(), 1u);
  auto x = detail::decode_payload(c.responses[0].payload, c.responses[0].encoding, {});
  ASSERT_FALSE(x);
  EXPECT_EQ(x.reason(), core::Reason::binding_too_large);
}

TEST(CaptureHar, AMultipartBodyMentioningSamlIsNoted) {
  const std::string multipart = "------X\r\nContent-Disposition: form-data; name=\"SAMLResponse\"\r\n\r\nPHg+\r\n------X--";
  const Capture c = read_ok(har_with({har_post(test::kAcs, {{"mimeType", "multipart/form-data"}, {"text", multipart}})}));
  EXPECT_TRUE(c.responses.empty());
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_NE(c.notes[0].find("multipart"), std::string::npos);
}

TEST(CaptureHar, OddEntriesAreSkippedWithANote) {
  json har = har_with({har_post(test::kAcs, {{"text", form_body(okta_xml())}})});
  har["log"]["entries"].push_back(42);
  har["log"]["entries"].push_back({{"request", "nope"}});
  har["log"]["entries"].push_back({{"request", {{"url", 7}, {"postData", {{"text", 9}}}}}});
  const Capture c = read_ok(har);
  EXPECT_EQ(c.responses.size(), 1u);
  EXPECT_EQ(c.notes.size(), 2u);
}

json tracer_with(std::vector<json> requests) { return {{"requests", requests}, {"timestamp", "2026-03-01T12:00:00Z"}}; }

TEST(CaptureSamlTracer, PostPairsBecomeTheFormBody) {
  const std::string b64 = core::base64_encode(okta_xml());
  const Capture c = read_ok(tracer_with({{{"method", "POST"}, {"url", test::kAcs}, {"requestId", "9"},
                                          {"post", json::array({json::array({"SAMLResponse", b64}), json::array({"RelayState", "/d"})})},
                                          {"saml", okta_xml()}}}));
  ASSERT_EQ(c.format, CaptureFormat::saml_tracer);
  ASSERT_EQ(c.responses.size(), 1u);
  EXPECT_EQ(c.responses[0].encoding, InputEncoding::form);
  EXPECT_EQ(decoded(c.responses[0]), okta_xml());
  EXPECT_EQ(c.responses[0].source, "saml-tracer request 1: POST https://sp.vectors.test/sso/acme/acs");
}

TEST(CaptureSamlTracer, AValueFilteredAtExportFallsBackToTheDecodedSamlField) {
  // Export profile "hash" (SAMLTraceIO.ExportFilter '2'): post values hashed, `saml` kept.
  const Capture c = read_ok(tracer_with({{{"method", "POST"}, {"url", test::kAcs},
                                          {"post", json::array({json::array({"SAMLResponse", "{hash:3f2a}"}),
                                                                json::array({"RelayState", "{hash:99}"})})},
                                          {"postData", "{overwritten}"}, {"saml", okta_xml()}}}));
  ASSERT_EQ(c.responses.size(), 1u);
  EXPECT_EQ(c.responses[0].encoding, InputEncoding::xml);
  EXPECT_EQ(c.responses[0].payload, okta_xml());
  EXPECT_NE(c.responses[0].source.find("filtered at export"), std::string::npos);
  ASSERT_TRUE(c.responses[0].relay_state_unknown);
  EXPECT_NE(c.responses[0].relay_state_unknown->find("filtered at export"), std::string::npos);
}

TEST(CaptureSamlTracer, AFilteredRelayStateBesideAClearResponseIsLeftOutAndMarkedUnknown) {
  const std::string b64 = core::base64_encode(okta_xml());
  for (const std::string filtered : {"{hash:99}", "{obf:alternative_1}"}) {
    const Capture c = read_ok(tracer_with({{{"method", "POST"}, {"url", test::kAcs},
                                            {"post", json::array({json::array({"SAMLResponse", b64}),
                                                                  json::array({"RelayState", filtered})})}}}));
    ASSERT_EQ(c.responses.size(), 1u) << filtered;
    EXPECT_EQ(c.responses[0].encoding, InputEncoding::form);
    EXPECT_EQ(c.responses[0].payload.find("RelayState"), std::string::npos) << filtered;
    EXPECT_TRUE(c.responses[0].relay_state_unknown) << filtered;
  }
  // A clear RelayState is kept and compared as ever.
  const Capture c = read_ok(tracer_with({{{"method", "POST"}, {"url", test::kAcs},
                                          {"post", json::array({json::array({"SAMLResponse", b64}),
                                                                json::array({"RelayState", "/d"})})}}}));
  EXPECT_NE(c.responses[0].payload.find("RelayState=%2Fd"), std::string::npos) << c.responses[0].payload;
  EXPECT_FALSE(c.responses[0].relay_state_unknown);
}

TEST(CaptureSamlTracer, AFilteredValueWithoutTheSamlFieldIsARejection) {
  const Capture c = read_ok(tracer_with({{{"method", "POST"}, {"url", test::kAcs},
                                          {"post", json::array({json::array({"SAMLResponse", "{obf:alternative_0}"})})}}}));
  ASSERT_EQ(c.responses.size(), 1u);
  ASSERT_TRUE(c.responses[0].extract_failure);
  EXPECT_EQ(c.responses[0].extract_failure->reason, core::Reason::binding_missing);
}

TEST(CaptureSamlTracer, LegacyPostDataObjectAndRedirectRequests) {
  const std::string query = core::encode_redirect(request_xml("id_legacy"), "SAMLRequest", std::nullopt);
  const Capture c = read_ok(tracer_with({
      {{"method", "GET"}, {"url", "https://idp/sso?" + query}, {"id", 1}},
      {{"method", "POST"}, {"url", test::kAcs}, {"postData", {{"SAMLResponse", json::array({core::base64_encode(okta_xml())})}}}},
  }));
  ASSERT_EQ(c.requests.size(), 1u);
  EXPECT_EQ(c.requests[0].id, "id_legacy");
  ASSERT_EQ(c.responses.size(), 1u);
  EXPECT_EQ(decoded(c.responses[0]), okta_xml());
  EXPECT_EQ(c.responses[0].requests_before, 1u);
}

TEST(CaptureSamlTracer, OnlyADecodedSamlFieldIsClassifiedByItsRoot) {
  const Capture c = read_ok(tracer_with({{{"method", "GET"}, {"url", "https://idp/x"}, {"saml", request_xml("id_s")}},
                                         {{"method", "POST"}, {"url", test::kAcs}, {"saml", okta_xml()}},
                                         {{"method", "POST"}, {"url", "https://x"}, {"saml", "<wst:RequestSecurityTokenResponse xmlns:wst=\"urn:x\"/>"}}}));
  ASSERT_EQ(c.requests.size(), 1u);
  EXPECT_EQ(c.requests[0].id, "id_s");
  ASSERT_EQ(c.responses.size(), 1u);
  EXPECT_EQ(c.responses[0].payload, okta_xml());
  EXPECT_EQ(c.notes.size(), 1u);
}

TEST(CaptureSamlTracer, TheCommittedSampleHasOneRequestThenOneResponse) {
  auto r = read_capture(slurp(kCliData + "/saml_tracer_export.json"), "x");
  ASSERT_TRUE(r.capture) << r.error;
  ASSERT_EQ(r.capture->requests.size(), 1u);
  EXPECT_EQ(r.capture->requests[0].relay_state, "/dashboard");
  ASSERT_EQ(r.capture->responses.size(), 1u);
  EXPECT_EQ(r.capture->responses[0].requests_before, 1u);
  EXPECT_TRUE(r.capture->notes.empty());
}

TEST(PeekInResponseTo, ReadsTheResponseThenTheBearerConfirmation) {
  CapturedResponse r;
  r.payload = okta_xml();
  r.encoding = InputEncoding::xml;
  EXPECT_EQ(peek_in_response_to(r), "id_req_vectors_1");
  // The bearer confirmation's value comes first; the Response's is the fallback.
  r.payload = test::replace_once(okta_xml(), " InResponseTo=\"id_req_vectors_1\"", " InResponseTo=\"id_other\"");
  EXPECT_EQ(peek_in_response_to(r), "id_req_vectors_1");
  r.payload = test::replace_once(okta_xml(), " InResponseTo=\"id_req_vectors_1\" NotOnOrAfter", " NotOnOrAfter");
  EXPECT_EQ(peek_in_response_to(r), "id_req_vectors_1");
  r.payload = "<not-saml/>";
  EXPECT_EQ(peek_in_response_to(r), "");
  r.payload = "garbage";
  r.encoding = InputEncoding::base64;
  EXPECT_EQ(peek_in_response_to(r), "");
}

TEST(RequestTracker, MatchesOutstandingRequestsSeenEarlier) {
  const std::vector<CapturedRequest> reqs{{"id_a", std::nullopt, "1"}, {"id_b", std::nullopt, "2"}, {"id_c", std::nullopt, "3"}};
  RequestTracker t(reqs);
  CapturedResponse r;
  r.requests_before = 2;  // id_c comes after this response
  auto m = t.match(r, "id_a");
  ASSERT_EQ(m.request, &reqs[0]);
  EXPECT_TRUE(m.exact);
  m = t.match(r, "id_c");  // not yet sent: the latest outstanding is named instead
  EXPECT_EQ(m.request, &reqs[1]);
  EXPECT_FALSE(m.exact);
  t.consume(&reqs[0]);
  m = t.match(r, "id_a");  // answered once already
  EXPECT_EQ(m.request, &reqs[1]);
  EXPECT_FALSE(m.exact);
  t.consume(&reqs[1]);
  EXPECT_EQ(t.match(r, "id_a").request, nullptr);
  r.requests_before = 0;
  EXPECT_EQ(t.match(r, "id_c").request, nullptr);
}

}  // namespace
}  // namespace samlh::sp
