// The Okta-shaped Response (okta_response.hpp) with its Assertion signed as
// Okta signs it: right after its Issuer, RSA-SHA256, SHA-256, exclusive c14n
// with InclusiveNamespaces "xs" (bench-sp-validate's subject, the 1 MB
// response of the memory test).
#pragma once

#include <string>
#include <string_view>

#include "core/dsig.hpp"
#include "core/keys.hpp"
#include "core/result.hpp"
#include "core/xml.hpp"
#include "tests/support/okta_response.hpp"

namespace samlh::test {

// Signs the Assertion of `xml` (enveloped, right after its Issuer, exc-c14n
// with InclusiveNamespaces "xs") and returns the serialized Response; fails
// (core::ToolError) only when `xml` cannot be signed.
inline core::ToolResult<std::string> sign_okta_assertion(std::string_view xml, const core::PrivateKey& key) {
  auto doc = core::parse_untrusted(xml);
  if (!doc) return core::fail(core::ToolError::sign_failed, "the response does not parse: " + doc.failure().detail);
  xmlNode* assertion = core::child(xmlDocGetRootElement(doc->get()), core::ns::kSaml, "Assertion");
  if (assertion == nullptr) return core::fail(core::ToolError::sign_failed, "no Assertion");
  core::SignOptions opts;
  opts.inclusive_prefixes = "xs";
  if (auto st = core::sign_enveloped(assertion, key, opts); !st) return st.failure();
  return core::serialize(doc->get());
}

}  // namespace samlh::test
