#include "sp/server/sp_metadata.hpp"

#include "core/bindings.hpp"
#include "core/keys.hpp"

namespace samlh::sp {
namespace {

using core::html_escape;

std::string key_descriptor(std::string_view use, const std::string& cert_b64) {
  return "<md:KeyDescriptor use=\"" + std::string(use) +
         "\"><ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:X509Data><ds:X509Certificate>" +
         cert_b64 + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>";
}

}  // namespace

std::string sp_slo_url(const SsoSettings& sso) {
  constexpr std::string_view kAcs = "/acs";
  const std::string& a = sso.acs_url;
  if (a.size() < kAcs.size() || a.compare(a.size() - kAcs.size(), kAcs.size(), kAcs) != 0) return {};
  return a.substr(0, a.size() - kAcs.size()) + "/slo";
}

std::string sp_metadata_xml(const SsoSettings& sso) {
  std::string keys;
  if (!sso.sp_certificate.empty()) {
    if (auto c = core::Certificate::from_pem(sso.sp_certificate)) {
      const std::string b64 = c->base64(64);
      keys = key_descriptor("signing", b64) + key_descriptor("encryption", b64);
    }
  }
  std::string slo;
  if (const std::string url = sp_slo_url(sso); !url.empty()) {
    for (std::string_view b : {std::string_view("HTTP-Redirect"), std::string_view("HTTP-POST")}) {
      slo += "<md:SingleLogoutService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:" + std::string(b) +
             "\" Location=\"" + html_escape(url) + "\"/>";
    }
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"" +
         html_escape(sso.sp_entity_id) +
         "\"><md:SPSSODescriptor AuthnRequestsSigned=\"" + std::string(sso.sign_authn_requests ? "true" : "false") +
         "\" WantAssertionsSigned=\"true\" protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">" +
         keys + slo +
         "<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>"
         "<md:AssertionConsumerService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\"" +
         html_escape(sso.acs_url) + "\" index=\"0\" isDefault=\"true\"/></md:SPSSODescriptor></md:EntityDescriptor>\n";
}

}  // namespace samlh::sp
