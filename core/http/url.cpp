// GCC 12 reports -Wnull-dereference false positives in code inlined from
// Boost.URL's url_view_base; the warning stays on everywhere else.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif
#include "core/http/url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <boost/url/encode.hpp>
#include <boost/url/grammar/lut_chars.hpp>
#include <boost/url/ipv4_address.hpp>
#include <boost/url/ipv6_address.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/url.hpp>

namespace samlh::core::http {
namespace {

namespace urls = boost::urls;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// Bytes RFC 3986 allows in a URI reference (unreserved, reserved, '%').
bool uri_char(unsigned char c) {
  if (std::isalnum(c)) return true;
  return std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(static_cast<char>(c)) != std::string_view::npos;
}

// What a browser does to a reference before parsing it (the WHATWG URL
// Standard, for http and https): leading and trailing C0 controls and spaces
// dropped, tabs and newlines removed, '\' read as '/' before the query, and
// any byte a URI may not hold percent-encoded, a stray '%' included.
std::string browser_clean(std::string_view ref) {
  auto c0_or_space = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!ref.empty() && c0_or_space(ref.front())) ref.remove_prefix(1);
  while (!ref.empty() && c0_or_space(ref.back())) ref.remove_suffix(1);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(ref.size());
  bool in_path = true;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    const auto c = static_cast<unsigned char>(ref[i]);
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c == '?' || c == '#') in_path = false;
    if (c == '\\' && in_path) {
      out += '/';
    } else if (c == '%' ? i + 2 < ref.size() && is_hex(ref[i + 1]) && is_hex(ref[i + 2]) : uri_char(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// Boost.URL 1.81 keeps ".." segments that climb above the root
// ("http://a/b/c/d;p?q" + "../../../g" gives "http://a/../g");
// RFC 3986 5.2.4 drops them (boostorg/url#808, fixed after 1.81).
void drop_dot_segments_above_root(urls::url& u) {
  if (!u.has_authority()) return;
  std::string path(u.encoded_path());
  bool changed = false;
  while (path == "/.." || path.rfind("/../", 0) == 0) {
    path = path.size() == 3 ? "/" : path.substr(3);
    changed = true;
  }
  if (changed) u.set_encoded_path(path);
}

// Boost.URL 1.81 reads a host that starts like an IPv4 address
// ("127.0.0.1.evil.test") as that address, and the rest of the authority as
// a path or as a parse error (boostorg/url#755, fixed after 1.81): a
// Location "//127.0.0.1.evil.test/p" resolved to "http://127.0.0.1/.evil.test/p".
// So the first byte of a host that starts with a digit is percent-encoded
// before Boost.URL reads the text ("%31" for '1'): it reads a name then, and
// parse_url() tells an IPv4 address from the decoded name; resolve_reference()
// writes the digit back. Finding the host is the one place this file reads
// URL syntax itself: past an optional scheme and "//", past any userinfo.
std::size_t digit_host_at(std::string_view t) {
  std::size_t i = 0;
  if (!t.empty() && std::isalpha(static_cast<unsigned char>(t[0]))) {
    std::size_t j = 1;
    while (j < t.size() && (std::isalnum(static_cast<unsigned char>(t[j])) || t[j] == '+' || t[j] == '-' || t[j] == '.')) ++j;
    if (j < t.size() && t[j] == ':') i = j + 1;
  }
  if (t.substr(i, 2) != "//") return std::string_view::npos;
  i += 2;
  const std::size_t end = std::min(t.find_first_of("/?#", i), t.size());
  const std::size_t at = t.substr(i, end - i).rfind('@');
  if (at != std::string_view::npos) i += at + 1;
  return i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])) ? i : std::string_view::npos;
}

std::string shield(std::string text) {
  const std::size_t at = digit_host_at(text);
  if (at != std::string::npos) text.replace(at, 1, std::string{'%', '3', text[at]});
  return text;
}

// The text of a URL built from shielded input, the digit back as written.
std::string unshield(const urls::url& u) {
  std::string out(u.buffer());
  if (!u.has_authority()) return out;
  const auto host = static_cast<std::size_t>(u.encoded_host().data() - u.buffer().data());
  if (out.compare(host, 2, "%3") == 0 && host + 2 < out.size() && std::isdigit(static_cast<unsigned char>(out[host + 2]))) {
    out.replace(host, 3, 1, out[host + 2]);
  }
  return out;
}

// A host name as the browser keeps it: lower-case, no byte a reg-name may
// not hold once decoded.
std::optional<std::string> host_name(std::string_view decoded) {
  std::string h = lower(decoded);
  const bool bad = h.empty() || std::any_of(h.begin(), h.end(), [](unsigned char c) {
    return c <= 0x20 || c == 0x7f || std::string_view("%/\\?#@:[]<>^|").find(static_cast<char>(c)) != std::string_view::npos;
  });
  if (bad) return std::nullopt;
  return h;
}

// The host of a shielded parse: an IPv4 address reads as a name there.
std::optional<std::string> host_of(const urls::url_view& v) {
  switch (v.host_type()) {
    case urls::host_type::ipv4:
      return std::string(v.encoded_host());
    case urls::host_type::ipv6:
      return "[" + lower(v.host_address()) + "]";
    case urls::host_type::name: {
      const std::string name = v.host();
      if (urls::parse_ipv4_address(name)) return name;
      return host_name(name);
    }
    default:
      return std::nullopt;
  }
}

// The port digits as a TCP port (Boost.URL reads any digits as a port).
std::optional<unsigned short> port_of(std::string_view digits) {
  unsigned long port = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc{} || end != digits.data() + digits.size() || port == 0 || port > 65535) return std::nullopt;
  return static_cast<unsigned short>(port);
}

}  // namespace

std::string Url::origin() const {
  return scheme + "://" + authority();
}

std::string Url::authority() const { return default_port() ? host : host + ":" + std::to_string(port); }

std::string Url::target() const { return query ? path + "?" + *query : path; }

std::string Url::str() const { return origin() + target() + (fragment ? "#" + *fragment : std::string()); }

std::optional<Url> parse_url(std::string_view text) {
  const std::string shielded = shield(std::string(text));
  auto parsed = urls::parse_uri(shielded);
  if (!parsed) return std::nullopt;
  const urls::url_view& v = *parsed;
  Url u;
  if (v.scheme_id() == urls::scheme::http) {
    u.scheme = "http";
  } else if (v.scheme_id() == urls::scheme::https) {
    u.scheme = "https";
  } else {
    return std::nullopt;
  }
  // After an authority a path is empty or starts with '/' (RFC 3986 3.3);
  // Boost.URL 1.81 lets "http://h:5x/" through with the path "x/".
  if (!v.has_authority() || (!v.encoded_path().empty() && v.encoded_path().front() != '/')) return std::nullopt;
  auto host = host_of(v);
  if (!host) return std::nullopt;
  u.host = std::move(*host);
  if (v.has_port() && !v.port().empty()) {
    auto p = port_of(v.port());
    if (!p) return std::nullopt;  // 0, past 65535
    u.port = *p;
  } else {
    u.port = u.scheme == "https" ? 443 : 80;
  }
  u.path = v.encoded_path().empty() ? std::string("/") : std::string(v.encoded_path());
  if (v.has_query()) u.query = std::string(v.encoded_query());
  if (v.has_fragment()) u.fragment = std::string(v.encoded_fragment());
  return u;
}

std::optional<std::string> resolve_reference(std::string_view base, std::string_view reference) {
  const std::string base_text = shield(std::string(base));
  auto b = urls::parse_uri(base_text);
  if (!b) return std::nullopt;
  const std::string ref_text = shield(browser_clean(reference));
  auto r = urls::parse_uri_reference(ref_text);
  if (!r) return std::nullopt;
  urls::url dest;
  if (!urls::resolve(*b, *r, dest)) return std::nullopt;
  drop_dot_segments_above_root(dest);
  return unshield(dest);
}

std::optional<std::string> browser_url(std::string_view text) {
  std::string cleaned = browser_clean(text);
  if (!urls::parse_uri(shield(cleaned))) return std::nullopt;
  return cleaned;
}

bool same_origin(const Url& a, const Url& b) { return a.scheme == b.scheme && a.host == b.host && a.port == b.port; }

bool is_ip_literal(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return urls::parse_ipv6_address(host.substr(1, host.size() - 2)).has_value();
  }
  return urls::parse_ipv4_address(host).has_value();
}

bool is_loopback_host(std::string_view host) {
  const std::string h = lower(host);
  if (h == "localhost" || (h.size() > 10 && h.ends_with(".localhost"))) return true;
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') {
    auto a = urls::parse_ipv6_address(std::string_view(h).substr(1, h.size() - 2));
    return a && a->is_loopback();
  }
  auto a = urls::parse_ipv4_address(h);
  return a && (a->to_uint() >> 24) == 127;
}

std::optional<Target> parse_target(std::string_view target) {
  auto v = urls::parse_origin_form(target);
  if (!v) return std::nullopt;
  return Target{std::string(v->encoded_path()), std::string(v->encoded_query())};
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  auto s = urls::make_pct_string_view(text);
  if (!s) return std::nullopt;
  urls::encoding_opts opt;
  opt.space_as_plus = plus_is_space;
  return s->decode(opt);
}

std::string percent_encode(std::string_view text) { return urls::encode(text, urls::unreserved_chars); }

std::optional<QueryParams> query_params(std::string_view query) {
  auto params = urls::parse_query(query);
  if (!params) return std::nullopt;
  urls::encoding_opts plus;
  plus.space_as_plus = true;
  QueryParams out;
  for (const urls::param_pct_view p : *params) {
    if (p.key.empty() && !p.has_value) continue;  // "a&&b", a lone "?"
    out.emplace_back(p.key.decode(plus), p.has_value ? p.value.decode(plus) : std::string());
  }
  return out;
}

std::optional<std::string> raw_query_param(std::string_view query, std::string_view name) {
  auto params = urls::parse_query(query);
  if (!params) return std::nullopt;
  urls::encoding_opts plus;
  plus.space_as_plus = true;
  for (const urls::param_pct_view p : *params) {
    if (p.key.decode(plus) == name) return std::string(p.value);
  }
  return std::nullopt;
}

std::optional<std::string> with_raw_query_param(std::string_view url, std::string_view name,
                                                std::string_view raw_value) {
  const std::string text = shield(std::string(url));
  auto v = urls::parse_uri_reference(text);
  auto value = urls::make_pct_string_view(raw_value);
  if (!v || !value) return std::nullopt;
  urls::url u(*v);
  auto params = u.encoded_params();
  auto it = params.find(urls::pct_string_view(urls::encode(name, urls::unreserved_chars)));
  if (it == params.end()) return std::nullopt;
  params.set(it, *value);
  return unshield(u);
}

std::string form_urlencode(const QueryParams& fields) {
  static constexpr urls::grammar::lut_chars kKept = urls::grammar::lut_chars(
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-._");
  urls::encoding_opts plus;
  plus.space_as_plus = true;
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += urls::encode(name, kKept, plus);
    out += '=';
    out += urls::encode(value, kKept, plus);
  }
  return out;
}

std::optional<std::string> with_query(std::string_view url, std::string_view query) {
  const std::string text = shield(std::string(url));
  auto v = urls::parse_uri_reference(text);
  auto q = urls::make_pct_string_view(query);
  if (!v || !q) return std::nullopt;
  urls::url u(*v);
  u.remove_fragment();
  u.set_encoded_query(*q);
  return unshield(u);
}

std::optional<std::string> append_query(std::string_view url, std::string_view query) {
  const std::string text = shield(std::string(url));
  auto v = urls::parse_uri_reference(text);
  if (!v) return std::nullopt;
  std::string joined = v->has_query() && !v->encoded_query().empty() ? std::string(v->encoded_query()) + "&" : "";
  joined += query;
  auto q = urls::make_pct_string_view(joined);
  if (!q) return std::nullopt;
  urls::url u(*v);
  u.set_encoded_query(*q);
  return unshield(u);
}

}  // namespace samlh::core::http
