// SpellingTable<E, N>: one domain's codes, each with its spelling (the
// contract in files, JSON and reports) and one sentence for a person.
//
// The rows are in enum order and the enum is dense, so a code indexes its
// row; dense() is checked by a static_assert where each table is defined. The
// reason tables of core, the SP and the IdP, and the smaller error tables, are
// all one of these.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace samlh::core {

// The stage prefix of a reason spelling: "sig" for "sig_invalid".
constexpr std::string_view stage_of(std::string_view spelling) { return spelling.substr(0, spelling.find('_')); }

template <class E>
struct SpelledRow {
  E code;
  std::string_view spelling;
  std::string_view sentence;
};

template <class E, std::size_t N>
class SpellingTable {
 public:
  constexpr explicit SpellingTable(const std::array<SpelledRow<E>, N>& rows) : rows_(rows) {
    for (std::size_t i = 0; i < N; ++i) codes_[i] = rows[i].code;
  }

  // Row i holds the enumerator whose value is i.
  constexpr bool dense() const {
    for (std::size_t i = 0; i < N; ++i) {
      if (static_cast<std::size_t>(rows_[i].code) != i) return false;
    }
    return true;
  }

  constexpr std::string_view spelling(E e) const { return rows_[static_cast<std::size_t>(e)].spelling; }
  constexpr std::string_view sentence(E e) const { return rows_[static_cast<std::size_t>(e)].sentence; }
  constexpr std::optional<E> from_spelling(std::string_view s) const {
    for (const SpelledRow<E>& row : rows_) {
      if (row.spelling == s) return row.code;
    }
    return std::nullopt;
  }
  constexpr std::span<const E> all() const { return codes_; }

 private:
  std::array<SpelledRow<E>, N> rows_;
  std::array<E, N> codes_{};
};

}  // namespace samlh::core
