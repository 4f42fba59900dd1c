#include "core/browser/browser.hpp"

#include "core/browser/evidence.hpp"
#include "core/http/url.hpp"

namespace samlh::core::browser {
namespace {

const SystemClock& system_clock() {
  static const SystemClock clock;
  return clock;
}

bool is_saml_form(const Form& f) { return f.has("SAMLResponse") || f.has("SAMLRequest"); }

const Form* sign_in_form(const std::vector<Form>& forms) {
  for (const Form& f : forms) {
    if (f.has("username") && f.has("password")) return &f;
  }
  return nullptr;
}

Page page_of(Reply& reply) {
  Page p;
  p.status = reply.status;
  p.url = reply.url;
  p.headers = std::move(reply.headers);
  p.body = std::move(reply.body);
  p.error = std::move(reply.error);
  return p;
}

const std::string* find_header(const http::Headers& headers, std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (n == name) return &v;
  }
  return nullptr;
}

}  // namespace

// Who started a request, for SameSite: the page's URL (none: the user did),
// and whether the redirect chain so far has left that page's site.
struct Browser::Initiator {
  std::optional<http::Url> page;
  bool crossed = false;

  static Initiator of(const std::string& url) {
    Initiator i;
    if (!url.empty()) i.page = http::parse_url(url);
    return i;
  }
  // The context of a request to `url`, and the chain extended by it.
  CookieContext context(const http::Url& url, const std::string& method) {
    if (page && !same_site(*page, url)) crossed = true;
    return CookieContext{!crossed, true, method == "GET" || method == "HEAD"};
  }
};

const std::string* Page::header(std::string_view name) const { return find_header(headers, name); }

std::string form_urlencode(const Fields& fields) { return http::form_urlencode(fields); }

Browser::Browser(Transport& transport, const Clock& clock, std::string name, BrowserOptions options)
    : transport_(transport), jar_(clock), name_(std::move(name)), options_(options) {}

Browser::Browser(std::string name, BrowserOptions options, http::ClientOptions client)
    : owned_transport_(std::make_unique<HttpTransport>(std::move(client))),
      transport_(*owned_transport_),
      jar_(system_clock()),
      name_(std::move(name)),
      options_(options) {}

Browser::~Browser() = default;

std::vector<Evidence> Browser::take_evidence() {
  std::vector<Evidence> out;
  out.swap(evidence_);
  return out;
}

void Browser::log(const Exchange& req, const Reply& rep, const std::vector<std::string>& cookie_notes) {
  if (!options_.record_evidence) return;
  evidence_.push_back(describe_exchange(name_, req, rep, cookie_notes, options_.html));
}

Reply Browser::exchange(const std::string& method, const std::string& given, http::Headers headers,
                        const std::string& body, Initiator& from) {
  // A URL as given when it parses; else as a browser would clean it up.
  std::string url = given;
  auto parsed = http::parse_url(url);
  if (!parsed) {
    if (auto cleaned = http::browser_url(given)) {
      url = std::move(*cleaned);
      parsed = http::parse_url(url);
    }
  }
  std::optional<CookieContext> ctx;
  std::string cookies;
  if (parsed) {
    ctx = from.context(*parsed, method);
    cookies = jar_.header_for(*parsed, *ctx);
  }
  Exchange req{method, url, {}, body, options_.request_timeout};
  if (!cookies.empty()) req.headers.emplace_back("Cookie", std::move(cookies));
  for (auto& h : headers) req.headers.push_back(std::move(h));
  Reply rep;
  if (parsed) {
    rep = transport_.send(req);
  } else {
    rep.error = "not an http(s) URL: " + url;
  }
  rep.url = url;
  std::vector<std::string> notes;
  if (parsed) {
    for (const std::string& sc : rep.all("set-cookie")) {
      if (auto why = jar_.store(*parsed, sc, *ctx)) notes.push_back("cookie not stored (" + *why + "): " + sc);
    }
  }
  log(req, rep, notes);
  return rep;
}

Reply Browser::send(const Sent& sent, Initiator& from) {
  http::Headers h;
  if (!sent.content_type.empty()) h.emplace_back("Content-Type", sent.content_type);
  h.emplace_back("Accept", sent.accept);
  return exchange(sent.method, sent.url, std::move(h), sent.body, from);
}

Reply Browser::raw(const std::string& method, const std::string& url, const std::string& body,
                   const std::string& content_type, const std::string& origin_url, const std::string& accept) {
  Initiator from = Initiator::of(origin_url);
  return send(Sent{method, url, body, content_type, accept}, from);
}

Reply Browser::request(const std::string& method, const std::string& url, const std::string& body,
                       const std::string& content_type, const http::Headers& headers) {
  http::Headers h;
  if (!content_type.empty()) h.emplace_back("Content-Type", content_type);
  bool has_accept = false;
  for (const auto& [n, v] : headers) {
    has_accept = has_accept || n == "Accept" || n == "accept";
    h.emplace_back(n, v);
  }
  if (!has_accept) h.emplace_back("Accept", kBrowserAccept);
  Initiator none;
  return exchange(method, url, std::move(h), body, none);
}

Reply Browser::post_form(const std::string& url, const Fields& fields, const http::Headers& headers) {
  return request("POST", url, form_urlencode(fields), "application/x-www-form-urlencoded", headers);
}

Page Browser::navigate(const std::string& url, const NavigateOptions& options) {
  return start(Sent{"GET", url, "", "", kBrowserAccept}, options, Initiator{});
}

Page Browser::submit(const Form& form, const NavigateOptions& options, const std::string& submitter) {
  Fields fields = form.fields;
  for (const auto& [n, v] : form.submitters) {
    if (n == submitter) {
      fields.emplace_back(n, v);
      break;
    }
  }
  return start(submission(form, fields), options, Initiator::of(form.page_url));
}

Browser::Sent Browser::submission(const Form& form, const Fields& fields) {
  if (form.method == "get") {
    // HTML: a GET form's fields replace the action's query.
    return Sent{"GET", http::with_query(form.action, form_urlencode(fields)).value_or(form.action), "", "",
                kBrowserAccept};
  }
  return Sent{"POST", form.action, form_urlencode(fields), "application/x-www-form-urlencoded", kBrowserAccept};
}

Page Browser::start(Sent sent, const NavigateOptions& options, Initiator from) {
  std::vector<std::string> chain{sent.url};
  Reply reply = send(sent, from);
  int hops = 0;
  int redirects = 0;
  while (true) {
    Page page = page_of(reply);
    page.chain = chain;
    if (page.status == 0 || hops >= options.max_hops) return page;
    if (page.status >= 300 && page.status < 400) {
      const std::string* loc = page.header("location");
      if (loc == nullptr) return page;
      const auto next = http::resolve_reference(page.url, *loc);
      if (!next || !http::parse_url(*next)) {
        // javascript:, data:, a malformed Location: a browser goes nowhere over HTTP.
        page.error = "redirect not followed: Location " + *loc;
        return page;
      }
      if (++redirects > options_.max_redirects) {
        page.error = "redirect limit (" + std::to_string(options_.max_redirects) + ") reached";
        return page;
      }
      // 307 and 308 repeat the request; the others turn it into a GET. The
      // redirect keeps the navigation's initiator (SameSite).
      sent.url = *next;
      if (page.status != 307 && page.status != 308) sent = Sent{"GET", *next, "", "", kBrowserAccept};
      chain.push_back(sent.url);
      reply = send(sent, from);
      ++hops;
      continue;
    }
    if (page.status != 200) return page;
    const std::string* type = page.header("content-type");
    const std::vector<Form> forms =
        read_html(page.body, page.url, type == nullptr ? "" : charset_of(*type), options_.html).forms;
    const Form* next = nullptr;
    for (const Form& f : forms) {
      if (is_saml_form(f)) {
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
      if (const Form* signin = sign_in_form(forms)) {
        filled = *signin;
        for (auto& [n, v] : filled.fields) {
          if (n == "username") v = options.credentials->username;
          if (n == "password") v = options.credentials->password;
        }
        next = &filled;
      }
    }
    if (next == nullptr) return page;
    // The form posts from this page: a new initiator, a fresh redirect count.
    from = Initiator::of(page.url);
    redirects = 0;
    sent = submission(*next, next->fields);
    chain.push_back(sent.url);
    reply = send(sent, from);
    ++hops;
  }
}

}  // namespace samlh::core::browser
