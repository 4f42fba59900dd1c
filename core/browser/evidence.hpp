// The evidence of one exchange, for people: the request line and status,
// the Location and Set-Cookie headers (and any cookie the jar refused), the
// SAML messages the request and the answer's forms carry, decoded and
// indented, and the start of the body when it explains a failure.
#pragma once

#include <string>
#include <vector>

#include "core/browser/html.hpp"
#include "core/browser/transport.hpp"
#include "core/evidence.hpp"

namespace samlh::core::browser {

Evidence describe_exchange(const std::string& browser, const Exchange& req, const Reply& rep,
                           const std::vector<std::string>& cookie_notes, const HtmlLimits& limits = {});

// The SAML messages in a URL's query (HTTP-Redirect) and in a form body
// (HTTP-POST), decoded; "" when there are none.
std::string saml_messages(const std::string& url, const std::string& form_body);

}  // namespace samlh::core::browser
