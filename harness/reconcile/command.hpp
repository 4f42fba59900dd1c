// `harness reconcile`: the command line over the library, so harness/main.cpp
// only registers it and calls run().
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "harness/reconcile/dates.hpp"
#include "harness/reconcile/runbook.hpp"

namespace CLI {
class App;
}

namespace samlh::harness::reconcile {

struct CommandOptions {
  std::vector<std::string> idp;
  std::string sp;
  std::string org;
  std::string app;
  std::string role_map;
  std::string as_of;  // "" = today (UTC)
  std::string format = "md";
  std::string out;  // "" = print --format to stdout
};

// Exit codes: 0 no drift, 1 drift, 2 unusable input (or --out not writable),
// with the reason on `err`. Without --out the chosen format goes to `out`;
// with it, reconcile.md/.json/.csv are written into the directory (each to a
// temporary file, then renamed) and one summary line goes to `out`. Each
// fix is named with its text from `steps`, the gap report's runbook.
int run_reconcile(const CommandOptions& options, const StepTexts& steps, std::ostream& out, std::ostream& err,
                  Day today);

// The `reconcile` subcommand and its options, bound to this object (which
// therefore stays where it was made).
class ReconcileCommand {
 public:
  explicit ReconcileCommand(CLI::App& app);
  ReconcileCommand(const ReconcileCommand&) = delete;
  ReconcileCommand& operator=(const ReconcileCommand&) = delete;

  bool parsed() const;
  int run(const StepTexts& steps, std::ostream& out, std::ostream& err) const;  // today from the system clock
  const CommandOptions& options() const { return options_; }

 private:
  CLI::App* sub_ = nullptr;
  CommandOptions options_;
};

}  // namespace samlh::harness::reconcile
