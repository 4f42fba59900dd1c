#include "sp/server/pages.hpp"

#include "core/bindings.hpp"
#include "sp/server/reason_http.hpp"
#include "sp/server/style.hpp"
#include "core/xml_view.hpp"

namespace samlh::sp::pages {
namespace {

using core::html_escape;
using core::render_xml;
using core::XmlView;

constexpr std::string_view kSite = "Hotjar-shaped SP";

// Every plain page: the site's bar, the title once as a heading, and once,
// with the site's name, as the document's title.
std::string layout(const std::string& title, const std::string& body, std::string_view main_class = "narrow") {
  return style::page_start(title + " - " + std::string(kSite) + " (saml-harness)") +
         "<header class=\"site\"><a href=\"/\">" + std::string(kSite) +
         "</a><span class=\"sub\">saml-harness test SP</span></header>\n<main class=\"" + std::string(main_class) +
         "\"><h1>" + html_escape(title) + "</h1>\n" + body +
         "\n<footer class=\"links\"><a href=\"/\">Home</a> &middot; <a href=\"/app\">Who am I</a></footer></main>"
         "</body></html>\n";
}

std::string p(const std::string& text) { return "<p>" + html_escape(text) + "</p>\n"; }

}  // namespace

std::string index(const std::vector<OrgLink>& orgs) {
  std::string body = p("Organizations on this SP. Sign in through your identity provider, or with a password where "
                       "the organization does not enforce SSO.");
  body += "<ul class=\"orgs\">\n";
  for (const OrgLink& o : orgs) {
    const std::string base = "/sso/" + html_escape(o.slug);
    body += "<li><strong>" + html_escape(o.name) + "</strong> (" + html_escape(o.slug) + "): ";
    if (o.sso_enabled) {
      body += "<a href=\"" + base + "/login\">Sign in with SSO</a> &middot; <a href=\"" + base +
              "/metadata/view\">SP metadata</a> &middot; ";
    }
    body += "<a href=\"/login?org=" + html_escape(o.slug) + "\">Sign in with a password</a></li>\n";
  }
  body += "</ul>\n<p><a href=\"/signup\">Sign up</a> (creates a new account of your own)</p>\n";
  return layout("Organizations", body);
}

std::string error(const HttpError& e) {
  return layout(std::string(user_title(e)), "<div class=\"card refusal\">" + p(std::string(user_message(e))) + "</div>");
}

std::string message(const std::string& title, const std::string& text) { return layout(title, p(text)); }

std::string app(const SessionInfo& who) {
  std::string body = "<div class=\"card\"><dl class=\"who\"><dt>Organization</dt><dd id=\"org\">" + html_escape(who.org) +
                     "</dd><dt>Email</dt><dd id=\"email\">" + html_escape(who.email) +
                     "</dd><dt>Role</dt><dd id=\"role\">" + html_escape(std::string(display_name(who.role))) +
                     "</dd><dt>Signed in with</dt><dd>" + (who.via == SessionVia::sso ? "SSO" : "password") +
                     "</dd><dt>Session ends</dt><dd>" + html_escape(core::format_saml_time(who.expires, false)) +
                     "</dd></dl></div>\n<form method=\"post\" action=\"/logout\"><button type=\"submit\">Sign out</button>"
                     "</form>\n<p><a id=\"slo\" href=\"/sso/" + html_escape(who.org) +
                     "/slo\">Sign out everywhere (SSO)</a> <span class=\"note\">Single Logout, where the IdP is "
                     "configured for it (assumption: Hotjar's SLO behaviour is unverified)</span></p>";
  return layout("Signed in", body);
}

std::string login_form(const std::string& org, const std::string& email, const std::string& error_text) {
  std::string body = error_text.empty() ? "" : "<p role=\"alert\"><strong>" + html_escape(error_text) + "</strong></p>\n";
  body += "<form method=\"post\" action=\"/login\">\n<p><label>Organization <input name=\"org\" value=\"" +
          html_escape(org) + "\"></label></p>\n<p><label>Email <input name=\"email\" type=\"email\" value=\"" +
          html_escape(email) + "\"></label></p>\n<p><label>Password <input name=\"password\" type=\"password\">"
          "</label></p>\n<p><button type=\"submit\">Sign in</button></p>\n</form>\n";
  if (!org.empty()) body += "<p><a href=\"/sso/" + html_escape(org) + "/login\">Sign in with SSO instead</a></p>\n";
  return layout("Sign in with a password", body);
}

std::string signup_form(const std::string& email, const std::string& error_text) {
  std::string body = error_text.empty() ? "" : "<p role=\"alert\"><strong>" + html_escape(error_text) + "</strong></p>\n";
  body += p("Signing up without an invitation creates a new account that you own; it does not join your "
            "company's organization. To join a team, use the invitation link an Admin sent you.");
  body += "<form method=\"post\" action=\"/signup\">\n<p><label>Email <input name=\"email\" type=\"email\" value=\"" +
          html_escape(email) + "\"></label></p>\n<p><label>Password <input name=\"password\" type=\"password\">"
          "</label></p>\n<p><button type=\"submit\">Sign up</button></p>\n</form>\n";
  return layout("Sign up", body);
}

std::string signed_up(const SignupOutcome& s) {
  return layout("Account created",
                p("You own the new organization " + s.organization.slug + ".") + "<p><a href=\"/login?org=" +
                    html_escape(s.organization.slug) + "\">Sign in</a></p>");
}

std::string metadata_view(const std::string& org, const std::string& xml) {
  const XmlView v = render_xml(xml);
  std::string body = p("The SAML 2.0 metadata this SP publishes for organization " + org +
                       ": its entity ID, its Assertion Consumer Service URL and its certificate, which the IdP is "
                       "configured with. Shown pretty-printed; the file itself is unchanged.");
  body += "<p><a class=\"button\" href=\"/sso/" + html_escape(org) + "/metadata\">The metadata file (XML)</a></p>\n";
  if (!v.parse_error.empty()) body += p("Not well-formed XML (" + v.parse_error + "): shown as text.");
  return layout("SP metadata: " + org, body + "<div class=\"plain\">" + v.html + "</div>", "wide");
}

std::string signed_out(const std::string& org) {
  std::string body = p("You are signed out of this service.");
  if (!org.empty()) body += "<p><a href=\"/sso/" + html_escape(org) + "/login\">Sign in again</a></p>";
  return layout("Signed out", body);
}

}  // namespace samlh::sp::pages
