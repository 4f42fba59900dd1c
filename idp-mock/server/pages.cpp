#include "idp-mock/server/pages.hpp"

#include "core/bindings.hpp"

namespace samlh::idp::pages {
namespace {

// Okta's sign-in widget look: white card on a grey page, org logo text on
// top, blue primary button.
const char* kStyle = R"(<style>
body{margin:0;background:#f4f4f4;font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1d1d21}
.card{width:400px;margin:60px auto;background:#fff;border:1px solid #ddd;border-radius:4px;box-shadow:0 2px 0 rgba(175,175,175,.12)}
.logo{padding:30px 42px 20px;border-bottom:1px solid #ddd;text-align:center;font-size:24px;font-weight:600;color:#00297a}
.body{padding:20px 42px 42px}
h1,h2{font-size:15px;font-weight:600;text-align:center;margin:10px 0 20px}
label{display:block;font-size:14px;margin:14px 0 6px}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;height:40px;border:1px solid #8c8c96;border-radius:3px;padding:6px 8px;font-size:14px}
button,.button{width:100%;height:40px;margin-top:20px;background:#1662dd;border:0;border-radius:3px;color:#fff;font-size:14px;cursor:pointer}
.error{background:#fbe9e7;border:1px solid #e34843;border-radius:3px;padding:10px;font-size:13px;margin-bottom:10px}
.picker button{background:#fff;color:#1d1d21;border:1px solid #8c8c96;height:auto;padding:8px;text-align:left;margin-top:6px}
.muted{color:#6e6e78;font-size:12px}
table{border-collapse:collapse;width:100%;font-size:13px}td{padding:4px;border-bottom:1px solid #eee;word-break:break-all}
</style>)";

std::string page(const std::string& title, const std::string& org, const std::string& body) {
  return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>" +
         kStyle + "</head><body><div class=\"card\"><div class=\"logo\">" + escape(org) +
         " <span class=\"muted\">okta</span></div><div class=\"body\">" + body + "</div></div></body></html>";
}

}  // namespace

std::string escape(const std::string& s) { return core::html_escape(s); }

std::string sign_in(const std::string& org, const std::string& app_label, const std::string& state_token,
                    const std::string& error_text, const std::string& username,
                    const std::vector<DemoUser>& demo_users) {
  std::string b = "<h2>Sign In</h2>";
  if (!app_label.empty()) b += "<p class=\"muted\" style=\"text-align:center\">to " + escape(app_label) + "</p>";
  if (!error_text.empty()) b += "<div class=\"error\" role=\"alert\">" + escape(error_text) + "</div>";
  b += "<form method=\"post\" action=\"/login\" id=\"form\"><input type=\"hidden\" name=\"stateToken\" value=\"" +
       escape(state_token) + "\">";
  b += "<label for=\"username\">Username</label><input type=\"text\" id=\"username\" name=\"username\" "
       "autocomplete=\"username\" value=\"" +
       escape(username) + "\">";
  b += "<label for=\"password\">Password</label><input type=\"password\" id=\"password\" name=\"password\" "
       "autocomplete=\"current-password\">";
  b += "<button type=\"submit\" id=\"okta-signin-submit\">Sign In</button></form>";
  if (!demo_users.empty()) {
    // Demo mode only: sign in as anyone with one click (no password).
    b += "<div class=\"picker\"><p class=\"muted\">Demo mode: pick a user</p><form method=\"post\" "
         "action=\"/login\"><input type=\"hidden\" name=\"stateToken\" value=\"" +
         escape(state_token) + "\"><input type=\"hidden\" name=\"demo_pick\" value=\"1\">";
    for (const auto& u : demo_users)
      b += "<button type=\"submit\" name=\"username\" value=\"" + escape(u.login) + "\">" + escape(u.name) +
           " <span class=\"muted\">" + escape(u.login) + " " + escape(u.status) + "</span></button>";
    b += "</form></div>";
  }
  return page(org + " - Sign In", org, b);
}

std::string app_not_assigned(const std::string& org, const std::string& app_label) {
  return page("403 App Not Assigned", org,
              "<h1>403</h1><h2>App Not Assigned</h2><p>Sorry, you cannot access " + escape(app_label) +
                  " because you are not assigned this app in Okta.</p><p class=\"muted\">If you're wondering why "
                  "this is happening, please contact your administrator.</p>");
}

std::string error(const std::string& org, const std::string& title, const std::string& message) {
  return page(title, org, "<h2>" + escape(title) + "</h2><p>" + escape(message) + "</p>");
}

std::string home(const std::string& org, const std::vector<AppLink>& apps, const std::string& signed_in_as) {
  std::string b = "<h2>" + escape(org) + " (idp-mock)</h2>";
  if (!signed_in_as.empty()) b += "<p class=\"muted\">Signed in as " + escape(signed_in_as) + "</p>";
  b += "<table>";
  for (const auto& a : apps)
    b += "<tr><td><a href=\"" + escape(a.sso_url) + "\">" + escape(a.label) + "</a></td><td><a href=\"" +
         escape(a.metadata_url) + "\">metadata</a></td></tr><tr><td colspan=\"2\" class=\"muted\">" +
         escape(a.issuer) + "</td></tr>";
  b += "</table>";
  return page(org + " - idp-mock", org, b);
}

}  // namespace samlh::idp::pages
