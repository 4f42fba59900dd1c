// URLs for the whole project, over Boost.URL (RFC 3986): parsing, reference
// resolution (5.2), percent-encoding, request-targets, query parameters and
// origins. No Boost type crosses this header, so every folder that may
// include core/http can use it without Boost's headers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace samlh::core::http {

// An absolute http or https URL. The scheme and host are lower-cased (RFC
// 3986 6.2.2.1: both are case-insensitive); the path, query and fragment
// stay exactly as written (still percent-encoded).
struct Url {
  std::string scheme;       // "http" or "https"
  std::string host;         // "127.0.0.1", "sp.example", "[::1]" (IPv6 keeps its brackets)
  unsigned short port = 0;  // the effective port: 80 / 443 when the URL names none
  std::string path = "/";   // "/" when empty
  std::optional<std::string> query;     // without '?'; nullopt: no '?' at all
  std::optional<std::string> fragment;  // without '#'

  bool default_port() const { return port == (scheme == "https" ? 443 : 80); }
  // "scheme://host[:port]": the port only when it is not the scheme's default.
  std::string origin() const;
  // "host[:port]", as the Host header carries it.
  std::string authority() const;
  // "path[?query]": what an HTTP request names (the fragment is never sent).
  std::string target() const;
  // The whole URL, origin() + target() + ["#" fragment].
  std::string str() const;
};

// An absolute http(s) URL; nullopt for anything else (another scheme, a
// relative reference, userinfo, an empty host, a malformed URL).
std::optional<Url> parse_url(std::string_view text);

// Resolves `reference` against the absolute URL `base` as RFC 3986 5.2 does
// (a browser following a Location or a form's action). Bytes no URI may hold
// (spaces, controls, non-ASCII, a '%' without two hex digits) are
// percent-encoded first, as browsers do; nullopt when either is still not a
// URI reference or `base` is not absolute. The result may have any scheme
// ("javascript:x" stays itself): callers decide what they follow.
std::optional<std::string> resolve_reference(std::string_view base, std::string_view reference);

// What a browser makes of a URL given to it whole (typed, or a request the
// harness makes): the clean-up resolve_reference applies, then it must be an
// absolute URI. Returns the cleaned text, or nullopt.
std::optional<std::string> browser_url(std::string_view text);

// Same origin (RFC 6454): scheme, host and port.
bool same_origin(const Url& a, const Url& b);
// A host that is loopback by definition: 127.0.0.0/8, [::1], "localhost" and
// names under ".localhost" (RFC 6761 6.3). A parsed address, never a prefix
// test ("127.0.0.1.evil.test" is not loopback).
bool is_loopback_host(std::string_view host);
// An IPv4 or IPv6 literal ("[::1]" with brackets).
bool is_ip_literal(std::string_view host);

// The parts of an origin-form request-target ("/path?query", RFC 9112
// 3.2.1), raw; nullopt when it is not one.
struct Target {
  std::string path;
  std::string query;  // without '?', exactly as received
};
std::optional<Target> parse_target(std::string_view target);

// Percent-decoding (RFC 3986 2.1); with `plus_is_space`, '+' is a space
// (application/x-www-form-urlencoded). nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);
// Percent-encodes every byte but RFC 3986's unreserved characters.
std::string percent_encode(std::string_view text);

// The parameters of a query string, in order, repeats kept, names and values
// decoded with '+' as a space; nullopt when an escape is malformed.
using QueryParams = std::vector<std::pair<std::string, std::string>>;
std::optional<QueryParams> query_params(std::string_view query);
// The raw (still encoded) value of the first parameter called `name`.
std::optional<std::string> raw_query_param(std::string_view query, std::string_view name);
// `url` with the first parameter called `name` given `raw_value` (already
// encoded); every other byte of the URL stays as it was (a Redirect-binding
// signature covers the query exactly as sent). nullopt when `url` does not
// parse or has no such parameter.
std::optional<std::string> with_raw_query_param(std::string_view url, std::string_view name,
                                                std::string_view raw_value);

// application/x-www-form-urlencoded as browsers write it (the URL
// Standard's serializer): alphanumerics and "*-._" kept, a space as '+',
// every other byte percent-encoded.
std::string form_urlencode(const QueryParams& fields);
// `url` with its query replaced by `query` (a GET form's submission); its
// fragment dropped. nullopt when `url` does not parse.
std::optional<std::string> with_query(std::string_view url, std::string_view query);
// `url` with `query` (already encoded) added to its query: after '&' when it
// has one (the HTTP-Redirect binding keeps an endpoint's own parameters,
// SAML Bindings 3.4.4.1), else as its query. nullopt when `url` does not parse.
std::optional<std::string> append_query(std::string_view url, std::string_view query);

}  // namespace samlh::core::http
