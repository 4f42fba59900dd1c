// The SP's HTML pages. Every value is HTML-escaped here; callers pass plain
// text. Error pages show only the words of reason_http.hpp, never a detail.
#pragma once

#include <string>
#include <vector>

#include "core/reason.hpp"
#include "sp/server/reason_http.hpp"
#include "sp/accounts/accounts.hpp"

namespace samlh::sp::pages {

struct OrgLink {
  std::string slug;
  std::string name;
  bool sso_enabled = false;
};

std::string index(const std::vector<OrgLink>& orgs);
std::string error(const HttpError& e);
// A page without a reason (bad route, server configuration).
std::string message(const std::string& title, const std::string& text);
std::string app(const SessionInfo& who);
std::string login_form(const std::string& org, const std::string& email, const std::string& error_text);
std::string signup_form(const std::string& email, const std::string& error_text);
std::string signed_up(const SignupOutcome& s);
std::string signed_out(const std::string& org);
// The SP's metadata for `org` (the bytes /sso/<org>/metadata serves),
// pretty-printed and escaped, with a link to the file.
std::string metadata_view(const std::string& org, const std::string& xml);

}  // namespace samlh::sp::pages
