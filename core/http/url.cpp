#include "core/http/url.hpp"

#include <algorithm>
#include <cctype>

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

std::optional<std::string> host_of(const urls::url_view& v) {
  switch (v.host_type()) {
    case urls::host_type::ipv4:
      return std::string(v.encoded_host());
    case urls::host_type::ipv6:
      return "[" + lower(v.host_address()) + "]";
    case urls::host_type::name: {
      std::string h = lower(v.host());
      const bool bad = h.empty() || std::any_of(h.begin(), h.end(), [](unsigned char c) {
        return c <= 0x20 || c == 0x7f || std::string_view("%/\\?#@:[]<>^|").find(static_cast<char>(c)) != std::string_view::npos;
      });
      if (bad) return std::nullopt;
      return h;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

std::string Url::origin() const {
  return scheme + "://" + authority();
}

std::string Url::authority() const { return default_port() ? host : host + ":" + std::to_string(port); }

std::string Url::target() const { return query ? path + "?" + *query : path; }

std::string Url::str() const { return origin() + target() + (fragment ? "#" + *fragment : std::string()); }

std::optional<Url> parse_url(std::string_view text) {
  auto parsed = urls::parse_uri(text);
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
  if (!v.has_authority()) return std::nullopt;
  auto host = host_of(v);
  if (!host) return std::nullopt;
  u.host = std::move(*host);
  if (v.has_port() && !v.port().empty()) {
    if (v.port_number() == 0) return std::nullopt;  // 0, or past 65535
    u.port = v.port_number();
  } else {
    u.port = u.scheme == "https" ? 443 : 80;
  }
  u.path = v.encoded_path().empty() ? std::string("/") : std::string(v.encoded_path());
  if (v.has_query()) u.query = std::string(v.encoded_query());
  if (v.has_fragment()) u.fragment = std::string(v.encoded_fragment());
  return u;
}

std::optional<std::string> resolve_reference(std::string_view base, std::string_view reference) {
  auto b = urls::parse_uri(base);
  if (!b) return std::nullopt;
  const std::string cleaned = browser_clean(reference);
  auto r = urls::parse_uri_reference(cleaned);
  if (!r) return std::nullopt;
  urls::url dest;
  if (!urls::resolve(*b, *r, dest)) return std::nullopt;
  drop_dot_segments_above_root(dest);
  return std::string(dest.buffer());
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
  auto v = urls::parse_uri_reference(url);
  auto value = urls::make_pct_string_view(raw_value);
  if (!v || !value) return std::nullopt;
  urls::url u(*v);
  auto params = u.encoded_params();
  auto it = params.find(urls::pct_string_view(urls::encode(name, urls::unreserved_chars)));
  if (it == params.end()) return std::nullopt;
  params.set(it, *value);
  return std::string(u.buffer());
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
  auto v = urls::parse_uri_reference(url);
  auto q = urls::make_pct_string_view(query);
  if (!v || !q) return std::nullopt;
  urls::url u(*v);
  u.remove_fragment();
  u.set_encoded_query(*q);
  return std::string(u.buffer());
}

}  // namespace samlh::core::http
