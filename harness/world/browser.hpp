// A browser-like client: a cookie jar (SameSite honoured), redirects
// followed, the POST binding's auto-submitting forms submitted, the IdP's
// sign-in form filled. Every exchange is logged as evidence with the SAML
// messages decoded.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/bindings.hpp"
#include "core/http/cookies.hpp"
#include "harness/scenario/results.hpp"
#include "harness/world/transport.hpp"

namespace samlh::harness {

struct Form {
  std::string method = "get";
  std::string action;  // absolute
  core::FormFields fields;
  bool has(std::string_view name) const { return core::form_get(fields, name) != nullptr; }
};

// The forms of an HTML page (hidden, text and password inputs with values).
std::vector<Form> parse_forms(const std::string& html, const std::string& page_url);
std::string resolve_url(const std::string& base, const std::string& ref);

struct Page {
  int status = 0;
  std::string url;
  std::string body;
  std::string error;  // transport error
  // Set when navigation stopped before posting a SAMLResponse (see below).
  std::optional<Form> pending_saml_post;
};

struct Credentials {
  std::string username;
  std::string password;
};

struct NavigateOptions {
  std::optional<Credentials> credentials;  // fill the IdP sign-in form
  bool stop_before_saml_response = false;  // leave the ACS POST to the caller
  int max_hops = 25;
};

class Browser {
 public:
  Browser(Transport& transport, const core::Clock& clock, std::string name);

  Page navigate(const std::string& url, const NavigateOptions& options = {});
  // Submits a form (e.g. the held ACS POST, possibly mutated) and continues
  // navigating from the answer.
  Page submit(const Form& form, const NavigateOptions& options = {});
  Page get(const std::string& url);
  // `accept`: what a browser sends, unless an API-style answer is wanted.
  Reply raw(const std::string& method, const std::string& url, const std::string& body,
            const std::string& content_type, const std::string& origin_url = "",
            const std::string& accept = kBrowserAccept);
  static constexpr const char* kBrowserAccept = "text/html,application/xhtml+xml,*/*;q=0.8";

  const std::string& name() const { return name_; }
  core::http::CookieJar& jar() { return jar_; }
  // Evidence since the last take.
  std::vector<Evidence> take_evidence();

 private:
  Page follow(Reply reply, std::string url, const NavigateOptions& options, int hops);
  void log(const Exchange& req, const Reply& rep);

  Transport& transport_;
  core::http::CookieJar jar_;
  std::string name_;
  std::vector<Evidence> evidence_;
};

}  // namespace samlh::harness
