#include "harness/reconcile/table.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <optional>

namespace samlh::harness::reconcile {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::size_t line_of(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

// Length of the UTF-8 sequence at text[i], or 0 when it is not valid UTF-8.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 == 0) return 0;  // why: a NUL byte means a binary file, not a roster
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // past U+10FFFF
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return len;
}

std::string trim_spaces(std::string_view s) {
  const auto b = s.find_first_not_of(' ');
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(' ');
  return std::string(s.substr(b, e - b + 1));
}

bool all_empty(const std::vector<std::string>& cells) {
  for (const auto& c : cells) {
    if (!c.empty()) return false;
  }
  return true;
}

// The RFC 4180 state machine over the whole text (BOM removed).
class CsvParser {
 public:
  CsvParser(std::string_view text, const std::string& file, char delim) : t_(text), file_(file), delim_(delim) {}

  Loaded<Table> run() {
    Table table;
    table.file = file_;
    bool have_header = false;
    while (i_ < t_.size()) {
      const std::size_t start = line_;
      std::vector<std::string> cells;
      if (auto e = record(cells, start)) return std::move(*e);
      if (!have_header) {
        for (auto& c : cells) table.header.push_back(trim_spaces(c));
        have_header = true;
        continue;
      }
      if (cells.size() != table.header.size()) {
        return input_error(Problem::ragged_row, file_, start,
                           "row has " + std::to_string(cells.size()) + " fields, the header has " +
                               std::to_string(table.header.size()));
      }
      if (all_empty(cells)) continue;
      table.rows.push_back(Row{start, std::move(cells)});
    }
    if (!have_header) return input_error(Problem::no_header, file_, 0, "the file is empty: no header row");
    return table;
  }

 private:
  enum class End { field, record };

  // One record into `cells`; an error when it is malformed.
  std::optional<InputError> record(std::vector<std::string>& cells, std::size_t start) {
    for (;;) {
      std::string cell;
      End end = End::record;
      if (auto e = field(cell, end)) return e;
      cells.push_back(std::move(cell));
      if (cells.size() > kMaxColumns) {
        return input_error(Problem::too_many_columns, file_, start,
                           "more than " + std::to_string(kMaxColumns) + " fields in one row");
      }
      if (end == End::record) return std::nullopt;
    }
  }

  // After a field: a delimiter, a line end, or the end of the text.
  std::optional<InputError> after_field(End& end, const char* what) {
    if (i_ >= t_.size()) {
      end = End::record;
      return std::nullopt;
    }
    const char c = t_[i_];
    if (c == delim_) {
      ++i_;
      end = End::field;
      return std::nullopt;
    }
    if (c == '\n' || (c == '\r' && i_ + 1 < t_.size() && t_[i_ + 1] == '\n')) {
      i_ += c == '\n' ? 1 : 2;
      ++line_;
      end = End::record;
      return std::nullopt;
    }
    if (c == '\r') return input_error(Problem::csv_syntax, file_, line_, "a carriage return without a line feed");
    return input_error(Problem::csv_syntax, file_, line_, what);
  }

  std::optional<InputError> field(std::string& cell, End& end) {
    if (i_ < t_.size() && t_[i_] == '"') {
      const std::size_t opened = line_;
      ++i_;
      for (;;) {
        if (i_ >= t_.size()) {
          return input_error(Problem::unterminated_quote, file_, opened, "a quoted field is never closed");
        }
        const char c = t_[i_];
        if (c == '"') {
          if (i_ + 1 < t_.size() && t_[i_ + 1] == '"') {
            cell += '"';
            i_ += 2;
            continue;
          }
          ++i_;
          break;
        }
        if (c == '\n') ++line_;
        cell += c;
        ++i_;
      }
      return after_field(end, "text after the closing quote of a field");
    }
    while (i_ < t_.size()) {
      const char c = t_[i_];
      if (c == delim_ || c == '\n' || c == '\r') break;
      if (c == '"') return input_error(Problem::csv_syntax, file_, line_, "a quote inside an unquoted field");
      cell += c;
      ++i_;
    }
    return after_field(end, "unexpected character");
  }

  std::string_view t_;
  const std::string& file_;
  char delim_;
  std::size_t i_ = 0;
  std::size_t line_ = 1;
};

std::vector<std::string> split_pasted(std::string_view line, Dialect dialect) {
  std::vector<std::string> cells;
  if (dialect == Dialect::tab_separated) {
    std::size_t from = 0;
    for (;;) {
      const auto tab = line.find('\t', from);
      cells.push_back(trim_spaces(line.substr(from, tab == std::string_view::npos ? line.npos : tab - from)));
      if (tab == std::string_view::npos) break;
      from = tab + 1;
    }
    return cells;
  }
  // space_aligned: a run of two or more blanks separates cells; one space
  // stays inside a cell ("Read & Write", "Ana María").
  std::string cell;
  std::size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ' || line[i] == '\t') {
      std::size_t j = i;
      while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
      if (j - i >= 2 || line[i] == '\t') {
        if (!cell.empty()) cells.push_back(std::move(cell));
        cell.clear();
      } else if (!cell.empty()) {
        cell += ' ';
      }
      i = j;
      continue;
    }
    cell += line[i++];
  }
  if (!cell.empty()) cells.push_back(std::move(cell));
  return cells;
}

std::string_view strip_bom(std::string_view text) {
  return text.substr(0, kBom.size()) == kBom ? text.substr(kBom.size()) : text;
}

}  // namespace

std::string_view spelling(Dialect d) noexcept {
  switch (d) {
    case Dialect::csv:
      return "csv";
    case Dialect::tab_separated:
      return "tab-separated";
    case Dialect::space_aligned:
      return "space-aligned";
  }
  return "?";
}

Loaded<std::string> read_capped(const std::string& path, std::size_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return input_error(Problem::unreadable, path, 0, "cannot open the file");
  if (S_ISDIR(st.st_mode)) return input_error(Problem::unreadable, path, 0, "is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return input_error(Problem::unreadable, path, 0, "cannot open the file");
  std::string out;
  std::array<char, 64 * 1024> buf{};
  // why: read at most one byte past the cap, so an endless source stops here.
  while (out.size() <= max_bytes) {
    const std::size_t want = std::min(buf.size(), max_bytes + 1 - out.size());
    in.read(buf.data(), static_cast<std::streamsize>(want));
    const auto got = static_cast<std::size_t>(in.gcount());
    out.append(buf.data(), got);
    if (got < want) break;
  }
  if (in.bad()) return input_error(Problem::unreadable, path, 0, "read error");
  if (out.size() > max_bytes) {
    return input_error(Problem::too_large, path, 0,
                       "larger than " + std::to_string(max_bytes) + " bytes (the cap of every input file)");
  }
  return out;
}

Loaded<std::string_view> check_text(std::string_view text, const std::string& file) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = utf8_length(text, i);
    if (len == 0) {
      return input_error(Problem::invalid_utf8, file, line_of(text, i),
                         text[i] == '\0' ? "a NUL byte (a binary file?)" : "bytes that are not UTF-8");
    }
    i += len;
  }
  return text;
}

Loaded<Table> parse_csv(std::string_view text, const std::string& file, char delimiter) {
  return CsvParser(strip_bom(text), file, delimiter).run();
}

Loaded<Table> parse_pasted(std::string_view text, const std::string& file, Dialect dialect) {
  text = strip_bom(text);
  Table table;
  table.file = file;
  bool have_header = false;
  std::size_t line = 0;
  std::size_t from = 0;
  while (from < text.size()) {
    const auto nl = text.find('\n', from);
    std::string_view l = text.substr(from, nl == std::string_view::npos ? text.npos : nl - from);
    from = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l.find_first_not_of(" \t") == std::string_view::npos) continue;
    std::vector<std::string> cells = split_pasted(l, dialect);
    if (cells.size() > kMaxColumns) {
      return input_error(Problem::too_many_columns, file, line,
                         "more than " + std::to_string(kMaxColumns) + " cells in one row");
    }
    if (!have_header) {
      table.header = std::move(cells);
      have_header = true;
      continue;
    }
    while (cells.size() > table.header.size() && cells.back().empty()) cells.pop_back();
    if (cells.size() != table.header.size()) {
      return input_error(Problem::ragged_row, file, line,
                         "row has " + std::to_string(cells.size()) + " cells, the header has " +
                             std::to_string(table.header.size()) + " (" + std::string(spelling(dialect)) + ")");
    }
    table.rows.push_back(Row{line, std::move(cells)});
  }
  if (!have_header) return input_error(Problem::no_header, file, 0, "the file is empty: no header row");
  return table;
}

Dialect sniff_dialect(std::string_view text) {
  text = strip_bom(text);
  std::size_t from = 0;
  while (from < text.size()) {
    const auto nl = text.find('\n', from);
    const std::string_view l = text.substr(from, nl == std::string_view::npos ? text.npos : nl - from);
    from = nl == std::string_view::npos ? text.size() : nl + 1;
    if (l.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (l.find(',') != std::string_view::npos) return Dialect::csv;
    if (l.find('\t') != std::string_view::npos) return Dialect::tab_separated;
    return Dialect::space_aligned;
  }
  return Dialect::csv;
}

Loaded<Table> parse_table(std::string_view text, const std::string& file) {
  auto checked = check_text(text, file);
  if (!checked) return std::move(checked).error();
  const Dialect d = sniff_dialect(text);
  return d == Dialect::csv ? parse_csv(text, file) : parse_pasted(text, file, d);
}

}  // namespace samlh::harness::reconcile
