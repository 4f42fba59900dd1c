// The inspector's pages (demo_pages.hpp): one layout with inline CSS
// (readable at 1280x720, large monospace for XML), then one section per step
// of the exchange.
#include "sp/server/demo_pages.hpp"

#include <fmt/format.h>

#include "core/bindings.hpp"
#include "core/xml_view.hpp"
#include "sp/server/style.hpp"

namespace samlh::sp::demo_pages {
namespace {

using core::html_escape;
using core::render_xml;
using core::SignatureView;
using core::XmlView;

constexpr std::string_view kBanner =
    "<div class=\"demo-banner\" role=\"note\">Test system in demo mode: every login is kept in memory for the "
    "<a href=\"/demo/logins\">login inspector</a>. Not for real accounts.</div>\n";

std::string layout(const std::string& title, const std::string& body) {
  return style::page_start(title + " - SP login inspector (saml-harness demo)") + std::string(kBanner) +
         "<header class=\"site\"><a href=\"/\">Hotjar-shaped SP</a><span class=\"sub\">login inspector</span>"
         "</header>\n<main><h1>" + html_escape(title) + "</h1>\n" + body +
         "\n<footer class=\"links\"><a href=\"/demo/logins\">All recent logins</a> &middot; <a href=\"/\">Home</a> "
         "&middot; <a href=\"/app\">Who am I</a></footer></main></body></html>\n";
}

std::string esc(std::string_view s) { return html_escape(s); }
std::string code(std::string_view s) { return "<code>" + html_escape(s) + "</code>"; }

std::string when(core::Instant t) { return html_escape(core::format_saml_time(t, false)); }

std::string outcome_words(const DemoLogin& l) {
  if (!l.refusal) return "signed in";
  return "refused: " + std::string(spelling(*l.refusal));
}

std::string xml_block(std::string_view xml) {
  const XmlView v = render_xml(xml);
  std::string out;
  if (!v.parse_error.empty()) {
    out += "<p class=\"cut\">Not well-formed XML (" + esc(v.parse_error) + "): shown as text.</p>\n";
  }
  return out + v.html;
}

std::string signatures_table(const XmlView& v) {
  if (v.signatures.empty()) return "<p class=\"failed\">No ds:Signature anywhere in this message.</p>\n";
  std::string out = "<table><tr><th>#</th><th>Signature at</th><th>Reference URI</th><th>Covers</th>"
                    "<th>Transforms</th></tr>\n";
  for (std::size_t i = 0; i < v.signatures.size(); ++i) {
    const SignatureView& s = v.signatures[i];
    std::string covers = s.covers.empty() ? "<span class=\"failed\">no element of the message</span>" : code(s.covers);
    if (s.id_matches > 1) {
      covers += fmt::format(" <span class=\"failed\">({} elements carry this ID: ambiguous, a wrapping attack "
                            "shape)</span>",
                            s.id_matches);
    }
    std::string transforms;
    for (const std::string& t : s.transforms) transforms += code(t) + "<br>";
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", i + 1, code(s.location),
                       code(s.reference_uri.empty() ? "\"\" (the whole document)" : s.reference_uri), covers,
                       transforms.empty() ? "none" : transforms);
  }
  return out + "</table>\n";
}

std::string request_section(const DemoLogin& l) {
  std::string out = "<h2>1. The AuthnRequest the SP sent</h2>\n";
  if (!l.request) {
    return out + "<p>None: this browser posted a response without a login started here (IdP-initiated, or its "
                 "binding cookie named no request the inspector saw).</p>\n";
  }
  const DemoRequest& r = *l.request;
  out += "<table><tr><th>ID</th><td>" + code(r.id) + "</td></tr><tr><th>Binding</th><td>" + esc(r.binding) +
         "</td></tr><tr><th>Sent</th><td>" + when(r.sent) + "</td></tr><tr><th>RelayState</th><td>" +
         code(r.relay_state) + "</td></tr><tr><th>Signature</th><td>";
  if (!r.sig_alg.empty()) {
    out += "over the query string (Bindings 3.4.4.1): SigAlg " + code(r.sig_alg) + "<br>Signature " +
           code(r.signature_b64);
  } else if (r.binding == "HTTP-POST" && r.xml.find("Signature") != std::string::npos) {
    out += "enveloped in the XML below";
  } else {
    out += "not signed";
  }
  out += "</td></tr></table>\n";
  return out + xml_block(r.xml);
}

std::string response_section(const DemoLogin& l) {
  std::string out = "<h2>2. The Response the SP received</h2>\n";
  if (!l.evidence || l.evidence->xml.empty()) {
    return out + "<p>Nothing could be decoded from the POST (see the trace).</p>\n";
  }
  const ValidationEvidence& e = *l.evidence;
  const XmlView v = render_xml(e.xml);
  out += fmt::format("<p>{} bytes of XML, decoded from the SAMLResponse field. The exact bytes: <a href=\"/demo/logins/"
                     "{}/response.xml\">view</a> &middot; <a href=\"/demo/logins/{}/response.xml?download=1\">"
                     "download</a>. RelayState: {}</p>\n",
                     e.xml.size(), l.id, l.id, e.relay_state ? code(*e.relay_state) : std::string("none"));
  if (l.xml_received > e.xml.size()) {
    out += fmt::format("<p class=\"cut\">{} bytes were received; only the first {} are kept (the most the ACS "
                       "parses).</p>\n",
                       l.xml_received, e.xml.size());
  }
  out += signatures_table(v);
  out += fmt::format("<p>{} of {} elements shown lie outside every signature (marked <span class=\"mark "
                     "unsigned-key\">unsigned</span>); the SP believes nothing it reads there.</p>\n",
                     v.unsigned_elements, v.elements);
  if (!v.parse_error.empty()) out += "<p class=\"cut\">Not well-formed XML (" + esc(v.parse_error) + "): shown as text.</p>\n";
  return out + v.html;
}

std::string encryption_section(const DemoLogin& l) {
  if (!l.evidence || l.evidence->encrypted_assertion.empty()) return {};
  std::string out = "<h2>3. The encrypted assertion</h2>\n<h3>Before decryption (as received)</h3>\n" +
                    xml_block(l.evidence->encrypted_assertion) + "<h3>After decryption (with the SP's key)</h3>\n";
  if (l.evidence->decrypted_assertion.empty()) return out + "<p class=\"failed\">Not decrypted (see the trace).</p>\n";
  return out + xml_block(l.evidence->decrypted_assertion);
}

std::string trace_section(const DemoLogin& l) {
  std::string out = "<h2>4. The validator's checks, in pipeline order</h2>\n";
  if (!l.verdict) return out + "<p>The response was not validated (refused before: see the verdict).</p>\n";
  out += "<table><tr><th>#</th><th>Check</th><th>Result</th><th>Detail</th></tr>\n";
  std::size_t n = 0;
  for (const CheckRecord& c : l.verdict->checks) {
    const std::string_view st = spelling(c.status);
    out += fmt::format("<tr class=\"check\"><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>\n", ++n,
                       code(c.name), st, st, esc(c.detail));
  }
  return out + "</table>\n";
}

std::string verdict_section(const DemoLogin& l) {
  std::string out = "<h2>5. The verdict</h2>\n";
  if (!l.verdict) {
    const std::string r = l.refusal ? std::string(spelling(*l.refusal)) : "";
    return out + "<p class=\"verdict no\">Refused before validation: " + code(r) + " " +
           (l.refusal ? esc(sentence(*l.refusal)) : "") + "</p>\n";
  }
  const Verdict& v = *l.verdict;
  if (v.accepted) {
    out += "<p class=\"verdict ok\">Accepted: every check passed.</p>\n";
  } else {
    out += "<p class=\"verdict no\">Refused: <span id=\"reason\">" + code(spelling(*v.reason)) + "</span> " +
           esc(core::sentence(*v.reason)) + "</p>\n";
  }
  for (core::Weakness w : v.weak) out += "<p>Weakness relied on: " + code(spelling(w)) + " " + esc(sentence(w)) + "</p>\n";
  if (v.identity) {
    const Identity& id = *v.identity;
    out += "<table><tr><th>NameID</th><td>" + code(id.name_id) + "</td></tr><tr><th>Issuer</th><td>" +
           code(id.issuer) + "</td></tr>";
    for (const auto& [name, values] : id.attributes) {
      std::string vs;
      for (const std::string& val : values) vs += code(val) + " ";
      out += "<tr><th>Attribute " + esc(name) + "</th><td>" + vs + "</td></tr>";
    }
    out += "</table>\n";
  }
  return out;
}

std::string account_section(const DemoLogin& l) {
  std::string out = "<h2>6. The account decision</h2>\n";
  if (!l.account) return out + "<p>Not reached: only an accepted response meets the account rules.</p>\n";
  const DemoAccountDecision& a = *l.account;
  out += "<table><tr><th>Decision</th><td>" +
         (a.refusal ? "refused: " + code(spelling(*a.refusal)) + " " + esc(sentence(*a.refusal))
                    : std::string("signed in")) +
         "</td></tr><tr><th>Member</th><td>" + (a.email.empty() ? "none" : code(a.email)) + "</td></tr>" +
         "<tr><th>Role</th><td>" + (a.role ? esc(display_name(*a.role)) : std::string("none")) +
         "</td></tr><tr><th>Invitation</th><td>" + (a.invitation_accepted ? "accepted by this login" : "none used") +
         "</td></tr><tr><th>Audit record</th><td>" + (a.audit_seq == 0 ? "none" : "#" + std::to_string(a.audit_seq)) +
         "</td></tr></table>\n<h3>Gap codes recorded</h3>\n";
  if (a.gaps.empty()) return out + "<p>None.</p>\n";
  out += "<table><tr><th>Gap</th><th>Meaning</th></tr>\n";
  for (Gap g : a.gaps) out += "<tr class=\"gap\"><td>" + code(spelling(g)) + "</td><td>" + esc(sentence(g)) + "</td></tr>\n";
  return out + "</table>\n";
}

}  // namespace

std::string decorate(std::string page, std::string_view extra) {
  if (const auto at = page.find("<body>"); at != std::string::npos) page.insert(at + 6, kBanner);
  if (!extra.empty()) {
    // Inside the page's main column when it has one, before its footer.
    auto end = page.rfind("<footer");
    if (end == std::string::npos) end = page.rfind("</body>");
    if (end != std::string::npos) page.insert(end, extra);
  }
  return page;
}

std::string inspector_link(std::uint64_t id) {
  return fmt::format("<p class=\"demo-inspect\"><a href=\"/demo/logins/{}\">Inspect this login</a> (SAML messages, "
                     "signatures, the validator's checks)</p>\n",
                     id);
}

std::string refusal_summary(const DemoLogin& l) {
  std::string out = "<div class=\"demo-refusal\">";
  if (l.refusal) {
    out += "<p>Reason code: <code id=\"reason-code\">" + esc(spelling(*l.refusal)) + "</code> " +
           esc(sentence(*l.refusal)) + "</p>\n";
  }
  out += l.account ? gaps_recorded(l.account->gaps, "this login") : std::string();
  if (!l.account || l.account->gaps.empty()) out += "<p>Gap codes recorded by this login: none.</p>\n";
  return out + "</div>\n";
}

std::string gaps_recorded(const std::vector<Gap>& gaps, std::string_view by_what) {
  if (gaps.empty()) return {};
  std::string out = "<div class=\"demo-gaps\"><p>Gap codes recorded by " + esc(by_what) + ":</p><ul>\n";
  for (Gap g : gaps) out += "<li><code class=\"gap-code\">" + esc(spelling(g)) + "</code> " + esc(sentence(g)) + "</li>\n";
  return out + "</ul></div>\n";
}

std::string logins(const std::vector<std::shared_ptr<const DemoLogin>>& recent, std::size_t capacity) {
  std::string body = fmt::format("<p>The last {} logins are kept in memory (newest first); nothing is written to "
                                 "disk.</p>\n",
                                 capacity);
  if (recent.empty()) return layout("Recent logins", body + "<p>No login yet.</p>");
  body += "<table><tr><th>Login</th><th>Time</th><th>Organization</th><th>NameID</th><th>Outcome</th></tr>\n";
  for (const auto& l : recent) {
    const std::string who = l->verdict && l->verdict->identity ? l->verdict->identity->name_id : "";
    body += fmt::format("<tr><td><a href=\"/demo/logins/{}\">#{}</a></td><td>{}</td><td>{}</td><td>{}</td>"
                        "<td>{}</td></tr>\n",
                        l->id, l->id, when(l->at), code(l->org), code(who), esc(outcome_words(*l)));
  }
  return layout("Recent logins", body + "</table>");
}

std::string login(const DemoLogin& l) {
  std::string body = fmt::format("<p>Login #{} at {} to organization {}: <strong>{}</strong>.</p>\n", l.id, when(l.at),
                                 code(l.org), esc(outcome_words(l)));
  body += request_section(l) + response_section(l) + encryption_section(l) + trace_section(l) + verdict_section(l) +
          account_section(l);
  return layout(fmt::format("Login #{}", l.id), body);
}

std::string not_found(std::string_view what) {
  return layout("No such login", "<p>" + esc(what) +
                                     " The inspector keeps only recent logins in memory; an older one was dropped, "
                                     "and a restart forgets them all.</p>");
}

}  // namespace samlh::sp::demo_pages
