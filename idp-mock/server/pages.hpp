// HTML pages that look like Okta's: the sign-in widget, "403 App Not
// Assigned" (okta-hotjar.md B.10 [O10]), error pages and a small home page.
// Every value is HTML-escaped.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace samlh::idp::pages {

struct DemoUser {
  std::string login;
  std::string name;
  std::string status;  // ACTIVE, SUSPENDED, DEPROVISIONED
};

// The sign-in form posting to /login with the stateToken. `demo_users`
// non-empty adds the user picker (serve --demo).
std::string sign_in(const std::string& org, const std::string& app_label, const std::string& state_token,
                    const std::string& error, const std::string& username,
                    const std::vector<DemoUser>& demo_users);

// B.10 [O10]: "403 App Not Assigned - Sorry, you cannot access <app name>
// because you are not assigned this app in Okta".
std::string app_not_assigned(const std::string& org, const std::string& app_label);

std::string error(const std::string& org, const std::string& title, const std::string& message);

struct AppLink {
  std::string label;
  std::string sso_url;
  std::string metadata_url;
  std::string issuer;
};
std::string home(const std::string& org, const std::vector<AppLink>& apps, const std::string& signed_in_as);

std::string escape(const std::string& s);

}  // namespace samlh::idp::pages
