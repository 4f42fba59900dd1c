// The one Okta-shaped Response of the tests and benchmarks (okta-hotjar.md
// B.14), built as text, unsigned, independent of idp-mock's builder:
// saml2p/saml2 prefixes, "id" + digits IDs, Issuer http://www.okta.com/exk...,
// Status, one Assertion, bearer confirmation with Recipient/NotOnOrAfter/
// InResponseTo, Conditions with one AudienceRestriction,
// PasswordProtectedTransport, attribute values typed xs:string with the
// namespaces declared on each value. signed_okta_response.hpp signs it.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"

namespace samlh::test {

struct OktaShape {
  std::string issuer = "http://www.okta.com/exk1acmeH0tjar5Sx0h7";
  std::string acs = "http://127.0.0.1:8081/sso/acme/acs";
  std::string audience = "http://127.0.0.1:8081/sso/acme/metadata";
  std::string name_id = "alice@acme.test";
  std::string name_id_format = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
  std::string request_id = "id_req_1";  // empty: IdP-initiated
  core::Instant issue_instant = *core::parse_saml_time("2026-03-01T12:00:00.000Z");
  std::string response_id = "id70813344252130611902761984";
  std::string assertion_id = "id70813344252130611902761985";
  std::vector<std::pair<std::string, std::string>> attributes = {
      {"email", "alice@acme.test"}, {"firstName", "Alice"}, {"lastName", "Anderson"}, {"groups", "Engineering"}};
  // Extra values of the "groups" attribute, ~235 bytes each (large responses).
  std::size_t bulk_group_values = 0;
};

inline std::string okta_response(const OktaShape& s) {
  using std::chrono::minutes;
  const std::string t = core::format_saml_time(s.issue_instant);
  const std::string nb = core::format_saml_time(s.issue_instant - minutes{5});
  const std::string noa = core::format_saml_time(s.issue_instant + minutes{5});
  const std::string irt = s.request_id.empty() ? "" : " InResponseTo=\"" + s.request_id + "\"";
  const std::string entity = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity";
  auto value = [](const std::string& v) {
    return "<saml2:AttributeValue xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">" +
           v + "</saml2:AttributeValue>";
  };
  std::string attrs;
  for (const auto& [name, v] : s.attributes) {
    std::string values = value(v);
    if (name == "groups") {
      for (std::size_t i = 0; i < s.bulk_group_values; ++i) {
        values += value("acme-group-" + std::to_string(100000 + i) + "-engineering-platform-reliability-oncall");
      }
    }
    attrs += "<saml2:Attribute Name=\"" + name +
             "\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified\">" + values +
             "</saml2:Attribute>";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
         "<saml2p:Response xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\" Destination=\"" + s.acs +
         "\" ID=\"" + s.response_id + "\"" + irt + " IssueInstant=\"" + t +
         "\" Version=\"2.0\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
         "<saml2:Issuer xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" Format=\"" + entity + "\">" +
         s.issuer + "</saml2:Issuer>"
         "<saml2p:Status xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
         "<saml2p:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></saml2p:Status>"
         "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"" + s.assertion_id +
         "\" IssueInstant=\"" + t + "\" Version=\"2.0\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
         "<saml2:Issuer Format=\"" + entity + "\">" + s.issuer + "</saml2:Issuer>"
         "<saml2:Subject><saml2:NameID Format=\"" + s.name_id_format + "\">" + s.name_id + "</saml2:NameID>"
         "<saml2:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
         "<saml2:SubjectConfirmationData" + irt + " NotOnOrAfter=\"" + noa + "\" Recipient=\"" + s.acs +
         "\"/></saml2:SubjectConfirmation></saml2:Subject>"
         "<saml2:Conditions NotBefore=\"" + nb + "\" NotOnOrAfter=\"" + noa + "\">"
         "<saml2:AudienceRestriction><saml2:Audience>" + s.audience + "</saml2:Audience></saml2:AudienceRestriction>"
         "</saml2:Conditions>"
         "<saml2:AuthnStatement AuthnInstant=\"" + t + "\" SessionIndex=\"" +
         (s.request_id.empty() ? "id1772366400000.1234" : s.request_id) + "\">"
         "<saml2:AuthnContext><saml2:AuthnContextClassRef>"
         "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef>"
         "</saml2:AuthnContext></saml2:AuthnStatement>"
         "<saml2:AttributeStatement>" + attrs + "</saml2:AttributeStatement>"
         "</saml2:Assertion></saml2p:Response>";
}

}  // namespace samlh::test
