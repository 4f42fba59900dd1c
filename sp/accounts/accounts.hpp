// The Hotjar-shaped account rules, as a service over the Store with an
// injected Clock. Every operation returns an Outcome: a typed result (a
// Refusal: a LoginReason, or one of two message reasons, on refusal), the gap codes it recorded, and the sequence
// number of the audit record it wrote in the same transaction as its change.
// Rules cite /work/shared/facts/okta-hotjar.md ("[H2] A.5") or say
// "assumption" (and are then a setting in SsoSettings with a default).
// Reads (roster, admin_actor) and plain successful session checks are not
// audited: a page view must not flood the log.
#pragma once

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "sp/model/login_reason.hpp"
#include "sp/model/model.hpp"
#include "sp/model/secrets.hpp"
#include "sp/store/store.hpp"
#include "sp/validator/verdict.hpp"

namespace samlh::sp {

template <class T>
struct [[nodiscard]] Outcome {
  RefusalResult<T> result;
  std::vector<Gap> gaps;       // recorded by this operation, on success or refusal
  std::int64_t audit_seq = 0;  // the main audit record (0: none written)

  bool ok() const { return result.ok(); }
  Refusal reason() const { return result.reason(); }
  bool has_gap(Gap g) const { return std::find(gaps.begin(), gaps.end(), g) != gaps.end(); }
};

enum class LoginFlow : std::uint8_t { sp_initiated, idp_initiated };
inline constexpr auto kLoginFlowSpellings = core::spellings<LoginFlow>(
    {{LoginFlow::sp_initiated, "sp_initiated"}, {LoginFlow::idp_initiated, "idp_initiated"}});
constexpr std::string_view spelling(LoginFlow f) noexcept { return kLoginFlowSpellings.spelling(f); }

struct LoginContext {
  LoginFlow flow = LoginFlow::sp_initiated;
  std::optional<std::string> invitation_token;  // set when the login started at /sso/<org>/invite/<token>
  // The instant of the decision; the validator passes the instant it
  // validated at so both share one time. Default: the injected clock.
  std::optional<core::Instant> now;
};

struct LoginOutcome {
  Session session;  // token set
  Member member;
  bool invitation_accepted = false;
};

struct SignupOutcome {
  Account account;
  Organization organization;
  Member owner;
  std::vector<std::string> related_orgs;  // orgs the shadow_account gap was recorded against
};

struct SessionInfo {
  std::string org;
  OrgId org_id = 0;
  std::string email;
  Role role = Role::read_only;
  SessionVia via = SessionVia::sso;
  core::Instant expires{};
};

struct SsoSwitches {
  bool enabled = false;
  bool enforced = false;  // applies only while enabled
  bool idp_initiated_allowed = false;
};

struct Roster {
  std::string org;
  std::vector<Member> members;                  // by email
  std::vector<Invitation> pending_invitations;  // pending and not lapsed, by creation
};

struct AccountsOptions {
  int password_iterations = kDefaultPbkdf2Iterations;
};

class Accounts {
 public:
  Accounts(Store& store, const core::Clock& clock, TokenSource& tokens, AccountsOptions options = {});

  // --- admin actions: `actor` is the acting member's email; refusals are
  // login_org_unknown, login_forbidden (role), or as listed.
  // Invite [H2] A.5: Admin/Owner; roles Read Only, Read & Write, Admin. Also
  // identity_* (bad email), identity_domain_not_allowed (assumption A.10),
  // login_already_member. A newer invitation supersedes (revokes) a pending one.
  Outcome<Invitation> invite(const std::string& org, const std::string& email, Role role, const std::string& actor);
  // login_invitation_unknown / _revoked / _expired, login_already_member (accepted).
  Outcome<Invitation> revoke_invitation(const std::string& org, const std::string& token, const std::string& actor);
  // [H3] A.8: Admin/Owner; never to or from Account Owner (transfer only [H9]);
  // login_member_unknown.
  Outcome<Member> change_role(const std::string& org, const std::string& subject, Role role, const std::string& actor);
  // [H2] A.9: Admin/Owner, not oneself, never the Account Owner [H6];
  // login_member_unknown. Ends the member's sessions in the org unless the
  // org's remove_ends_sessions is off (assumption either way, [U] A.9).
  Outcome<Member> remove_member(const std::string& org, const std::string& subject, const std::string& actor);
  // [H9]: only the current Owner, to a member of this org who owns no other
  // account [H6]; the old owner stays as Admin in every org of the account.
  Outcome<Account> transfer_ownership(const std::string& org, const std::string& new_owner, const std::string& actor);
  // Admin/Owner (assumption: who may configure SSO is [U] A.3/A.7).
  Outcome<SsoSettings> set_sso(const std::string& org, SsoSwitches s, const std::string& actor);
  // Marks lapsed pending invitations expired, one record (gap
  // invitation_expired) each. Not an admin action: the SP's own housekeeping.
  Outcome<std::vector<Invitation>> expire_invitations(const std::string& org);

  // --- logins
  // SSO login decision for an identity the validator already accepted. See
  // accounts_login.cpp for the order of rules and their sources.
  Outcome<LoginOutcome> sso_login(const std::string& org, const Identity& id, const LoginContext& ctx);
  // The same inside the caller's locked section and transaction (the ACS
  // commits the verdict, the replay claim and the login together).
  Outcome<LoginOutcome> sso_login(StoreLock& db, const std::string& org, const Identity& id, const LoginContext& ctx);
  // login_org_unknown, login_password_sso_enforced, login_bad_password,
  // login_no_membership. Gap password_login_bypasses_sso when SSO is enabled
  // but not enforced.
  Outcome<LoginOutcome> password_login(const std::string& org, const std::string& email, const std::string& password);
  // A NEW account owned by the person, never a membership of a company org
  // [H3] A.5; identity_*, login_password_weak [H8], login_signup_email_taken [H7].
  Outcome<SignupOutcome> self_signup(const std::string& email, const std::string& password);

  // --- sessions: never ended by the IdP (no SCIM, no back-channel).
  // login_session_expired when unknown, ended, expired or the membership is gone.
  Outcome<SessionInfo> validate_session(const std::string& token);
  Outcome<Session> end_session(const std::string& token);

  // --- IdP events: records, changes nothing (accounts_idp.cpp).
  Outcome<IdpObservation> observe_idp_event(const std::string& org, const IdpEvent& ev);

  // --- reads
  LoginResult<Roster> roster(const std::string& org);
  // The acting member's email for an admin bearer token; login_forbidden if unknown.
  LoginResult<std::string> admin_actor(const std::string& bearer_token);

 private:
  struct Draft;
  // The operation `body(db, draft)` and its audit records in one
  // transaction, under the store lock (taken here, or the caller's).
  template <class T, class Body>
  Outcome<T> run(Draft draft, Body&& body);
  template <class T, class Body>
  Outcome<T> run(StoreLock& db, Draft draft, Body&& body);

  LoginResult<Organization> find_org(StoreLock& db, const std::string& slug);
  // The same without a copy: the store's immutable snapshot (hot paths).
  LoginResult<std::shared_ptr<const Organization>> find_org_snapshot(StoreLock& db, const std::string& slug);
  LoginResult<Member> acting_manager(StoreLock& db, const Organization& org, const std::string& actor, Draft& d);
  Session open_session(StoreLock& db, const Organization& org, const Member& m, SessionVia via, core::Instant now);
  LoginResult<LoginOutcome> complete_sso_login(StoreLock& db, const Organization& org, Member member,
                                                const Identity& id, core::Instant now, bool accepted, Draft& d);
  LoginResult<LoginOutcome> accept_invitation(StoreLock& db, const Organization& org, const Invitation& inv,
                                               const Identity& id, core::Instant now, Draft& d);
  LoginResult<LoginOutcome> sso_login_without_membership(StoreLock& db, const Organization& org,
                                                          const std::string& email, const Identity& id,
                                                          const LoginContext& ctx, core::Instant now, Draft& d);
  // Company organizations a sign-up relates to: {slug, why}.
  std::vector<std::pair<std::string, std::string>> related_orgs(StoreLock& db, const std::string& email,
                                                                const std::string& domain);
  const std::string& dummy_hash();

  Store& store_;
  const core::Clock& clock_;
  TokenSource& tokens_;
  AccountsOptions options_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // verified against when no account exists, so timing does not tell
};

}  // namespace samlh::sp
