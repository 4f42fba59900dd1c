// The inspectors' view of an XML message (`sp serve --demo`, `idp-mock serve
// --demo`): pretty-printed as HTML, every element marked with the signatures that cover it, or as
// unsigned when it lies outside every one; each ds:Signature described (the
// element its Reference names, the transforms). Everything from the message
// is HTML-escaped here, and the output is bounded: a huge or hostile message
// is cut, and the view says so.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace samlh::core {

struct SignatureView {
  std::string location;        // the Signature's path, e.g. "/samlp:Response/saml:Assertion/ds:Signature"
  std::string reference_uri;   // "#id", "" (the whole document), or what the message says
  std::vector<std::string> transforms;  // Algorithm URIs, in order
  std::string covers;          // the path of the element it names ("": none in the message)
  std::size_t id_matches = 0;  // elements carrying the referenced ID (more than one: ambiguous, XSW)
};

struct XmlView {
  std::string html;  // a <div class="xml"> block (escaped, bounded)
  std::vector<SignatureView> signatures;
  std::size_t elements = 0;           // rendered
  std::size_t unsigned_elements = 0;  // rendered outside every signature (Signature blocks not counted)
  bool truncated = false;             // the view stopped at its bound
  std::string parse_error;            // not well-formed: shown as escaped text instead
};

struct XmlViewLimits {
  std::size_t max_html = 512 * 1024;  // the view stops once its HTML reaches this
  std::size_t max_text = 2048;        // characters of one text node or attribute value shown
};

XmlView render_xml(std::string_view xml, const XmlViewLimits& limits = {});

// The CSS rules for the HTML render_xml writes (classes xml, el, signed,
// unsigned, sigblock, mark, tag, attr, text, comment, cut).
std::string_view xml_view_css();

}  // namespace samlh::core
