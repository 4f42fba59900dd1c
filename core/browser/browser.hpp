// The one browser of the project (the harness in every mode, the tests, the
// benchmarks): a cookie jar per RFC 6265bis, URLs resolved by RFC 3986,
// redirects followed (with a limit), pages read with an HTML parser, the
// POST binding's auto-submitting forms submitted, the IdP's sign-in form
// filled, a deadline on every request, and every exchange logged as
// evidence with its SAML messages decoded.
//
// SameSite: a navigation the user starts (navigate, get, a request with no
// initiator) is same-site; a form submitted from a page, or a redirect chain
// it starts, is cross-site when the page's site (scheme + host) differs from
// the request's or from any earlier URL of the chain. So the POST binding's
// form from an IdP on another host carries only SameSite=None cookies.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/browser/cookie_jar.hpp"
#include "core/browser/html.hpp"
#include "core/browser/transport.hpp"
#include "core/clock.hpp"
#include "core/evidence.hpp"

namespace samlh::core::browser {

struct Page {
  int status = 0;
  std::string url;  // the URL that answered
  http::Headers headers;  // names lower-cased
  std::string body;
  std::string error;  // a transport error, or why navigation stopped (redirect limit, a URL not followed)
  // Set when navigation stopped before posting a SAMLResponse (see below).
  std::optional<Form> pending_saml_post;
  // Every URL requested since the navigation started, in order.
  std::vector<std::string> chain;
  const std::string* header(std::string_view name) const;  // name lower-case
};

struct Credentials {
  std::string username;
  std::string password;
};

struct NavigateOptions {
  std::optional<Credentials> credentials;  // fill the first form with username and password fields
  bool stop_before_saml_response = false;  // leave the ACS POST to the caller
  int max_hops = 25;                       // requests after the first (redirects and form posts)
};

struct BrowserOptions {
  std::chrono::milliseconds request_timeout{10'000};  // each request's deadline (over HTTP)
  int max_redirects = 20;  // consecutive redirects (Chromium's limit)
  HtmlLimits html;
  bool record_evidence = true;  // off for load generators
};

class Browser {
 public:
  // A browser over `transport` (not owned), its cookies on `clock`.
  Browser(Transport& transport, const Clock& clock, std::string name, BrowserOptions options = {});
  // A browser with its own HTTP transport, on the system clock (tests,
  // benchmarks, tools).
  explicit Browser(std::string name = "browser", BrowserOptions options = {}, http::ClientOptions client = {});
  ~Browser();
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  // A top-level navigation: GET `url`, then redirects, auto-submitted SAML
  // forms and (with credentials) the sign-in form, until a page that needs
  // none of them.
  Page navigate(const std::string& url, const NavigateOptions& options = {});
  Page get(const std::string& url) { return navigate(url); }
  // Submits a form (e.g. the held ACS POST, possibly mutated) from the page
  // it is on, and navigates on from the answer. `submitter`: the name of the
  // submit button clicked (its value is sent too).
  Page submit(const Form& form, const NavigateOptions& options = {}, const std::string& submitter = "");

  // One exchange, no redirect followed; cookies sent and stored. `origin_url`
  // is the page that makes the request ("" for none: same-site).
  Reply raw(const std::string& method, const std::string& url, const std::string& body,
            const std::string& content_type, const std::string& origin_url = "",
            const std::string& accept = kBrowserAccept);
  Reply request(const std::string& method, const std::string& url, const std::string& body = "",
                const std::string& content_type = "", const http::Headers& headers = {});
  Reply fetch(const std::string& url, const http::Headers& headers = {}) { return request("GET", url, "", "", headers); }
  Reply post(const std::string& url, const std::string& body, const std::string& content_type,
             const http::Headers& headers = {}) {
    return request("POST", url, body, content_type, headers);
  }
  Reply post_form(const std::string& url, const Fields& fields, const http::Headers& headers = {});
  static constexpr const char* kBrowserAccept = "text/html,application/xhtml+xml,*/*;q=0.8";

  const std::string& name() const { return name_; }
  CookieJar& jar() { return jar_; }
  BrowserOptions& options() { return options_; }
  // Evidence since the last take.
  std::vector<Evidence> take_evidence();

 private:
  struct Initiator;
  struct Sent {  // a request as a navigation makes it
    std::string method;
    std::string url;
    std::string body;
    std::string content_type;
    std::string accept;
  };
  Reply exchange(const std::string& method, const std::string& url, http::Headers headers, const std::string& body,
                 Initiator& from);
  Reply send(const Sent& sent, Initiator& from);
  static Sent submission(const Form& form, const Fields& fields);
  Page start(Sent sent, const NavigateOptions& options, Initiator from);
  void log(const Exchange& req, const Reply& rep, const std::vector<std::string>& cookie_notes);

  std::unique_ptr<Transport> owned_transport_;
  Transport& transport_;
  CookieJar jar_;
  std::string name_;
  BrowserOptions options_;
  std::vector<Evidence> evidence_;
};

// The body of an application/x-www-form-urlencoded submission, as browsers
// encode it (unreserved bytes and '*' kept, a space as '+').
std::string form_urlencode(const Fields& fields);

}  // namespace samlh::core::browser
