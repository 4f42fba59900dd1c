#include "idp-mock/assertion/response_builder.hpp"

#include "core/xml.hpp"
#include "idp-mock/assertion/okta_signer.hpp"

namespace samlh::idp {
namespace {

using core::as_xml;

const xmlChar* x(std::string_view s) { return reinterpret_cast<const xmlChar*>(s.data()); }

void prop(xmlNode* n, const char* name, const std::string& value) { xmlNewProp(n, as_xml(name), x(value)); }

void prop_time(xmlNode* n, const char* name, core::Instant t) {
  prop(n, name, core::format_saml_time(t, true));
}

// A child in `ns` with escaped text content (xmlNewTextChild escapes).
xmlNode* text_child(xmlNode* parent, xmlNs* ns, const char* name, const std::string& text) {
  return xmlNewTextChild(parent, ns, as_xml(name), x(text));
}

// Okta redeclares xmlns:saml2 on several assertion children (B.14 [X1 raw]):
// give `n` its own declaration and put it in that namespace.
xmlNs* own_ns(xmlNode* n, std::string_view href, const char* prefix) {
  xmlNs* ns = xmlNewNs(n, x(href), as_xml(prefix));
  xmlSetNs(n, ns);
  return ns;
}

const std::string kSamlp(core::ns::kSamlp);
const std::string kSaml(core::ns::kSaml);
const std::string kXs(core::ns::kXs);
const std::string kXsi(core::ns::kXsi);

void build_assertion(xmlNode* resp, const ResponseModel& m) {
  // B.14: <saml2:Assertion xmlns:saml2 ID IssueInstant Version [xmlns:xs]>
  xmlNode* a = xmlNewChild(resp, nullptr, as_xml("Assertion"), nullptr);
  xmlNs* saml2 = own_ns(a, kSaml, "saml2");
  prop(a, "ID", m.assertion_id);
  prop_time(a, "IssueInstant", m.issue_instant);
  prop(a, "Version", "2.0");
  if (m.declares_xs()) xmlNewNs(a, x(kXs), as_xml("xs"));

  xmlNode* iss = text_child(a, saml2, "Issuer", m.issuer);
  prop(iss, "Format", m.issuer_format);
  own_ns(iss, kSaml, "saml2");

  // B.5, B.7: NameID with Format only; bearer confirmation, no NotBefore/Address.
  xmlNode* subj = xmlNewChild(a, saml2, as_xml("Subject"), nullptr);
  xmlNs* s2 = own_ns(subj, kSaml, "saml2");
  xmlNode* nid = text_child(subj, s2, "NameID", m.name_id);
  prop(nid, "Format", m.name_id_format);
  xmlNode* sc = xmlNewChild(subj, s2, as_xml("SubjectConfirmation"), nullptr);
  prop(sc, "Method", "urn:oasis:names:tc:SAML:2.0:cm:bearer");
  xmlNode* scd = xmlNewChild(sc, s2, as_xml("SubjectConfirmationData"), nullptr);
  if (m.in_response_to) prop(scd, "InResponseTo", *m.in_response_to);
  prop_time(scd, "NotOnOrAfter", m.subject_not_on_or_after);
  prop(scd, "Recipient", m.recipient);

  // B.6: Conditions hold only the AudienceRestriction.
  xmlNode* cond = xmlNewChild(a, saml2, as_xml("Conditions"), nullptr);
  prop_time(cond, "NotBefore", m.not_before);
  prop_time(cond, "NotOnOrAfter", m.not_on_or_after);
  xmlNs* c2 = own_ns(cond, kSaml, "saml2");
  xmlNode* ar = xmlNewChild(cond, c2, as_xml("AudienceRestriction"), nullptr);
  text_child(ar, c2, "Audience", m.audience);

  // B.8: AuthnInstant is the Okta sign-in time; no SessionNotOnOrAfter.
  xmlNode* as = xmlNewChild(a, saml2, as_xml("AuthnStatement"), nullptr);
  prop_time(as, "AuthnInstant", m.authn_instant);
  prop(as, "SessionIndex", m.session_index);
  xmlNs* a2 = own_ns(as, kSaml, "saml2");
  xmlNode* ac = xmlNewChild(as, a2, as_xml("AuthnContext"), nullptr);
  text_child(ac, a2, "AuthnContextClassRef", m.authn_context_class_ref);

  if (m.attributes.empty()) return;
  // B.9: xs and xsi declared on every AttributeValue, xsi:type="xs:string".
  xmlNode* st = xmlNewChild(a, saml2, as_xml("AttributeStatement"), nullptr);
  xmlNs* st2 = own_ns(st, kSaml, "saml2");
  for (const auto& attr : m.attributes) {
    xmlNode* an = xmlNewChild(st, st2, as_xml("Attribute"), nullptr);
    prop(an, "Name", attr.name);
    prop(an, "NameFormat", attr.name_format);
    for (const auto& v : attr.values) {
      xmlNode* av = text_child(an, st2, "AttributeValue", v);
      xmlNewNs(av, x(kXs), as_xml("xs"));
      xmlNs* xsi = xmlNewNs(av, x(kXsi), as_xml("xsi"));
      xmlNewNsProp(av, xsi, as_xml("type"), x(attr.xsi_type));
    }
  }
}

}  // namespace

core::XmlDocPtr build_response(const ResponseModel& m) {
  core::XmlDocPtr doc{xmlNewDoc(as_xml("1.0"))};
  // B.14: <saml2p:Response xmlns:saml2p Destination ID [InResponseTo] IssueInstant Version [xmlns:xs]>
  xmlNode* resp = xmlNewDocNode(doc.get(), nullptr, as_xml("Response"), nullptr);
  xmlDocSetRootElement(doc.get(), resp);
  own_ns(resp, kSamlp, "saml2p");
  if (!m.destination.empty()) prop(resp, "Destination", m.destination);
  prop(resp, "ID", m.response_id);
  if (m.in_response_to) prop(resp, "InResponseTo", *m.in_response_to);
  prop_time(resp, "IssueInstant", m.issue_instant);
  prop(resp, "Version", "2.0");
  if (m.declares_xs()) xmlNewNs(resp, x(kXs), as_xml("xs"));

  // The Response's Issuer declares saml2 itself (B.14).
  xmlNode* iss = xmlNewChild(resp, nullptr, as_xml("Issuer"), nullptr);
  own_ns(iss, kSaml, "saml2");
  prop(iss, "Format", m.issuer_format);
  xmlNodeAddContent(iss, x(m.issuer));

  // Okta redeclares xmlns:saml2p on Status (B.14 "redundant xmlns:saml2p seen").
  xmlNode* status = xmlNewChild(resp, nullptr, as_xml("Status"), nullptr);
  xmlNs* sp = own_ns(status, kSamlp, "saml2p");
  xmlNode* code = xmlNewChild(status, sp, as_xml("StatusCode"), nullptr);
  prop(code, "Value", m.status_code);
  if (!m.sub_status_code.empty()) {
    xmlNode* sub = xmlNewChild(code, sp, as_xml("StatusCode"), nullptr);
    prop(sub, "Value", m.sub_status_code);
  }
  if (!m.status_message.empty()) text_child(status, sp, "StatusMessage", m.status_message);

  if (m.include_assertion) build_assertion(resp, m);
  return doc;
}

xmlNode* find_assertion(xmlDoc* doc) {
  xmlNode* root = xmlDocGetRootElement(doc);
  return root == nullptr ? nullptr : core::child(root, core::ns::kSaml, "Assertion");
}

core::SignOptions okta_sign_options(core::SignatureAlgorithm sig, core::DigestAlgorithm dig, bool xs_declared) {
  core::SignOptions o;
  o.signature = sig;
  o.digest = dig;
  // B.3 [X1]: <ec:InclusiveNamespaces PrefixList="xs"/> when xs is declared.
  o.inclusive_prefixes = xs_declared ? "xs" : "";
  o.include_certificate = true;
  return o;
}

core::ToolStatus sign_assertion(xmlDoc* doc, const core::PrivateKey& key, const core::SignOptions& o) {
  xmlNode* a = find_assertion(doc);
  if (a == nullptr) return core::fail(core::ToolError::sign_failed, "no Assertion to sign");
  return okta_sign_enveloped(a, key, o);
}

core::ToolStatus sign_response(xmlDoc* doc, const core::PrivateKey& key, const core::SignOptions& o) {
  xmlNode* root = xmlDocGetRootElement(doc);
  if (root == nullptr) return core::fail(core::ToolError::sign_failed, "empty document");
  return okta_sign_enveloped(root, key, o);
}

core::ToolStatus encrypt_assertion(xmlDoc* doc, const core::Certificate& to, const core::EncryptOptions& o,
                               core::Rng& ids) {
  xmlNode* a = find_assertion(doc);
  if (a == nullptr) return core::fail(core::ToolError::encrypt_failed, "no Assertion to encrypt");
  auto r = core::encrypt_assertion(a, to, o, ids);
  if (!r) return std::move(r).failure();
  return {};
}

core::ToolStatus secure_response(xmlDoc* doc, const core::PrivateKey& key, const SecurityPlan& plan, core::Rng& ids) {
  bool has_assertion = find_assertion(doc) != nullptr;
  if (plan.sign_assertion && has_assertion) {
    if (auto s = sign_assertion(doc, key, plan.sign); !s) return s;
  }
  if (plan.encrypt && plan.encrypt_to != nullptr && has_assertion) {
    if (auto s = encrypt_assertion(doc, *plan.encrypt_to, *plan.encrypt, ids); !s) return s;
  }
  if (plan.sign_response) return sign_response(doc, key, plan.sign);
  return {};
}

std::string serialize_response(const xmlDoc* doc) {
  std::string out = core::serialize(doc, true);
  // B.14: Okta writes the root right after the XML declaration, no newline.
  if (auto p = out.find("?>\n"); p != std::string::npos && out.rfind("<?xml", 0) == 0) out.erase(p + 2, 1);
  return out;
}

}  // namespace samlh::idp
