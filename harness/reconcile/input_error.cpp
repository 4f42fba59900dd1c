#include "harness/reconcile/input_error.hpp"

#include <array>

namespace samlh::harness::reconcile {
namespace {

struct Spelling {
  Problem problem;
  std::string_view text;
};

constexpr std::array kSpellings{
    Spelling{Problem::unreadable, "unreadable"},
    Spelling{Problem::too_large, "too_large"},
    Spelling{Problem::invalid_utf8, "invalid_utf8"},
    Spelling{Problem::csv_syntax, "csv_syntax"},
    Spelling{Problem::unterminated_quote, "unterminated_quote"},
    Spelling{Problem::ragged_row, "ragged_row"},
    Spelling{Problem::too_many_columns, "too_many_columns"},
    Spelling{Problem::no_header, "no_header"},
    Spelling{Problem::unmapped_columns, "unmapped_columns"},
    Spelling{Problem::ambiguous_column, "ambiguous_column"},
    Spelling{Problem::wrong_side, "wrong_side"},
    Spelling{Problem::bad_value, "bad_value"},
    Spelling{Problem::duplicate, "duplicate"},
    Spelling{Problem::bad_json, "bad_json"},
    Spelling{Problem::missing_input, "missing_input"},
    Spelling{Problem::app_ambiguous, "app_ambiguous"},
    Spelling{Problem::org_mismatch, "org_mismatch"},
    Spelling{Problem::bad_option, "bad_option"},
    Spelling{Problem::output_failed, "output_failed"},
};

std::string joined(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

}  // namespace

std::string_view spelling(Problem p) noexcept {
  for (const auto& s : kSpellings) {
    if (s.problem == p) return s.text;
  }
  return "unknown";
}

std::string InputError::message() const {
  std::string out = file.empty() ? std::string() : file;
  if (line != 0) out += ":" + std::to_string(line);
  if (!out.empty()) out += ": ";
  out += detail;
  if (!found.empty()) out += "\n  columns found: " + joined(found, ", ");
  if (!needed.empty()) out += "\n  columns needed, by accepted shape:\n    " + joined(needed, "\n    ");
  return out;
}

InputError input_error(Problem p, std::string file, std::size_t line, std::string detail) {
  return InputError{p, std::move(file), line, std::move(detail), {}, {}};
}

}  // namespace samlh::harness::reconcile
