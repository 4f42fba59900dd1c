// Okta's enveloped XML signature, written the way Okta writes it
// (okta-hotjar.md B.3 [X1]): no whitespace inside ds:Signature,
// <ec:InclusiveNamespaces xmlns:ec=... PrefixList="xs"/> in the exc-c14n
// transform, the certificate in KeyInfo wrapped at 76 columns, the
// Signature right after the element's Issuer.
//
// Why not core::sign_enveloped: xmlsec's templates indent the Signature and
// use a default-namespace InclusiveNamespaces, which Okta does not, and its
// transform machinery costs about a third of an RSA-2048 signature per call
// (bench-idp-mint). This signer digests the exclusive c14n of the element
// (taken before the Signature exists, which is what the enveloped transform
// yields), canonicalises SignedInfo with libxml2, and signs with OpenSSL
// EVP. Every output is verified by core::verify_enveloped (xmlsec) in tests.
#pragma once

#include <libxml/tree.h>

#include "core/dsig.hpp"
#include "core/keys.hpp"
#include "core/result.hpp"
#include "core/tool_error.hpp"

namespace samlh::idp {

// Registers the element's ID and signs it. Fails with ToolError::key_mismatch
// (the key type does not fit the algorithm) or sign_failed (no usable ID, c14n
// or crypto failure): the IdP's own failure, never a message reason.
core::ToolStatus okta_sign_enveloped(xmlNode* element, const core::PrivateKey& key, const core::SignOptions& options);

// libxml2's exclusive c14n (no comments) of one subtree, with a space
// separated InclusiveNamespaces list; the reference for exc_c14n_fast.
bool exc_c14n_libxml2(xmlNode* root, const std::string& inclusive_prefixes, std::string& out);

}  // namespace samlh::idp
