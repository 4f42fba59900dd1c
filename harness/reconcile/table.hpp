// Reading the input files into tables: a bounded file read, a strict
// RFC 4180 CSV reader, and a reader for a table pasted from a web page.
//
// Why our own reader: Debian packages two CSV parsers. libfccp-dev
// (fast-cpp-csv-parser, a 2016 snapshot) splits lines before it unquotes, so it
// cannot read a quoted line break, and fixes the column count at compile time.
// libcsv-dev (C) is lenient by default (it trims spaces, skips blank lines,
// ends a record at a bare CR) and reports neither line numbers nor ragged rows;
// making it strict and locating its errors would take as much code as this.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "harness/reconcile/input_error.hpp"

namespace samlh::harness::reconcile {

// Every input file is read only up to this size, whatever it is (a device
// like /dev/zero stops here too). Stated in `harness reconcile --help`.
inline constexpr std::size_t kMaxInputBytes = 4 * 1024 * 1024;
inline constexpr std::size_t kMaxColumns = 256;

struct Row {
  std::size_t line = 0;  // physical line where the record starts (1-based)
  std::vector<std::string> cells;
};

struct Table {
  std::string file;
  std::vector<std::string> header;  // as written, surrounding spaces removed
  std::vector<Row> rows;            // each exactly header.size() cells
};

enum class Dialect { csv, tab_separated, space_aligned };
std::string_view spelling(Dialect d) noexcept;

// The file's bytes; too_large past max_bytes (reads at most max_bytes + 1),
// unreadable when it cannot be opened or is a directory.
Loaded<std::string> read_capped(const std::string& path, std::size_t max_bytes = kMaxInputBytes);

// invalid_utf8 (with the line) for a NUL byte or any byte sequence that is
// not UTF-8 (overlong forms, surrogates and values past U+10FFFF included).
Loaded<std::string_view> check_text(std::string_view text, const std::string& file);

// RFC 4180 with LF or CRLF line ends, an optional UTF-8 BOM, and a header
// row. Refuses: a quote inside an unquoted field, text after a closing quote,
// a bare CR outside quotes (csv_syntax); an unterminated quoted field
// (unterminated_quote, at the line where it opened); a row whose field count
// differs from the header's (ragged_row, a blank line included); more than
// kMaxColumns fields; an empty file (no_header). Rows whose cells are all
// empty (",,,") are dropped.
Loaded<Table> parse_csv(std::string_view text, const std::string& file, char delimiter = ',');

// A table copied from a web page: one row a line, cells separated by tabs
// (tab_separated) or by runs of two or more spaces (space_aligned); no
// quoting; blank lines skipped; cells trimmed of spaces; empty cells past the
// header's width dropped. Fewer cells than the header is ragged_row.
Loaded<Table> parse_pasted(std::string_view text, const std::string& file, Dialect dialect);

// The dialect of the first non-blank line: csv when it has a comma, else
// tab_separated when it has a tab, else space_aligned.
Dialect sniff_dialect(std::string_view text);

// check_text, then the sniffed dialect's parser.
Loaded<Table> parse_table(std::string_view text, const std::string& file);

}  // namespace samlh::harness::reconcile
