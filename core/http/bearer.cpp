#include "core/http/bearer.hpp"

#include <algorithm>
#include <cctype>

namespace samlh::core::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// One word of visible ASCII (RFC 5234 VCHAR): wider than RFC 6750's b64token,
// since configured admin tokens may hold any such character ('@', ':').
bool is_token(std::string_view t) {
  return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

}  // namespace

BearerCredentials bearer_credentials(const Request& req) {
  const std::string* value = nullptr;
  for (const auto& [name, v] : req.headers) {
    if (!iequals(name, "authorization")) continue;
    if (value != nullptr) return {BearerStatus::malformed, {}};
    value = &v;
  }
  if (value == nullptr) return {};
  std::string_view s(*value);
  const std::size_t sp = s.find(' ');
  if (sp == std::string_view::npos || !iequals(s.substr(0, sp), "bearer")) return {BearerStatus::malformed, {}};
  s.remove_prefix(sp);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (!is_token(s)) return {BearerStatus::malformed, {}};
  return {BearerStatus::ok, std::string(s)};
}

std::string bearer_challenge(std::string_view realm, std::string_view error) {
  std::string out = "Bearer realm=\"" + std::string(realm) + "\"";
  if (!error.empty()) out += ", error=\"" + std::string(error) + "\"";
  return out;
}

}  // namespace samlh::core::http
