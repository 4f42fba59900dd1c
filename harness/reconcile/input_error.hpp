// Why an input file cannot be used, typed: `harness reconcile` exits 2 with
// the message, and tests assert the problem, the file and the line (never the
// text). The reconcile tool has its own error type (STYLE: codes per domain).
#pragma once

#include <cassert>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace samlh::harness::reconcile {

enum class Problem {
  unreadable,        // cannot open or read the file
  too_large,         // over the size cap (reading stops at the cap)
  invalid_utf8,      // bytes that are not UTF-8 (or a NUL byte)
  csv_syntax,        // a quote inside an unquoted field, text after a closing quote, a bare CR
  unterminated_quote,
  ragged_row,        // a row whose field count differs from the header's
  too_many_columns,
  no_header,         // empty file
  unmapped_columns,  // the header matches no accepted input shape (found/needed say why)
  ambiguous_column,  // two columns map to the same field
  wrong_side,        // an SP roster given to --idp or an IdP report given to --sp
  bad_value,         // a cell that cannot be read (date, role, status, kind, empty email)
  duplicate,         // the same member twice in one roster
  bad_json,          // not JSON, or not the roster shape
  missing_input,     // no assignment report among the --idp files
  app_ambiguous,     // several app instances and no --app
  org_mismatch,      // --org differs from the roster's org
  bad_option,        // --as-of, --role-map content
  output_failed,     // --out could not be written
};
std::string_view spelling(Problem p) noexcept;

struct InputError {
  Problem problem;
  std::string file;
  std::size_t line = 0;  // 1-based physical line; 0 when not about one line
  std::string detail;
  // unmapped_columns: the columns the header has, and for each accepted
  // shape what it still lacks ("Okta Current Assignments: Assigned on").
  std::vector<std::string> found;
  std::vector<std::string> needed;

  // "file:line: detail" plus the found/needed lists, for stderr.
  std::string message() const;
};

InputError input_error(Problem p, std::string file, std::size_t line, std::string detail);

// A value or an InputError (std::expected is unusable under Clang 14 with
// libstdc++ 12, see core/result.hpp).
template <class T>
class [[nodiscard]] Loaded {
 public:
  Loaded(T value) : v_(std::in_place_index<0>, std::move(value)) {}           // NOLINT: implicit by design
  Loaded(InputError e) : v_(std::in_place_index<1>, std::move(e)) {}          // NOLINT: implicit by design
  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const InputError& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  InputError&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, InputError> v_;
};

}  // namespace samlh::harness::reconcile
