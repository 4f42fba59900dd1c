#include "sp/model/model.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <utility>

namespace samlh::sp {
namespace {

template <class E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& rows, std::string_view s) {
  for (const auto& [e, name] : rows) {
    if (name == s) return e;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<MemberOrigin, std::string_view>, 5> kOrigins{{
    {MemberOrigin::seeded, "seeded"},
    {MemberOrigin::invitation, "invitation"},
    {MemberOrigin::signup, "signup"},
    {MemberOrigin::ownership_transfer, "ownership_transfer"},
    {MemberOrigin::jit, "jit"},
}};

constexpr std::array<std::pair<InvitationStatus, std::string_view>, 4> kStatuses{{
    {InvitationStatus::pending, "pending"},
    {InvitationStatus::accepted, "accepted"},
    {InvitationStatus::revoked, "revoked"},
    {InvitationStatus::expired, "expired"},
}};

constexpr std::array<std::pair<IdpEventKind, std::string_view>, 7> kIdpKinds{{
    {IdpEventKind::assigned, "assigned"},
    {IdpEventKind::unassigned, "unassigned"},
    {IdpEventKind::deactivated, "deactivated"},
    {IdpEventKind::reactivated, "reactivated"},
    {IdpEventKind::suspended, "suspended"},
    {IdpEventKind::email_changed, "email_changed"},
    {IdpEventKind::groups_changed, "groups_changed"},
}};

constexpr std::array<std::pair<RequestBinding, std::string_view>, 2> kBindings{{
    {RequestBinding::redirect, "redirect"},
    {RequestBinding::post, "post"},
}};

}  // namespace

std::string_view spelling(RequestBinding b) noexcept { return kBindings[static_cast<std::size_t>(b)].second; }
std::optional<RequestBinding> request_binding_from_spelling(std::string_view s) noexcept {
  return lookup(kBindings, s);
}

std::string_view spelling(IdpEventKind k) noexcept { return kIdpKinds[static_cast<std::size_t>(k)].second; }
std::optional<IdpEventKind> idp_event_kind_from_spelling(std::string_view s) noexcept { return lookup(kIdpKinds, s); }

std::string_view spelling(MemberOrigin o) noexcept { return kOrigins[static_cast<std::size_t>(o)].second; }
std::optional<MemberOrigin> member_origin_from_spelling(std::string_view s) noexcept { return lookup(kOrigins, s); }

std::string_view spelling(InvitationStatus s) noexcept { return kStatuses[static_cast<std::size_t>(s)].second; }
std::optional<InvitationStatus> invitation_status_from_spelling(std::string_view s) noexcept {
  return lookup(kStatuses, s);
}

std::string_view spelling(SessionVia v) noexcept { return v == SessionVia::sso ? "sso" : "password"; }

std::string_view spelling(AuditOutcome o) noexcept {
  switch (o) {
    case AuditOutcome::success: return "success";
    case AuditOutcome::refused: return "refused";
    case AuditOutcome::observed: return "observed";
  }
  return "unknown";
}

std::string Invitation::link_path(std::string_view org_slug, std::string_view token) {
  std::string p = "/sso/";
  p.append(org_slug).append("/invite/").append(token);
  return p;
}

std::string Invitation::token_hint(std::string_view token) {
  return std::string(token.substr(0, 8)) + "...";
}

std::string_view spelling(SigningPolicy p) noexcept {
  switch (p) {
    case SigningPolicy::assertion_or_response: return "assertion_or_response";
    case SigningPolicy::assertion: return "assertion";
    case SigningPolicy::response: return "response";
    case SigningPolicy::both: return "both";
  }
  return "assertion_or_response";
}

std::optional<SigningPolicy> signing_policy_from_spelling(std::string_view s) noexcept {
  for (SigningPolicy p : {SigningPolicy::assertion_or_response, SigningPolicy::assertion, SigningPolicy::response,
                          SigningPolicy::both}) {
    if (spelling(p) == s) return p;
  }
  return std::nullopt;
}

std::string validation_policy_to_json(const ValidationPolicy& p) {
  return nlohmann::json{{"signing_policy", spelling(p.signing)},
                        {"allow_sha1", p.allow_sha1},
                        {"allow_rsa_1_5", p.allow_rsa_1_5},
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
  p.require_gcm = j.value("require_gcm", false);
  p.strict_cert_validity = j.value("strict_cert_validity", false);
  p.skew = std::chrono::seconds{j.value("skew_seconds", 180)};
  p.max_issue_age = std::chrono::seconds{j.value("max_issue_age_seconds", 600)};
  return p;
}

}  // namespace samlh::sp
