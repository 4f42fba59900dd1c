#include "sp/server/reason_http.hpp"

namespace samlh::sp {

using core::Reason;

int http_status(Reason r) noexcept {
  switch (r) {
    case Reason::binding_too_large:
    case Reason::binding_inflate_too_large:
    case Reason::xml_too_large: return 413;
    case Reason::login_bad_password:
    case Reason::login_session_expired: return 401;
    case Reason::login_org_unknown:
    case Reason::login_member_unknown:
    case Reason::login_invitation_unknown: return 404;
    case Reason::login_already_member:
    case Reason::login_signup_email_taken: return 409;
    case Reason::login_password_weak: return 422;
    case Reason::login_store_failed: return 503;
    case Reason::binding_relay_state: return 400;
    default: break;
  }
  const std::string_view st = core::stage(r);
  if (st == "binding" || st == "xml" || st == "struct") return 400;
  if (st == "idp") return 502;
  return 403;
}

std::string_view user_title(Reason r) noexcept {
  const std::string_view st = core::stage(r);
  if (r == Reason::login_store_failed) return "Please try again";
  if (r == Reason::login_forbidden) return "Not allowed";
  if (r == Reason::login_org_unknown) return "Organization not found";
  if (r == Reason::login_session_expired) return "Please sign in";
  if (st == "login" || st == "identity") return "Sign-in refused";
  if (st == "idp") return "Your identity provider refused the sign-in";
  return "Sign-in failed";
}

std::string_view user_message(Reason r) noexcept {
  switch (r) {
    case Reason::status_not_success: return "Your identity provider did not complete the sign-in. Please try again.";
    case Reason::issuer_missing:
    case Reason::issuer_mismatch:
      return "The sign-in came from an identity provider this organization does not trust.";
    case Reason::dest_missing:
    case Reason::dest_mismatch:
    case Reason::subj_recipient:
    case Reason::cond_audience_missing:
    case Reason::cond_audience_mismatch:
      return "The sign-in message was meant for another service. Ask your administrator to check the SSO setup.";
    case Reason::subj_expired:
    case Reason::cond_expired:
    case Reason::cond_not_yet_valid:
    case Reason::cond_issue_instant:
      return "The sign-in message has expired or its time is off. Please start the sign-in again.";
    case Reason::inresp_mismatch:
    case Reason::inresp_unexpected:
      return "This sign-in was not started from this browser, or it was already used. Please start the sign-in again.";
    case Reason::inresp_unsolicited:
      return "This organization accepts only sign-ins started from Hotjar. Please use the organization's sign-in link.";
    case Reason::replay_assertion: return "This sign-in was already used. Please start the sign-in again.";
    case Reason::binding_relay_state: return "The page to return to after the sign-in is not allowed.";
    case Reason::identity_domain_not_allowed: return "Your email domain is not allowed in this organization.";
    case Reason::login_org_unknown: return "There is no organization at this address.";
    case Reason::login_sso_disabled: return "Single sign-on is not enabled for this organization.";
    case Reason::login_no_membership:
      return "You are not a member of this organization. Ask an Admin or the Account Owner to invite you.";
    case Reason::login_invitation_expired: return "Your invitation has expired. Ask an Admin for a new one.";
    case Reason::login_invitation_revoked: return "Your invitation was withdrawn. Ask an Admin for a new one.";
    case Reason::login_invitation_mismatch:
      return "This invitation was sent to a different email address than the one you signed in with.";
    case Reason::login_invitation_pending:
      return "You have a pending invitation. Open the invitation link from your email to accept it first.";
    case Reason::login_invitation_unknown: return "This invitation link is not valid.";
    case Reason::login_password_sso_enforced:
      return "This organization requires single sign-on. Please sign in through your identity provider.";
    case Reason::login_bad_password: return "The email or password is wrong.";
    case Reason::login_session_expired: return "You are not signed in, or your session has ended.";
    case Reason::login_forbidden: return "Your role does not allow this action.";
    case Reason::login_already_member: return "This person is already a member of the organization.";
    case Reason::login_member_unknown: return "This person is not a member of the organization.";
    case Reason::login_signup_email_taken: return "This email address is already in use.";
    case Reason::login_password_weak:
      return "Choose a password of 8 to 64 characters with at least one lower-case and one upper-case letter.";
    case Reason::login_store_failed: return "Something went wrong on our side and nothing was changed. Please try again.";
    default: break;
  }
  const std::string_view st = core::stage(r);
  if (st == "binding" || st == "xml" || st == "struct")
    return "The sign-in message from your identity provider could not be read. Please start the sign-in again.";
  if (st == "sig" || st == "cert" || st == "enc")
    return "The sign-in message could not be verified as coming from your organization's identity provider.";
  if (st == "subj" || st == "authn")
    return "The sign-in message from your identity provider is incomplete. Ask your administrator to check the SSO setup.";
  if (st == "identity") return "Your identity provider did not send a usable email address.";
  if (st == "idp") return "Your identity provider refused the sign-in.";
  return "The sign-in could not be completed.";
}

}  // namespace samlh::sp
