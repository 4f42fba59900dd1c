// Shared tools for the mutation recipes: load the IdP's response, find its
// parts, sign it as the IdP or as the attacker, craft signatures with odd
// transforms or algorithms (still cryptographically valid), serialize.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xmlsec/xmlsec.h>
#include <xmlsec/transforms.h>

#include "attacks/mutations.hpp"
#include "core/handles.hpp"
#include "core/xml.hpp"

namespace samlh::idp::mut {

struct Doc {
  core::XmlDocPtr doc;
  xmlNode* response = nullptr;
  xmlNode* assertion = nullptr;  // the first saml:Assertion child of the Response
};

MutationResult<Doc> load(std::string_view xml);
std::string dump(const Doc& d);

// Navigation (namespace-aware).
xmlNode* saml_child(const xmlNode* parent, std::string_view local);
xmlNode* samlp_child(const xmlNode* parent, std::string_view local);
xmlNode* ds_child(const xmlNode* parent, std::string_view local);
xmlNode* subject(const Doc& d);
xmlNode* name_id(const Doc& d);
xmlNode* confirmation_data(const Doc& d);  // first bearer SubjectConfirmationData
xmlNode* conditions(const Doc& d);
xmlNode* attribute_value(const Doc& d, std::string_view name);  // first value of the named Attribute

void set_text(xmlNode* n, std::string_view text);
void set_attr(xmlNode* n, std::string_view name, std::string_view value);
void remove_attr(xmlNode* n, std::string_view name);
void remove_node(xmlNode* n);
xmlNode* deep_copy(const xmlNode* n);
// A new element in the given namespace (declared on it when not in scope
// at `where`), not yet inserted.
xmlNode* new_element(xmlNode* where, std::string_view ns_uri, std::string_view prefix, std::string_view local);
// An element in no namespace, as SAML Raider's createElement makes.
xmlNode* new_plain_element(xmlDoc* doc, std::string_view local);

void strip_signature(xmlNode* element);
void strip_all_signatures(Doc& d);

// Sign as the IdP per the variant (Assertion first, then the Response).
MutationStatus sign_variant(Doc& d, SigningVariant v, const MutationMaterial& m);
MutationStatus sign_element(xmlNode* element, const core::PrivateKey& key, const core::SignOptions& o);
// Encrypt the (signed) Assertion to the SP certificate.
MutationStatus encrypt(Doc& d, const MutationMaterial& m, const core::EncryptOptions& o);

// A crafted enveloped signature: any c14n, method, references and transforms
// xmlsec can produce, placed after the element's Issuer.
struct TransformSpec {
  xmlSecTransformId id = nullptr;
  std::string xpath;                // XPath / XPath2 expression
  std::string xpath2_type;          // "intersect" | "subtract" | "union"
  std::string xslt;                 // stylesheet for the XSLT transform
  std::string inclusive_prefixes;   // exc-c14n PrefixList
};
struct ReferenceSpec {
  std::string uri;
  xmlSecTransformId digest = nullptr;
  std::vector<TransformSpec> transforms;
};
struct CraftedSignature {
  xmlSecTransformId c14n = nullptr;
  xmlSecTransformId method = nullptr;
  std::vector<ReferenceSpec> references;
  std::optional<std::string> hmac_key;  // HMAC methods: the shared secret bytes
  int hmac_output_bits = 0;             // >0: add HMACOutputLength
  bool include_certificate = true;
};
MutationStatus sign_crafted(xmlNode* element, const core::PrivateKey& key, const CraftedSignature& spec);
// The standard Reference for `element`: '#ID', enveloped + exc-c14n, SHA-256.
ReferenceSpec standard_reference(const xmlNode* element);

// Recomputes the SignatureValue over the (edited) SignedInfo of `signature`
// with RSA or ECDSA per its SignatureMethod, so that a shape edit inside
// SignedInfo still yields a cryptographically valid signature. The c14n is
// libxml2's (exclusive, or inclusive per CanonicalizationMethod).
MutationStatus resign_signed_info(xmlNode* signature, const core::PrivateKey& key, core::SignatureAlgorithm alg);

// Base64 of the bytes for the POST form.
Post as_post(std::string xml);
Mutated one(std::string xml, std::string note);

// not_applicable: the material or the base does not allow the recipe.
core::Error<MutationError> cannot(std::string why);
// build_failed: a core step failed; the detail keeps its code and detail.
template <class Code>
core::Error<MutationError> failed(const core::Error<Code>& e) {
  return {MutationError::build_failed, std::string(spelling(e.reason)) + ": " + e.detail};
}

}  // namespace samlh::idp::mut
