// Hardened parsing of untrusted XML, and small read-only helpers over the
// libxml2 tree.
//
// parse_untrusted() is the only way untrusted bytes become a tree. It refuses
// (with the reason in brackets):
//   - more than ParseLimits::max_bytes bytes                    [xml_too_large]
//   - a NUL byte, a UTF-16/32 BOM or a non-UTF-8 declaration   [xml_encoding]
//   - any DOCTYPE, internal or external; parsing stops at it,
//     so no entity is ever declared or expanded               [xml_doctype]
//   - nesting deeper than max_depth                            [xml_too_deep]
//   - more than max_nodes elements+attributes+comments+PIs,
//     or more than max_attributes on one element              [xml_too_many_nodes]
//   - namespace errors and warnings (undeclared prefix, bad
//     QName, relative namespace URI: the "void c14n" class)   [xml_namespace]
//   - anything else libxml2 reports, errors or warnings        [xml_malformed]
// Never set: NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE, HUGE, RECOVER;
// NONET is always set. Defaults are documented in README ("Limits").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <libxml/tree.h>

#include "core/handles.hpp"
#include "core/result.hpp"

namespace samlh::core {

struct ParseLimits {
  std::size_t max_bytes = 4 * 1024 * 1024;  // a 1 MB response passes, 30 MB does not
  int max_depth = 64;                         // SAML needs about 12; 10,000 levels are refused
  std::size_t max_nodes = 200'000;            // elements + attributes + comments + PIs
  std::size_t max_attributes = 64;            // attributes + namespace declarations on one element
};

Result<XmlDocPtr> parse_untrusted(std::string_view bytes, const ParseLimits& limits = {});

// --- namespaces ---------------------------------------------------------------
namespace ns {
inline constexpr std::string_view kSamlp = "urn:oasis:names:tc:SAML:2.0:protocol";
inline constexpr std::string_view kSaml = "urn:oasis:names:tc:SAML:2.0:assertion";
inline constexpr std::string_view kMd = "urn:oasis:names:tc:SAML:2.0:metadata";
inline constexpr std::string_view kDs = "http://www.w3.org/2000/09/xmldsig#";
inline constexpr std::string_view kDs11 = "http://www.w3.org/2009/xmldsig11#";
inline constexpr std::string_view kXenc = "http://www.w3.org/2001/04/xmlenc#";
inline constexpr std::string_view kXenc11 = "http://www.w3.org/2009/xmlenc11#";
inline constexpr std::string_view kExcC14n = "http://www.w3.org/2001/10/xml-exc-c14n#";
inline constexpr std::string_view kXs = "http://www.w3.org/2001/XMLSchema";
inline constexpr std::string_view kXsi = "http://www.w3.org/2001/XMLSchema-instance";
inline constexpr std::string_view kXml = "http://www.w3.org/XML/1998/namespace";
}  // namespace ns

// --- read helpers (namespace-aware, never prefix-based) -----------------------
inline std::string_view as_view(const xmlChar* s) {
  return s == nullptr ? std::string_view{} : std::string_view{reinterpret_cast<const char*>(s)};
}
inline const xmlChar* as_xml(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

std::string_view ns_uri(const xmlNode* n);
std::string_view local_name(const xmlNode* n);
bool is_element(const xmlNode* n, std::string_view ns_uri, std::string_view local);

xmlNode* first_element(const xmlNode* parent);
xmlNode* next_element(const xmlNode* n);
// First child element with this namespace and local name, or nullptr.
xmlNode* child(const xmlNode* parent, std::string_view ns_uri, std::string_view local);
std::size_t count_children(const xmlNode* parent, std::string_view ns_uri, std::string_view local);

// An unqualified attribute (no namespace). nullptr when absent.
xmlAttr* attr_node(const xmlNode* n, std::string_view name);
bool has_attr(const xmlNode* n, std::string_view name);
// The value of an unqualified attribute; empty when absent.
std::string attr(const xmlNode* n, std::string_view name);

// The whole text content of an element, concatenating every text and CDATA
// descendant (comments and PIs contribute nothing). Identity is read this way
// so that a comment or CDATA split can never truncate a value (CVE-2017-11427).
std::string text(const xmlNode* n);

// Iterate child elements: for (xmlNode* c : elements(parent)) ...
class ElementRange {
 public:
  class It {
   public:
    explicit It(xmlNode* n) : n_(n) {}
    xmlNode* operator*() const { return n_; }
    It& operator++() {
      n_ = next_element(n_);
      return *this;
    }
    bool operator!=(const It& o) const { return n_ != o.n_; }

   private:
    xmlNode* n_;
  };
  explicit ElementRange(const xmlNode* parent) : first_(first_element(parent)) {}
  It begin() const { return It{first_}; }
  It end() const { return It{nullptr}; }

 private:
  xmlNode* first_;
};
inline ElementRange elements(const xmlNode* parent) { return ElementRange{parent}; }

// --- writing ---------------------------------------------------------------------
// Serialise a document byte-exactly as the tree holds it (no reformatting),
// with an XML declaration when with_declaration is true.
std::string serialize(const xmlDoc* doc, bool with_declaration = true);
std::string serialize_node(const xmlNode* node);

}  // namespace samlh::core
