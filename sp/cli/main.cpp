// The `sp` executable: a thin main over the SP libraries. Each subcommand
// lives in its own sp/cli/cli_<name>.{hpp,cpp} with an add_<name>_command()
// that registers its options and a run_<name>() that returns the exit code;
// add a row to `commands` below to add one (serve, audit, ...).
#include <unistd.h>

#include <functional>
#include <iostream>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/cli_values.hpp"
#include "core/init.hpp"
#include "sp/cli/cli_audit.hpp"
#include "sp/cli/cli_hints.hpp"
#include "sp/cli/cli_serve.hpp"
#include "sp/cli/cli_validate.hpp"

namespace {

struct Command {
  CLI::App* app;
  std::function<int()> run;
};

}  // namespace

int main(int argc, char** argv) {
  namespace cli = samlh::sp::cli;
  CLI::App app{"sp: the Hotjar-shaped strict SAML 2.0 service provider of saml-harness"};
  app.require_subcommand(1);

  const cli::Io io{std::cin, std::cout, std::cerr, ::isatty(STDOUT_FILENO) == 1};
  cli::ValidateOptions validate_options;
  cli::ServeOptions serve_options;
  cli::AuditOptions audit_options;
  const std::vector<Command> commands{
      {cli::add_validate_command(app, validate_options), [&] { return cli::run_validate(validate_options, io); }},
      {cli::add_serve_command(app, serve_options), [&] { return cli::run_serve(serve_options, io); }},
      {cli::add_audit_command(app, audit_options), [&] { return cli::run_audit(audit_options, io); }},
  };

  const std::string version = samlh::core::version_line("sp");
  app.set_version_flag("--version", version, "Print the version and exit");
  for (const Command& c : commands) c.app->set_version_flag("--version", version, "Print the version and exit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help prints the usage and succeeds; every other parse error is a
    // usage error (exit 2), whatever code CLI11 would pick.
    const CLI::App& validate = *commands.front().app;
    if (e.get_exit_code() != 0 && validate.parsed()) return cli::report_parse_error(validate, e, std::cerr);
    const int code = app.exit(e);
    return code == 0 ? 0 : cli::kExitUsage;
  }

  samlh::core::LibraryGuard guard;  // the one initialisation of libxml2, xmlsec and OpenSSL
  for (const Command& c : commands) {
    if (c.app->parsed()) return c.run();
  }
  return cli::kExitUsage;
}
