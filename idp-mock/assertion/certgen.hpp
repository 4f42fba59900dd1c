// Okta-shaped signing certificates for "Generate new certificate" (B.4):
// RSA-2048, sha256WithRSA, self-signed, subject C=US, ST=California,
// L=San Francisco, O=Okta, OU=SSOProvider, CN=<org>, emailAddress=info@okta.com;
// serial = creation time in epoch milliseconds; NotBefore = creation - 60 s;
// NotAfter = creation + N years (2-10, default 10).
#pragma once

#include <string>

#include "core/clock.hpp"
#include "core/keys.hpp"
#include "core/result.hpp"
#include "core/tool_error.hpp"

namespace samlh::idp {

// Key material comes from OpenSSL's RAND (never from the seed). Fails with
// ToolError::keygen_failed when OpenSSL cannot make the key or certificate.
core::ToolResult<core::PrivateKey> generate_okta_certificate(const std::string& org, core::Instant created,
                                                         int validity_years = 10);

}  // namespace samlh::idp
