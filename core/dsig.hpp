// XML Signature: enveloped signing (idp-mock) and strict verification (sp).
//
// Verification is split the opensaml way: check_signature_profile() decides
// the shape (one SignedInfo, one Reference to '#'+ID of the element that
// carries the signature, only enveloped + c14n-without-comments transforms,
// allow-listed algorithms) without crypto; verify_enveloped() then runs
// xmlsec with pinned keys only. KeyInfo is never read for a key and never
// dereferenced.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/tree.h>

#include "core/keys.hpp"
#include "core/result.hpp"

namespace samlh::core {

enum class SignatureAlgorithm { rsa_sha1, rsa_sha256, rsa_sha384, rsa_sha512, ecdsa_sha256, ecdsa_sha384, ecdsa_sha512 };
enum class DigestAlgorithm { sha1, sha256, sha384, sha512 };

std::string_view uri(SignatureAlgorithm a);
std::string_view uri(DigestAlgorithm a);
std::optional<SignatureAlgorithm> signature_algorithm_from_uri(std::string_view u);
std::optional<DigestAlgorithm> digest_algorithm_from_uri(std::string_view u);

inline constexpr std::string_view kUriExcC14n = "http://www.w3.org/2001/10/xml-exc-c14n#";
inline constexpr std::string_view kUriC14n = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
inline constexpr std::string_view kUriEnveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

// Registers the unqualified ID attribute of `element` as an XML ID so that
// '#id' references resolve to it. Fails with struct_id_attribute when the
// element has no ID, struct_duplicate_id when the value is already taken.
Status register_id(xmlDoc* doc, xmlNode* element);

struct SignOptions {
  SignatureAlgorithm signature = SignatureAlgorithm::rsa_sha256;
  DigestAlgorithm digest = DigestAlgorithm::sha256;
  // exc-c14n InclusiveNamespaces PrefixList (Okta: "xs"); empty = none.
  std::string inclusive_prefixes;
  bool include_certificate = true;  // KeyInfo/X509Data/X509Certificate
};

// Signs `element` (which must carry an ID) with an enveloped signature placed
// right after its saml Issuer child (or first, when there is none), prefix
// "ds", Reference URI '#'+ID, transforms enveloped + exc-c14n. Registers the
// ID itself. Fails with ToolError::key_mismatch when the key type does not
// fit the algorithm, sign_failed when the element has no usable ID or xmlsec
// fails.
ToolStatus sign_enveloped(xmlNode* element, const PrivateKey& key, const SignOptions& options);

struct SignaturePolicy {
  bool allow_sha1 = false;  // RSA-SHA1 and SHA-1 digests, then reported weak
};

struct SignatureFacts {
  std::string signature_method;
  std::string digest_method;
  std::string c14n_method;
  std::vector<std::string> transforms;
  std::string reference_uri;
  std::vector<Weakness> weak;
};

// Static profile of a ds:Signature that must sign `signed_element`, its
// parent. Reasons: sig_structure, sig_reference, sig_transform, sig_algorithm.
Result<SignatureFacts> check_signature_profile(const xmlNode* signature, const xmlNode* signed_element,
                                               const SignaturePolicy& policy);

struct Verified {
  std::size_t key_index = 0;  // which pinned certificate verified it
  SignatureFacts facts;
};

// Profile check, then cryptographic verification with each pinned key in
// turn (two during rollover). `signed_element`'s ID must be registered.
// Reasons: the profile's, then sig_untrusted_key when the SignatureValue was
// provably made with the (unpinned) key of the certificate in KeyInfo, else
// sig_invalid (a digest failed, or the SignatureValue does not verify).
Result<Verified> verify_enveloped(xmlNode* signature, xmlNode* signed_element, std::span<const Certificate> keys,
                                  const SignaturePolicy& policy);

}  // namespace samlh::core
