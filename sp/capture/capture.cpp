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

std::string peek_in_response_to(const CapturedResponse& r, const CaptureLimits& limits) {
  if (r.extract_failure) return {};
  auto xml = detail::decode_payload(r.payload, r.encoding, limits.binding);
  if (!xml) return {};
  auto doc = core::parse_untrusted(*xml, limits.parse);
  if (!doc) return {};
  const xmlNode* root = xmlDocGetRootElement(doc->get());
  if (!core::is_element(root, ns::kSamlp, "Response")) return {};
  const xmlNode* subject = core::child(core::child(root, ns::kSaml, "Assertion"), ns::kSaml, "Subject");
  for (const xmlNode* sc : core::elements(subject)) {
    if (!core::is_element(sc, ns::kSaml, "SubjectConfirmation")) continue;
    const std::string irt = core::attr(core::child(sc, ns::kSaml, "SubjectConfirmationData"), "InResponseTo");
    if (!irt.empty()) return irt;
  }
  return core::attr(root, "InResponseTo");
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
