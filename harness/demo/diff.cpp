// side_by_side (pages.hpp): both messages pretty-printed by libxml2 (one
// element a line), a longest-common-subsequence walk over the lines, a row
// per step.
#include <libxml/xmlsave.h>

#include <algorithm>
#include <cstdint>

#include "core/bindings.hpp"
#include "core/xml.hpp"
#include "harness/demo/pages.hpp"

namespace samlh::harness::demo {
namespace {

struct Lines {
  std::vector<std::string> lines;
  bool cut = false;
};

Lines pretty_lines(const std::string& xml) {
  Lines out;
  std::string text = xml;
  if (auto doc = core::parse_untrusted(xml)) {
    xmlChar* buf = nullptr;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(doc->get(), &buf, &size, "UTF-8", 1);
    if (buf != nullptr) {
      text.assign(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(size));
      xmlFree(buf);
    }
  }
  std::size_t at = 0;
  while (at < text.size()) {
    if (out.lines.size() == kMaxDiffLines) {
      out.cut = true;
      break;
    }
    std::size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    out.lines.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

std::string cell(const std::string& line, const char* cls) {
  return std::string("<td class=\"") + cls + "\"><code>" + core::html_escape(line) + "</code></td>";
}

}  // namespace

std::string side_by_side(const std::string& untouched, const std::string& mutated) {
  const Lines a = pretty_lines(untouched);
  const Lines b = pretty_lines(mutated);
  const std::size_t n = a.lines.size(), m = b.lines.size();
  // lcs[i][j]: the common lines of a[i..] and b[j..].
  std::vector<std::uint16_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint16_t& { return lcs[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      at(i, j) = a.lines[i] == b.lines[j] ? static_cast<std::uint16_t>(at(i + 1, j + 1) + 1)
                                          : std::max(at(i + 1, j), at(i, j + 1));
  std::string out = "<table class=\"diff\"><tr><th>Untouched (as the IdP signed it)</th><th>Mutated (what is "
                    "posted)</th></tr>\n";
  std::size_t i = 0, j = 0, changed = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a.lines[i] == b.lines[j]) {
      out += "<tr>" + cell(a.lines[i++], "same") + cell(b.lines[j++], "same") + "</tr>\n";
    } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
      out += "<tr><td class=\"gap\"></td>" + cell(b.lines[j++], "added") + "</tr>\n";
      ++changed;
    } else {
      out += "<tr>" + cell(a.lines[i++], "removed") + "<td class=\"gap\"></td></tr>\n";
      ++changed;
    }
  }
  out += "</table>\n";
  std::string head = "<p>" + std::to_string(changed) +
                     " lines differ: <span class=\"removed\">only in the untouched response</span>, <span "
                     "class=\"added\">only in the mutated one</span>.</p>\n";
  if (a.cut || b.cut)
    head += "<p class=\"cut\">A message is longer than " + std::to_string(kMaxDiffLines) + " lines: it is cut.</p>\n";
  return head + out;
}

}  // namespace samlh::harness::demo
