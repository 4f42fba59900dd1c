#include "idp-mock/assertion/minter.hpp"

#include <chrono>

namespace samlh::idp {

std::string okta_id(core::Rng& rng) { return "id" + rng.digits(25 + rng.below(3)); }

std::string application_username(const AppSettings& s, const User& u, const std::vector<std::string>& groups,
                                 const std::optional<std::string>& frozen) {
  // B.5 [O1]: "Create only" keeps the username made when the app user was created.
  if (s.update_application_username_on == UpdateUsernameOn::create_only && frozen) return *frozen;
  switch (s.application_username) {
    case AppUsername::okta_username: return u.login;  // B.5 [O13]: the default
    case AppUsername::email: return u.email;
    case AppUsername::custom: {
      ExprContext ctx{&u, &groups, std::nullopt};
      return s.custom_template ? s.custom_template->evaluate(ctx).value_or("") : u.login;
    }
  }
  return u.login;
}

std::vector<AttributeModel> evaluate_attributes(const AppSettings& s, const User& u,
                                                const std::vector<std::string>& groups,
                                                const std::string& app_username) {
  std::vector<AttributeModel> out;
  ExprContext ctx{&u, &groups, app_username};
  for (const auto& a : s.attribute_statements) {
    auto v = a.value.evaluate(ctx);
    if (!v) continue;
    out.push_back(AttributeModel{a.name, a.name_format, {*v}, "xs:string"});
  }
  for (const auto& g : s.group_attribute_statements) {
    AttributeModel m{g.name, g.name_format, {}, "xs:string"};
    for (const auto& name : groups)
      if (g.matches(name)) m.values.push_back(name);
    if (!m.values.empty()) out.push_back(std::move(m));
  }
  return out;
}

ResponseModel make_model(const MintInput& in, core::Rng& rng) {
  const App& app = *in.app;
  const AppSettings& s = app.settings;
  ResponseModel m;
  m.response_id = okta_id(rng);
  m.assertion_id = okta_id(rng);
  m.issue_instant = in.now;  // B.6: Response and Assertion share it
  std::string acs = in.acs.empty() ? s.single_sign_on_url : in.acs;
  // B.7 [O1]: Recipient and Destination are the Single sign-on URL unless
  // overridden; a requested ACS (B.10) takes its place.
  m.destination = s.destination_url.empty() ? acs : s.destination_url;
  m.recipient = s.recipient_url.empty() ? acs : s.recipient_url;
  m.in_response_to = in.in_response_to;
  m.issuer = app.issuer();

  std::string username = application_username(s, *in.user, in.groups, in.frozen_username);
  m.name_id = username;
  m.name_id_format = s.name_id_format;

  auto lifetime = std::chrono::seconds{s.assertion_lifetime_seconds};
  m.subject_not_on_or_after = in.now + lifetime;
  m.not_before = in.now - std::chrono::minutes{5};  // B.6: IssueInstant - 5 min
  m.not_on_or_after = in.now + lifetime;            // B.6: IssueInstant + 5 min by default
  m.audience = s.audience_uri;
  m.authn_instant = in.authn_instant.value_or(in.now);
  // B.8: SessionIndex equals the AuthnRequest ID when SP-initiated, else
  // id<epoch-ms>.<digits>.
  if (!in.session_index.empty()) {
    m.session_index = in.session_index;
  } else if (in.in_response_to) {
    m.session_index = *in.in_response_to;
  } else {
    m.session_index = "id" + std::to_string(in.now.time_since_epoch().count()) + "." + rng.digits(9);
  }
  m.authn_context_class_ref = s.authn_context_class_ref;
  m.attributes = evaluate_attributes(s, *in.user, in.groups, username);
  return m;
}

ResponseModel make_status_model(const App& app, const std::string& destination,
                                const std::optional<std::string>& in_response_to, core::Instant now,
                                const std::string& sub_status, const std::string& message, core::Rng& rng) {
  ResponseModel m;
  m.response_id = okta_id(rng);
  m.issue_instant = now;
  m.destination = destination;
  m.in_response_to = in_response_to;
  m.issuer = app.issuer();
  m.status_code = urn::kStatusResponder;
  m.sub_status_code = sub_status;
  m.status_message = message;
  m.include_assertion = false;
  return m;
}

SecurityPlan security_plan(const AppSettings& s, bool xs_declared) {
  SecurityPlan p;
  p.sign_assertion = s.assertion_signed;
  p.sign_response = s.response_signed;
  p.sign = okta_sign_options(s.signature_algorithm, s.digest_algorithm, xs_declared);
  if (s.assertion_encryption.enabled && s.assertion_encryption.encryption_certificate) {
    core::EncryptOptions e;
    e.cipher = s.assertion_encryption.encryption_algorithm;
    e.transport = s.assertion_encryption.key_transport_algorithm;
    e.key_beside_data = true;  // B.12: EncryptedKey is a sibling of EncryptedData
    p.encrypt = e;
    p.encrypt_to = &*s.assertion_encryption.encryption_certificate;
  }
  return p;
}

core::ToolResult<std::string> finish(const ResponseModel& m, const AppSettings& s, const core::PrivateKey& key,
                                 core::Rng& rng) {
  auto doc = build_response(m);
  auto plan = security_plan(s, m.declares_xs());
  if (!m.include_assertion) plan.sign_response = true;  // a status-only Response is still signed
  if (auto st = secure_response(doc.get(), key, plan, rng); !st) return std::move(st).failure();
  return serialize_response(doc.get());
}

core::ToolResult<Minted> mint(const MintInput& in, const core::PrivateKey& key, core::Rng& rng) {
  Minted out;
  out.model = make_model(in, rng);
  auto xml = finish(out.model, in.app->settings, key, rng);
  if (!xml) return std::move(xml).failure();
  out.xml = std::move(xml).value();
  return out;
}

}  // namespace samlh::idp
