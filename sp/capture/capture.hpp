// Input formats of `sp validate`: one SAML message (raw XML, the base64 POST
// value, or a form body), or a browser capture holding many (a HAR file, or
// a SAML-tracer JSON export). A capture yields, in file order, every
// SAMLResponse to validate and every AuthnRequest seen, so a response's
// InResponseTo can be matched to a request made earlier in the same capture.
//
// Nothing here decides a verdict: payloads are handed to sp::validate()
// as they were captured (a POST body stays a form body, so RelayState and
// the strict form/base64 rules still apply). A response that cannot even be
// extracted (a Redirect query that does not inflate, a value SAML-tracer
// hashed at export) carries its typed failure and is reported as rejected;
// entries that are skipped are listed in `notes`, never dropped silently.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bindings.hpp"
#include "core/result.hpp"
#include "core/spelling.hpp"
#include "core/xml.hpp"
#include "sp/validator/validator.hpp"

namespace samlh::sp {

enum class CaptureFormat { message, har, saml_tracer };
inline constexpr auto kCaptureFormatSpellings = core::spellings<CaptureFormat>(
    {{CaptureFormat::message, "message"}, {CaptureFormat::har, "har"}, {CaptureFormat::saml_tracer, "saml-tracer"}});
constexpr std::string_view spelling(CaptureFormat f) { return kCaptureFormatSpellings.spelling(f); }

struct CaptureLimits {
  std::size_t max_json_depth = 64;  // HAR and SAML-tracer nest about 6 levels
  core::BindingLimits binding;      // for decoding AuthnRequests and Redirect messages
  core::ParseLimits parse;
};

// An AuthnRequest found in a capture (HTTP-Redirect query or POST SAMLRequest).
struct CapturedRequest {
  std::string id;
  std::optional<std::string> relay_state;
  std::string source;  // "har entry 3: GET https://idp/..."
};

// One SAMLResponse to validate.
struct CapturedResponse {
  std::string source;  // "har entry 12: POST https://sp/acs", "saml-tracer request 4: ..."
  std::string payload;
  InputEncoding encoding = InputEncoding::detect;
  // Set when the message could not be extracted from the capture; the
  // response is then a rejection with this reason (decode failed).
  std::optional<core::Failure> extract_failure;
  std::size_t requests_before = 0;  // AuthnRequests that came earlier in the capture
  // Set when the RelayState posted with the response was filtered at export
  // (SAML-tracer "hash"/"obfuscate"): why it cannot be compared.
  std::optional<std::string> relay_state_unknown;
};

struct Capture {
  CaptureFormat format = CaptureFormat::message;
  std::vector<CapturedResponse> responses;
  std::vector<CapturedRequest> requests;  // in capture order
  std::vector<std::string> notes;         // skipped entries and why
};

struct CaptureRead {
  std::optional<Capture> capture;
  std::string error;  // set iff !capture: the input is a capture that cannot be read
};

// Reads `bytes`: a JSON object (first non-blank byte '{') is a capture: HAR
// when it has log.entries, SAML-tracer when it has a `requests` array;
// malformed or unrecognised JSON is an error. Anything else is one message,
// passed through for the validator to decode (encoding detect).
// `name` labels the single-message source ("stdin", the file name).
CaptureRead read_capture(std::string_view bytes, std::string_view name, const CaptureLimits& limits = {});

// What a response claims, read without trusting it: used only to choose
// among the requests of a capture (the validator then compares the signed
// value with that choice) and to explain a refusal (sp validate's hints).
struct ResponsePeek {
  // The first SubjectConfirmationData InResponseTo of a clear assertion,
  // else the Response's InResponseTo.
  std::string in_response_to;
  std::string issue_instant;           // the Response's, as written
  std::vector<std::string> audiences;  // of a clear assertion, in document order
};
ResponsePeek peek_response(const CapturedResponse& r, const CaptureLimits& limits = {});
inline std::string peek_in_response_to(const CapturedResponse& r, const CaptureLimits& limits = {}) {
  return peek_response(r, limits).in_response_to;
}

// The request a capture's response answers, as a real SP keeps its
// outstanding AuthnRequests: every request seen before the response is
// outstanding until a response answering it is accepted.
class RequestTracker {
 public:
  explicit RequestTracker(const std::vector<CapturedRequest>& requests) : requests_(requests) {}

  struct Match {
    const CapturedRequest* request = nullptr;  // null: no request known before this response
    bool exact = false;                        // the response's InResponseTo names it
  };
  // The outstanding request whose ID equals `in_response_to`; otherwise the
  // most recent outstanding one (so the mismatch is reported); otherwise none.
  Match match(const CapturedResponse& r, std::string_view in_response_to) const;
  // An accepted response consumed its request: it cannot be answered twice.
  void consume(const CapturedRequest* request);

 private:
  bool outstanding(std::size_t i) const;
  const std::vector<CapturedRequest>& requests_;
  std::vector<std::size_t> consumed_;
};

}  // namespace samlh::sp
