#include "core/metadata.hpp"

#include "core/xml.hpp"

namespace samlh::core {
namespace {

bool is_md(const xmlNode* n, std::string_view local) { return is_element(n, ns::kMd, local); }

// The EntityDescriptor, either the root or the first one inside an
// EntitiesDescriptor that has the wanted role.
xmlNode* entity_with(xmlNode* root, std::string_view role) {
  if (is_md(root, "EntityDescriptor")) return child(root, ns::kMd, role) != nullptr ? root : nullptr;
  if (is_md(root, "EntitiesDescriptor")) {
    for (xmlNode* c : elements(root)) {
      if (xmlNode* e = entity_with(c, role)) return e;
    }
  }
  return nullptr;
}

std::vector<Endpoint> endpoints(const xmlNode* role, std::string_view local) {
  std::vector<Endpoint> out;
  for (xmlNode* c : elements(role)) {
    if (!is_md(c, local)) continue;
    Endpoint e;
    e.binding = attr(c, "Binding");
    e.location = attr(c, "Location");
    if (has_attr(c, "index")) {
      try {
        e.index = std::stoi(attr(c, "index"));
      } catch (...) {
        e.index = -1;
      }
    }
    e.is_default = attr(c, "isDefault") == "true" || attr(c, "isDefault") == "1";
    out.push_back(std::move(e));
  }
  return out;
}

// KeyDescriptor certificates for a use ("signing", "encryption"); a
// descriptor without `use` serves both.
Result<std::vector<Certificate>> certificates(const xmlNode* role, std::string_view use) {
  std::vector<Certificate> out;
  for (xmlNode* kd : elements(role)) {
    if (!is_md(kd, "KeyDescriptor")) continue;
    const std::string u = attr(kd, "use");
    if (!u.empty() && u != use) continue;
    xmlNode* ki = child(kd, ns::kDs, "KeyInfo");
    for (xmlNode* x : elements(ki)) {
      if (!is_element(x, ns::kDs, "X509Data")) continue;
      for (xmlNode* c : elements(x)) {
        if (!is_element(c, ns::kDs, "X509Certificate")) continue;
        auto cert = Certificate::from_base64(text(c));
        if (!cert) return std::move(cert).failure();
        out.push_back(std::move(cert).value());
      }
    }
  }
  return out;
}

bool truthy(const xmlNode* n, std::string_view name) { return attr(n, name) == "true" || attr(n, name) == "1"; }

}  // namespace

Result<IdpMetadata> parse_idp_metadata(std::string_view xml) {
  auto doc = parse_untrusted(xml);
  if (!doc) return std::move(doc).failure();
  xmlNode* entity = entity_with(xmlDocGetRootElement(doc->get()), "IDPSSODescriptor");
  if (entity == nullptr) return fail(Reason::struct_schema, "no EntityDescriptor with an IDPSSODescriptor");
  xmlNode* role = child(entity, ns::kMd, "IDPSSODescriptor");
  IdpMetadata md;
  md.entity_id = attr(entity, "entityID");
  if (md.entity_id.empty()) return fail(Reason::struct_schema, "EntityDescriptor without entityID");
  md.want_authn_requests_signed = truthy(role, "WantAuthnRequestsSigned");
  md.sso = endpoints(role, "SingleSignOnService");
  md.slo = endpoints(role, "SingleLogoutService");
  for (xmlNode* c : elements(role)) {
    if (is_md(c, "NameIDFormat")) md.name_id_formats.push_back(text(c));
  }
  auto certs = certificates(role, "signing");
  if (!certs) return std::move(certs).failure();
  md.signing_certificates = std::move(certs).value();
  return md;
}

Result<SpMetadata> parse_sp_metadata(std::string_view xml) {
  auto doc = parse_untrusted(xml);
  if (!doc) return std::move(doc).failure();
  xmlNode* entity = entity_with(xmlDocGetRootElement(doc->get()), "SPSSODescriptor");
  if (entity == nullptr) return fail(Reason::struct_schema, "no EntityDescriptor with an SPSSODescriptor");
  xmlNode* role = child(entity, ns::kMd, "SPSSODescriptor");
  SpMetadata md;
  md.entity_id = attr(entity, "entityID");
  if (md.entity_id.empty()) return fail(Reason::struct_schema, "EntityDescriptor without entityID");
  md.authn_requests_signed = truthy(role, "AuthnRequestsSigned");
  md.want_assertions_signed = truthy(role, "WantAssertionsSigned");
  md.acs = endpoints(role, "AssertionConsumerService");
  md.slo = endpoints(role, "SingleLogoutService");
  auto sig = certificates(role, "signing");
  if (!sig) return std::move(sig).failure();
  md.signing_certificates = std::move(sig).value();
  auto enc = certificates(role, "encryption");
  if (!enc) return std::move(enc).failure();
  md.encryption_certificates = std::move(enc).value();
  return md;
}

}  // namespace samlh::core
