#include "core/browser/evidence.hpp"

#include <libxml/tree.h>

#include "core/bindings.hpp"
#include "core/http/url.hpp"
#include "core/xml.hpp"

namespace samlh::core::browser {
namespace {

std::string pretty(const std::string& xml) {
  auto doc = core::parse_untrusted(xml);
  if (!doc) return xml;
  xmlChar* buf = nullptr;
  int len = 0;
  xmlDocDumpFormatMemoryEnc(doc->get(), &buf, &len, "UTF-8", 1);
  XmlCharPtr owned(buf);
  return std::string(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
}

bool carries_saml(const Form& f) {
  for (const auto& [n, v] : f.fields) {
    if (n.find("SAML") != std::string::npos || v.find("SAML") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::string saml_messages(const std::string& url, const std::string& form_body) {
  std::string out;
  const auto u = http::parse_url(url);
  if (u && u->query) {
    for (const char* param : {"SAMLRequest", "SAMLResponse"}) {
      if (!http::raw_query_param(*u->query, param)) continue;
      auto m = core::decode_redirect(*u->query, param);
      if (m) out += std::string("--- ") + param + " (HTTP-Redirect)\n" + pretty(m->xml) + "\n";
    }
  }
  if (form_body.empty()) return out;
  // core's strict form codec: the one the SP and the IdP read with
  auto f = core::parse_form(form_body);
  if (!f) return out;
  for (const char* param : {"SAMLRequest", "SAMLResponse"}) {
    if (const std::string* v = core::form_get(*f, param)) {
      auto xml = core::decode_post_value(*v);
      out += std::string("--- ") + param + " (HTTP-POST)\n" + (xml ? pretty(*xml) : "(not base64)") + "\n";
    }
  }
  const bool saml = core::form_get(*f, "SAMLRequest") != nullptr || core::form_get(*f, "SAMLResponse") != nullptr;
  if (const std::string* rs = core::form_get(*f, "RelayState"); rs != nullptr && saml) {
    out += "--- RelayState: " + *rs + "\n";
  }
  return out;
}

Evidence describe_exchange(const std::string& browser, const Exchange& req, const Reply& rep,
                           const std::vector<std::string>& cookie_notes, const HtmlLimits& limits) {
  Evidence e;
  e.title = "[" + browser + "] " + req.method + " " + req.url + " -> " + std::to_string(rep.status);
  std::string body;
  for (const auto& [n, v] : rep.headers) {
    if (n == "location" || n == "set-cookie") body += n + ": " + v + "\n";
  }
  for (const std::string& note : cookie_notes) body += note + "\n";
  if (!rep.error.empty()) body += "error: " + rep.error + "\n";
  body += saml_messages(req.url, req.body);
  // the SAML messages in the answer (auto-post forms)
  const std::string* type = rep.header("content-type");
  const std::string charset = type == nullptr ? "" : charset_of(*type);
  for (const Form& f : read_html(rep.body, rep.url.empty() ? req.url : rep.url, charset, limits).forms) {
    if (carries_saml(f)) body += "form to " + f.action + "\n" + saml_messages("", http::form_urlencode(f.fields));
  }
  if (rep.status >= 400 || (body.empty() && rep.body.size() < 400)) {
    body += "body: " + rep.body.substr(0, 600) + (rep.body.size() > 600 ? "..." : "") + "\n";
  }
  e.body = std::move(body);
  return e;
}

}  // namespace samlh::core::browser
