#include "sp/model/model.hpp"

#include <nlohmann/json.hpp>

namespace samlh::sp {

std::string Invitation::link_path(std::string_view org_slug, std::string_view token) {
  std::string p = "/sso/";
  p.append(org_slug).append("/invite/").append(token);
  return p;
}

std::string Invitation::token_hint(std::string_view token) {
  return std::string(token.substr(0, 8)) + "...";
}

std::string validation_policy_to_json(const ValidationPolicy& p) {
  return nlohmann::json{{"signing_policy", spelling(p.signing)},
                        {"allow_sha1", p.allow_sha1},
                        {"allow_rsa_1_5", p.allow_rsa_1_5},
                        {"allow_3des", p.allow_3des},
                        {"require_gcm", p.require_gcm},
                        {"strict_cert_validity", p.strict_cert_validity},
                        {"skew_seconds", p.skew.count()},
                        {"max_issue_age_seconds", p.max_issue_age.count()}}
      .dump();
}

ValidationPolicy validation_policy_from_json(std::string_view text) {
  ValidationPolicy p;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return p;  // an unreadable column means the strict defaults
  p.signing = signing_policy_from_spelling(j.value("signing_policy", "")).value_or(p.signing);
  p.allow_sha1 = j.value("allow_sha1", false);
  p.allow_rsa_1_5 = j.value("allow_rsa_1_5", false);
  p.allow_3des = j.value("allow_3des", false);
  p.require_gcm = j.value("require_gcm", false);
  p.strict_cert_validity = j.value("strict_cert_validity", false);
  p.skew = std::chrono::seconds{j.value("skew_seconds", 180)};
  p.max_issue_age = std::chrono::seconds{j.value("max_issue_age_seconds", 600)};
  return p;
}

}  // namespace samlh::sp
