// subject_confirmation and subject: who the verified assertion is about.
#include <optional>
#include <string>

#include "core/xml.hpp"
#include "sp/validator/validator_context.hpp"

namespace samlh::sp::detail {
namespace {

using core::Reason;
namespace ns = core::ns;

constexpr std::string_view kBearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

// One bearer confirmation against Profiles 4.1.4.2; nullopt when it holds.
std::optional<core::Failure> judge_bearer(const xmlNode* sc, ValidationContext& c, core::Instant& noa_out,
                                          std::string& irt_out) {
  const xmlNode* data = core::child(sc, ns::kSaml, "SubjectConfirmationData");
  if (data == nullptr) return core::fail(Reason::subj_confirmation_data, "no SubjectConfirmationData");
  if (core::has_attr(data, "NotBefore")) {
    return core::fail(Reason::subj_confirmation_data, "bearer SubjectConfirmationData carries NotBefore (MUST NOT)");
  }
  if (!core::has_attr(data, "NotOnOrAfter")) return core::fail(Reason::subj_confirmation_data, "no NotOnOrAfter");
  const auto noa = core::parse_saml_time(core::attr(data, "NotOnOrAfter"));
  if (!noa) return core::fail(Reason::struct_invalid_time, "NotOnOrAfter '" + core::attr(data, "NotOnOrAfter") + "'");
  if (c.now - std::chrono::duration_cast<core::Millis>(c.settings.skew) >= *noa) {
    return core::fail(Reason::subj_expired, "NotOnOrAfter " + core::format_saml_time(*noa) + ", now " +
                                                core::format_saml_time(c.now));
  }
  if (!core::has_attr(data, "Recipient")) return core::fail(Reason::subj_recipient, "no Recipient");
  const std::string recipient = core::attr(data, "Recipient");
  if (recipient != c.settings.acs_url) {
    return core::fail(Reason::subj_recipient, "Recipient '" + recipient + "', expected '" + c.settings.acs_url + "'");
  }
  noa_out = *noa;
  irt_out = core::attr(data, "InResponseTo");
  return std::nullopt;
}

}  // namespace

Outcome check_subject_confirmation(ValidationContext& c) {
  const xmlNode* subject = core::child(c.assertion, ns::kSaml, "Subject");
  if (subject == nullptr) return Outcome::fail(Reason::subj_no_bearer, "the Assertion has no Subject");
  std::optional<core::Failure> first_failure;
  std::size_t bearers = 0;
  for (xmlNode* sc : core::elements(subject)) {
    if (!core::is_element(sc, ns::kSaml, "SubjectConfirmation") || core::attr(sc, "Method") != kBearer) continue;
    ++bearers;
    core::Instant noa{};
    std::string irt;
    auto failure = judge_bearer(sc, c, noa, irt);
    if (!failure) {
      // The first fully valid bearer confirmation is the one we rely on (PR-25).
      c.in_response_to = irt;
      c.expires = c.expires == core::Instant{} ? noa : std::min(c.expires, noa);
      return Outcome::pass("bearer, Recipient " + c.settings.acs_url + ", NotOnOrAfter " + core::format_saml_time(noa));
    }
    if (!first_failure) first_failure = std::move(failure);
  }
  if (bearers == 0) return Outcome::fail(Reason::subj_no_bearer, "no SubjectConfirmation with the bearer method");
  return Outcome::from(*first_failure);
}

Outcome check_subject(ValidationContext& c) {
  const xmlNode* subject = core::child(c.assertion, ns::kSaml, "Subject");
  const xmlNode* name_id = core::child(subject, ns::kSaml, "NameID");
  if (name_id == nullptr) {
    const bool encrypted = core::child(subject, ns::kSaml, "EncryptedID") != nullptr;
    return Outcome::fail(Reason::subj_name_id_missing, encrypted ? "EncryptedID is not supported" : "no NameID");
  }
  if (core::count_children(subject, ns::kSaml, "NameID") != 1) {
    return Outcome::fail(Reason::struct_schema, "more than one NameID");
  }
  // The whole text content: a comment or CDATA split cannot truncate it
  // (CVE-2017-11427 class). Exclusive c14n signs exactly this text.
  const std::string value = core::text(name_id);
  if (value.empty()) return Outcome::fail(Reason::subj_name_id_missing, "empty NameID");

  Identity& id = c.identity;
  id.name_id = value;
  id.name_id_format = core::attr(name_id, "Format");
  id.assertion_id = core::attr(c.assertion, "ID");
  id.response_id = core::attr(c.response, "ID");
  id.not_on_or_after = c.expires;
  for (xmlNode* st : core::elements(c.assertion)) {
    if (!core::is_element(st, ns::kSaml, "AttributeStatement")) continue;
    for (xmlNode* a : core::elements(st)) {
      if (!core::is_element(a, ns::kSaml, "Attribute")) continue;
      auto& values = id.attributes[core::attr(a, "Name")];
      for (xmlNode* v : core::elements(a)) {
        if (core::is_element(v, ns::kSaml, "AttributeValue")) values.push_back(core::text(v));
      }
    }
  }
  return Outcome::pass("NameID '" + value + "'" + (id.name_id_format.empty() ? "" : " (" + id.name_id_format + ")") +
                       ", " + std::to_string(id.attributes.size()) + " attribute(s)");
}

}  // namespace samlh::sp::detail
