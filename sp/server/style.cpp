// The SP's stylesheet (style.hpp): the plain pages (pages.cpp), the demo
// banner, the inspector (demo_pages.cpp) and the XML view (xml_view.cpp).
#include "sp/server/style.hpp"

#include "core/bindings.hpp"

namespace samlh::sp::style {
namespace {

constexpr std::string_view kCss = R"css(
:root{--ink:#1d2330;--muted:#5b6472;--line:#d5d9e0;--paper:#fff;--ground:#f6f7f9;--brand:#1f4fa3;--ok:#2e9d4a;--bad:#c62828}
*{box-sizing:border-box}
body{font:20px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:var(--ink);background:var(--ground)}
header.site{background:var(--ink);color:#fff;padding:.5em 1.5em;font-weight:600}
header.site a{color:#fff;text-decoration:none}
header.site .sub{color:#b8c0cc;font-weight:400;margin-left:.6em;font-size:.85em}
main{max-width:1200px;margin:0 auto;padding:.5em 1.5em 3em}
main.narrow{max-width:760px}
h1{font-size:1.8em;margin:.6em 0 .4em;line-height:1.2}
h2{font-size:1.3em;margin:1.6em 0 .5em;border-bottom:2px solid var(--line);padding-bottom:.2em}
h3{font-size:1.1em;margin:1.2em 0 .4em}
a{color:var(--brand)}
p{margin:.6em 0}
.note{color:var(--muted);font-size:.9em}
footer.links{margin-top:2em;padding-top:.6em;border-top:1px solid var(--line);color:var(--muted);font-size:.9em}
.card{background:var(--paper);border:1px solid var(--line);border-radius:6px;padding:1em 1.4em;margin:1em 0}
.refusal{border-left:6px solid var(--bad)}
dl.who{display:grid;grid-template-columns:max-content 1fr;gap:.3em 1.2em;margin:0}
dl.who dt{color:var(--muted)}
dl.who dd{margin:0;font-weight:600}
ul.orgs{list-style:none;padding:0}
ul.orgs li{background:var(--paper);border:1px solid var(--line);border-radius:6px;padding:.7em 1em;margin:.6em 0}
form p{margin:.8em 0}
label{display:block;font-weight:600}
input{font:inherit;padding:.35em .5em;border:1px solid #8c94a3;border-radius:4px;width:100%;max-width:28em;display:block;margin-top:.2em}
button,.button{font:inherit;font-weight:600;background:var(--brand);color:#fff;border:0;border-radius:4px;padding:.45em 1.2em;cursor:pointer;text-decoration:none;display:inline-block}
form.inline{display:inline}
[role=alert]{color:var(--bad)}
.demo-banner{background:#7a1f00;color:#fff;padding:.5em 1.5em;font-weight:600;font-size:.9em}
.demo-banner a{color:#fff}
.demo-refusal,.demo-gaps{background:#fff8e6;border:1px solid #e7c873;border-radius:6px;padding:.4em 1em;margin:1em 0}
.demo-refusal code,.demo-gaps code{font-weight:700}
table{border-collapse:collapse;width:100%;background:var(--paper)}
td,th{border:1px solid var(--line);padding:.3em .6em;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#eef0f4}
code,pre,.xml{font:18px/1.45 "DejaVu Sans Mono",ui-monospace,monospace}
.passed{color:#17692c;font-weight:600}.failed{color:#b00020;font-weight:700}.skipped,.not_run{color:var(--muted)}
.verdict{font-size:1.2em;padding:.5em 1em;background:var(--paper);border:2px solid}
.ok{border-color:var(--ok)}.no{border-color:var(--bad)}
.xml{background:var(--paper);border:1px solid var(--line);padding:.6em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.el{margin-left:1.2em;border-left:4px solid transparent;padding-left:.3em}
.xml>.el{margin-left:0}
.signed{background:#eaf7ec;border-left-color:var(--ok)}
.unsigned{background:#fdecec;border-left-color:var(--bad)}
.sigblock{background:#eef2fb;border-left-color:#4a67b5}
.mark{display:inline-block;font:600 14px sans-serif;padding:0 .4em;margin-right:.5em;border-radius:3px;background:var(--ink);color:#fff}
.mark.unsigned-key,.unsigned>.mark{background:var(--bad)}
.signed>.mark{background:var(--ok)}
.sigblock>.mark{background:#4a67b5}
.tag{color:#7a2e8e}.attr{color:#8a4b08}.text{color:var(--ink)}
.comment{color:var(--muted);font-style:italic}.cut{color:#b00020;font-weight:600}
.plain .el{background:none;border-left-color:transparent}
.plain .mark{display:none}
)css";

}  // namespace

std::string_view stylesheet() { return kCss; }

std::string page_start(std::string_view title) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" +
         core::html_escape(title) + "</title>\n<link rel=\"stylesheet\" href=\"" + std::string(kStylesheetPath) +
         "\"></head>\n<body>";
}

}  // namespace samlh::sp::style
