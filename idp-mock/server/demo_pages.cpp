// The IdP inspector's pages (demo_pages.hpp): one layout with inline CSS,
// then a section per thing that shaped the response.
#include "idp-mock/server/demo_pages.hpp"

#include <fmt/format.h>

#include "core/bindings.hpp"
#include "core/xml_view.hpp"

namespace samlh::idp::demo_pages {
namespace {

using core::html_escape;

constexpr std::string_view kBanner =
    "<div class=\"demo-banner\" role=\"note\">Test system in demo mode: the responses this IdP issues are kept in "
    "memory for the <a href=\"/demo/responses\">response inspector</a>. Not for real accounts.</div>\n";

constexpr std::string_view kStyle =
    "body{font:18px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}"
    ".demo-banner{background:#7a1f00;color:#fff;padding:.5em 1em;font:600 1rem sans-serif}"
    ".demo-banner a{color:#fff}main{max-width:1200px;margin:0 auto;padding:0 1.5em 3em}"
    "h1{font-size:1.8em;margin:.6em 0}h2{font-size:1.3em;margin:1.6em 0 .5em;border-bottom:2px solid #d5d9e0}"
    "table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid #d5d9e0;padding:.3em .6em;"
    "text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#eef0f4;width:30%}"
    "code,.xml,pre{font:16px/1.4 ui-monospace,monospace}pre{background:#fff;border:1px solid #d5d9e0;"
    "padding:.6em;white-space:pre-wrap;word-break:break-all}.none{color:#6b7280}";

std::string esc(std::string_view s) { return html_escape(s); }
std::string code(std::string_view s) { return "<code>" + html_escape(s) + "</code>"; }

std::string layout(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) +
         " - IdP response inspector (saml-harness demo)</title>\n<style>" + std::string(kStyle) +
         std::string(core::xml_view_css()) + "</style></head>\n<body>" + std::string(kBanner) + "<main><h1>" +
         esc(title) + "</h1>\n" + body +
         "\n<p><a href=\"/demo/responses\">All recent responses</a> &middot; <a href=\"/\">Home</a></p></main>"
         "</body></html>\n";
}

std::string list(const std::vector<std::string>& v) {
  if (v.empty()) return "<span class=\"none\">none</span>";
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + code(s);
  return out;
}

std::string xml_block(std::string_view xml) {
  const core::XmlView v = core::render_xml(xml);
  std::string out;
  if (!v.parse_error.empty()) out += "<p class=\"cut\">Not well-formed XML (" + esc(v.parse_error) + ").</p>\n";
  return out + v.html;
}

std::string request_section(const IssuedResponse& r) {
  std::string out = "<h2>The AuthnRequest it answered</h2>\n";
  if (!r.request) {
    return out + "<p>None: " +
           (r.via == "SSO flow" ? std::string("IdP-initiated (the Single sign-on URL, no InResponseTo).")
                                : std::string("minted on request (" + esc(r.via) + "), no AuthnRequest.")) +
           "</p>\n";
  }
  const IssuedRequest& q = *r.request;
  out += "<table><tr><th>ID</th><td>" + code(q.id) + "</td></tr><tr><th>Issuer</th><td>" + code(q.issuer) +
         "</td></tr><tr><th>Binding</th><td>" + esc(q.binding) + "</td></tr><tr><th>ACS URL requested</th><td>" +
         (q.acs_url.empty() ? std::string("none (the Single sign-on URL is used)") : code(q.acs_url)) +
         "</td></tr><tr><th>ForceAuthn / IsPassive</th><td>" + (q.force_authn ? "true" : "false") + " / " +
         (q.is_passive ? "true" : "false") + "</td></tr><tr><th>Signature</th><td>" +
         (q.signed_ok ? "verified with the app's Signature Certificate" : "not checked (Signed Requests off)") +
         "</td></tr></table>\n";
  return out + xml_block(q.xml);
}

std::string why_section(const IssuedResponse& r) {
  std::string out = "<h2>The app settings that shaped it</h2>\n<table>";
  for (const auto& [k, v] : r.settings) out += "<tr><th>" + esc(k) + "</th><td>" + code(v) + "</td></tr>";
  out += "</table>\n<h2>Attribute and group statements</h2>\n<p>The user's Okta groups: " + list(r.groups) + "</p>\n";
  if (!r.group_filters.empty()) {
    out += "<table><tr><th>Group attribute</th><th>Filter</th><th>Groups it kept</th></tr>";
    for (const IssuedGroupFilter& g : r.group_filters) {
      out += "<tr><td>" + code(g.name) + "</td><td>" + esc(g.filter) + " " + code(g.value) + "</td><td>" +
             list(g.kept) + "</td></tr>";
    }
    out += "</table>\n";
  }
  out += "<table><tr><th>Attribute sent</th><th>Values</th></tr>";
  if (r.attributes.empty()) out += "<tr><td colspan=\"2\" class=\"none\">no AttributeStatement</td></tr>";
  for (const auto& [name, values] : r.attributes)
    out += "<tr><td>" + code(name) + "</td><td>" + list(values) + "</td></tr>";
  return out + "</table>\n";
}

}  // namespace

std::string responses(const std::vector<const IssuedResponse*>& recent, std::size_t capacity,
                      const std::vector<MetadataLink>& apps) {
  std::string body = fmt::format("<p>The last {} responses this IdP issued are kept (newest first).</p>\n", capacity);
  if (recent.empty()) {
    body += "<p class=\"none\">None yet: sign in to an app, or mint one through the control API.</p>\n";
  } else {
    body += "<table><tr><th>#</th><th>Issued</th><th>App</th><th>User</th><th>How</th><th>Response ID</th></tr>\n";
    for (const IssuedResponse* r : recent) {
      body += fmt::format("<tr><td><a href=\"/demo/responses/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td>"
                          "<td>{}</td><td>{}</td></tr>\n",
                          r->id, r->id, esc(core::format_saml_time(r->at, false)), esc(r->app_label), code(r->login),
                          esc(r->via), code(r->response_id));
    }
    body += "</table>\n";
  }
  body += "<h2>IdP metadata</h2>\n<ul>";
  for (const MetadataLink& a : apps)
    body += "<li><a href=\"/demo/metadata/" + core::url_encode(a.app) + "\">" + esc(a.label) + "</a></li>";
  return layout("Responses this IdP issued", body + "</ul>\n");
}

std::string response(const IssuedResponse& r) {
  std::string body = "<table><tr><th>Issued</th><td>" + esc(core::format_saml_time(r.at, false)) +
                     "</td></tr><tr><th>App</th><td>" + esc(r.app_label) + " (" + code(r.app) +
                     ")</td></tr><tr><th>User</th><td>" + code(r.login) + "</td></tr><tr><th>How</th><td>" +
                     esc(r.via) + "</td></tr><tr><th>Response ID</th><td>" + code(r.response_id) +
                     "</td></tr><tr><th>RelayState sent</th><td>" +
                     (r.relay_state ? code(*r.relay_state) : std::string("none")) + "</td></tr></table>\n";
  body += why_section(r) + request_section(r);
  body += fmt::format("<h2>The Response it sent</h2>\n<p>{} bytes. The exact bytes: <a href=\"/demo/responses/{}/"
                      "response.xml\">view as text</a>.</p>\n",
                      r.xml.size(), r.id);
  body += xml_block(r.xml);
  return layout(fmt::format("Response {}", r.id), body);
}

std::string metadata(const std::string& label, const std::string& raw_url, const std::string& xml) {
  std::string body = "<p>The metadata of " + esc(label) + ", as an SP reads it from <a href=\"" + esc(raw_url) +
                     "\">" + code(raw_url) + "</a> (that address serves the raw XML, unchanged).</p>\n";
  return layout("IdP metadata: " + label, body + xml_block(xml));
}

std::string not_found(const std::string& message) { return layout("Not found", "<p>" + esc(message) + "</p>\n"); }

}  // namespace samlh::idp::demo_pages
