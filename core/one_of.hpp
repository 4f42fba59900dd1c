// OneOf<Codes...>: a code from one of several domain tables.
//
// Where one operation can fail in two domains, or a reader must accept the
// codes of several (the IdP reading an AuthnRequest fails with a message
// reason or its own; a scenario's `reason:` names a message, login or IdP
// reason), the code is a OneOf of the tables. It holds exactly one
// enumerator, compares equal only to that enumerator of that table, and
// spells itself with the spelling of the table it came from: a OneOf adds no
// spellings of its own. A OneOf of fewer tables widens implicitly to one of
// more, so a narrower Result flows up unchanged.
//
// Each Code's table provides spelling(Code) and sentence(Code) in the Code's
// namespace (found by argument-dependent lookup).
#pragma once

#include <compare>
#include <concepts>
#include <string_view>
#include <variant>

namespace samlh::core {

template <class C, class... Codes>
inline constexpr bool is_one_of_v = (std::same_as<C, Codes> || ...);

template <class... Codes>
class OneOf {
 public:
  template <class C>
    requires is_one_of_v<C, Codes...>
  constexpr OneOf(C c) noexcept : v_(c) {}  // NOLINT: implicit by design

  // From a OneOf of a subset of these tables.
  template <class... Fewer>
    requires(sizeof...(Fewer) < sizeof...(Codes) && (is_one_of_v<Fewer, Codes...> && ...))
  constexpr OneOf(const OneOf<Fewer...>& o) noexcept  // NOLINT: implicit by design
      : v_(o.visit([](auto c) { return std::variant<Codes...>(c); })) {}

  // The enumerator when it is of table C, else nullptr.
  template <class C>
  constexpr const C* get_if() const noexcept {
    return std::get_if<C>(&v_);
  }
  template <class F>
  constexpr decltype(auto) visit(F&& f) const {
    return std::visit(std::forward<F>(f), v_);
  }

  constexpr bool operator==(const OneOf&) const = default;
  constexpr auto operator<=>(const OneOf&) const = default;
  template <class C>
    requires is_one_of_v<C, Codes...>
  friend constexpr bool operator==(const OneOf& a, C c) noexcept {
    const C* p = a.get_if<C>();
    return p != nullptr && *p == c;
  }

 private:
  std::variant<Codes...> v_;
};

template <class... Codes>
std::string_view spelling(const OneOf<Codes...>& c) {
  return c.visit([](auto x) { return spelling(x); });
}

template <class... Codes>
std::string_view sentence(const OneOf<Codes...>& c) {
  return c.visit([](auto x) { return sentence(x); });
}

}  // namespace samlh::core
