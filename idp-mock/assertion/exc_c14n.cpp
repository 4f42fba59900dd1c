#include "idp-mock/assertion/exc_c14n.hpp"

#include <algorithm>
#include <cstring>

namespace samlh::idp {
namespace {

struct NsEntry {
  const char* prefix;  // "" for the default namespace
  const char* uri;     // "" for xmlns=""
};

const char* str(const xmlChar* s) { return s == nullptr ? "" : reinterpret_cast<const char*>(s); }

void escape_text(std::string& out, const char* s) {
  for (; *s != '\0'; ++s) {
    switch (*s) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\r': out += "&#xD;"; break;
      default: out += *s;
    }
  }
}

void escape_attr(std::string& out, const char* s) {
  for (; *s != '\0'; ++s) {
    switch (*s) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '"': out += "&quot;"; break;
      case '\t': out += "&#x9;"; break;
      case '\n': out += "&#xA;"; break;
      case '\r': out += "&#xD;"; break;
      default: out += *s;
    }
  }
}

const char* rendered(const std::vector<NsEntry>& ctx, const char* prefix) {
  for (auto it = ctx.rbegin(); it != ctx.rend(); ++it)
    if (std::strcmp(it->prefix, prefix) == 0) return it->uri;
  return nullptr;
}

// The in-scope namespace URI of `prefix` at `n` ("" prefix: default), or nullptr.
const char* in_scope(const xmlNode* n, const char* prefix) {
  for (; n != nullptr && n->type == XML_ELEMENT_NODE; n = n->parent)
    for (const xmlNs* ns = n->nsDef; ns != nullptr; ns = ns->next)
      if (std::strcmp(str(ns->prefix), prefix) == 0) return str(ns->href);
  return nullptr;
}

bool element(const xmlNode* n, const std::vector<std::string>& inclusive, std::vector<NsEntry>& ctx, std::string& out,
             int depth) {
  if (depth > 256) return false;
  // Namespaces visibly utilised by the element and its attributes, plus the
  // InclusiveNamespaces prefixes in scope (Canonical XML rules for those).
  std::vector<NsEntry> want;
  auto consider = [&](const char* prefix, const char* uri) {
    for (const auto& w : want)
      if (std::strcmp(w.prefix, prefix) == 0) return;
    const char* have = rendered(ctx, prefix);
    if (have == nullptr) have = "";  // nothing rendered = the empty default / unbound
    if (std::strcmp(have, uri) != 0) want.push_back({prefix, uri});
  };
  consider(n->ns != nullptr ? str(n->ns->prefix) : "", n->ns != nullptr ? str(n->ns->href) : "");
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (a->ns == nullptr) continue;
    if (std::strcmp(str(a->ns->prefix), "xml") == 0) return false;  // xml:* attributes: leave to libxml2
    consider(str(a->ns->prefix), str(a->ns->href));
  }
  for (const auto& p : inclusive) {
    const char* prefix = p == "#default" ? "" : p.c_str();
    if (const char* uri = in_scope(n, prefix); uri != nullptr) consider(prefix, uri);
  }
  std::sort(want.begin(), want.end(), [](const NsEntry& a, const NsEntry& b) { return std::strcmp(a.prefix, b.prefix) < 0; });

  std::string qname = n->ns != nullptr && n->ns->prefix != nullptr ? std::string(str(n->ns->prefix)) + ":" : "";
  qname += str(n->name);
  out += '<';
  out += qname;
  for (const auto& w : want) {
    out += *w.prefix == '\0' ? " xmlns=\"" : std::string(" xmlns:") + w.prefix + "=\"";
    escape_attr(out, w.uri);
    out += '"';
  }
  std::vector<const xmlAttr*> attrs;
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (a->children != nullptr && (a->children->type != XML_TEXT_NODE || a->children->next != nullptr)) return false;
    attrs.push_back(a);
  }
  std::sort(attrs.begin(), attrs.end(), [](const xmlAttr* a, const xmlAttr* b) {
    int c = std::strcmp(a->ns != nullptr ? str(a->ns->href) : "", b->ns != nullptr ? str(b->ns->href) : "");
    return c != 0 ? c < 0 : std::strcmp(str(a->name), str(b->name)) < 0;
  });
  for (const xmlAttr* a : attrs) {
    out += ' ';
    if (a->ns != nullptr && a->ns->prefix != nullptr) {
      out += str(a->ns->prefix);
      out += ':';
    }
    out += str(a->name);
    out += "=\"";
    if (a->children != nullptr) escape_attr(out, str(a->children->content));
    out += '"';
  }
  out += '>';
  std::size_t mark = ctx.size();
  ctx.insert(ctx.end(), want.begin(), want.end());
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) {
      if (!element(c, inclusive, ctx, out, depth + 1)) return false;
    } else if (c->type == XML_TEXT_NODE) {
      escape_text(out, str(c->content));
    } else {
      return false;  // comments, PIs, CDATA, entity references
    }
  }
  ctx.resize(mark);
  out += "</";
  out += qname;
  out += '>';
  return true;
}

}  // namespace

bool exc_c14n_fast(const xmlNode* apex, const std::vector<std::string>& inclusive, std::string& out) {
  if (apex == nullptr || apex->type != XML_ELEMENT_NODE) return false;
  std::vector<NsEntry> ctx;
  out.clear();
  out.reserve(8192);
  return element(apex, inclusive, ctx, out, 0);
}

}  // namespace samlh::idp
