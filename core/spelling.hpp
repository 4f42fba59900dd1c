// One table per enum between its enumerators and their spellings (the
// strings in files, APIs and reports), checked when it is compiled: every
// enumerator spelled exactly once, in declaration order, and no spelling
// twice. A table that breaks a rule does not compile (the check runs in the
// constexpr constructor, so a constexpr table cannot skip it).
//
//   inline constexpr auto kRoleSpellings = core::spellings<Role>({
//       {Role::account_owner, "account_owner"}, {Role::admin, "admin"}, ...});
//
// The enum's enumerators must be 0, 1, ... N-1 (the default numbering). That
// no enumerator is left out is seen by asking the compiler whether value N
// names one: GCC and Clang write a named enumerator's name in
// __PRETTY_FUNCTION__ ("V = ns::Role::admin") and an unnamed value as a cast
// ("V = (ns::Role)4").
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace samlh::core {

// A row: the enumerator, its spelling and, for codes a person reads (reasons,
// errors), one sentence saying what it means.
template <class E>
struct Spelled {
  E value;
  std::string_view spelling;
  std::string_view sentence{};
};

// The stage prefix of a reason spelling: "sig" for "sig_invalid".
constexpr std::string_view stage_of(std::string_view spelling) { return spelling.substr(0, spelling.find('_')); }

namespace detail {

template <auto V>
constexpr bool names_an_enumerator() {
  constexpr std::string_view f = __PRETTY_FUNCTION__;
  constexpr std::size_t at = f.find("V = ");
  static_assert(at != std::string_view::npos, "unknown __PRETTY_FUNCTION__ layout");
  return f[at + 4] != '(';
}

// Called only when a table breaks a rule: not constexpr, so the table's
// constant evaluation fails and names this function.
inline void spelling_table_is_not_dense() {}

}  // namespace detail

template <class E, std::size_t N>
class SpellingTable {
  static_assert(std::is_enum_v<E>);

 public:
  // Checks the rules above; a constexpr table that breaks one is a compile error.
  constexpr explicit SpellingTable(const Spelled<E> (&rows)[N]) {
    for (std::size_t i = 0; i < N; ++i) rows_[i] = rows[i];
    if (!dense()) detail::spelling_table_is_not_dense();
  }
  constexpr explicit SpellingTable(const std::array<Spelled<E>, N>& rows) : rows_(rows) {
    if (!dense()) detail::spelling_table_is_not_dense();
  }

  constexpr std::string_view spelling(E e) const noexcept {
    const auto i = static_cast<std::size_t>(e);
    return i < N ? rows_[i].spelling : std::string_view{};
  }
  constexpr std::string_view sentence(E e) const noexcept {
    const auto i = static_cast<std::size_t>(e);
    return i < N ? rows_[i].sentence : std::string_view{};
  }
  constexpr std::optional<E> parse(std::string_view s) const noexcept {
    for (const auto& r : rows_) {
      if (r.spelling == s) return r.value;
    }
    return std::nullopt;
  }
  // The enumerators in order.
  constexpr const std::array<E, N>& values() const noexcept { return values_; }
  constexpr std::span<const E> all() const noexcept { return values_; }
  constexpr const std::array<Spelled<E>, N>& rows() const noexcept { return rows_; }
  static constexpr std::size_t size() noexcept { return N; }

 private:
  constexpr bool dense() {
    for (std::size_t i = 0; i < N; ++i) {
      if (static_cast<std::size_t>(rows_[i].value) != i || rows_[i].spelling.empty()) return false;
      for (std::size_t j = 0; j < i; ++j) {
        if (rows_[j].spelling == rows_[i].spelling) return false;
      }
      values_[i] = rows_[i].value;
    }
    return !detail::names_an_enumerator<static_cast<E>(N)>();
  }

  std::array<Spelled<E>, N> rows_{};
  std::array<E, N> values_{};
};

// The table of `rows`, for E named and N counted: spellings<Role>({...}).
template <class E, std::size_t N>
constexpr SpellingTable<E, N> spellings(const Spelled<E> (&rows)[N]) {
  return SpellingTable<E, N>(rows);
}

}  // namespace samlh::core
