// libFuzzer target: arbitrary bytes as a `sp validate` INPUT: capture
// detection, the JSON parser, the HAR and SAML-tracer readers, AuthnRequest
// decoding, and the untrusted InResponseTo peek. (The responses found are
// not validated here; fuzz_validate covers the validator.)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/init.hpp"
#include "sp/capture/capture.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  static auto* guard = new samlh::core::LibraryGuard;  // never destroyed
  (void)guard;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const samlh::sp::CaptureRead read = samlh::sp::read_capture(input, "fuzz");
  if (read.capture.has_value() == !read.error.empty()) std::abort();
  if (!read.capture) return 0;
  samlh::sp::RequestTracker tracker(read.capture->requests);
  for (const samlh::sp::CapturedResponse& r : read.capture->responses) {
    if (r.requests_before > read.capture->requests.size()) std::abort();
    const std::string irt = samlh::sp::peek_in_response_to(r);
    const auto m = tracker.match(r, irt);
    if (m.exact && m.request->id != irt) std::abort();
    if (m.exact) tracker.consume(m.request);
  }
  return 0;
}
