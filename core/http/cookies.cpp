#include "core/http/cookies.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <ctime>

namespace samlh::core::http {
namespace {

constexpr std::size_t kMaxNameValue = 4096;  // RFC 6265bis 5.6 step 5
constexpr std::size_t kMaxAttribute = 1024;  // RFC 6265bis 5.6.1 step 2

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string format_http_date(Instant t) {
  std::time_t secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char out[64];
  std::strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return out;
}

// RFC 6265bis 5.1.1: the delimiters between date tokens.
bool date_delimiter(unsigned char c) {
  return c == 0x09 || (c >= 0x20 && c <= 0x2F) || (c >= 0x3B && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
         (c >= 0x7B && c <= 0x7E);
}

bool digit(char c) { return c >= '0' && c <= '9'; }

// Reads 1..max_digits leading digits of `t`; the rest must not start with a digit.
std::optional<int> leading_number(std::string_view& t, std::size_t min_digits, std::size_t max_digits) {
  std::size_t n = 0;
  while (n < t.size() && digit(t[n])) ++n;
  if (n < min_digits || n > max_digits) return std::nullopt;
  int v = 0;
  std::from_chars(t.data(), t.data() + n, v);
  t.remove_prefix(n);
  return v;
}

struct DateParts {
  std::optional<std::array<int, 3>> time;
  std::optional<int> day;
  std::optional<int> month;
  std::optional<int> year;
};

void read_date_token(std::string_view token, DateParts& d) {
  static constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                                "jul", "aug", "sep", "oct", "nov", "dec"};
  if (!d.time) {
    std::string_view t = token;
    auto h = leading_number(t, 1, 2);
    if (h && !t.empty() && t.front() == ':') {
      t.remove_prefix(1);
      auto m = leading_number(t, 1, 2);
      if (m && !t.empty() && t.front() == ':') {
        t.remove_prefix(1);
        if (auto s = leading_number(t, 1, 2)) {
          d.time = std::array<int, 3>{*h, *m, *s};
          return;
        }
      }
    }
  }
  if (!d.day) {
    std::string_view t = token;
    if (auto v = leading_number(t, 1, 2)) {
      d.day = *v;
      return;
    }
  }
  if (!d.month && token.size() >= 3) {
    const std::string m = lower(token.substr(0, 3));
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
      if (m == kMonths[i]) {
        d.month = static_cast<int>(i) + 1;
        return;
      }
    }
  }
  if (!d.year) {
    std::string_view t = token;
    if (auto v = leading_number(t, 2, 4)) d.year = *v;
  }
}

}  // namespace

std::string format_set_cookie(const SetCookie& c) {
  std::string out = c.name + "=" + c.value;
  if (!c.path.empty()) out += "; Path=" + c.path;
  if (!c.domain.empty()) out += "; Domain=" + c.domain;
  if (c.max_age) out += "; Max-Age=" + std::to_string(*c.max_age);
  if (c.expires) out += "; Expires=" + format_http_date(*c.expires);
  if (c.http_only) out += "; HttpOnly";
  if (c.secure) out += "; Secure";
  switch (c.same_site) {
    case SameSite::lax: out += "; SameSite=Lax"; break;
    case SameSite::strict: out += "; SameSite=Strict"; break;
    case SameSite::none: out += "; SameSite=None"; break;
    case SameSite::unset: break;
  }
  return out;
}

std::optional<Instant> parse_cookie_date(std::string_view text) {
  DateParts d;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && date_delimiter(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && !date_delimiter(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) read_date_token(text.substr(start, i - start), d);
  }
  if (!d.time || !d.day || !d.month || !d.year) return std::nullopt;
  int year = *d.year;
  if (year >= 70 && year <= 99) year += 1900;
  if (year >= 0 && year <= 69) year += 2000;
  const auto [h, m, s] = *d.time;
  if (*d.day < 1 || *d.day > 31 || year < 1601 || h > 23 || m > 59 || s > 59) return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = *d.month - 1;
  tm.tm_mday = *d.day;
  tm.tm_hour = h;
  tm.tm_min = m;
  tm.tm_sec = s;
  const std::time_t t = timegm(&tm);
  if (tm.tm_mday != *d.day) return std::nullopt;  // 30 February: the date does not exist
  return Instant{std::chrono::duration_cast<Millis>(std::chrono::seconds{t})};
}

std::optional<SetCookie> parse_set_cookie(std::string_view header) {
  // Step 1: a control character (other than a tab) makes the whole header void.
  for (char ch : header) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7F) return std::nullopt;
  }
  SetCookie c;
  c.path.clear();
  c.http_only = false;
  c.same_site = SameSite::unset;
  const std::size_t semi = header.find(';');
  const std::string_view pair = header.substr(0, semi);
  std::string_view attrs = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
  const std::size_t eq = pair.find('=');
  // A pair without '=' is a nameless cookie: the whole pair is its value.
  const std::string_view name = eq == std::string_view::npos ? std::string_view{} : trim(pair.substr(0, eq));
  const std::string_view value = trim(eq == std::string_view::npos ? pair : pair.substr(eq + 1));
  if ((name.empty() && value.empty()) || name.size() + value.size() > kMaxNameValue) return std::nullopt;
  c.name = std::string(name);
  c.value = std::string(value);
  while (!attrs.empty()) {
    const std::size_t next = attrs.find(';');
    const std::string_view av = attrs.substr(0, next);
    attrs = next == std::string_view::npos ? std::string_view{} : attrs.substr(next + 1);
    const std::size_t aeq = av.find('=');
    const std::string_view key = trim(av.substr(0, aeq));
    const std::string_view val = aeq == std::string_view::npos ? std::string_view{} : trim(av.substr(aeq + 1));
    if (val.size() > kMaxAttribute) continue;
    if (iequals(key, "expires")) {
      if (auto t = parse_cookie_date(val)) c.expires = *t;
    } else if (iequals(key, "max-age")) {
      if (val.empty() || !(digit(val.front()) || val.front() == '-')) continue;
      if (!std::all_of(val.begin() + 1, val.end(), digit)) continue;
      long long v = 0;
      const auto [p, ec] = std::from_chars(val.data(), val.data() + val.size(), v);
      if (ec == std::errc::result_out_of_range) v = val.front() == '-' ? -1 : (1LL << 40);
      else if (ec != std::errc{} || p != val.data() + val.size()) continue;
      c.max_age = v;
    } else if (iequals(key, "domain")) {
      if (val.empty()) continue;  // RFC 6265bis: an empty Domain is ignored
      c.domain = lower(val.front() == '.' ? val.substr(1) : val);
    } else if (iequals(key, "path")) {
      c.path = !val.empty() && val.front() == '/' ? std::string(val) : std::string();
    } else if (iequals(key, "secure")) {
      c.secure = true;
    } else if (iequals(key, "httponly")) {
      c.http_only = true;
    } else if (iequals(key, "samesite")) {
      c.same_site = iequals(val, "strict") ? SameSite::strict
                    : iequals(val, "lax")  ? SameSite::lax
                    : iequals(val, "none") ? SameSite::none
                                           : SameSite::unset;
    }
  }
  return c;
}

std::vector<std::pair<std::string, std::string>> parse_cookie_header(std::string_view header) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!header.empty()) {
    auto semi = header.find(';');
    std::string_view part = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace_back(std::string(trim(part.substr(0, eq))), std::string(trim(part.substr(eq + 1))));
  }
  return out;
}

}  // namespace samlh::core::http
