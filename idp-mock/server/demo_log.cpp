// IssuedLog (demo_log.hpp).
#include "idp-mock/server/demo_log.hpp"

namespace samlh::idp {
namespace {

std::string on_off(bool b) { return b ? "on" : "off"; }

std::string signing(const AppSettings& s) {
  if (s.response_signed && s.assertion_signed) return "both: the Response and the Assertion";
  if (s.response_signed) return "the Response only";
  if (s.assertion_signed) return "the Assertion only";
  return "none";
}

std::string username_source(const AppSettings& s) {
  std::string out(kAppUsernameSpellings.spelling(s.application_username));
  if (s.application_username == AppUsername::custom && s.custom_template) out += ": " + s.custom_template->source();
  return out + " (update on " + std::string(kUpdateUsernameOnSpellings.spelling(s.update_application_username_on)) +
         ")";
}

}  // namespace

IssuedResponse describe_issue(const App& app, const User& user, const std::vector<std::string>& groups,
                              const Minted& m) {
  const AppSettings& s = app.settings;
  IssuedResponse r;
  r.app = app.name;
  r.app_label = app.label;
  r.login = user.login;
  r.response_id = m.model.response_id;
  r.xml = m.xml;
  r.groups = groups;
  r.settings = {
      {"Issuer", app.issuer()},
      {"Name ID format", s.name_id_format},
      {"Application username (the NameID's source)", username_source(s)},
      {"NameID sent", m.model.name_id},
      {"Signed", signing(s)},
      {"Signature algorithm", std::string(kOktaSignatureAlgorithms.spelling(s.signature_algorithm))},
      {"Digest algorithm", std::string(kOktaDigestAlgorithms.spelling(s.digest_algorithm))},
      {"Assertion encryption",
       s.assertion_encryption.enabled
           ? std::string(kOktaCiphers.spelling(s.assertion_encryption.encryption_algorithm)) + ", key transport " +
                 std::string(kOktaKeyTransports.spelling(s.assertion_encryption.key_transport_algorithm))
           : "off"},
      {"Audience URI", s.audience_uri},
      {"Recipient", app.recipient()},
      {"Destination", app.destination()},
      {"Sent to (ACS)", m.model.destination.empty() ? app.destination() : m.model.destination},
      {"Assertion lifetime", std::to_string(s.assertion_lifetime_seconds) + " s"},
      {"Honor ForceAuthn", on_off(s.honor_force_authn)},
      {"Signed requests required", on_off(s.signed_requests)},
      {"AuthnContextClassRef", s.authn_context_class_ref},
  };
  for (const GroupAttributeStatement& g : s.group_attribute_statements) {
    IssuedGroupFilter f{g.name, std::string(kGroupFilterSpellings.spelling(g.filter)), g.value, {}};
    for (const std::string& group : groups) {
      auto hit = g.matches(group);
      if (hit && *hit) f.kept.push_back(group);
    }
    r.group_filters.push_back(std::move(f));
  }
  for (const AttributeModel& a : m.model.attributes) r.attributes.emplace_back(a.name, a.values);
  return r;
}

std::uint64_t IssuedLog::add(IssuedResponse r) {
  if (capacity_ == 0) return 0;
  r.id = next_++;
  entries_.push_back(std::move(r));
  while (entries_.size() > capacity_) entries_.pop_front();
  return entries_.back().id;
}

const IssuedResponse* IssuedLog::find(std::uint64_t id) const {
  for (const IssuedResponse& r : entries_)
    if (r.id == id) return &r;
  return nullptr;
}

std::vector<const IssuedResponse*> IssuedLog::recent() const {
  std::vector<const IssuedResponse*> out;
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) out.push_back(&*it);
  return out;
}

}  // namespace samlh::idp
