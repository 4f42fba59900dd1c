// decode, parse, structure: from bytes to a Response whose shape is known.
#include <set>
#include <string>

#include "core/dsig.hpp"
#include "core/xml.hpp"
#include "sp/validator/structure_scan.hpp"
#include "sp/validator/validator_context.hpp"

namespace samlh::sp::detail {
namespace {

using core::Reason;
namespace ns = core::ns;

std::string_view trim_leading(std::string_view s) {
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF && static_cast<unsigned char>(s[1]) == 0xBB &&
      static_cast<unsigned char>(s[2]) == 0xBF) {
    s.remove_prefix(3);
  }
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  return s;
}

InputEncoding detect(std::string_view in) {
  const std::string_view t = trim_leading(in);
  if (!t.empty() && t.front() == '<') return InputEncoding::xml;
  if (in.find("SAMLResponse=") != std::string_view::npos) return InputEncoding::form;
  return InputEncoding::base64;
}

std::string top_status(const xmlNode* response) {
  const xmlNode* status = core::child(response, ns::kSamlp, "Status");
  return core::attr(core::child(status, ns::kSamlp, "StatusCode"), "Value");
}

// "top" or "top / second" (e.g. Responder / NoPassive), for the audit detail.
std::string status_codes(const xmlNode* response) {
  const xmlNode* top = core::child(core::child(response, ns::kSamlp, "Status"), ns::kSamlp, "StatusCode");
  std::string out = core::attr(top, "Value");
  if (const xmlNode* second = core::child(top, ns::kSamlp, "StatusCode")) out += " / " + core::attr(second, "Value");
  return out;
}

constexpr std::string_view kSuccess = "urn:oasis:names:tc:SAML:2.0:status:Success";

// Response children (Core 3.2.2, 3.3.3): Issuer?, Signature?, Extensions?,
// Status, (Assertion | EncryptedAssertion)*.
core::Status check_response_order(const xmlNode* response) {
  int stage = -1;  // 0 Issuer, 1 Signature, 2 Extensions, 3 Status, 4 assertions
  bool status_seen = false;
  for (xmlNode* c : core::elements(response)) {
    int at = -1;
    if (core::is_element(c, ns::kSaml, "Issuer")) at = 0;
    else if (core::is_element(c, ns::kDs, "Signature")) at = 1;
    else if (core::is_element(c, ns::kSamlp, "Extensions")) at = 2;
    else if (core::is_element(c, ns::kSamlp, "Status")) at = 3;
    else if (core::is_element(c, ns::kSaml, "Assertion") || core::is_element(c, ns::kSaml, "EncryptedAssertion")) at = 4;
    if (at < 0) {
      return core::fail(Reason::struct_schema, "unexpected {" + std::string(core::ns_uri(c)) + "}" +
                                                   std::string(core::local_name(c)) + " in Response");
    }
    if (at < stage || (at == stage && at < 4)) {
      if (at == 1) return core::fail(Reason::struct_signature_placement, "Response Signature out of place or repeated");
      return core::fail(Reason::struct_schema, std::string(core::local_name(c)) + " out of order or repeated in Response");
    }
    stage = at;
    status_seen = status_seen || at == 3;
  }
  if (!status_seen) return core::fail(Reason::struct_schema, "Response without Status");
  return {};
}

}  // namespace

Outcome check_decode(ValidationContext& c) {
  const InputEncoding enc = c.encoding == InputEncoding::detect ? detect(c.input) : c.encoding;
  const auto& lim = c.settings.binding_limits;
  if (trim_leading(c.input).empty()) return Outcome::fail(Reason::binding_missing, "empty input");
  if (c.input.size() > lim.max_encoded) {
    return Outcome::fail(Reason::binding_too_large, std::to_string(c.input.size()) + " bytes");
  }
  switch (enc) {
    case InputEncoding::xml:
      c.xml.assign(c.input);
      return Outcome::pass("raw XML, " + std::to_string(c.xml.size()) + " bytes");
    case InputEncoding::base64: {
      auto xml = core::decode_post_value(trim_leading(c.input), lim);
      if (!xml) return Outcome::from(xml.failure());
      c.xml = std::move(xml).value();
      return Outcome::pass("HTTP-POST base64 value, " + std::to_string(c.xml.size()) + " bytes of XML");
    }
    case InputEncoding::form:
    case InputEncoding::detect: {
      std::string_view body = c.input;
      while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.remove_suffix(1);
      auto form = core::parse_form(body, lim);
      if (!form) return Outcome::from(form.failure());
      const std::string* value = core::form_get(*form, "SAMLResponse");
      if (value == nullptr) return Outcome::fail(Reason::binding_missing, "form without SAMLResponse");
      auto xml = core::decode_post_value(*value, lim);
      if (!xml) return Outcome::from(xml.failure());
      c.xml = std::move(xml).value();
      if (const std::string* rs = core::form_get(*form, "RelayState")) c.relay_state = *rs;
      return Outcome::pass("HTTP-POST form body, " + std::to_string(c.xml.size()) + " bytes of XML" +
                           (c.relay_state ? ", with RelayState" : ""));
    }
  }
  return Outcome::fail(Reason::binding_missing, "unknown encoding");
}

Outcome check_parse(ValidationContext& c) {
  auto doc = core::parse_untrusted(c.xml, c.settings.parse_limits);
  if (!doc) return Outcome::from(doc.failure());
  c.doc = std::move(doc).value();
  c.response = xmlDocGetRootElement(c.doc.get());
  return Outcome::pass("well-formed, namespace-valid, no DTD");
}

Outcome check_structure(ValidationContext& c) {
  xmlNode* root = c.response;
  if (!core::is_element(root, ns::kSamlp, "Response")) {
    return Outcome::fail(Reason::struct_root, "root is {" + std::string(core::ns_uri(root)) + "}" +
                                                  std::string(core::local_name(root)));
  }
  if (core::attr(root, "Version") != "2.0") {
    return Outcome::fail(Reason::struct_version, "Response Version '" + core::attr(root, "Version") + "'");
  }
  if (!core::parse_saml_time(core::attr(root, "IssueInstant"))) {
    return Outcome::fail(Reason::struct_invalid_time, "Response IssueInstant '" + core::attr(root, "IssueInstant") + "'");
  }
  StructureScan scan;
  if (auto st = scan.run(root, root); !st) return Outcome::from(st.failure());

  // Exactly one assertion, as a direct child; an error response carries none.
  std::size_t count = 0;
  for (xmlNode* ch : core::elements(root)) {
    if (core::is_element(ch, ns::kSaml, "Assertion")) {
      c.assertion = ch;
      ++count;
    } else if (core::is_element(ch, ns::kSaml, "EncryptedAssertion")) {
      c.encrypted_assertion = ch;
      ++count;
    }
  }
  if (count == 0 && !top_status(root).empty() && top_status(root) != kSuccess) {
    return Outcome::fail(Reason::status_not_success, "no assertion; status " + status_codes(root));
  }
  if (count != 1) {
    return Outcome::fail(Reason::struct_assertion_count, std::to_string(count) + " assertions in the Response");
  }
  if (auto st = check_response_order(root); !st) return Outcome::from(st.failure());
  if (c.assertion != nullptr) {
    if (auto st = check_assertion_shape(c.assertion); !st) return Outcome::from(st.failure());
  }

  // Register the only IDs a Reference may point at.
  if (auto st = core::register_id(c.doc.get(), root); !st) return Outcome::from(st.failure());
  if (c.assertion != nullptr) {
    if (auto st = core::register_id(c.doc.get(), c.assertion); !st) return Outcome::from(st.failure());
  }
  c.response_signature = core::child(root, ns::kDs, "Signature");
  if (c.assertion != nullptr) c.assertion_signature = core::child(c.assertion, ns::kDs, "Signature");
  return Outcome::pass(std::string(c.assertion != nullptr ? "one Assertion" : "one EncryptedAssertion") +
                       "; Response " + (c.response_signature != nullptr ? "signed" : "unsigned") +
                       (c.assertion != nullptr
                            ? std::string("; Assertion ") + (c.assertion_signature != nullptr ? "signed" : "unsigned")
                            : std::string{}) +
                       "; " + std::to_string(scan.ids()) + " unique IDs");
}

core::Status check_assertion_shape(const xmlNode* a) {
  if (core::attr(a, "Version") != "2.0") {
    return core::fail(Reason::struct_version, "Assertion Version '" + core::attr(a, "Version") + "'");
  }
  if (!core::has_attr(a, "ID") || core::attr(a, "ID").empty()) {
    return core::fail(Reason::struct_id_attribute, "Assertion without ID");
  }
  if (!core::parse_saml_time(core::attr(a, "IssueInstant"))) {
    return core::fail(Reason::struct_invalid_time, "Assertion IssueInstant '" + core::attr(a, "IssueInstant") + "'");
  }
  // Core 2.3.3: Issuer, Signature?, Subject?, Conditions?, Advice?, statements*.
  int stage = -1;
  for (xmlNode* ch : core::elements(a)) {
    int at = -1;
    if (core::is_element(ch, ns::kSaml, "Issuer")) at = 0;
    else if (core::is_element(ch, ns::kDs, "Signature")) at = 1;
    else if (core::is_element(ch, ns::kSaml, "Subject")) at = 2;
    else if (core::is_element(ch, ns::kSaml, "Conditions")) at = 3;
    else if (core::is_element(ch, ns::kSaml, "Advice")) at = 4;
    else if (core::is_element(ch, ns::kSaml, "AuthnStatement") || core::is_element(ch, ns::kSaml, "AttributeStatement") ||
             core::is_element(ch, ns::kSaml, "AuthzDecisionStatement") || core::is_element(ch, ns::kSaml, "Statement")) {
      at = 5;
    }
    if (at < 0) {
      return core::fail(Reason::struct_schema, "unexpected {" + std::string(core::ns_uri(ch)) + "}" +
                                                   std::string(core::local_name(ch)) + " in Assertion");
    }
    if (stage == -1 && at != 0) return core::fail(Reason::struct_schema, "Assertion must start with Issuer");
    if (at < stage || (at == stage && at < 5)) {
      if (at == 1) return core::fail(Reason::struct_signature_placement, "Assertion Signature out of place or repeated");
      return core::fail(Reason::struct_schema, std::string(core::local_name(ch)) + " out of order or repeated in Assertion");
    }
    stage = at;
  }
  if (stage < 0) return core::fail(Reason::struct_schema, "empty Assertion");
  return {};
}

}  // namespace samlh::sp::detail
