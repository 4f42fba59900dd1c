// The pages of `harness demo` (pages.hpp): one layout, inline CSS for a
// projector, no script (the POST buttons are plain forms).
#include "harness/demo/pages.hpp"

#include "core/bindings.hpp"

namespace samlh::harness::demo {
namespace {

using core::html_escape;

constexpr std::string_view kStyle =
    "body{font:18px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}"
    ".demo-banner{background:#7a1f00;color:#fff;padding:.5em 1em;font:600 1rem sans-serif}"
    "main{max-width:1400px;margin:0 auto;padding:0 1.5em 3em}h1{font-size:1.8em;margin:.6em 0}"
    "h2{font-size:1.3em;margin:1.6em 0 .5em;border-bottom:2px solid #d5d9e0}"
    "table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid #d5d9e0;padding:.25em .5em;"
    "text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#eef0f4}"
    "code{font:15px/1.35 ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}"
    ".diff td{width:50%}.removed{background:#fdecec}.added{background:#eaf7ec}.gap{background:#f0f0f0}"
    ".cut{color:#b00020;font-weight:600}.no{color:#b00020;font-weight:600}.yes{color:#17692c;font-weight:600}"
    "button{font:600 1em sans-serif;padding:.4em 1em;margin:.3em 0}select{font-size:1em}"
    "form.post{display:inline-block;margin-right:1em}";

std::string esc(std::string_view s) { return html_escape(s); }

std::string layout(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) +
         " - saml-harness demo</title>\n<style>" + std::string(kStyle) +
         "</style></head>\n<body><div class=\"demo-banner\" role=\"note\">Test system: the saml-harness trainer's "
         "demo. Not for real accounts.</div><main><h1>" +
         esc(title) + "</h1>\n" + body + "\n<p><a href=\"/\">Back to the trainer's page</a></p></main></body></html>\n";
}

std::string option(const std::string& value, const std::string& label, bool selected = false) {
  return "<option value=\"" + esc(value) + "\"" + (selected ? " selected" : "") + ">" + esc(label) + "</option>";
}

std::string users_select(const char* name, const std::vector<UserRow>& users, const std::string& chosen) {
  std::string out = std::string("<select name=\"") + name + "\" id=\"" + name + "\">";
  for (const UserRow& u : users) out += option(u.login, u.login, u.login == chosen);
  return out + "</select>";
}

}  // namespace

std::string home(const HomeView& v) {
  std::string b;
  if (!v.warning.empty()) b += "<p class=\"no\">" + esc(v.warning) + "</p>\n";
  b += "<p>Inspectors: <a href=\"" + esc(v.idp_inspector) + "\">the IdP's responses</a> &middot; <a href=\"" +
       esc(v.sp_inspector) + "\">the SP's logins</a>";
  if (!v.vulnerable_url.empty())
    b += " &middot; <a href=\"" + esc(v.vulnerable_url) + "\">the deliberately vulnerable SP</a>";
  b += "</p>\n<h2>Users</h2>\n<table><tr><th>User</th><th>Okta status</th><th>Assigned to the app</th>"
       "<th>In the SP's organization</th><th>Role</th><th></th></tr>\n";
  for (const UserRow& u : v.users) {
    b += "<tr><td><code>" + esc(u.login) + "</code> " + esc(u.name) + "</td><td>" + esc(u.okta_status) + "</td><td>" +
         (u.assigned ? "<span class=\"yes\">yes</span>" : "<span class=\"no\">no</span>") + "</td><td>" +
         esc(u.sp_state) + "</td><td>" + esc(u.sp_role) + "</td><td><a href=\"" + esc(v.sign_in_url) +
         "\">sign in</a></td></tr>\n";
  }
  b += "</table>\n<p>\"sign in\" opens the IdP's sign-in for the app; pick the user there.</p>\n";
  b += "<h2>Attack mode</h2>\n<form method=\"post\" action=\"/attack\"><p><label for=\"mutation\">Mutation</label> "
       "<select name=\"mutation\" id=\"mutation\">";
  for (const idp::MutationInfo& m : idp::all_mutations())
    b += option(std::string(m.name), std::string(m.summary), m.name == "xsw3");
  const std::string victim = v.users.empty() ? "" : v.users.front().login;
  b += "</select></p><p><label for=\"victim\">Victim (whom the forged response names)</label> " +
       users_select("victim", v.users, victim) +
       "</p><p><label for=\"attacker\">Attacker (whose genuine response it starts from; a replay starts from the "
       "victim's own)</label> " +
       users_select("attacker", v.users, "mallory@acme.test") +
       "</p><p>Target SP: <label><input type=\"radio\" name=\"target\" value=\"ours\" checked> ours</label> "
       "<label><input type=\"radio\" name=\"target\" value=\"vulnerable\"> the deliberately vulnerable one"
       "</label></p><button type=\"submit\">Prepare the attack</button></form>\n";
  return layout("Trainer's page", b);
}

std::string attack(const AttackView& v) {
  std::string b = "<table><tr><th>Mutation</th><td><code>" + esc(v.mutation) + "</code> (" + esc(v.rows) + "): " +
                  esc(v.summary) + "</td></tr><tr><th>What the recipe did</th><td>" + esc(v.note) +
                  "</td></tr><tr><th>Victim</th><td><code>" + esc(v.victim) + "</code></td></tr><tr><th>Attacker"
                  "</th><td><code>" + esc(v.attacker) +
                  "</code></td></tr><tr><th>The genuine response minted for</th><td><code>" + esc(v.genuine_for) + "</code></td></tr><tr><th>Target SP</th><td>" +
                  esc(v.target_label) + "</td></tr></table>\n<h2>Send it through this browser</h2>\n";
  for (std::size_t i = 0; i < v.posts.size(); ++i) {
    // A new tab per POST: this page stays, so a replay's second POST sends the same bytes again.
    b += "<form class=\"post\" method=\"post\" target=\"_blank\" rel=\"noopener\" action=\"" +
         esc(v.posts[i].action) + "\">";
    for (const auto& [k, val] : v.posts[i].fields)
      b += "<input type=\"hidden\" name=\"" + esc(k) + "\" value=\"" + esc(val) + "\">";
    b += "<button type=\"submit\" id=\"post-" + std::to_string(i + 1) + "\">POST " + std::to_string(i + 1) + " of " +
         std::to_string(v.posts.size()) + " to the ACS</button></form>";
  }
  if (v.posts.size() > 1)
    b += "<p>Send them in order; each opens the SP's answer in a new tab (a replay sends the same accepted "
         "response a second time).</p>\n";
  if (!v.inspector.empty())
    b += "<p>Our SP's verdict and the check that refused it: its <a href=\"" + esc(v.inspector) +
         "\">login inspector</a> (the newest login).</p>\n";
  b += "<h2>The untouched and the mutated response</h2>\n" + side_by_side(v.untouched, v.mutated);
  return layout("Attack: " + v.rows, b);
}

std::string message(const std::string& title, const std::string& text) {
  return layout(title, "<p>" + esc(text) + "</p>\n");
}

}  // namespace samlh::harness::demo
