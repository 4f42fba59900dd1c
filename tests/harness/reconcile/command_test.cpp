// `harness reconcile` through its command-line parser (the same object
// harness/main.cpp registers): exit codes, outputs, --out, the defaults.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/reconcile/command.hpp"
#include "tests/harness/reconcile/fixtures.hpp"

namespace samlh::harness::reconcile {
namespace {

namespace fs = std::filesystem;
using test::data_path;

struct Ran {
  int code = -1;
  std::string out;
  std::string err;
};

Ran cli(std::vector<std::string> args) {
  CLI::App app{"test"};
  app.require_subcommand(1);
  ReconcileCommand cmd(app);
  args.insert(args.begin(), {"harness", "reconcile"});
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  Ran r;
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    r.code = 2;
    r.err = e.what();
    return r;
  }
  EXPECT_TRUE(cmd.parsed());
  std::ostringstream out;
  std::ostringstream err;
  r.code = cmd.run(test::steps(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::vector<std::string> agreeing_args() {
  return {"--idp", data_path("okta-current-assignments.csv"), "--idp", data_path("okta-recent-unassignments.csv"),
          "--idp", data_path("okta-user-list.csv"),           "--sp",  data_path("sp-roster-acme.json"),
          "--as-of", "2024-06-03"};
}

std::vector<std::string> drift_args() {
  return {"--idp",      data_path("drift/okta-current-assignments.csv"), "--idp", data_path("drift/okta-user-list.csv"),
          "--sp",       data_path("drift/sp-roster-acme.csv"),           "--role-map", data_path("role-map.yaml"),
          "--as-of",    "2024-06-03",                                    "--org", "acme"};
}

std::vector<std::string> with(std::vector<std::string> args, std::initializer_list<std::string> more) {
  args.insert(args.end(), more);
  return args;
}

TEST(ReconcileCli, AgreeingRostersExit0) {
  const Ran r = cli(agreeing_args());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("**No drift**"), std::string::npos);
  EXPECT_NE(r.out.find("# Roster reconciliation: acme"), std::string::npos);  // the JSON roster's org
}

TEST(ReconcileCli, DriftExits1InEachFormat) {
  const Ran md = cli(drift_args());
  EXPECT_EQ(md.code, 1) << md.err;
  EXPECT_NE(md.out.find("ivan@acme.test"), std::string::npos);
  const Ran js = cli(with(drift_args(), {"--format", "json"}));
  EXPECT_EQ(js.code, 1);
  const auto doc = nlohmann::json::parse(js.out);
  EXPECT_EQ(doc["org"], "acme");
  EXPECT_EQ(doc["summary"]["findings"], 5);
  const Ran csv = cli(with(drift_args(), {"--format", "csv"}));
  EXPECT_EQ(csv.code, 1);
  EXPECT_EQ(csv.out.rfind("org,as_of,kind,", 0), 0U);
}

TEST(ReconcileCli, UnmappableColumnsExit2ListingFoundAndNeeded) {
  const Ran r = cli({"--idp", data_path("role-map.csv"), "--sp", data_path("sp-roster-acme.csv")});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("role-map.csv"), std::string::npos);
  EXPECT_NE(r.err.find("group, role"), std::string::npos);   // found
  EXPECT_NE(r.err.find("Assigned on"), std::string::npos);   // needed
}

TEST(ReconcileCli, UnusableInputsExit2) {
  EXPECT_EQ(cli({"--idp", data_path("okta-current-assignments.csv"), "--sp", "/dev/zero"}).code, 2);
  EXPECT_EQ(cli({"--idp", "/nonexistent.csv", "--sp", data_path("sp-roster-acme.csv")}).code, 2);
  EXPECT_EQ(cli(with(agreeing_args(), {"--org", "globex"})).code, 2);  // the JSON roster is acme's
  EXPECT_EQ(cli(with(agreeing_args(), {"--role-map", data_path("okta-user-list.csv")})).code, 2);
  EXPECT_EQ(cli(with(agreeing_args(), {"--app", "Salesforce"})).code, 2);
  const Ran bad_date = cli({"--idp", data_path("okta-current-assignments.csv"), "--sp",
                            data_path("sp-roster-acme.csv"), "--as-of", "03/06/2024"});
  EXPECT_EQ(bad_date.code, 2);
  EXPECT_NE(bad_date.err.find("--as-of"), std::string::npos);
  EXPECT_EQ(cli({"--sp", data_path("sp-roster-acme.csv")}).code, 2);  // --idp is required
  EXPECT_EQ(cli(with(agreeing_args(), {"--format", "xml"})).code, 2);
}

TEST(ReconcileCli, AsOfDefaultsToTodayUtc) {
  std::vector<std::string> args = agreeing_args();
  args.resize(args.size() - 2);  // drop --as-of
  const Day before = today_utc();
  const Ran r = cli(with(args, {"--format", "json"}));
  const Day after = today_utc();
  ASSERT_NE(r.code, 2) << r.err;
  const std::string as_of = nlohmann::json::parse(r.out)["as_of"];
  EXPECT_TRUE(as_of == format_day(before) || as_of == format_day(after)) << as_of;
}

TEST(ReconcileCli, OutWritesTheThreeReportsAtomically) {
  const fs::path dir = fs::path(::testing::TempDir()) / "reconcile-out" / "nested";
  fs::remove_all(dir.parent_path());
  const Ran r = cli(with(drift_args(), {"--out", dir.string()}));
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.out.find("5 findings"), std::string::npos);
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  EXPECT_EQ(names, (std::set<std::string>{"reconcile.csv", "reconcile.json", "reconcile.md"}));  // no temp files
  std::ifstream js(dir / "reconcile.json");
  const auto doc = nlohmann::json::parse(js);
  EXPECT_EQ(doc["schema_version"], 1);
  // A second run replaces the files.
  EXPECT_EQ(cli(with(agreeing_args(), {"--out", dir.string()})).code, 0);
  std::ifstream md(dir / "reconcile.md");
  std::stringstream text;
  text << md.rdbuf();
  EXPECT_NE(text.str().find("**No drift**"), std::string::npos);
  fs::remove_all(dir.parent_path());
}

TEST(ReconcileCli, OutIntoAFileIsRefused) {
  const Ran r = cli(with(agreeing_args(), {"--out", data_path("role-map.csv")}));
  EXPECT_EQ(r.code, 2);
}

TEST(ReconcileCli, HelpNamesTheCapAndTheInputShapes) {
  CLI::App app{"test"};
  ReconcileCommand cmd(app);
  const std::string help = app.get_subcommand("reconcile")->help();
  for (const char* s : {"4 MiB", "Current Assignments", "Recent Unassignments", "Password Health", "/api/roster",
                        "tab-separated", "--role-map", "--as-of", "--app", "--out", "Exit codes"}) {
    EXPECT_NE(help.find(s), std::string::npos) << s;
  }
}

}  // namespace
}  // namespace samlh::harness::reconcile
