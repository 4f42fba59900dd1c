// render_xml (xml_view.hpp): coverage first (which element each Reference
// names), then one walk writing nested blocks, each marked by coverage.
#include "core/xml_view.hpp"

#include <map>
#include <set>

#include "core/bindings.hpp"
#include "core/xml.hpp"

namespace samlh::core {
namespace {


std::string qname(const xmlNode* n) {
  std::string out;
  if (n->ns != nullptr && n->ns->prefix != nullptr) out = std::string(as_view(n->ns->prefix)) + ":";
  return out + std::string(as_view(n->name));
}

std::string path_of(const xmlNode* n) {
  std::string out;
  for (; n != nullptr && n->type == XML_ELEMENT_NODE; n = n->parent) out = "/" + qname(n) + out;
  return out;
}

void collect_ids(xmlNode* n, std::multimap<std::string, xmlNode*>& ids) {
  for (xmlNode* c : elements(n)) {
    if (has_attr(c, "ID")) ids.emplace(attr(c, "ID"), c);
    collect_ids(c, ids);
  }
}

void collect_signatures(xmlNode* n, std::vector<xmlNode*>& out) {
  for (xmlNode* c : elements(n)) {
    if (is_element(c, ns::kDs, "Signature")) {
      out.push_back(c);
    } else {
      collect_signatures(c, out);
    }
  }
}

// Which element a Signature's (first) Reference names: the enveloping parent
// when it carries the ID (what this SP verifies), else the first carrier.
SignatureView describe(xmlNode* sig, xmlNode* root, const std::multimap<std::string, xmlNode*>& ids,
                       xmlNode*& covered) {
  SignatureView v;
  v.location = path_of(sig);
  covered = nullptr;
  const xmlNode* ref = child(child(sig, ns::kDs, "SignedInfo"), ns::kDs, "Reference");
  if (ref == nullptr) return v;
  v.reference_uri = attr(ref, "URI");
  for (const xmlNode* t : elements(child(ref, ns::kDs, "Transforms"))) {
    if (is_element(t, ns::kDs, "Transform")) v.transforms.push_back(attr(t, "Algorithm"));
  }
  if (v.reference_uri.empty()) {
    covered = root;
    v.id_matches = 1;
  } else if (v.reference_uri[0] == '#') {
    auto [lo, hi] = ids.equal_range(v.reference_uri.substr(1));
    for (auto it = lo; it != hi; ++it) {
      ++v.id_matches;
      if (covered == nullptr || it->second == sig->parent) covered = it->second;
    }
  }
  if (covered != nullptr) v.covers = path_of(covered);
  return v;
}

class Writer {
 public:
  Writer(const XmlViewLimits& limits, XmlView& view, const std::map<const xmlNode*, std::vector<std::size_t>>& covers,
         const std::map<const xmlNode*, std::size_t>& sigs)
      : limits_(limits), view_(view), covers_(covers), sigs_(sigs) {}

  // `outer`: the parent's marking (a region's label is shown where it starts).
  void element(const xmlNode* n, const std::vector<std::size_t>& inherited, bool in_signature,
               const std::string& outer = {}) {
    if (full()) return;
    std::vector<std::size_t> by = inherited;
    const auto own = covers_.find(n);  // a Reference names this element: a signed region starts here
    if (own != covers_.end()) by.insert(by.end(), own->second.begin(), own->second.end());
    const auto sig = sigs_.find(n);
    const bool sig_block = sig != sigs_.end();
    std::string cls;
    std::string title;
    if (sig_block) {
      cls = "sigblock";
      title = "signature #" + std::to_string(sig->second + 1);
      by.clear();  // enveloped: a Signature is not covered by its own Reference
    } else if (in_signature) {
      cls = "sigblock-inner";
    } else if (by.empty()) {
      cls = "unsigned";
      title = "unsigned: outside every signature";
      ++view_.unsigned_elements;
    } else {
      cls = "signed";
      title = "signed by signature";
      for (std::size_t i : by) title += " #" + std::to_string(i + 1);
    }
    ++view_.elements;
    out_ += "<div class=\"el " + cls + "\"" + (title.empty() ? "" : " title=\"" + html_escape(title) + "\"") + ">";
    if (!title.empty() && cls != "sigblock-inner" && (cls != outer || own != covers_.end())) {
      out_ += "<span class=\"mark\">" + html_escape(title) + "</span>";
    }
    out_ += "<span class=\"tag\">&lt;" + html_escape(qname(n));
    for (const xmlNs* d = n->nsDef; d != nullptr; d = d->next) {
      out_ += " <span class=\"attr\">xmlns" + (d->prefix != nullptr ? ":" + html_escape(as_view(d->prefix)) : "") +
              "=\"" + text(d->href != nullptr ? as_view(d->href) : "") + "\"</span>";
    }
    for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
      std::string name = std::string(as_view(a->name));
      if (a->ns != nullptr && a->ns->prefix != nullptr) name = std::string(as_view(a->ns->prefix)) + ":" + name;
      out_ += " <span class=\"attr\">" + html_escape(name) + "=\"" + text(attr_value(a)) + "\"</span>";
    }
    const xmlNode* first = n->children;
    if (first == nullptr) {
      out_ += "/&gt;</span></div>";
      return;
    }
    if (first->next == nullptr && first->type == XML_TEXT_NODE) {  // <a>text</a> on one line
      out_ += "&gt;</span><span class=\"text\">" + text(node_text(first)) + "</span><span class=\"tag\">&lt;/" +
              html_escape(qname(n)) + "&gt;</span></div>";
      return;
    }
    out_ += "&gt;</span>";
    for (const xmlNode* c = first; c != nullptr && !full(); c = c->next) child(c, by, in_signature || sig_block, cls);
    // No newlines between blocks: the view keeps white space (pre-wrap) inside texts.
    out_ += "<span class=\"tag\">&lt;/" + html_escape(qname(n)) + "&gt;</span></div>";
  }

  std::string take() { return std::move(out_); }

 private:
  void child(const xmlNode* c, const std::vector<std::size_t>& by, bool in_signature, const std::string& outer) {
    switch (c->type) {
      case XML_ELEMENT_NODE:
        element(c, by, in_signature, outer);
        break;
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE: {
        const std::string t = node_text(c);
        if (t.find_first_not_of(" \t\r\n") != std::string::npos) out_ += "<div class=\"text\">" + text(t) + "</div>";
        break;
      }
      case XML_COMMENT_NODE:
        out_ += "<div class=\"comment\">&lt;!--" + text(node_text(c)) + "--&gt;</div>";
        break;
      default:
        break;
    }
  }

  static std::string node_text(const xmlNode* c) {
    return c->content == nullptr ? std::string() : std::string(as_view(c->content));
  }
  static std::string attr_value(const xmlAttr* a) {
    std::string v;
    for (const xmlNode* t = a->children; t != nullptr; t = t->next) {
      if (t->content != nullptr) v += as_view(t->content);
    }
    return v;
  }

  std::string text(std::string_view s) const {
    if (s.size() <= limits_.max_text) return html_escape(s);
    std::size_t cut = limits_.max_text;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
    return html_escape(s.substr(0, cut)) + "<span class=\"cut\">&hellip; (" + std::to_string(s.size() - cut) +
           " more bytes not shown)</span>";
  }

  bool full() {
    if (out_.size() < limits_.max_html) return false;
    view_.truncated = true;
    return true;
  }

  const XmlViewLimits& limits_;
  XmlView& view_;
  const std::map<const xmlNode*, std::vector<std::size_t>>& covers_;
  const std::map<const xmlNode*, std::size_t>& sigs_;
  std::string out_;
};

std::string bounded_text(std::string_view s, std::size_t max, bool& truncated) {
  if (s.size() <= max) return html_escape(s);
  truncated = true;
  return html_escape(s.substr(0, max));
}

}  // namespace

XmlView render_xml(std::string_view xml, const XmlViewLimits& limits) {
  XmlView view;
  auto doc = parse_untrusted(xml);
  if (!doc) {
    view.parse_error = std::string(spelling(doc.reason())) + ": " + doc.failure().detail;
    view.html = "<pre class=\"xml raw\">" + bounded_text(xml, limits.max_html, view.truncated) + "</pre>";
    if (view.truncated) view.html += "<p class=\"cut\">The message is cut here: it is larger than the view shows.</p>";
    return view;
  }
  xmlNode* root = xmlDocGetRootElement(doc->get());
  std::multimap<std::string, xmlNode*> ids;
  if (has_attr(root, "ID")) ids.emplace(attr(root, "ID"), root);
  collect_ids(root, ids);
  std::vector<xmlNode*> sig_nodes;
  if (is_element(root, ns::kDs, "Signature")) {
    sig_nodes.push_back(root);
  } else {
    collect_signatures(root, sig_nodes);
  }
  std::map<const xmlNode*, std::vector<std::size_t>> covers;
  std::map<const xmlNode*, std::size_t> sigs;
  for (std::size_t i = 0; i < sig_nodes.size(); ++i) {
    xmlNode* covered = nullptr;
    view.signatures.push_back(describe(sig_nodes[i], root, ids, covered));
    if (covered != nullptr) covers[covered].push_back(i);
    sigs[sig_nodes[i]] = i;
  }
  Writer w(limits, view, covers, sigs);
  w.element(root, {}, false);
  view.html = "<div class=\"xml\">" + w.take() + "</div>\n";
  if (view.truncated) view.html += "<p class=\"cut\">The message is cut here: it is larger than the view shows.</p>\n";
  return view;
}

std::string_view xml_view_css() {
  return
    ".xml{background:#fff;border:1px solid #d5d9e0;padding:.6em;overflow-x:auto;white-space:pre-wrap;"
    "word-break:break-all}.el{margin-left:1.2em;border-left:4px solid transparent;padding-left:.3em}"
    ".xml>.el{margin-left:0}.signed{background:#eaf7ec;border-left-color:#2e9d4a}"
    ".unsigned{background:#fdecec;border-left-color:#c62828}.sigblock{background:#eef2fb;border-left-color:#4a67b5}"
    ".mark{display:inline-block;font:600 13px sans-serif;padding:0 .4em;margin-right:.5em;border-radius:3px;"
    "background:#1d2330;color:#fff}.unsigned>.mark{background:#c62828}.signed>.mark{background:#2e9d4a}"
    ".sigblock>.mark{background:#4a67b5}.tag{color:#7a2e8e}.attr{color:#8a4b08}.text{color:#1d2330}"
    ".comment{color:#6b7280;font-style:italic}.cut{color:#b00020;font-weight:600}";
}

}  // namespace samlh::core
