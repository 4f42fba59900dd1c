#include "idp-mock/server/api_json.hpp"

namespace samlh::idp {

using nlohmann::json;

json user_json(const User& u, const Directory& d) {
  json profile = json::object();
  profile["login"] = u.login;
  profile["email"] = u.email;
  for (const auto& [k, v] : u.profile) profile[k] = v;
  return json{{"id", u.id}, {"status", spelling(u.status)}, {"profile", profile},
              {"groups", d.groups_of(u.login, false)}};
}

json group_json(const Group& g) {
  return json{{"id", g.id}, {"name", g.name}, {"description", g.description}, {"members", g.members}};
}

json credential_json(const Credential& c) {
  const auto& cert = c.key.certificate();
  return json{{"kid", c.kid},
              {"status", c.active ? "ACTIVE" : "INACTIVE"},
              {"created", core::format_saml_time(c.created)},
              {"expiresAt", core::format_saml_time(cert.not_after())},
              {"x5c", json::array({cert.base64()})},
              {"x5t#S256", cert.sha256_fingerprint()},
              {"subject", cert.subject()}};
}

json settings_json(const AppSettings& s) {
  json attrs = json::array();
  for (const auto& a : s.attribute_statements)
    attrs.push_back({{"name", a.name}, {"name_format", a.name_format}, {"value", a.value.source()}});
  json gattrs = json::array();
  for (const auto& g : s.group_attribute_statements)
    gattrs.push_back(
        {{"name", g.name}, {"name_format", g.name_format}, {"filter", kGroupFilterSpellings.spelling(g.filter)}, {"value", g.value}});
  json others = json::array();
  for (const auto& o : s.other_requestable_sso_urls) others.push_back({{"url", o.url}, {"index", o.index}});
  json j{{"single_sign_on_url", s.single_sign_on_url},
         {"recipient_url", s.recipient_url},
         {"destination_url", s.destination_url},
         {"audience_uri", s.audience_uri},
         {"default_relay_state", s.default_relay_state},
         {"name_id_format", s.name_id_format},
         {"application_username", kAppUsernameSpellings.spelling(s.application_username)},
         {"custom_template", s.custom_template ? s.custom_template->source() : ""},
         {"update_application_username_on", kUpdateUsernameOnSpellings.spelling(s.update_application_username_on)},
         {"response_signed", s.response_signed},
         {"assertion_signed", s.assertion_signed},
         {"signature_algorithm", kOktaSignatureAlgorithms.spelling(s.signature_algorithm)},
         {"digest_algorithm", kOktaDigestAlgorithms.spelling(s.digest_algorithm)},
         {"assertion_encryption",
          {{"enabled", s.assertion_encryption.enabled},
           {"encryption_algorithm", kOktaCiphers.spelling(s.assertion_encryption.encryption_algorithm)},
           {"key_transport_algorithm", kOktaKeyTransports.spelling(s.assertion_encryption.key_transport_algorithm)},
           {"encryption_certificate", s.assertion_encryption.encryption_certificate
                                          ? s.assertion_encryption.encryption_certificate->subject()
                                          : ""}}},
         {"honor_force_authn", s.honor_force_authn},
         {"signed_requests", s.signed_requests},
         {"signature_certificate", s.signature_certificate ? s.signature_certificate->subject() : ""},
         {"other_requestable_sso_urls", others},
         {"attribute_statements", attrs},
         {"group_attribute_statements", gattrs},
         {"saml_issuer_id", s.saml_issuer_id},
         {"assertion_lifetime_seconds", s.assertion_lifetime_seconds},
         {"single_logout",
          {{"enabled", s.single_logout.enabled}, {"url", s.single_logout.url}, {"sp_issuer", s.single_logout.sp_issuer}}},
         {"authn_context_class_ref", s.authn_context_class_ref}};
  const Provisioning& p = s.provisioning;
  // The token is a secret: only whether one is set.
  j["provisioning"] = {{"enabled", p.enabled},
                       {"scim_connector_base_url", p.scim_connector_base_url},
                       {"bearer_token_set", !p.bearer_token.empty()},
                       {"create_users", p.create_users},
                       {"update_user_attributes", p.update_user_attributes},
                       {"deactivate_users", p.deactivate_users},
                       {"push_groups", p.push_groups}};
  return j;
}

json app_json(const AppRuntime& a, const std::string& base_url) {
  return json{{"name", a.app.name},
              {"label", a.app.label},
              {"appName", a.app.app_name},
              {"externalKey", a.app.external_key},
              {"entityId", a.app.issuer()},
              {"ssoUrl", base_url + sso_path(a.app)},
              {"sloUrl", base_url + slo_path(a.app)},
              {"metadataUrl", base_url + metadata_path(a.app)},
              {"activeKid", a.active().kid},
              {"settings", settings_json(a.app.settings)}};
}

json event_json(const Event& e) {
  return json{{"seq", e.seq}, {"published", core::format_saml_time(e.at)}, {"kind", e.kind},
              {"eventType", e.action}, {"target", e.target}, {"detail", e.detail}};
}

}  // namespace samlh::idp
