#include "sp/server/reason_http.hpp"

#include <array>

#include "core/spelling.hpp"

namespace samlh::sp {
namespace {

using core::Reason;

constexpr core::SpellingTable kApiErrors{std::array{
    core::Spelled<ApiError>{ApiError::api_bad_json, "api_bad_json", "The request body is not a JSON object."},
    core::Spelled<ApiError>{ApiError::api_bad_field, "api_bad_field",
                               "A field of the request is missing, of the wrong type, or not one of its allowed values."},
    core::Spelled<ApiError>{ApiError::api_bad_filter, "api_bad_filter",
                               "The audit query is malformed (an unknown key, a bad time or a bad number)."},
}};

int status_of(Reason r) noexcept {
  switch (r) {
    case Reason::binding_too_large:
    case Reason::binding_inflate_too_large:
    case Reason::xml_too_large: return 413;
    case Reason::binding_relay_state: return 400;
    default: break;
  }
  const std::string_view st = core::stage(r);
  if (st == "binding" || st == "xml" || st == "struct") return 400;
  return 403;
}

int status_of(LoginReason r) noexcept {
  switch (r) {
    case LoginReason::login_bad_password:
    case LoginReason::login_session_expired: return 401;
    case LoginReason::login_org_unknown:
    case LoginReason::login_member_unknown:
    case LoginReason::login_invitation_unknown: return 404;
    case LoginReason::login_already_member:
    case LoginReason::login_signup_email_taken: return 409;
    case LoginReason::login_password_weak: return 422;
    case LoginReason::login_store_failed: return 503;
    default: return 403;
  }
}

int status_of(ApiError) noexcept { return 400; }
int status_of(core::ToolError) noexcept { return 500; }

std::string_view title_of(Reason) noexcept { return "Sign-in failed"; }

std::string_view title_of(LoginReason r) noexcept {
  switch (r) {
    case LoginReason::login_store_failed: return "Please try again";
    case LoginReason::login_forbidden: return "Not allowed";
    case LoginReason::login_org_unknown: return "Organization not found";
    case LoginReason::login_session_expired: return "Please sign in";
    default: return "Sign-in refused";
  }
}

std::string_view title_of(ApiError) noexcept { return "Bad request"; }
std::string_view title_of(core::ToolError) noexcept { return "Please try again"; }

std::string_view message_of(Reason r) noexcept {
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
    default: break;
  }
  const std::string_view st = core::stage(r);
  if (st == "binding" || st == "xml" || st == "struct")
    return "The sign-in message from your identity provider could not be read. Please start the sign-in again.";
  if (st == "sig" || st == "cert" || st == "enc")
    return "The sign-in message could not be verified as coming from your organization's identity provider.";
  if (st == "subj" || st == "authn")
    return "The sign-in message from your identity provider is incomplete. Ask your administrator to check the SSO setup.";
  return "The sign-in could not be completed.";
}

std::string_view message_of(LoginReason r) noexcept {
  switch (r) {
    case LoginReason::identity_domain_not_allowed: return "Your email domain is not allowed in this organization.";
    case LoginReason::login_org_unknown: return "There is no organization at this address.";
    case LoginReason::login_sso_disabled: return "Single sign-on is not enabled for this organization.";
    case LoginReason::login_no_membership:
      return "You are not a member of this organization. Ask an Admin or the Account Owner to invite you.";
    case LoginReason::login_invitation_expired: return "Your invitation has expired. Ask an Admin for a new one.";
    case LoginReason::login_invitation_revoked: return "Your invitation was withdrawn. Ask an Admin for a new one.";
    case LoginReason::login_invitation_mismatch:
      return "This invitation was sent to a different email address than the one you signed in with.";
    case LoginReason::login_invitation_pending:
      return "You have a pending invitation. Open the invitation link from your email to accept it first.";
    case LoginReason::login_invitation_unknown: return "This invitation link is not valid.";
    case LoginReason::login_password_sso_enforced:
      return "This organization requires single sign-on. Please sign in through your identity provider.";
    case LoginReason::login_bad_password: return "The email or password is wrong.";
    case LoginReason::login_session_expired: return "You are not signed in, or your session has ended.";
    case LoginReason::login_forbidden: return "Your role does not allow this action.";
    case LoginReason::login_already_member: return "This person is already a member of the organization.";
    case LoginReason::login_member_unknown: return "This person is not a member of the organization.";
    case LoginReason::login_signup_email_taken: return "This email address is already in use.";
    case LoginReason::login_password_weak:
      return "Choose a password of 8 to 64 characters with at least one lower-case and one upper-case letter.";
    case LoginReason::login_store_failed:
      return "Something went wrong on our side and nothing was changed. Please try again.";
    default: break;
  }
  if (stage(r) == "identity") return "Your identity provider did not send a usable email address.";
  return "The sign-in could not be completed.";
}

std::string_view message_of(ApiError e) noexcept { return sentence(e); }

std::string_view message_of(core::ToolError) noexcept {
  return "Something went wrong on our side. Please try again.";
}

}  // namespace

std::string_view spelling(ApiError e) noexcept { return kApiErrors.spelling(e); }
std::string_view sentence(ApiError e) noexcept { return kApiErrors.sentence(e); }
std::span<const ApiError> all_api_errors() noexcept { return kApiErrors.all(); }

int http_status(const HttpError& e) noexcept {
  return e.visit([](auto c) { return status_of(c); });
}

std::string_view user_title(const HttpError& e) noexcept {
  return e.visit([](auto c) { return title_of(c); });
}

std::string_view user_message(const HttpError& e) noexcept {
  return e.visit([](auto c) { return message_of(c); });
}

}  // namespace samlh::sp
