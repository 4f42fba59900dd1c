#include "core/browser/html.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <libxml/HTMLparser.h>

#include "core/handles.hpp"
#include "core/http/url.hpp"

namespace samlh::core::browser {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

bool is(const xmlNode* n, const char* tag) {
  return n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, reinterpret_cast<const xmlChar*>(tag)) == 0;
}

std::optional<std::string> attr(const xmlNode* n, const char* name) {
  // libxml2's HTML parser lower-cases attribute names.
  XmlCharPtr v(xmlGetProp(n, reinterpret_cast<const xmlChar*>(name)));
  if (!v) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(v.get()));
}

std::string attr_or(const xmlNode* n, const char* name, std::string fallback = {}) {
  auto v = attr(n, name);
  return v ? *v : fallback;
}

std::string text_of(const xmlNode* n) {
  XmlCharPtr v(xmlNodeGetContent(n));
  return v ? std::string(reinterpret_cast<const char*>(v.get())) : std::string();
}

// HTML's "strip and collapse ASCII whitespace" (an option's label as its value).
std::string collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trim(s)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Line breaks as a form submission sends them: CR LF (HTML "convert to a
// list of name-value pairs").
std::string crlf(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += "\r\n";
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (s[i] == '\n') {
      out += "\r\n";
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string resolve_or_empty(const std::string& base, std::string_view ref) {
  return http::resolve_reference(base, ref).value_or(std::string());
}

bool disabled(const xmlNode* n) {
  if (attr(n, "disabled")) return true;
  // Inside a disabled fieldset, unless inside that fieldset's first legend.
  for (const xmlNode* child = n; child->parent != nullptr && child->parent->type == XML_ELEMENT_NODE;
       child = child->parent) {
    const xmlNode* p = child->parent;
    if (!is(p, "fieldset") || !attr(p, "disabled")) continue;
    const xmlNode* first_legend = nullptr;
    for (const xmlNode* c = p->children; c != nullptr; c = c->next) {
      if (is(c, "legend")) {
        first_legend = c;
        break;
      }
    }
    if (child != first_legend) return true;
  }
  return false;
}

bool is_submit_button(const xmlNode* n) {
  if (is(n, "button")) {
    const std::string t = lower(attr_or(n, "type", "submit"));
    return t != "reset" && t != "button";
  }
  const std::string t = lower(attr_or(n, "type"));
  return is(n, "input") && (t == "submit" || t == "image");
}

void collect_options(const xmlNode* n, std::vector<const xmlNode*>& out) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (is(c, "option")) out.push_back(c);
    else if (is(c, "optgroup")) collect_options(c, out);
  }
}

// The selected options of a select; with none selected, a single select
// sends its first enabled option (HTML's selectedness setting algorithm).
void add_select(const xmlNode* n, const std::string& name, Form& form) {
  std::vector<const xmlNode*> options;
  collect_options(n, options);
  auto value_of = [](const xmlNode* o) { return attr(o, "value").value_or(collapse(text_of(o))); };
  const bool multiple = attr(n, "multiple").has_value();
  bool any = false;
  for (const xmlNode* o : options) {
    if (!attr(o, "selected") || attr(o, "disabled")) continue;
    form.fields.emplace_back(crlf(name), crlf(value_of(o)));
    any = true;
    if (!multiple) return;
  }
  if (any || multiple) return;
  for (const xmlNode* o : options) {
    if (!attr(o, "disabled")) {
      form.fields.emplace_back(crlf(name), crlf(value_of(o)));
      return;
    }
  }
}

// Appends what one control contributes to a submission without a submitter.
void add_control(const xmlNode* n, Form& form) {
  const std::string name = attr_or(n, "name");
  if (disabled(n)) return;
  if (is_submit_button(n)) {
    // An image button sends name.x and name.y: not one of the named submitters here.
    if (!name.empty() && !(is(n, "input") && lower(attr_or(n, "type")) == "image")) {
      form.submitters.emplace_back(crlf(name), crlf(attr_or(n, "value")));
    }
    return;
  }
  if (name.empty() || is(n, "button")) return;  // buttons of type reset/button are never sent
  if (is(n, "textarea")) {
    form.fields.emplace_back(crlf(name), crlf(text_of(n)));
    return;
  }
  if (is(n, "select")) {
    add_select(n, name, form);
    return;
  }
  if (!is(n, "input")) return;
  const std::string type = lower(attr_or(n, "type", "text"));
  if (type == "reset" || type == "button" || type == "file") return;
  if (type == "checkbox" || type == "radio") {
    if (attr(n, "checked")) form.fields.emplace_back(crlf(name), crlf(attr_or(n, "value", "on")));
    return;
  }
  std::string value = attr_or(n, "value");
  if (type == "hidden" && lower(name) == "_charset_") value = "UTF-8";
  if (type != "hidden") {
    // A text-like input's value never holds line breaks (value sanitization).
    std::erase_if(value, [](char c) { return c == '\r' || c == '\n'; });
  }
  form.fields.emplace_back(crlf(name), crlf(value));
}

struct Reader {
  std::string page_url;
  HtmlPage page;
  std::vector<const xmlNode*> form_nodes;
  std::map<std::string, std::size_t> form_by_id;

  Form make_form(const xmlNode* n) const {
    Form f;
    const std::string m = lower(trim(attr_or(n, "method")));
    f.method = m == "post" ? "post" : "get";
    const std::string enctype = lower(trim(attr_or(n, "enctype")));
    if (enctype == "multipart/form-data" || enctype == "text/plain") f.enctype = enctype;
    const std::string action = attr_or(n, "action");
    // HTML: an empty or missing action submits to the page's own URL.
    f.action = action.empty() ? page_url : resolve_or_empty(page.base_url, action);
    f.id = attr_or(n, "id");
    f.name = attr_or(n, "name");
    f.page_url = page_url;
    return f;
  }

  // The first <base href> in tree order sets the base URL.
  bool find_base(const xmlNode* n) {
    for (; n != nullptr; n = n->next) {
      if (is(n, "base") && attr(n, "href")) {
        if (auto b = http::resolve_reference(page_url, *attr(n, "href"))) page.base_url = *b;
        return true;
      }
      if (find_base(n->children)) return true;
    }
    return false;
  }

  void collect_forms(const xmlNode* n) {
    for (; n != nullptr; n = n->next) {
      if (is(n, "form")) {
        const std::string id = attr_or(n, "id");
        if (!id.empty() && form_by_id.count(id) == 0) form_by_id[id] = page.forms.size();
        page.forms.push_back(make_form(n));
        form_nodes.push_back(n);
      } else if (is(n, "a")) {
        if (auto href = attr(n, "href")) {
          if (auto l = http::resolve_reference(page.base_url, *href)) page.links.push_back(*l);
        }
      }
      collect_forms(n->children);
    }
  }

  // The form a control belongs to: its form="id" attribute, else the
  // nearest enclosing form.
  std::optional<std::size_t> owner(const xmlNode* n) const {
    if (auto id = attr(n, "form")) {
      auto it = form_by_id.find(*id);
      return it == form_by_id.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    }
    for (const xmlNode* p = n->parent; p != nullptr; p = p->parent) {
      const auto it = std::find(form_nodes.begin(), form_nodes.end(), p);
      if (it != form_nodes.end()) return static_cast<std::size_t>(it - form_nodes.begin());
    }
    return std::nullopt;
  }

  void collect_controls(const xmlNode* n) {
    for (; n != nullptr; n = n->next) {
      if (is(n, "input") || is(n, "button") || is(n, "select") || is(n, "textarea")) {
        if (auto f = owner(n)) add_control(n, page.forms[*f]);
      }
      if (!is(n, "select") && !is(n, "textarea")) collect_controls(n->children);
    }
  }
};

}  // namespace

const std::string* Form::get(std::string_view field) const {
  for (const auto& [n, v] : fields) {
    if (n == field) return &v;
  }
  return nullptr;
}

std::string charset_of(std::string_view content_type) {
  const std::string ct = lower(content_type);
  const auto at = ct.find("charset=");
  if (at == std::string::npos) return {};
  std::string_view v = std::string_view(content_type).substr(at + 8);
  v = v.substr(0, v.find(';'));
  v = trim(v);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return std::string(v);
}

HtmlPage read_html(std::string_view html, const std::string& page_url, const std::string& charset,
                   const HtmlLimits& limits) {
  Reader r;
  r.page_url = page_url;
  r.page.base_url = page_url;
  if (html.size() > limits.max_bytes) {
    r.page.too_large = true;
    return r.page;
  }
  if (html.empty()) return r.page;
  constexpr int kOptions = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING;
  auto parse = [&](const char* encoding) {
    return XmlDocPtr(htmlReadMemory(html.data(), static_cast<int>(html.size()), page_url.c_str(), encoding, kOptions));
  };
  XmlDocPtr doc = parse(charset.empty() ? nullptr : charset.c_str());
  if (!doc && !charset.empty()) doc = parse(nullptr);  // a charset libxml2 does not know
  if (!doc) return r.page;
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  r.find_base(root);
  r.collect_forms(root);
  r.collect_controls(root);
  return r.page;
}

std::vector<Form> parse_forms(std::string_view html, const std::string& page_url, const std::string& charset) {
  return read_html(html, page_url, charset).forms;
}

}  // namespace samlh::core::browser
