#include "sp/validator/structure_scan.hpp"

#include "core/xml.hpp"

namespace samlh::sp::detail {
namespace {

using core::Reason;
namespace ns = core::ns;

bool is_saml_ns(const xmlNode* n) { return core::ns_uri(n) == ns::kSaml || core::ns_uri(n) == ns::kSamlp; }

// Simple-content types (saml-schema-assertion/protocol-2.0, xmldsig-core:
// string, anyURI, base64Binary): a child element is a schema violation. Not
// AttributeValue (anyType), SubjectConfirmationData, StatusDetail or
// StatusCode, whose types allow children.
bool simple_content(const xmlNode* n) {
  const std::string_view uri = core::ns_uri(n);
  const std::string_view name = core::local_name(n);
  if (uri == ns::kSaml) {
    return name == "Issuer" || name == "NameID" || name == "Audience" || name == "AuthnContextClassRef" ||
           name == "AuthnContextDeclRef" || name == "AuthenticatingAuthority";
  }
  if (uri == ns::kSamlp) return name == "StatusMessage";
  if (uri == ns::kDs) return name == "DigestValue" || name == "SignatureValue" || name == "X509Certificate";
  return false;
}

bool allowed_assertion_parent(const xmlNode* parent, const xmlNode* response) {
  if (parent == response) return true;
  return core::is_element(parent, ns::kSaml, "EncryptedAssertion") && parent->parent == response;
}

// Right after the Issuer (or first, when there is no Issuer) of the Response
// or of an assertion that sits where assertions may sit.
bool allowed_signature(const xmlNode* sig, const xmlNode* response) {
  const xmlNode* parent = sig->parent;
  const bool parent_ok = parent == response || (core::is_element(parent, ns::kSaml, "Assertion") &&
                                                allowed_assertion_parent(parent->parent, response));
  if (!parent_ok) return false;
  const xmlNode* first = core::first_element(parent);
  if (core::is_element(first, ns::kSaml, "Issuer")) return core::next_element(first) == sig;
  return first == sig;
}

}  // namespace

core::Status StructureScan::run(const xmlNode* top, const xmlNode* response) {
  const xmlNode* sig_ancestor = nullptr;
  bool in_enc = false;
  for (const xmlNode* p = top->parent; p != nullptr && p->type == XML_ELEMENT_NODE; p = p->parent) {
    if (core::is_element(p, ns::kDs, "Signature") && sig_ancestor == nullptr) sig_ancestor = p;
    if (core::ns_uri(p) == ns::kXenc) in_enc = true;
  }
  return visit(top, response, sig_ancestor, in_enc);
}

core::Status StructureScan::visit(const xmlNode* n, const xmlNode* response, const xmlNode* signature_ancestor,
                                  bool in_encryption) {
  const std::string_view uri = core::ns_uri(n);
  const std::string name{core::local_name(n)};
  if (n->ns == nullptr) return core::fail(Reason::struct_schema, "element <" + name + "> in no namespace");
  if (core::is_element(n, ns::kSamlp, "Response") && n != response) {
    return core::fail(Reason::struct_schema, "a Response inside the Response");
  }
  if ((core::is_element(n, ns::kSaml, "Assertion") || core::is_element(n, ns::kSaml, "EncryptedAssertion")) &&
      !allowed_assertion_parent(n->parent, response)) {
    return core::fail(Reason::struct_assertion_count, "an assertion inside " + std::string(core::local_name(n->parent)));
  }
  if (core::is_element(n, ns::kDs, "Signature")) {
    if (signature_ancestor != nullptr || in_encryption || !allowed_signature(n, response)) {
      return core::fail(Reason::struct_signature_placement,
                        "Signature inside " + std::string(core::local_name(n->parent)) + " where none is allowed");
    }
    signature_ancestor = n;
  } else if (uri == ns::kDs && signature_ancestor == nullptr && !in_encryption) {
    // SignedInfo, DigestValue... outside a signature (CVE-2024-45409 recipe)
    return core::fail(Reason::struct_signature_placement, "ds:" + name + " outside any Signature");
  }
  if (simple_content(n) && core::first_element(n) != nullptr) {
    return core::fail(Reason::struct_schema, std::string(uri == ns::kDs ? "ds:" : "") + name +
                                                 " carries a child element; its type is simple content");
  }
  if (uri == ns::kXenc) in_encryption = true;
  if (auto st = check_attributes(n); !st) return st;
  for (const xmlNode* ch = n->children; ch != nullptr; ch = ch->next) {
    if (ch->type != XML_ELEMENT_NODE) continue;
    if (auto st = visit(ch, response, signature_ancestor, in_encryption); !st) return st;
  }
  return {};
}

core::Status StructureScan::check_attributes(const xmlNode* n) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    const std::string_view name = core::as_view(a->name);
    const std::string_view a_ns = a->ns != nullptr ? core::as_view(a->ns->href) : std::string_view{};
    if (a->ns != nullptr) {
      if (a_ns == ns::kXml && name == "id") return core::fail(Reason::struct_id_attribute, "xml:id attribute");
      if (name == "ID" || name == "Id") {
        return core::fail(Reason::struct_id_attribute, "namespaced " + std::string(name) + " attribute");
      }
      continue;
    }
    if (name == "ID") {
      std::string value;
      for (const xmlNode* t = a->children; t != nullptr; t = t->next) value += core::as_view(t->content);
      if (!ids_.insert(value).second) return core::fail(Reason::struct_duplicate_id, "ID '" + value + "' used twice");
    } else if (is_saml_ns(n) && (name == "Id" || name == "AssertionID" || name == "ResponseID")) {
      return core::fail(Reason::struct_id_attribute, std::string(name) + " on " + std::string(core::local_name(n)));
    }
  }
  return {};
}

}  // namespace samlh::sp::detail
