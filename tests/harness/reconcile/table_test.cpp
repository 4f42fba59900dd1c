// The strict CSV reader and the pasted-table reader: each rule, and each
// refusal with its line.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "harness/reconcile/table.hpp"

namespace samlh::harness::reconcile {
namespace {

Table csv_ok(std::string_view text) {
  auto t = parse_table(text, "t.csv");
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message());
  return t.ok() ? *t : Table{};
}

InputError csv_refused(std::string_view text) {
  auto t = parse_table(text, "t.csv");
  EXPECT_FALSE(t.ok());
  return t.ok() ? InputError{} : t.error();
}

TEST(ReconcileCsv, ReadsHeaderAndRows) {
  const Table t = csv_ok("a,b\n1,2\n3,4\n");
  EXPECT_EQ(t.header, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(t.rows.size(), 2U);
  EXPECT_EQ(t.rows[1].cells, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(t.rows[1].line, 3U);
}

TEST(ReconcileCsv, QuotedCommaDoubledQuoteAndLineBreak) {
  const Table t = csv_ok("name,note\n\"O'Neil, Erin\",\"said \"\"hi\"\"\nthen left\"\nnext,row\n");
  ASSERT_EQ(t.rows.size(), 2U);
  EXPECT_EQ(t.rows[0].cells[0], "O'Neil, Erin");
  EXPECT_EQ(t.rows[0].cells[1], "said \"hi\"\nthen left");
  EXPECT_EQ(t.rows[1].line, 4U);  // the quoted line break counted
}

TEST(ReconcileCsv, CrlfAndLfAndNoFinalLineEnd) {
  const Table crlf = csv_ok("a,b\r\n1,2\r\n3,4");
  ASSERT_EQ(crlf.rows.size(), 2U);
  EXPECT_EQ(crlf.rows[0].cells[1], "2");  // no CR left in the cell
  EXPECT_EQ(crlf.rows[1].cells[1], "4");
  const Table mixed = csv_ok("a,b\n1,2\r\n");
  EXPECT_EQ(mixed.rows.size(), 1U);
}

TEST(ReconcileCsv, QuotedCrlfIsKeptAsData) {
  const Table t = csv_ok("a,b\r\n\"x\r\ny\",z\r\n");
  ASSERT_EQ(t.rows.size(), 1U);
  EXPECT_EQ(t.rows[0].cells[0], "x\r\ny");
}

TEST(ReconcileCsv, Utf8BomIsSkippedAndNonAsciiKept) {
  const Table t = csv_ok("\xEF\xBB\xBFUser,Login\nFrançois Dupré,f@x.test\nДмитрий,d@x.test\n");
  EXPECT_EQ(t.header[0], "User");
  EXPECT_EQ(t.rows[0].cells[0], "François Dupré");
  EXPECT_EQ(t.rows[1].cells[0], "Дмитрий");
}

TEST(ReconcileCsv, EmptyFieldsAndEmptyRowsDropped) {
  const Table t = csv_ok("a,b,c\n,,\n1,,\"\"\n");
  ASSERT_EQ(t.rows.size(), 1U);  // ",," is dropped, "1,," is kept
  EXPECT_EQ(t.rows[0].cells, (std::vector<std::string>{"1", "", ""}));
}

TEST(ReconcileCsv, RefusesUnterminatedQuoteAtTheLineItOpened) {
  const InputError e = csv_refused("a,b\n1,2\n3,\"never closed\n4,5\n");
  EXPECT_EQ(e.problem, Problem::unterminated_quote);
  EXPECT_EQ(e.line, 3U);
  EXPECT_EQ(e.file, "t.csv");
}

TEST(ReconcileCsv, RefusesRaggedRowsWithTheirLine) {
  const InputError more = csv_refused("a,b\n1,2\n1,2,3\n");
  EXPECT_EQ(more.problem, Problem::ragged_row);
  EXPECT_EQ(more.line, 3U);
  const InputError fewer = csv_refused("a,b\n1\n");
  EXPECT_EQ(fewer.problem, Problem::ragged_row);
  EXPECT_EQ(fewer.line, 2U);
  const InputError blank = csv_refused("a,b\n1,2\n\n3,4\n");  // a blank line is a one-field row
  EXPECT_EQ(blank.problem, Problem::ragged_row);
  EXPECT_EQ(blank.line, 3U);
}

TEST(ReconcileCsv, RefusesQuoteInsideUnquotedField) {
  const InputError e = csv_refused("a,b\nab\"c,d\n");
  EXPECT_EQ(e.problem, Problem::csv_syntax);
  EXPECT_EQ(e.line, 2U);
}

TEST(ReconcileCsv, RefusesTextAfterClosingQuote) {
  const InputError e = csv_refused("a,b\n\"x\"y,z\n");
  EXPECT_EQ(e.problem, Problem::csv_syntax);
  EXPECT_EQ(e.line, 2U);
}

TEST(ReconcileCsv, RefusesBareCarriageReturn) {
  const InputError e = csv_refused("a,b\n1,2\r3,4\n");
  EXPECT_EQ(e.problem, Problem::csv_syntax);
  EXPECT_EQ(e.line, 2U);
}

TEST(ReconcileCsv, RefusesInvalidUtf8AndNulWithTheirLine) {
  const InputError latin1 = csv_refused("a,b\n1,2\nFran\xE7ois,3\n");  // Latin-1, not UTF-8
  EXPECT_EQ(latin1.problem, Problem::invalid_utf8);
  EXPECT_EQ(latin1.line, 3U);
  EXPECT_EQ(csv_refused(std::string("a,b\n1,\0\n", 8)).problem, Problem::invalid_utf8);
  EXPECT_EQ(csv_refused("a\n\xC0\xAF\n").problem, Problem::invalid_utf8);          // overlong '/'
  EXPECT_EQ(csv_refused("a\n\xED\xA0\x80\n").problem, Problem::invalid_utf8);      // a surrogate
  EXPECT_EQ(csv_refused("a\n\xF4\x90\x80\x80\n").problem, Problem::invalid_utf8);  // past U+10FFFF
}

TEST(ReconcileCsv, RefusesEmptyFileAndTooManyColumns) {
  EXPECT_EQ(csv_refused("").problem, Problem::no_header);
  std::string wide = "a";
  for (std::size_t i = 0; i < kMaxColumns; ++i) wide += ",a";
  const InputError e = csv_refused(wide + "\n");
  EXPECT_EQ(e.problem, Problem::too_many_columns);
  EXPECT_EQ(e.line, 1U);
}

TEST(ReconcilePasted, TabSeparatedCellsTrimmedBlankLinesSkipped) {
  const Table t = csv_ok("Name\tEmail\tRole\r\n\r\nAna María\t ana@x.test \tRead & Write\t\n");
  EXPECT_EQ(t.header, (std::vector<std::string>{"Name", "Email", "Role"}));
  ASSERT_EQ(t.rows.size(), 1U);
  EXPECT_EQ(t.rows[0].cells, (std::vector<std::string>{"Ana María", "ana@x.test", "Read & Write"}));
  EXPECT_EQ(t.rows[0].line, 3U);
}

TEST(ReconcilePasted, SpaceAlignedSplitsOnTwoOrMoreSpaces) {
  EXPECT_EQ(sniff_dialect("Name    Email    Role\n"), Dialect::space_aligned);
  const Table t = csv_ok("Name         Email          Role\nAna María    ana@x.test     Read & Write\n");
  ASSERT_EQ(t.rows.size(), 1U);
  EXPECT_EQ(t.rows[0].cells, (std::vector<std::string>{"Ana María", "ana@x.test", "Read & Write"}));
}

TEST(ReconcilePasted, RefusesARowWithTooFewCells) {
  const InputError e = csv_refused("Name\tEmail\tRole\nAna\tana@x.test\n");
  EXPECT_EQ(e.problem, Problem::ragged_row);
  EXPECT_EQ(e.line, 2U);
}

TEST(ReconcileCsv, SniffsTheDialectFromTheFirstLine) {
  EXPECT_EQ(sniff_dialect("\xEF\xBB\xBF" "a,b\n"), Dialect::csv);
  EXPECT_EQ(sniff_dialect("\n  \na\tb\n"), Dialect::tab_separated);
  EXPECT_EQ(sniff_dialect("a  b\nx,y\n"), Dialect::space_aligned);
}

TEST(ReconcileFile, StopsAtTheCapWhateverTheFile) {
  auto zero = read_capped("/dev/zero", 1024);  // endless: must stop, not hang
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().problem, Problem::too_large);
  const std::string path = ::testing::TempDir() + "reconcile-cap.csv";
  { std::ofstream(path) << std::string(1024, 'x'); }
  EXPECT_TRUE(read_capped(path, 1024).ok());  // exactly the cap is read
  EXPECT_EQ(read_capped(path, 1023).error().problem, Problem::too_large);
  std::remove(path.c_str());
}

TEST(ReconcileFile, RefusesMissingFilesAndDirectories) {
  EXPECT_EQ(read_capped("/nonexistent/roster.csv").error().problem, Problem::unreadable);
  EXPECT_EQ(read_capped(::testing::TempDir()).error().problem, Problem::unreadable);
}

}  // namespace
}  // namespace samlh::harness::reconcile
