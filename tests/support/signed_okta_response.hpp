// An Okta-shaped SAML Response, built as text and signed with core (the
// benchmark's subject, and the 1 MB response of the memory test).
//
// Okta's shape (okta-hotjar.md): saml2p/saml2 prefixes, "id" + digits IDs,
// Issuer http://www.okta.com/exk..., Status, one Assertion signed right after
// its Issuer (RSA-SHA256, SHA-256, exclusive c14n with InclusiveNamespaces
// "xs"), bearer confirmation with Recipient/NotOnOrAfter/InResponseTo,
// Conditions with one AudienceRestriction, PasswordProtectedTransport, and
// attribute values typed xs:string with xsi declared on each value.
#pragma once

#include <string>
#include <string_view>

#include "core/dsig.hpp"
#include "core/keys.hpp"
#include "core/result.hpp"
#include "core/xml.hpp"

namespace samlh::bench {

struct OktaResponseOptions {
  std::string issuer = "http://www.okta.com/exk1a2b3c4d5e6f7g8h9";
  std::string acs = "https://sp.example.test/sso/acme/acs";
  std::string audience = "https://sp.example.test/saml/metadata";
  std::string request_id = "id_req_bench_1";  // empty: IdP-initiated
  std::string name_id = "alice@acme.test";
  std::string issue_instant = "2026-03-01T12:00:00.000Z";
  std::string not_before = "2026-03-01T11:55:00.000Z";
  std::string not_on_or_after = "2026-03-01T12:05:00.000Z";
  std::size_t bulk_values = 0;  // extra values of a "groups" attribute, ~190 bytes each
};

inline std::string okta_attribute(std::string_view name, std::string_view value_list) {
  return "<saml2:Attribute Name=\"" + std::string(name) +
         "\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified\">" + std::string(value_list) +
         "</saml2:Attribute>";
}

inline std::string okta_value(std::string_view v) {
  return "<saml2:AttributeValue xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">" +
         std::string(v) + "</saml2:AttributeValue>";
}

// The unsigned Response text.
inline std::string okta_response_xml(const OktaResponseOptions& o) {
  const std::string irt = o.request_id.empty() ? "" : " InResponseTo=\"" + o.request_id + "\"";
  std::string groups = okta_value("Everyone") + okta_value("acme-users");
  for (std::size_t i = 0; i < o.bulk_values; ++i) {
    groups += okta_value("acme-group-" + std::to_string(100000 + i) + "-engineering-platform-reliability-oncall");
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
         "<saml2p:Response xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\" Destination=\"" + o.acs +
         "\" ID=\"id84512365478123654789012\"" + irt + " IssueInstant=\"" + o.issue_instant +
         "\" Version=\"2.0\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
         "<saml2:Issuer xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" "
         "Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:entity\">" + o.issuer + "</saml2:Issuer>"
         "<saml2p:Status xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
         "<saml2p:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></saml2p:Status>"
         "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"id84512365478123654789013\" "
         "IssueInstant=\"" + o.issue_instant + "\" Version=\"2.0\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
         "<saml2:Issuer Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:entity\">" + o.issuer + "</saml2:Issuer>"
         "<saml2:Subject><saml2:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">" + o.name_id +
         "</saml2:NameID><saml2:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
         "<saml2:SubjectConfirmationData" + irt + " NotOnOrAfter=\"" + o.not_on_or_after + "\" Recipient=\"" + o.acs +
         "\"/></saml2:SubjectConfirmation></saml2:Subject>"
         "<saml2:Conditions NotBefore=\"" + o.not_before + "\" NotOnOrAfter=\"" + o.not_on_or_after + "\">"
         "<saml2:AudienceRestriction><saml2:Audience>" + o.audience + "</saml2:Audience></saml2:AudienceRestriction>"
         "</saml2:Conditions>"
         "<saml2:AuthnStatement AuthnInstant=\"" + o.issue_instant + "\" SessionIndex=\"id1772366400000.1234567890\">"
         "<saml2:AuthnContext><saml2:AuthnContextClassRef>"
         "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef>"
         "</saml2:AuthnContext></saml2:AuthnStatement>"
         "<saml2:AttributeStatement>" +
         okta_attribute("email", okta_value(o.name_id)) + okta_attribute("firstName", okta_value("Alice")) +
         okta_attribute("lastName", okta_value("Anderson")) + okta_attribute("groups", groups) +
         "</saml2:AttributeStatement></saml2:Assertion></saml2p:Response>";
}

// Signs the Assertion of `xml` (enveloped, right after its Issuer, exc-c14n
// with InclusiveNamespaces "xs") and returns the serialized Response; fails
// (core::ToolError) only when `xml` cannot be signed.
inline core::ToolResult<std::string> sign_okta_assertion(std::string_view xml, const core::PrivateKey& key) {
  auto doc = core::parse_untrusted(xml);
  if (!doc) return core::fail(core::ToolError::sign_failed, "the response does not parse: " + doc.failure().detail);
  xmlNode* assertion = core::child(xmlDocGetRootElement(doc->get()), core::ns::kSaml, "Assertion");
  if (assertion == nullptr) return core::fail(core::ToolError::sign_failed, "no Assertion");
  core::SignOptions opts;
  opts.inclusive_prefixes = "xs";
  if (auto st = core::sign_enveloped(assertion, key, opts); !st) return st.failure();
  return core::serialize(doc->get());
}

}  // namespace samlh::bench
