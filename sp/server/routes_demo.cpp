// Demo mode (`sp serve --demo`, SpOptions::demo): the login inspector's
// routes, the banner on every HTML page, and the records the login routes
// keep for it (sp/server/demo_log.hpp). Off, none of this runs: route()
// answers /demo/ with 404 and adds no banner.
//
//   GET /demo/logins                      recent logins, newest first
//   GET /demo/logins/<id>                 one login, step by step
//   GET /demo/logins/<id>/response.xml    the exact bytes of its Response (?download=1: as a file)
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/bindings.hpp"
#include "core/xml.hpp"
#include "sp/server/demo_pages.hpp"
#include "sp/server/routes.hpp"

namespace samlh::sp::routes {
namespace {

// Demo pages hold text from messages: no script runs on them whatever got
// through (defence in depth beside the escaping), and nothing loads from
// elsewhere: only the SP's own stylesheet (style.hpp).
constexpr std::string_view kDemoCsp = "default-src 'none'; style-src 'self'; img-src 'none'";

Response page(int status, std::string html) {
  Response r = Response::html(status, std::move(html));
  r.set("Content-Security-Policy", std::string(kDemoCsp));
  r.set("Cache-Control", "no-store");
  return r;
}

std::optional<std::uint64_t> login_id(std::string_view s) {
  std::uint64_t id = 0;
  if (s.empty() || s.size() > 19) return std::nullopt;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return id;
}

const std::string* header(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        })) {
      return &v;
    }
  }
  return nullptr;
}

DemoAccountDecision account_of(const Outcome<LoginOutcome>& o) {
  DemoAccountDecision d;
  d.gaps = o.gaps;
  d.audit_seq = o.audit_seq;
  if (!o.ok()) {
    d.refusal = o.reason();
    return d;
  }
  d.email = o.result->member.email;
  d.role = o.result->member.role;
  d.invitation_accepted = o.result->invitation_accepted;
  return d;
}

}  // namespace

Response demo(const Request& req, SpState& st, const std::vector<std::string>& seg) {
  DemoLog& log = *st.demo;
  if (seg.size() == 2 && seg[1] == "logins") return page(200, demo_pages::logins(log.recent(), log.capacity()));
  if (seg.size() < 3 || seg.size() > 4 || seg[1] != "logins" || (seg.size() == 4 && seg[3] != "response.xml")) {
    return page(404, demo_pages::not_found("There is no inspector page at this address."));
  }
  const auto id = login_id(seg[2]);
  const auto l = id ? log.find(*id) : nullptr;
  if (l == nullptr) {
    return page(404, demo_pages::not_found("There is no login " + seg[2].substr(0, 40) + " in the inspector."));
  }
  if (seg.size() == 3) return page(200, demo_pages::login(*l));
  if (!l->evidence || l->evidence->xml.empty()) {
    return page(404, demo_pages::not_found("Login " + seg[2] + " has no decoded Response."));
  }
  // The bytes as received, as text: a browser shows them and never runs them.
  Response r = Response::text(200, l->evidence->xml);
  const bool download = field(req.query, "download").value_or("") == "1";
  r.set("Content-Disposition",
        fmt::format("{}; filename=\"login-{}-response.xml\"", download ? "attachment" : "inline", l->id));
  r.set("Content-Security-Policy", std::string(kDemoCsp));
  return r;
}

void demo_banner(Response& res) {
  const std::string* type = header(res, "content-type");
  if (type == nullptr || type->rfind("text/html", 0) != 0) return;
  if (res.body.find("class=\"demo-banner\"") != std::string::npos) return;  // the inspector's own pages
  res.body = demo_pages::decorate(std::move(res.body));
}

void demo_request_sent(SpState& st, const std::string& browser, const Response& res, const std::string& xml,
                       const std::string& relay_state, RequestBinding binding) {
  DemoRequest r;
  r.binding = binding == RequestBinding::redirect ? "HTTP-Redirect" : "HTTP-POST";
  r.relay_state = relay_state;
  r.sent = st.clock.now();
  r.xml = xml;
  if (const std::string* loc = header(res, "location"); loc != nullptr) {
    // Redirect: the query carries the signature, if any.
    const auto q = loc->find('?');
    if (auto m = core::decode_redirect(q == std::string::npos ? "" : std::string_view(*loc).substr(q + 1),
                                       "SAMLRequest");
        m) {
      r.xml = m->xml;
      if (m->sig_alg) r.sig_alg = *m->sig_alg;
      if (m->signature) r.signature_b64 = core::base64_encode(*m->signature);
    }
  } else if (const auto at = res.body.find("name=\"SAMLRequest\" value=\""); at != std::string::npos) {
    // POST: the form's value is the request as sent, with its enveloped signature.
    const auto from = at + std::string_view("name=\"SAMLRequest\" value=\"").size();
    const auto to = res.body.find('"', from);
    if (auto x = core::decode_post_value(res.body.substr(from, to - from)); x) r.xml = std::move(x).value();
  }
  auto doc = core::parse_untrusted(r.xml);
  if (doc) r.id = core::attr(xmlDocGetRootElement(doc->get()), "ID");
  st.demo->request_sent(sha256_hex(browser), std::move(r));
}

std::uint64_t demo_keep_login(SpState& st, const std::string& org, const std::string& binding_cookie,
                              const AcsAnswer& a) {
  DemoLogin l;
  l.at = st.clock.now();
  l.org = org;
  if (!binding_cookie.empty()) l.request = st.demo->take_request(sha256_hex(binding_cookie));
  l.evidence = a.evidence;
  if (l.evidence) {
    // Beyond what the ACS parses, only the start is kept (the memory bound).
    l.xml_received = l.evidence->xml.size();
    if (l.xml_received > st.options.max_xml_bytes) l.evidence->xml.resize(st.options.max_xml_bytes);
  }
  l.verdict = a.verdict;
  l.refusal = a.refusal;
  if (a.login) {
    l.account = account_of(*a.login);
    if (a.login->ok()) l.session_sha256 = sha256_hex(a.login->result->session.token);
  }
  return st.demo->add(std::move(l));
}

}  // namespace samlh::sp::routes
