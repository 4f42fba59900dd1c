// One walk over the message (or a decrypted subtree) enforcing the shape
// rules that schemas leave to extension points (Extensions, StatusDetail,
// Advice, AttributeValue, ds:Object):
//   - no element in no namespace (XSW-7, NS-6) -> struct_schema
//   - no Response but the root (XSW-1/2) -> struct_schema
//   - assertions only as direct children of the Response (or, decrypted, of
//     its EncryptedAssertion) (XSW-3/4, SX-4/8, MA-*) -> struct_assertion_count
//   - ds:Signature only as the child right after the Issuer of the Response
//     or of that Assertion; no signature parts anywhere else (MS-*, CVE-2024-45409,
//     CVE-2024-8698) -> struct_signature_placement
//   - elements whose schema type is simple content (Issuer, NameID, Audience,
//     AuthnContextClassRef/DeclRef, AuthenticatingAuthority, StatusMessage,
//     ds:DigestValue, ds:SignatureValue, ds:X509Certificate) carry no child
//     element, whatever its namespace: the text read would not be the text
//     the type defines (CVE-2017-11427 class) -> struct_schema
//   - IDs: unqualified ID values unique (XSW-7/8, ID-1) -> struct_duplicate_id;
//     no xml:id (ID-4), no prefixed *:ID (ID-5), no Id/AssertionID/ResponseID on
//     SAML elements (ID-2/3) -> struct_id_attribute
#pragma once

#include <set>
#include <string>

#include <libxml/tree.h>

#include "core/result.hpp"

namespace samlh::sp::detail {

class StructureScan {
 public:
  // Scans `top` and its descendants; `response` is the document's Response.
  core::Status run(const xmlNode* top, const xmlNode* response);
  std::size_t ids() const { return ids_.size(); }

 private:
  core::Status visit(const xmlNode* n, const xmlNode* response, const xmlNode* signature_ancestor,
                     bool in_encryption);
  core::Status check_attributes(const xmlNode* n);
  std::set<std::string> ids_;
};

}  // namespace samlh::sp::detail
