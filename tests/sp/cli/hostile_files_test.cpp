// The `sp` binary against hostile files (issue 17): a device or pipe given as
// a key, certificate, metadata, INPUT or configuration stops at its cap with
// exit 2; `sp audit` never creates, migrates or changes a file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sp/store/sqlite.hpp"
#include "sp/store/store.hpp"
#include "tests/sp/cli/cli_support.hpp"

namespace samlh::test {
namespace {

// Each run is bounded: without the cap the child would read /dev/zero until
// killed here (60 s) and exit -1, not 2.
ProcessResult run_bounded(std::vector<std::string> argv, std::string_view input = {}) {
  argv.insert(argv.begin(), {"/usr/bin/timeout", "-s", "KILL", "60"});
  return run_process(argv, input);
}

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(SpHostileFiles, DevZeroAsAnOptionFileExitsTwoAtTheCap) {
  const std::string input = okta_vector_path();
  const std::string cert = vector_idp_cert();
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
      {"--idp-cert", {kSpBin, "validate", "--idp-cert", "/dev/zero", "--sp-entity-id", kSpEntity, "--acs", kAcs, input}},
      {"--idp-metadata",
       {kSpBin, "validate", "--idp-metadata", "/dev/zero", "--sp-entity-id", kSpEntity, "--acs", kAcs, input}},
      {"--sp-key", validate_args({"--sp-key", "/dev/zero", input})},
      {"INPUT", validate_args({"/dev/zero"})},
      {"serve --config", {kSpBin, "serve", "--config", "/dev/zero", "--db", ":memory:", "--port", "0"}},
  };
  for (const auto& [what, args] : cases) {
    const auto r = run_bounded(args);
    EXPECT_EQ(r.exit_code, 2) << what << "\nstderr: " << r.err;
    EXPECT_NE(r.err.find("cap of"), std::string::npos) << what << ": " << r.err;
    EXPECT_LT(r.max_rss_kb, 256 * 1024) << what;
  }
  // stdin keeps working under INPUT's cap.
  const auto piped = run_bounded(validate_args({"-"}), bytes_of(input));
  EXPECT_NE(piped.exit_code, 2) << piped.err;
}

TEST(SpHostileFiles, HelpStatesTheCaps) {
  const auto v = run_process({kSpBin, "validate", "--help"});
  EXPECT_NE(v.out.find("4 MiB"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("64 MiB"), std::string::npos) << v.out;
  const auto s = run_process({kSpBin, "serve", "--help"});
  EXPECT_NE(s.out.find("8 MiB"), std::string::npos) << s.out;
}

class SpAuditReadOnly : public ::testing::Test {
 protected:
  ScratchDir dir_;
  // Refused with exit 2 and `why` on stderr; the file's bytes unchanged and
  // no journal left beside it.
  void expect_refused(const std::string& path, const std::string& why) {
    const std::string before = bytes_of(path);
    const auto r = run_bounded({kSpBin, "audit", "--db", path});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(why), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_EQ(bytes_of(path), before);
    EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
    EXPECT_FALSE(std::filesystem::exists(path + "-journal"));
  }
};

TEST_F(SpAuditReadOnly, AnEmptyFileIsRefusedNotTurnedIntoADatabase) {
  const std::string db = dir_.write("empty.db", "");
  expect_refused(db, "not an SP database");
  EXPECT_EQ(std::filesystem::file_size(db), 0u);
}

TEST_F(SpAuditReadOnly, AFileThatIsNotSqliteIsRefused) {
  expect_refused(dir_.write("notes.db", "hello, this is not a database\n"), "not a database");
}

TEST_F(SpAuditReadOnly, AnotherProgramsDatabaseIsRefused) {
  const std::string db = dir_.path("other.db");
  {
    auto d = sp::sql::Database::open(db);
    d.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1);");
  }
  expect_refused(db, "not an SP database");
}

TEST_F(SpAuditReadOnly, AnOlderSchemaIsNotMigrated) {
  const std::string db = dir_.path("old.db");
  {
    sp::StoreOptions o;
    o.migrate_to = 1;
    o.wal_checkpoint_step_pages = 0;
    ASSERT_TRUE(sp::Store::open(db, o).ok());
  }
  const std::string before = bytes_of(db);
  const auto r = run_bounded({kSpBin, "audit", "--db", db});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("schema version 1"), std::string::npos) << r.err;
  EXPECT_EQ(bytes_of(db), before);
}

TEST_F(SpAuditReadOnly, AnSpDatabaseIsReadAndLeftAsItWas) {
  const std::string db = dir_.path("sp.db");
  {
    sp::StoreOptions o;
    o.wal_checkpoint_step_pages = 0;
    ASSERT_TRUE(sp::Store::open(db, o).ok());
  }
  const std::string before = bytes_of(db);
  const auto r = run_bounded({kSpBin, "audit", "--db", db});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 record(s)"), std::string::npos) << r.out;
  EXPECT_EQ(bytes_of(db), before);
}

}  // namespace
}  // namespace samlh::test
