// The Okta-shaped SAML Response, in separate stages so that the mutations
// module (attack pack) can step in between any two of them:
//
//   ResponseModel  --build_response-->  unsigned xmlDoc      (a) edit the model or the tree
//   sign_assertion / encrypt_assertion / sign_response        (b) edit the signed tree,
//                                                              (c) re-sign with another key
//   serialize_response  -->  bytes
//
// secure_response() runs the signing stages in Okta's order: the Assertion
// is signed first, then encrypted, then the Response is signed over the
// EncryptedAssertion (okta-hotjar.md B.3, B.12).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/dsig.hpp"
#include "core/enc.hpp"
#include "core/handles.hpp"
#include "core/keys.hpp"
#include "core/result.hpp"
#include "core/rng.hpp"

namespace samlh::idp {

struct AttributeModel {
  std::string name;
  std::string name_format;
  std::vector<std::string> values;  // repeated AttributeValue elements (B.9 [O5])
  std::string xsi_type = "xs:string";
};

// Every value of the Response, already resolved. Instants are written with
// milliseconds and a Z (B.6).
struct ResponseModel {
  std::string response_id;   // "id" + digits (B.6)
  std::string assertion_id;
  core::Instant issue_instant{};
  std::string destination;   // empty: no Destination attribute
  std::optional<std::string> in_response_to;  // SP-initiated only (B.14)
  std::string issuer;
  std::string issuer_format = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity";
  std::string status_code = "urn:oasis:names:tc:SAML:2.0:status:Success";
  std::string sub_status_code;  // e.g. NoPassive
  std::string status_message;
  bool include_assertion = true;
  std::string name_id;
  std::string name_id_format;
  std::string recipient;
  core::Instant subject_not_on_or_after{};
  core::Instant not_before{};
  core::Instant not_on_or_after{};
  std::string audience;
  core::Instant authn_instant{};
  std::string session_index;
  std::string authn_context_class_ref;
  std::vector<AttributeModel> attributes;

  bool declares_xs() const { return include_assertion && !attributes.empty(); }
};

// Builds the unsigned tree exactly as B.14 outlines: saml2p/saml2 prefixes,
// Okta's redundant namespace declarations, xs declared on Response and
// Assertion when attributes are present, xs/xsi on every AttributeValue.
core::XmlDocPtr build_response(const ResponseModel& m);

// The Response's direct saml2:Assertion child, or nullptr.
xmlNode* find_assertion(xmlDoc* doc);

// Okta's signature options: the app's algorithms, exc-c14n with
// InclusiveNamespaces "xs" when xs is declared, X509Certificate in KeyInfo (B.3).
core::SignOptions okta_sign_options(core::SignatureAlgorithm sig, core::DigestAlgorithm dig, bool xs_declared);

// Signature right after the element's Issuer, written as Okta writes it
// (okta_signer.hpp). Fails with ToolError::key_mismatch or sign_failed (also
// when the document has no Assertion, or no root, to sign).
core::ToolStatus sign_assertion(xmlDoc* doc, const core::PrivateKey& key, const core::SignOptions& o);
core::ToolStatus sign_response(xmlDoc* doc, const core::PrivateKey& key, const core::SignOptions& o);
// Replaces the Assertion by an EncryptedAssertion (B.12 layout). Fails with
// ToolError::key_mismatch or encrypt_failed.
core::ToolStatus encrypt_assertion(xmlDoc* doc, const core::Certificate& to, const core::EncryptOptions& o,
                               core::Rng& ids);

struct SecurityPlan {
  bool sign_assertion = true;
  bool sign_response = true;
  core::SignOptions sign;
  std::optional<core::EncryptOptions> encrypt;
  const core::Certificate* encrypt_to = nullptr;
};
core::ToolStatus secure_response(xmlDoc* doc, const core::PrivateKey& key, const SecurityPlan& plan, core::Rng& ids);

// Bytes as sent: XML declaration, no reformatting.
std::string serialize_response(const xmlDoc* doc);

}  // namespace samlh::idp
