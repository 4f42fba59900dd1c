// ASCII case folding and case-insensitive JSON member lookup. SCIM attribute
// names, operators and schema URNs are case-insensitive (RFC 7643 §2.1,
// RFC 7644 §3.4.2.2); only ASCII letters fold (names are ASCII by grammar;
// values of caseExact=false attributes fold their ASCII letters too).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace samlh::sp::scim::text {

constexpr char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) { return lower(c); });
  return out;
}

inline bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

// <0, 0, >0 like std::string_view::compare, folding ASCII case when asked.
inline int compare(std::string_view a, std::string_view b, bool case_exact) noexcept {
  if (case_exact) return a.compare(b);
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(lower(a[i]));
    const auto y = static_cast<unsigned char>(lower(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

inline bool contains(std::string_view hay, std::string_view needle, bool case_exact) {
  if (case_exact) return hay.find(needle) != std::string_view::npos;
  return lower(hay).find(lower(needle)) != std::string::npos;
}

// The member of `obj` whose name equals `name` case-insensitively (the first,
// if a document spells one name twice), or end().
template <class Json>
auto find_member(Json& obj, std::string_view name) -> decltype(obj.begin()) {
  if (!obj.is_object()) return obj.end();
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (iequals(it.key(), name)) return it;
  }
  return obj.end();
}

}  // namespace samlh::sp::scim::text
