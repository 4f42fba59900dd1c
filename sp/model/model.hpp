// Plain types of the Hotjar-shaped account model. Rules live in accounts.hpp;
// storage in store.hpp. Section tags refer to /work/shared/facts/okta-hotjar.md
// (e.g. "[H2] A.5"); "assumption" marks a documented setting where the public
// record is silent. Emails are always stored normalised (see email.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/spelling.hpp"
#include "sp/model/gaps.hpp"
#include "sp/model/role.hpp"
#include "sp/validator/validator.hpp"

namespace samlh::sp {

using OrgId = std::int64_t;
using AccountId = std::int64_t;

// SSO is configured per Organization, not per Account [H1][H2] A.2; what the
// customer enters is [U] A.3, so every field is configurable.
// How the SP sends its AuthnRequest to the IdP's SSO URL (SAML Bindings 3.4, 3.5).
enum class RequestBinding : std::uint8_t { redirect, post };
inline constexpr auto kRequestBindingSpellings =
    core::spellings<RequestBinding>({{RequestBinding::redirect, "redirect"}, {RequestBinding::post, "post"}});
constexpr std::string_view spelling(RequestBinding b) noexcept { return kRequestBindingSpellings.spelling(b); }
constexpr std::optional<RequestBinding> request_binding_from_spelling(std::string_view s) noexcept {
  return kRequestBindingSpellings.parse(s);
}

// An organization's ValidationPolicy (sp/validator/validator.hpp) as stored.
std::string validation_policy_to_json(const ValidationPolicy& p);
ValidationPolicy validation_policy_from_json(std::string_view json);

struct SsoSettings {
  std::string idp_entity_id;
  std::string idp_sso_url;
  std::vector<std::string> idp_certificates;  // PEM; two during a rollover [O7] B
  std::string sp_entity_id;
  std::string acs_url;
  bool sso_enabled = false;
  bool sso_enforced = false;  // [U] A.6: a per-org flag
  bool idp_initiated_allowed = false;  // [U] A.4: a switch
  // Assumption A.10: optional, default none. When set, the email domain must
  // equal one of these exactly (lower-case, no suffix or parent matching).
  std::vector<std::string> allowed_email_domains;
  core::Millis session_lifetime{std::chrono::hours{24}};  // assumption ([U] A.9)
  core::Millis invitation_ttl{std::chrono::days{7}};      // assumption ([U] A.5)
  // Assumption: an invitation is accepted only by the invitee's first
  // successful SSO login THROUGH the invitation link ([H2] A.5 "until they
  // accept the invitation email"). true: any SSO login by the invitee accepts it.
  bool accept_invitation_on_any_sso_login = false;
  // Assumption ([U] A.9): removing a member ends their open sessions at once.
  // false: a removed member's open session keeps working, with the role it
  // opened with, until it expires.
  bool remove_ends_sessions = true;
  // Assumption ([S2] E.6: members "accept an invitation or [are]
  // pre-provisioned through SSO configuration"; what that means is unknown):
  // none (nullopt) means an SSO login without a membership or a pending
  // invitation creates nothing (no JIT); a role means such a login creates a
  // membership with that role (just-in-time provisioning).
  std::optional<Role> jit_provisioning_role;
  // Assumption (A.3: attribute names are [U]): attributes that may carry the
  // email when the NameID does not; compared exactly (case-sensitive).
  std::vector<std::string> email_attribute_names{
      "email", "Email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"};
  // Assumption: attributes read as a role or group claim, only to record that
  // the SP ignores them (C rows 2, 6); compared ASCII case-insensitively.
  std::vector<std::string> role_attribute_names{
      "role", "roles", "groups", "memberOf", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"};
  // Assumption: the IdP group that stands for this org's team. A
  // groups_changed event naming another org's team group is a team move
  // (C row 3). Empty: none.
  std::string idp_team_group;

  // --- the SP-initiated side, used by the HTTP server (sp/server/server.hpp).
  // What the customer enters is [U] A.3, so these are settings too.
  RequestBinding authn_request_binding = RequestBinding::redirect;
  // Signed AuthnRequests and LogoutRequests; needs sp_private_key. Okta
  // verifies them only with "Signed Requests" on (B.10); its SLO requires a
  // signed LogoutRequest (B.11).
  bool sign_authn_requests = false;
  std::string idp_slo_url;  // empty: logout ends the SP session only
  // The SP's own key pair (PEM), TEST-ONLY material in this harness: signs
  // requests, decrypts EncryptedAssertion, and is published in metadata.
  std::string sp_private_key;
  std::string sp_certificate;
  // How strictly the ACS validates for this organization. The defaults are
  // the strict ones; an admin may relax one knowingly, and a relaxation a
  // verdict relied on is in the audit record's `weak` list.
  ValidationPolicy validation;

  bool operator==(const SsoSettings&) const = default;
};

// A Hotjar Account holds Organizations and has exactly one Account Owner; an
// email owns at most one Account [H6] A.2.
struct Account {
  AccountId id = 0;
  std::string name;
  std::string owner_email;
  core::Instant created{};
};

struct Organization {
  OrgId id = 0;
  AccountId account_id = 0;
  std::string slug;  // "acme": the /sso/<org>/... path segment
  std::string name;
  SsoSettings sso;
  core::Instant created{};
};

// How a membership came to be.
enum class MemberOrigin : std::uint8_t {
  seeded,               // the starting state from the configuration file
  invitation,           // an accepted invitation [H2] A.5
  signup,               // the owner of an account made by self sign-up [H3] A.5
  ownership_transfer,   // the new Account Owner gains the account's organizations [H9]
  jit,                  // an SSO login created it (only with jit_provisioning_role set)
  scim,                 // the what-if SCIM endpoint provisioned it (not a Hotjar feature, E.4)
};
inline constexpr auto kMemberOriginSpellings = core::spellings<MemberOrigin>(
    {{MemberOrigin::seeded, "seeded"},
     {MemberOrigin::invitation, "invitation"},
     {MemberOrigin::signup, "signup"},
     {MemberOrigin::ownership_transfer, "ownership_transfer"},
     {MemberOrigin::jit, "jit"},
     {MemberOrigin::scim, "scim"}});
constexpr std::string_view spelling(MemberOrigin o) noexcept { return kMemberOriginSpellings.spelling(o); }
constexpr std::optional<MemberOrigin> member_origin_from_spelling(std::string_view s) noexcept {
  return kMemberOriginSpellings.parse(s);
}

// Team members are added per Organization, with a role per Organization [H2][H3] A.2.
struct Member {
  OrgId org_id = 0;
  std::string email;
  Role role = Role::read_only;
  MemberOrigin origin = MemberOrigin::seeded;
  core::Instant created{};
  core::Instant updated{};
  std::optional<core::Instant> first_sso_login;
};

enum class InvitationStatus : std::uint8_t { pending, accepted, revoked, expired };
inline constexpr auto kInvitationStatusSpellings = core::spellings<InvitationStatus>(
    {{InvitationStatus::pending, "pending"},
     {InvitationStatus::accepted, "accepted"},
     {InvitationStatus::revoked, "revoked"},
     {InvitationStatus::expired, "expired"}});
constexpr std::string_view spelling(InvitationStatus s) noexcept { return kInvitationStatusSpellings.spelling(s); }
constexpr std::optional<InvitationStatus> invitation_status_from_spelling(std::string_view s) noexcept {
  return kInvitationStatusSpellings.parse(s);
}

struct Invitation {
  std::string token;
  OrgId org_id = 0;
  std::string email;
  Role role = Role::read_only;
  std::string inviter;
  core::Instant created{};
  core::Instant expires{};  // exclusive: expired at or after this instant
  InvitationStatus status = InvitationStatus::pending;
  // "/sso/<org>/invite/<token>": where the invitee starts the SSO login.
  static std::string link_path(std::string_view org_slug, std::string_view token);
  // The first 8 characters and an ellipsis: what logs and audit details show,
  // since the token is half of what accepts the invitation.
  static std::string token_hint(std::string_view token);
};

enum class SessionVia : std::uint8_t { sso, password };
inline constexpr auto kSessionViaSpellings =
    core::spellings<SessionVia>({{SessionVia::sso, "sso"}, {SessionVia::password, "password"}});
constexpr std::string_view spelling(SessionVia v) noexcept { return kSessionViaSpellings.spelling(v); }

struct Session {
  std::string token;  // only known when created; the store keeps its SHA-256
  OrgId org_id = 0;
  std::string email;
  core::Instant created{};
  core::Instant expires{};  // exclusive
  SessionVia via = SessionVia::sso;
  // The member's role when the session opened: what the session keeps when
  // the membership is removed and remove_ends_sessions is false.
  std::optional<Role> role;
  std::optional<core::Instant> ended;
  std::string token_sha256;  // the stored key
  // session_outlives_idp_deactivation was already recorded for a use of this
  // session since the latest IdP deactivation (recorded once per session).
  bool deactivation_gap_recorded = false;
};

// A password login exists for people who signed up or were seeded with one;
// the hash is PBKDF2-HMAC-SHA256 (see secrets.hpp).
struct PasswordAccount {
  std::string email;
  std::string password_hash;
  core::Instant created{};
};

// What the IdP did. The SP has no SCIM [S1] A.1, so it never acts on these;
// observe_idp_event() only records what SSO-only onboarding fails to do.
enum class IdpEventKind : std::uint8_t {
  assigned, unassigned, deactivated, reactivated, suspended, email_changed, groups_changed
};
inline constexpr auto kIdpEventKindSpellings = core::spellings<IdpEventKind>(
    {{IdpEventKind::assigned, "assigned"},
     {IdpEventKind::unassigned, "unassigned"},
     {IdpEventKind::deactivated, "deactivated"},
     {IdpEventKind::reactivated, "reactivated"},
     {IdpEventKind::suspended, "suspended"},
     {IdpEventKind::email_changed, "email_changed"},
     {IdpEventKind::groups_changed, "groups_changed"}});
constexpr std::string_view spelling(IdpEventKind k) noexcept { return kIdpEventKindSpellings.spelling(k); }
constexpr std::optional<IdpEventKind> idp_event_kind_from_spelling(std::string_view s) noexcept {
  return kIdpEventKindSpellings.parse(s);
}

struct IdpEvent {
  IdpEventKind kind = IdpEventKind::assigned;
  std::string email;
  std::string new_email;            // email_changed only
  std::vector<std::string> groups;  // groups_changed: the groups after the change
  core::Instant at{};               // when it happened at the IdP
};

// The per-org memory of IdP events (the store keeps every one).
struct IdpObservation {
  std::int64_t seq = 0;
  OrgId org_id = 0;
  IdpEvent event;
  core::Instant recorded{};
};

// What the observations imply for one (org, email), kept so later logins and
// session uses can record their gaps.
struct IdpState {
  bool inactive = false;        // deactivated, unassigned or suspended, not since reactivated
  bool rehire_pending = false;  // reactivated/reassigned while the membership survived
  std::optional<std::string> drifted_from;  // this address replaced that one at the IdP
};

}  // namespace samlh::sp
