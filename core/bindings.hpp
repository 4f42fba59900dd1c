// SAML bindings: HTTP-POST (base64 in a form) and HTTP-Redirect (raw DEFLATE,
// base64, query string, optional query-string signature).
//
// Every decoder is bounded before it allocates: sizes are checked on the
// encoded input, and inflation stops at a cap (compression bombs).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/dsig.hpp"
#include "core/keys.hpp"
#include "core/result.hpp"

namespace samlh::core {

struct BindingLimits {
  std::size_t max_encoded = 8 * 1024 * 1024;  // form body / query / base64 text
  std::size_t max_decoded = 4 * 1024 * 1024;  // XML after base64 and inflate
};

// Strict base64 (RFC 4648 alphabet, '=' padding required and canonical, zero
// pad bits). ASCII whitespace (space, tab, CR, LF) between groups is allowed
// because IdPs wrap lines. Reasons: binding_bad_base64, binding_too_large.
Result<std::string> base64_decode(std::string_view in, std::size_t max_out);
std::string base64_encode(std::string_view in, std::size_t wrap = 0);

// application/x-www-form-urlencoded. A field may appear once; '+' is a space;
// %XX must be valid hex. Reasons: binding_bad_form, binding_too_large.
using FormFields = std::vector<std::pair<std::string, std::string>>;
Result<FormFields> parse_form(std::string_view body, const BindingLimits& limits = {});
const std::string* form_get(const FormFields& f, std::string_view name);
std::string url_encode(std::string_view s);   // RFC 3986 unreserved kept
std::string form_encode(const FormFields& f);  // a=b&c=d

// Raw DEFLATE (RFC 1951, no zlib header), as the Redirect binding requires.
// Reasons: binding_inflate_failed, binding_inflate_too_large.
Result<std::string> inflate_raw(std::string_view in, std::size_t max_out);
std::string deflate_raw(std::string_view in);

// The HTTP-POST binding: the value of SAMLResponse / SAMLRequest.
Result<std::string> decode_post_value(std::string_view b64, const BindingLimits& limits = {});

// --- HTTP-Redirect ---------------------------------------------------------------
struct RedirectMessage {
  std::string xml;
  std::optional<std::string> relay_state;
  std::optional<std::string> sig_alg;    // URI
  std::optional<std::string> signature;  // raw bytes (decoded)
  // Bytes the signature covers, taken from the raw query exactly as received
  // ("SAMLRequest=...&RelayState=...&SigAlg=..."), never re-encoded.
  std::string signed_input;
};

// `param` is "SAMLRequest" or "SAMLResponse". Reasons: binding_missing,
// binding_bad_form, binding_bad_base64, binding_inflate_*, binding_too_large.
Result<RedirectMessage> decode_redirect(std::string_view raw_query, std::string_view param,
                                        const BindingLimits& limits = {});

// Builds the query string (without '?'); signs it when `key` is given.
std::string encode_redirect(std::string_view xml, std::string_view param, std::optional<std::string_view> relay_state,
                            const PrivateKey* key = nullptr,
                            SignatureAlgorithm alg = SignatureAlgorithm::rsa_sha256);

// Verifies a Redirect-binding signature with the pinned keys. Reasons:
// binding_signature (missing, algorithm refused, or no key verifies).
Status verify_redirect_signature(const RedirectMessage& m, std::span<const Certificate> keys, bool allow_sha1);

// Raw signature primitives (also used by the benchmarks as the reference).
// sign_bytes fails with ToolError::key_mismatch or sign_failed.
ToolResult<std::string> sign_bytes(std::string_view data, const PrivateKey& key, SignatureAlgorithm alg);
bool verify_bytes(std::string_view data, std::string_view sig, EVP_PKEY* key, SignatureAlgorithm alg);

// An HTML page that POSTs `fields` to `action` on load (the POST binding's
// auto-submit form), with a visible button when scripts are off.
std::string auto_post_form(std::string_view action, const FormFields& fields, std::string_view title = "Continue");
std::string html_escape(std::string_view s);

}  // namespace samlh::core
