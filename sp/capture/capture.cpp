#include "sp/capture/capture.hpp"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "sp/capture/capture_formats.hpp"

namespace samlh::sp {
namespace {

using nlohmann::json;
namespace ns = core::ns;

std::string_view trim_leading(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  return s;
}

// Why: nlohmann's parser is iterative, but refusing absurd nesting before
// building a tree keeps a hostile capture from costing more than its size.
bool nesting_within(std::string_view s, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : s) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return true;
}

// Parts of a capture we never read; dropped while parsing so a HAR full of
// page content costs little more than its SAML messages.
bool ignored_key(std::string_view k) {
  static constexpr std::array<std::string_view, 13> kIgnored{
      "response", "responseHeaders", "requestHeaders", "headers", "cookies", "timings", "cache",
      "pages",    "content",         "_initiator",     "creator", "browser", "_webSocketMessages"};
  return std::find(kIgnored.begin(), kIgnored.end(), k) != kIgnored.end();
}

bool hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// A base64 POST value still percent-encoded, as copied out of a form body or
// a URL ("PHNhbWxw...%3D%3D"): only base64 letters, digits, '/', line breaks
// and valid %XX escapes, at least one escape. Base64 never contains '%'. A
// raw '+' or '=' beside escapes is ambiguous (was it encoded or not?) and
// left to the validator, whose refusal `sp validate` explains.
bool percent_encoded_base64(std::string_view v) {
  bool escaped = false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (c == '%') {
      if (i + 2 >= v.size() || !hex(v[i + 1]) || !hex(v[i + 2])) return false;
      escaped = true;
      i += 2;
    } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '\r' ||
                 c == '\n')) {
      return false;
    }
  }
  return escaped;
}

}  // namespace

CaptureRead read_capture(std::string_view bytes, std::string_view name, const CaptureLimits& limits) {
  const std::string_view t = trim_leading(bytes);
  if (t.empty() || t.front() != '{') {
    Capture c;
    c.format = CaptureFormat::message;
    CapturedResponse r;
    r.source = std::string(name);
    r.payload = std::string(bytes);
    r.encoding = InputEncoding::detect;
    std::string_view value = t;
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r' || value.back() == ' ')) value.remove_suffix(1);
    if (percent_encoded_base64(value)) {
      // Read as the SAMLResponse field of a form body: the form decoder
      // percent-decodes it under the same strict rules as any POST.
      r.payload = "SAMLResponse=";
      for (const char ch : value) {
        if (ch != '\r' && ch != '\n') r.payload += ch;
      }
      r.encoding = InputEncoding::form;
      c.notes.push_back(std::string(name) + " looks URL-encoded (percent-encoded base64): percent-decoded before reading it");
    }
    c.responses.push_back(std::move(r));
    return {std::move(c), {}};
  }
  if (!nesting_within(t, limits.max_json_depth)) {
    return {std::nullopt, "the JSON capture is nested deeper than " + std::to_string(limits.max_json_depth) + " levels"};
  }
  json doc;
  try {
    doc = json::parse(t.begin(), t.end(), [](int, json::parse_event_t event, json& parsed) {
      return !(event == json::parse_event_t::key && parsed.is_string() && ignored_key(parsed.get_ref<const std::string&>()));
    });
  } catch (const json::exception& e) {
    return {std::nullopt, std::string("the input starts like a JSON capture (HAR or SAML-tracer) but is not valid JSON: ") +
                              e.what()};
  }
  if (!doc.is_object()) return {std::nullopt, "the JSON capture is not an object"};
  if (doc.contains("log") && doc["log"].is_object() && doc["log"].contains("entries")) {
    return detail::read_har(doc, limits);
  }
  if (doc.contains("requests")) return detail::read_saml_tracer(doc, limits);
  return {std::nullopt,
          "the JSON input is neither a HAR file (no log.entries) nor a SAML-tracer export (no \"requests\" array)"};
}

ResponsePeek peek_response(const CapturedResponse& r, const CaptureLimits& limits) {
  ResponsePeek p;
  if (r.extract_failure) return p;
  auto xml = detail::decode_payload(r.payload, r.encoding, limits.binding);
  if (!xml) return p;
  auto doc = core::parse_untrusted(*xml, limits.parse);
  if (!doc) return p;
  const xmlNode* root = xmlDocGetRootElement(doc->get());
  if (!core::is_element(root, ns::kSamlp, "Response")) return p;
  p.issue_instant = core::attr(root, "IssueInstant");
  const xmlNode* assertion = core::child(root, ns::kSaml, "Assertion");
  for (const xmlNode* sc : core::elements(core::child(assertion, ns::kSaml, "Subject"))) {
    if (!core::is_element(sc, ns::kSaml, "SubjectConfirmation")) continue;
    const std::string irt = core::attr(core::child(sc, ns::kSaml, "SubjectConfirmationData"), "InResponseTo");
    if (!irt.empty() && p.in_response_to.empty()) p.in_response_to = irt;
  }
  if (p.in_response_to.empty()) p.in_response_to = core::attr(root, "InResponseTo");
  for (const xmlNode* ar : core::elements(core::child(assertion, ns::kSaml, "Conditions"))) {
    if (!core::is_element(ar, ns::kSaml, "AudienceRestriction")) continue;
    for (const xmlNode* a : core::elements(ar)) {
      if (core::is_element(a, ns::kSaml, "Audience")) p.audiences.push_back(core::text(a));
    }
  }
  return p;
}

bool RequestTracker::outstanding(std::size_t i) const {
  return std::find(consumed_.begin(), consumed_.end(), i) == consumed_.end();
}

RequestTracker::Match RequestTracker::match(const CapturedResponse& r, std::string_view in_response_to) const {
  const std::size_t n = std::min(r.requests_before, requests_.size());
  if (!in_response_to.empty()) {
    for (std::size_t i = n; i-- > 0;) {
      if (outstanding(i) && requests_[i].id == in_response_to) return {&requests_[i], true};
    }
  }
  for (std::size_t i = n; i-- > 0;) {
    if (outstanding(i)) return {&requests_[i], false};
  }
  return {};
}

void RequestTracker::consume(const CapturedRequest* request) {
  if (request == nullptr || requests_.empty()) return;
  const auto i = static_cast<std::size_t>(request - requests_.data());
  if (i < requests_.size() && outstanding(i)) consumed_.push_back(i);
}

}  // namespace samlh::sp
