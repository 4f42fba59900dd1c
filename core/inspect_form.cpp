#include "core/inspect_form.hpp"

namespace samlh::core {

namespace {

constexpr std::string_view kStyle =
    "body{font:20px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:1em 1.5em;color:#1d2330}"
    "pre{font:17px/1.45 \"DejaVu Sans Mono\",monospace;background:#f6f7f9;border:1px solid #d5d9e0;padding:.6em;"
    "white-space:pre-wrap;word-break:break-all;max-height:60vh;overflow:auto}"
    "button{font:inherit;font-weight:600;background:#1662dd;color:#fff;border:0;border-radius:4px;padding:.5em 1.4em;"
    "cursor:pointer}.note{color:#5b6472}";

std::string field_view(const std::string& name, const std::string& value) {
  std::string html = "<h2>" + html_escape(name) + "</h2>\n";
  if (name != "SAMLResponse" && name != "SAMLRequest") return html + "<pre>" + html_escape(value) + "</pre>\n";
  auto xml = decode_post_value(value);
  if (!xml) {
    return html + "<p class=\"note\">Not decodable (" + html_escape(xml.failure().detail) + "); as sent:</p>\n<pre>" +
           html_escape(value) + "</pre>\n";
  }
  return html + "<p class=\"note\">Base64-decoded:</p>\n<pre class=\"posted-xml\">" + html_escape(*xml) + "</pre>\n";
}

}  // namespace

std::string inspect_post_form(std::string_view action, const FormFields& fields, std::string_view title) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + html_escape(title) +
                     " (demo: what is posted)</title>\n<style>" + std::string(kStyle) +
                     "</style></head>\n<body>\n<h1>The browser is about to POST this</h1>\n"
                     "<p>Demo mode: this form is not sent on load. It goes to <code id=\"post-action\">" +
                     html_escape(action) + "</code>.</p>\n<form method=\"post\" action=\"" + html_escape(action) +
                     "\">\n";
  // The fields as sent, in the markup auto_post_form gives them (the
  // harness's browser reads either page the same way).
  for (const auto& [n, v] : fields) {
    html += "<input type=\"hidden\" name=\"" + html_escape(n) + "\" value=\"" + html_escape(v) + "\"/>\n";
  }
  html += "<p><button type=\"submit\" id=\"post-continue\">" + html_escape(title) + "</button></p>\n</form>\n";
  for (const auto& [n, v] : fields) html += field_view(n, v);
  return html + "</body></html>\n";
}

}  // namespace samlh::core
