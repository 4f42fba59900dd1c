// What a browser reads from an HTML page: its forms (with the controls a
// submission would send) and links, parsed with libxml2's HTML parser
// (htmlReadMemory: no network, errors and warnings silenced, bounded input),
// so upper-case tags, unquoted attributes, character references (&#x2b;,
// &#43;, &amp;), several forms and <noscript> wrappers read as a browser
// reads them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace samlh::core::browser {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Form {
  std::string method = "get";  // "get" or "post"; any other value reads as "get" (HTML: invalid value default)
  std::string action;          // absolute: the action (or the page's URL) resolved against the base URL
  std::string enctype = "application/x-www-form-urlencoded";
  // The successful controls a submission without a submit button sends, in
  // tree order, repeats kept (a browser sends them all): named, not disabled
  // (nor inside a disabled fieldset); hidden, text-like and password inputs
  // with their value, checked checkboxes and radios ("on" by default),
  // textareas, and the selected options of selects. Line breaks in values
  // are CR LF, as a submission normalises them.
  Fields fields;
  // The named submit buttons (<button>, <input type=submit>); a click sends
  // one of them besides `fields`.
  Fields submitters;
  std::string id;
  std::string name;
  std::string page_url;  // the page the form is on: its submission's initiator

  // The first value of `name`, or nullptr.
  const std::string* get(std::string_view field) const;
  bool has(std::string_view field) const { return get(field) != nullptr; }
};

struct HtmlPage {
  std::string base_url;  // the page's URL, or its <base href> resolved against it
  std::vector<Form> forms;
  std::vector<std::string> links;  // <a href>, resolved (those that resolve)
  bool too_large = false;          // over the limit: nothing was read
};

struct HtmlLimits {
  // Under libxml2's 10 MB cap on one attribute value (no HTML_PARSE_HUGE).
  std::size_t max_bytes = 8 * 1024 * 1024;
};

// Reads `html` served at `page_url` (absolute). `charset` is the one the
// Content-Type header names ("" lets the page's <meta charset> decide);
// values come out as UTF-8.
HtmlPage read_html(std::string_view html, const std::string& page_url, const std::string& charset = "",
                   const HtmlLimits& limits = {});
// read_html(...).forms
std::vector<Form> parse_forms(std::string_view html, const std::string& page_url, const std::string& charset = "");

// The charset parameter of a Content-Type value ("text/html; charset=UTF-8"
// -> "UTF-8"), "" when none.
std::string charset_of(std::string_view content_type);

}  // namespace samlh::core::browser
