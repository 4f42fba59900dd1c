#include "sp/model.hpp"

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

constexpr std::array<std::pair<MemberOrigin, std::string_view>, 4> kOrigins{{
    {MemberOrigin::seeded, "seeded"},
    {MemberOrigin::invitation, "invitation"},
    {MemberOrigin::signup, "signup"},
    {MemberOrigin::ownership_transfer, "ownership_transfer"},
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

}  // namespace samlh::sp
