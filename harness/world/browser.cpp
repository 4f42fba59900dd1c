#include "harness/world/browser.hpp"

#include <cctype>

#include <libxml/tree.h>

#include "core/xml.hpp"

namespace samlh::harness {
namespace {

std::string html_unescape(std::string s) {
  static const std::vector<std::pair<std::string, std::string>> k = {
      {"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&#x2F;", "/"}, {"&amp;", "&"}};
  for (const auto& [from, to] : k) {
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
      s.replace(pos, from.size(), to);
    }
  }
  return s;
}

// Attributes of one tag: name="value" or name='value' (our pages and the
// IdP's are well-formed; anything else is simply not picked up).
std::vector<std::pair<std::string, std::string>> attributes(const std::string& tag) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  const std::size_t n = tag.size();
  while (i < n) {
    const std::size_t eq = tag.find('=', i);
    if (eq == std::string::npos) break;
    std::size_t name_end = eq;
    while (name_end > i && std::isspace(static_cast<unsigned char>(tag[name_end - 1]))) --name_end;
    std::size_t name_start = name_end;
    while (name_start > i && !std::isspace(static_cast<unsigned char>(tag[name_start - 1])) && tag[name_start - 1] != '<') {
      --name_start;
    }
    std::size_t v = eq + 1;
    while (v < n && std::isspace(static_cast<unsigned char>(tag[v]))) ++v;
    if (v >= n || (tag[v] != '"' && tag[v] != '\'')) {
      i = eq + 1;
      continue;
    }
    const char q = tag[v];
    const std::size_t end = tag.find(q, v + 1);
    if (end == std::string::npos) break;
    std::string name = tag.substr(name_start, name_end - name_start);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.emplace_back(std::move(name), html_unescape(tag.substr(v + 1, end - v - 1)));
    i = end + 1;
  }
  return out;
}

std::string attr_of(const std::vector<std::pair<std::string, std::string>>& a, const std::string& name) {
  for (const auto& [n, v] : a) {
    if (n == name) return v;
  }
  return {};
}

std::string host_of(const std::string& url) {
  auto u = core::http::parse_url(url);
  return u ? u->host : std::string{};
}

std::string path_of(const std::string& url) {
  auto u = core::http::parse_url(url);
  return u ? u->path() : std::string("/");
}

std::string pretty(const std::string& xml) {
  auto doc = core::parse_untrusted(xml);
  if (!doc) return xml;
  xmlChar* buf = nullptr;
  int len = 0;
  xmlDocDumpFormatMemoryEnc(doc->get(), &buf, &len, "UTF-8", 1);
  std::string out(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
  xmlFree(buf);
  return out;
}

// The SAML messages an exchange carries, decoded for people.
std::string decode_saml(const std::string& url, const std::string& body) {
  std::string out;
  const auto q = url.find('?');
  if (q != std::string::npos) {
    const std::string query = url.substr(q + 1);
    for (const char* param : {"SAMLRequest", "SAMLResponse"}) {
      if (query.find(std::string(param) + "=") == std::string::npos) continue;
      auto m = core::decode_redirect(query, param);
      if (m) out += std::string("--- ") + param + " (HTTP-Redirect)\n" + pretty(m->xml) + "\n";
    }
  }
  if (body.find("SAMLResponse=") != std::string::npos || body.find("SAMLRequest=") != std::string::npos) {
    auto f = core::parse_form(body);
    if (f) {
      for (const char* param : {"SAMLRequest", "SAMLResponse"}) {
        if (const std::string* v = core::form_get(*f, param)) {
          auto xml = core::decode_post_value(*v);
          out += std::string("--- ") + param + " (HTTP-POST)\n" + (xml ? pretty(*xml) : "(not base64)") + "\n";
        }
      }
      if (const std::string* rs = core::form_get(*f, "RelayState")) out += "--- RelayState: " + *rs + "\n";
    }
  }
  return out;
}

}  // namespace

std::string resolve_url(const std::string& base, const std::string& ref) {
  if (ref.find("://") != std::string::npos) return ref;
  const auto scheme = base.find("://");
  const auto path_start = base.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const std::string origin = path_start == std::string::npos ? base : base.substr(0, path_start);
  if (!ref.empty() && ref[0] == '/') return origin + ref;
  std::string dir = path_start == std::string::npos ? "/" : base.substr(path_start);
  dir = dir.substr(0, dir.find('?'));
  dir = dir.substr(0, dir.rfind('/') + 1);
  return origin + dir + ref;
}

std::vector<Form> parse_forms(const std::string& html, const std::string& page_url) {
  std::vector<Form> out;
  std::size_t pos = 0;
  while ((pos = html.find("<form", pos)) != std::string::npos) {
    const auto tag_end = html.find('>', pos);
    const auto end = html.find("</form>", pos);
    if (tag_end == std::string::npos) break;
    const auto attrs = attributes(html.substr(pos, tag_end - pos));
    Form f;
    f.method = attr_of(attrs, "method");
    for (char& c : f.method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string action = attr_of(attrs, "action");
    f.action = resolve_url(page_url, action.empty() ? page_url : action);
    const std::string inner = html.substr(tag_end, (end == std::string::npos ? html.size() : end) - tag_end);
    std::size_t ip = 0;
    while ((ip = inner.find("<input", ip)) != std::string::npos) {
      const auto ie = inner.find('>', ip);
      if (ie == std::string::npos) break;
      const auto a = attributes(inner.substr(ip, ie - ip));
      const std::string name = attr_of(a, "name");
      if (!name.empty()) f.fields.emplace_back(name, attr_of(a, "value"));
      ip = ie;
    }
    out.push_back(std::move(f));
    pos = tag_end;
  }
  return out;
}

Browser::Browser(Transport& transport, const core::Clock& clock, std::string name)
    : transport_(transport), jar_(clock), name_(std::move(name)) {}

std::vector<Evidence> Browser::take_evidence() {
  std::vector<Evidence> out;
  out.swap(evidence_);
  return out;
}

void Browser::log(const Exchange& req, const Reply& rep) {
  Evidence e;
  e.title = "[" + name_ + "] " + req.method + " " + req.url + " -> " + std::to_string(rep.status);
  std::string body;
  for (const auto& [n, v] : rep.headers) {
    if (n == "location" || n == "set-cookie") body += n + ": " + v + "\n";
  }
  if (!rep.error.empty()) body += "error: " + rep.error + "\n";
  body += decode_saml(req.url, req.body);
  // the SAML messages in the answer (auto-post forms)
  for (const Form& f : parse_forms(rep.body, req.url)) {
    const std::string fields = core::form_encode(f.fields);
    if (fields.find("SAML") != std::string::npos) body += "form to " + f.action + "\n" + decode_saml("", fields);
  }
  if (rep.status >= 400 || (body.empty() && rep.body.size() < 400)) {
    body += "body: " + rep.body.substr(0, 600) + (rep.body.size() > 600 ? "..." : "") + "\n";
  }
  e.body = std::move(body);
  evidence_.push_back(std::move(e));
}

Reply Browser::raw(const std::string& method, const std::string& url, const std::string& body,
                   const std::string& content_type, const std::string& origin_url, const std::string& accept) {
  Exchange req{method, url, {}, body};
  const bool cross_site = method == "POST" && !origin_url.empty() && host_of(origin_url) != host_of(url);
  const std::string cookies = jar_.header_for(host_of(url), path_of(url), cross_site);
  if (!cookies.empty()) req.headers.emplace_back("Cookie", cookies);
  if (!content_type.empty()) req.headers.emplace_back("Content-Type", content_type);
  req.headers.emplace_back("Accept", accept);
  Reply rep = transport_.send(req);
  for (const std::string& sc : rep.all("set-cookie")) jar_.store(host_of(url), path_of(url), sc);
  log(req, rep);
  return rep;
}

Page Browser::get(const std::string& url) { return follow(raw("GET", url, "", ""), url, {}, 0); }

Page Browser::navigate(const std::string& url, const NavigateOptions& options) {
  return follow(raw("GET", url, "", ""), url, options, 0);
}

Page Browser::submit(const Form& form, const NavigateOptions& options) {
  if (form.method == "get") {
    const std::string sep = form.action.find('?') == std::string::npos ? "?" : "&";
    const std::string url = form.action + sep + core::form_encode(form.fields);
    return follow(raw("GET", url, "", ""), url, options, 0);
  }
  return follow(raw("POST", form.action, core::form_encode(form.fields), "application/x-www-form-urlencoded"),
                form.action, options, 0);
}

Page Browser::follow(Reply reply, std::string url, const NavigateOptions& options, int hops) {
  while (true) {
    Page page{reply.status, url, reply.body, reply.error, std::nullopt};
    if (reply.status == 0 || hops >= options.max_hops) return page;
    if (reply.status >= 300 && reply.status < 400) {
      const std::string* loc = reply.header("location");
      if (loc == nullptr) return page;
      url = resolve_url(url, *loc);
      reply = raw("GET", url, "", "");
      ++hops;
      continue;
    }
    if (reply.status != 200) return page;
    const std::vector<Form> forms = parse_forms(reply.body, url);
    const Form* next = nullptr;
    for (const Form& f : forms) {
      if (f.has("SAMLResponse") || f.has("SAMLRequest")) {
        next = &f;
        break;
      }
    }
    if (next != nullptr && next->has("SAMLResponse") && options.stop_before_saml_response) {
      page.pending_saml_post = *next;
      return page;
    }
    Form filled;
    if (next == nullptr && options.credentials) {
      for (const Form& f : forms) {
        if (f.has("username") && f.has("password")) {
          filled = f;
          for (auto& [n, v] : filled.fields) {
            if (n == "username") v = options.credentials->username;
            if (n == "password") v = options.credentials->password;
          }
          next = &filled;
          break;
        }
      }
    }
    if (next == nullptr) return page;
    const Form form = *next;
    const std::string origin = url;
    url = form.action;
    reply = raw("POST", url, core::form_encode(form.fields), "application/x-www-form-urlencoded", origin);
    ++hops;
  }
}

}  // namespace samlh::harness
