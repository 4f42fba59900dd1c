#include "sp/server/saml_messages.hpp"

#include "core/bindings.hpp"
#include "core/dsig.hpp"
#include "core/http/url.hpp"
#include "core/xml.hpp"

namespace samlh::sp {
namespace {

using core::html_escape;  // also a correct XML attribute and text escape

std::string issue(core::Instant t) { return core::format_saml_time(t, false); }

}  // namespace

std::string authn_request_xml(const AuthnRequestParams& p) {
  return "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
         "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"" + html_escape(p.id) +
         "\" Version=\"2.0\" IssueInstant=\"" + issue(p.issue_instant) + "\" Destination=\"" +
         html_escape(p.destination) + "\" AssertionConsumerServiceURL=\"" + html_escape(p.acs_url) + "\"" +
         (p.is_passive ? " IsPassive=\"true\"" : "") + " ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\">"
         "<saml:Issuer>" + html_escape(p.sp_entity_id) + "</saml:Issuer>"
         "<samlp:NameIDPolicy Format=\"" + std::string(kNameIdFormatEmail) + "\" AllowCreate=\"false\"/>"
         "</samlp:AuthnRequest>";
}

std::string logout_request_xml(const LogoutRequestParams& p) {
  return "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
         "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"" + html_escape(p.id) +
         "\" Version=\"2.0\" IssueInstant=\"" + issue(p.issue_instant) + "\" Destination=\"" +
         html_escape(p.destination) + "\">"
         "<saml:Issuer>" + html_escape(p.sp_entity_id) + "</saml:Issuer>"
         "<saml:NameID Format=\"" + html_escape(p.name_id_format) + "\">" + html_escape(p.name_id) +
         "</saml:NameID></samlp:LogoutRequest>";
}

core::ToolResult<core::http::Response> send_request(std::string_view xml, std::string_view destination,
                                                RequestBinding binding, const std::optional<std::string>& relay_state,
                                                const core::PrivateKey* key) {
  if (binding == RequestBinding::redirect) {
    std::optional<std::string_view> rs;
    if (relay_state) rs = *relay_state;
    const std::string query = core::encode_redirect(xml, "SAMLRequest", rs, key);
    if (key != nullptr && query.find("&Signature=") == std::string::npos) {
      return core::fail(core::ToolError::sign_failed, "cannot sign the Redirect query");
    }
    auto location = core::http::append_query(destination, query);
    if (!location) return core::fail(core::ToolError::url_invalid, "the IdP's SSO URL is not a URL");
    return core::http::Response::redirect(*location, 302);
  }
  std::string body(xml);
  if (key != nullptr) {
    // Our own XML: parsed only to sign it (enveloped, after the Issuer).
    auto doc = core::parse_untrusted(xml);
    if (!doc) return core::fail(core::ToolError::sign_failed, "our own request does not parse: " + doc.failure().detail);
    if (auto st = core::sign_enveloped(xmlDocGetRootElement(doc->get()), *key, core::SignOptions{}); !st) {
      return std::move(st).failure();
    }
    body = core::serialize(doc->get(), false);
  }
  core::FormFields f{{"SAMLRequest", core::base64_encode(body)}};
  if (relay_state) f.emplace_back("RelayState", *relay_state);
  auto r = core::http::Response::html(200, core::auto_post_form(destination, f, "Continue to your identity provider"));
  r.set("Cache-Control", "no-store");
  return r;
}

core::Result<LogoutResponseInfo> read_logout_response(const core::http::Request& req, std::string_view idp_entity_id,
                                                      const std::vector<core::Certificate>& idp_certificates) {
  std::string xml;
  bool query_signed = false;
  if (req.method == "GET") {
    auto m = core::decode_redirect(req.query, "SAMLResponse");
    if (!m) return std::move(m).failure();
    if (m->signature) {
      if (auto v = core::verify_redirect_signature(*m, idp_certificates, false); !v) return std::move(v).failure();
      query_signed = true;
    }
    xml = std::move(m->xml);
  } else {
    auto form = core::parse_form(req.body);
    if (!form) return std::move(form).failure();
    const std::string* v = core::form_get(*form, "SAMLResponse");
    if (v == nullptr) return core::fail(core::Reason::binding_missing, "no SAMLResponse");
    auto decoded = core::decode_post_value(*v);
    if (!decoded) return std::move(decoded).failure();
    xml = std::move(*decoded);
  }
  auto doc = core::parse_untrusted(xml);
  if (!doc) return std::move(doc).failure();
  xmlNode* root = xmlDocGetRootElement(doc->get());
  if (!core::is_element(root, core::ns::kSamlp, "LogoutResponse")) {
    return core::fail(core::Reason::struct_root, "not a samlp:LogoutResponse");
  }
  xmlNode* issuer = core::child(root, core::ns::kSaml, "Issuer");
  if (issuer == nullptr) return core::fail(core::Reason::issuer_missing, "LogoutResponse without Issuer");
  if (core::text(issuer) != idp_entity_id) return core::fail(core::Reason::issuer_mismatch, core::text(issuer));
  if (!query_signed) {
    xmlNode* sig = core::child(root, core::ns::kDs, "Signature");
    if (sig == nullptr) return core::fail(core::Reason::sig_missing, "unsigned LogoutResponse");
    if (auto st = core::register_id(doc->get(), root); !st) return std::move(st).failure();
    auto v = core::verify_enveloped(sig, root, idp_certificates, core::SignaturePolicy{});
    if (!v) return std::move(v).failure();
  }
  LogoutResponseInfo info;
  info.in_response_to = core::attr(root, "InResponseTo");
  if (xmlNode* st = core::child(root, core::ns::kSamlp, "Status")) {
    if (xmlNode* code = core::child(st, core::ns::kSamlp, "StatusCode")) info.status = core::attr(code, "Value");
  }
  info.success = info.status == "urn:oasis:names:tc:SAML:2.0:status:Success";
  return info;
}

}  // namespace samlh::sp
