#include "core/xml.hpp"

#include <cstring>
#include <optional>
#include <string>

#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>

#include "core/init.hpp"

namespace samlh::core {
namespace {

// Per-parse state, reached from SAX callbacks through ctxt->_private.
struct ParseState {
  const ParseLimits* limits = nullptr;
  int depth = 0;
  std::size_t nodes = 0;
  bool stopped = false;
  Reason stop_reason = Reason::xml_malformed;
  std::string stop_detail;
  bool saw_error = false;
  Reason error_reason = Reason::xml_malformed;
  std::string error_detail;
};

ParseState& state_of(void* ctx) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
  return *static_cast<ParseState*>(ctxt->_private);
}

void stop(void* ctx, Reason r, std::string detail) {
  ParseState& st = state_of(ctx);
  if (!st.stopped) {
    st.stopped = true;
    st.stop_reason = r;
    st.stop_detail = std::move(detail);
  }
  xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
}

bool count_node(void* ctx, std::size_t n) {
  ParseState& st = state_of(ctx);
  st.nodes += n;
  if (st.nodes > st.limits->max_nodes) {
    stop(ctx, Reason::xml_too_many_nodes, "more than " + std::to_string(st.limits->max_nodes) + " nodes");
    return false;
  }
  return true;
}

// Why: a DOCTYPE is where entities, external subsets and ATTLIST-defaulted
// attributes come from (XXE, billion laughs, CVE-2025-25292/23369). Parsing
// stops the moment one is announced, before any declaration is read.
void on_internal_subset(void* ctx, const xmlChar* name, const xmlChar* /*ext*/, const xmlChar* /*sys*/) {
  stop(ctx, Reason::xml_doctype, "DOCTYPE " + std::string(as_view(name)));
}
void on_external_subset(void* ctx, const xmlChar* name, const xmlChar* /*ext*/, const xmlChar* /*sys*/) {
  stop(ctx, Reason::xml_doctype, "external subset " + std::string(as_view(name)));
}
void on_entity_decl(void* ctx, const xmlChar* name, int /*type*/, const xmlChar* /*pub*/, const xmlChar* /*sys*/,
                    xmlChar* /*content*/) {
  stop(ctx, Reason::xml_doctype, "entity declaration " + std::string(as_view(name)));
}

// RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
bool absolute_uri(std::string_view u) {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (u.empty() || !alpha(u[0])) return false;
  for (std::size_t i = 1; i < u.size(); ++i) {
    const char c = u[i];
    if (c == ':') return true;
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
  }
  return false;
}

void on_start_element(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri,
                      int nb_namespaces, const xmlChar** namespaces, int nb_attributes, int nb_defaulted,
                      const xmlChar** attributes) {
  ParseState& st = state_of(ctx);
  if (++st.depth > st.limits->max_depth) {
    stop(ctx, Reason::xml_too_deep, "depth exceeds " + std::to_string(st.limits->max_depth));
    return;
  }
  const auto attrs = static_cast<std::size_t>(nb_attributes) + static_cast<std::size_t>(nb_namespaces);
  if (attrs > st.limits->max_attributes) {
    stop(ctx, Reason::xml_too_many_nodes, "element " + std::string(as_view(localname)) + " has " +
                                              std::to_string(attrs) + " attributes");
    return;
  }
  if (nb_defaulted != 0) {  // only a DTD can default attributes
    stop(ctx, Reason::xml_doctype, "defaulted attributes");
    return;
  }
  // Why: a relative namespace URI makes libxml2's c14n fail, and a digest of
  // nothing then verifies ("void canonicalization", CVE-2025-66568/66578).
  // libxml2 only warns about it in pedantic mode, so we check it here.
  for (int i = 0; i < nb_namespaces; ++i) {
    const std::string_view uri_decl = as_view(namespaces[2 * i + 1]);
    if (!uri_decl.empty() && !absolute_uri(uri_decl)) {
      stop(ctx, Reason::xml_namespace, "relative namespace URI '" + std::string(uri_decl) + "'");
      return;
    }
  }
  if (!count_node(ctx, 1 + attrs)) return;
  xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
                        attributes);
}

void on_end_element(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri) {
  --state_of(ctx).depth;
  xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

void on_comment(void* ctx, const xmlChar* value) {
  if (count_node(ctx, 1)) xmlSAX2Comment(ctx, value);
}
void on_pi(void* ctx, const xmlChar* target, const xmlChar* data) {
  if (count_node(ctx, 1)) xmlSAX2ProcessingInstruction(ctx, target, data);
}
void on_cdata(void* ctx, const xmlChar* value, int len) {
  if (count_node(ctx, 1)) xmlSAX2CDataBlock(ctx, value, len);
}

void on_error(void* user, xmlErrorPtr err) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(user);
  if (ctxt == nullptr || ctxt->_private == nullptr || err == nullptr) return;
  ParseState& st = *static_cast<ParseState*>(ctxt->_private);
  if (st.saw_error) return;  // the first report decides
  st.saw_error = true;
  st.error_reason = err->domain == XML_FROM_NAMESPACE ? Reason::xml_namespace : Reason::xml_malformed;
  std::string msg = err->message != nullptr ? err->message : "parser error";
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  st.error_detail = "line " + std::to_string(err->line) + ": " + msg;
}

// Why a pre-scan: libxml2 checks each attribute of a start tag against every
// earlier one, so one tag with 100 000 attributes costs ~10^10 steps before
// any SAX callback could count them. This linear scan bounds attributes per
// tag first. It only has to agree with libxml2 on where tags are: comments,
// CDATA and PIs are skipped, quoted values are skipped; anything malformed
// is left for the parser to refuse.
std::optional<std::string> too_many_attributes(std::string_view s, std::size_t max_attributes) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  auto skip_to = [&](std::string_view end) {
    const std::size_t e = s.find(end, i);
    i = e == std::string_view::npos ? n : e + end.size();
  };
  while (i < n) {
    const std::size_t lt = s.find('<', i);
    if (lt == std::string_view::npos) break;
    i = lt + 1;
    if (s.compare(lt, 4, "<!--") == 0) {
      skip_to("-->");
    } else if (s.compare(lt, 9, "<![CDATA[") == 0) {
      skip_to("]]>");
    } else if (s.compare(lt, 2, "<?") == 0) {
      skip_to("?>");
    } else if (i < n && s[i] != '/' && s[i] != '!') {
      // Quoted values (most of a tag's bytes) are skipped with memchr.
      std::size_t attrs = 0;
      for (; i < n; ++i) {
        const char c = s[i];
        if (c == '"' || c == '\'') {
          const void* close = std::memchr(s.data() + i + 1, c, n - i - 1);
          if (close == nullptr) return std::nullopt;  // unterminated: the parser refuses it
          i = static_cast<std::size_t>(static_cast<const char*>(close) - s.data());
        } else if (c == '=') {
          if (++attrs > max_attributes) {
            return "a start tag at byte " + std::to_string(lt) + " has more than " + std::to_string(max_attributes) +
                   " attributes";
          }
        } else if (c == '>' || c == '<') {
          break;
        }
      }
    }
  }
  return std::nullopt;
}

bool utf8_declared(const xmlDoc* doc) {
  if (doc->encoding == nullptr) return true;
  const std::string_view enc = as_view(doc->encoding);
  return enc.size() == 5 && (enc[0] == 'U' || enc[0] == 'u') && (enc[1] == 'T' || enc[1] == 't') &&
         (enc[2] == 'F' || enc[2] == 'f') && enc[3] == '-' && enc[4] == '8';
}

}  // namespace

Result<XmlDocPtr> parse_untrusted(std::string_view bytes, const ParseLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    return fail(Reason::xml_too_large,
                std::to_string(bytes.size()) + " bytes, limit " + std::to_string(limits.max_bytes));
  }
  if (bytes.empty()) return fail(Reason::xml_malformed, "empty document");
  // UTF-16/32 (with or without BOM) always carries NUL bytes; UTF-8 XML never may.
  if (std::memchr(bytes.data(), '\0', bytes.size()) != nullptr) {
    return fail(Reason::xml_encoding, "NUL byte: not UTF-8");
  }

  if (auto msg = too_many_attributes(bytes, limits.max_attributes)) return fail(Reason::xml_too_many_nodes, *msg);

  XmlParserCtxtPtr ctxt(xmlCreateMemoryParserCtxt(bytes.data(), static_cast<int>(bytes.size())));
  if (!ctxt) return fail(Reason::xml_malformed, "cannot create parser");
  ParseState st;
  st.limits = &limits;
  ctxt->_private = &st;
  xmlSAXHandler* sax = ctxt->sax;
  sax->internalSubset = on_internal_subset;
  sax->externalSubset = on_external_subset;
  sax->entityDecl = on_entity_decl;
  sax->startElementNs = on_start_element;
  sax->endElementNs = on_end_element;
  sax->comment = on_comment;
  sax->processingInstruction = on_pi;
  sax->cdataBlock = on_cdata;
  sax->serror = on_error;
  xmlCtxtUseOptions(ctxt.get(), hardened_parse_options());
  // xmlCtxtUseOptions may reinstall handlers; ours must stay.
  sax->serror = on_error;

  xmlParseDocument(ctxt.get());
  XmlDocPtr doc(ctxt->myDoc);
  ctxt->myDoc = nullptr;

  if (st.stopped) return fail(st.stop_reason, st.stop_detail);
  if (st.saw_error) return fail(st.error_reason, st.error_detail);
  if (!doc || ctxt->wellFormed == 0) return fail(Reason::xml_malformed, "not well-formed");
  if (ctxt->nsWellFormed == 0) return fail(Reason::xml_namespace, "namespace error");
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) return fail(Reason::xml_doctype, "DTD present");
  if (!utf8_declared(doc.get())) return fail(Reason::xml_encoding, "declared encoding " + std::string(as_view(doc->encoding)));
  if (xmlDocGetRootElement(doc.get()) == nullptr) return fail(Reason::xml_malformed, "no root element");
  return doc;
}

std::string_view ns_uri(const xmlNode* n) {
  return (n == nullptr || n->ns == nullptr) ? std::string_view{} : as_view(n->ns->href);
}

std::string_view local_name(const xmlNode* n) { return n == nullptr ? std::string_view{} : as_view(n->name); }

bool is_element(const xmlNode* n, std::string_view uri, std::string_view local) {
  return n != nullptr && n->type == XML_ELEMENT_NODE && local_name(n) == local && n->ns != nullptr &&
         ns_uri(n) == uri;
}

xmlNode* first_element(const xmlNode* parent) {
  if (parent == nullptr) return nullptr;
  for (xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) return c;
  }
  return nullptr;
}

xmlNode* next_element(const xmlNode* n) {
  for (xmlNode* c = n->next; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) return c;
  }
  return nullptr;
}

xmlNode* child(const xmlNode* parent, std::string_view uri, std::string_view local) {
  for (xmlNode* c : elements(parent)) {
    if (is_element(c, uri, local)) return c;
  }
  return nullptr;
}

std::size_t count_children(const xmlNode* parent, std::string_view uri, std::string_view local) {
  std::size_t n = 0;
  for (xmlNode* c : elements(parent)) {
    if (is_element(c, uri, local)) ++n;
  }
  return n;
}

xmlAttr* attr_node(const xmlNode* n, std::string_view name) {
  if (n == nullptr) return nullptr;
  for (xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (a->ns == nullptr && as_view(a->name) == name) return a;
  }
  return nullptr;
}

bool has_attr(const xmlNode* n, std::string_view name) { return attr_node(n, name) != nullptr; }

std::string attr(const xmlNode* n, std::string_view name) {
  const xmlAttr* a = attr_node(n, name);
  if (a == nullptr) return {};
  std::string out;
  for (const xmlNode* c = a->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE) out += as_view(c->content);
  }
  return out;
}

namespace {
void append_text(const xmlNode* n, std::string& out) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      out += as_view(c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      append_text(c, out);
    }
  }
}
}  // namespace

std::string text(const xmlNode* n) {
  std::string out;
  if (n != nullptr) append_text(n, out);
  return out;
}

std::string serialize(const xmlDoc* doc, bool with_declaration) {
  xmlBufferPtr buf = xmlBufferCreate();
  if (buf == nullptr) return {};
  int opts = XML_SAVE_AS_XML;
  if (!with_declaration) opts |= XML_SAVE_NO_DECL;
  xmlSaveCtxtPtr save = xmlSaveToBuffer(buf, "UTF-8", opts);
  std::string out;
  if (save != nullptr) {
    xmlSaveDoc(save, const_cast<xmlDoc*>(doc));
    xmlSaveClose(save);
    out.assign(reinterpret_cast<const char*>(xmlBufferContent(buf)), static_cast<std::size_t>(xmlBufferLength(buf)));
  }
  xmlBufferFree(buf);
  return out;
}

std::string serialize_node(const xmlNode* node) {
  xmlBufferPtr buf = xmlBufferCreate();
  if (buf == nullptr) return {};
  xmlSaveCtxtPtr save = xmlSaveToBuffer(buf, "UTF-8", XML_SAVE_AS_XML | XML_SAVE_NO_DECL);
  std::string out;
  if (save != nullptr) {
    xmlSaveTree(save, const_cast<xmlNode*>(node));
    xmlSaveClose(save);
    out.assign(reinterpret_cast<const char*>(xmlBufferContent(buf)), static_cast<std::size_t>(xmlBufferLength(buf)));
  }
  xmlBufferFree(buf);
  return out;
}

}  // namespace samlh::core
