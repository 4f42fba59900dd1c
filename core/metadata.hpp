// Reading SAML 2.0 metadata (hardened parse; signatures on metadata are not
// checked: metadata is configuration the operator chose to trust).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/keys.hpp"
#include "core/result.hpp"

namespace samlh::core {

inline constexpr std::string_view kBindingPost = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
inline constexpr std::string_view kBindingRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

struct Endpoint {
  std::string binding;
  std::string location;
  int index = -1;
  bool is_default = false;
};

struct IdpMetadata {
  std::string entity_id;
  std::vector<Certificate> signing_certificates;  // use="signing" or no use
  std::vector<Endpoint> sso;
  std::vector<Endpoint> slo;
  std::vector<std::string> name_id_formats;
  bool want_authn_requests_signed = false;
};

struct SpMetadata {
  std::string entity_id;
  std::vector<Endpoint> acs;
  std::vector<Endpoint> slo;
  std::vector<Certificate> signing_certificates;
  std::vector<Certificate> encryption_certificates;
  bool authn_requests_signed = false;
  bool want_assertions_signed = false;
};

// Reason on failure: xml_* from parsing, struct_schema for a document that is
// not an EntityDescriptor with the expected role descriptor.
Result<IdpMetadata> parse_idp_metadata(std::string_view xml);
Result<SpMetadata> parse_sp_metadata(std::string_view xml);

}  // namespace samlh::core
