// `sp audit`: the audit log of an SP database (sp/AUDIT.md).
//
//   sp audit --db FILE [--org O] [--event E] [--subject S] [--since RFC3339] [--json]
//
// --json prints one JSON object per line (the fields of sp/AUDIT.md, in that
// order); without it, a table for people. Exit codes: 0 ok (also when no
// record matches); 2 usage errors (an --event that is not a spelling of
// sp/model/audit_event_table.inc) or a missing or unreadable database (it is
// never created).
#pragma once

#include <optional>
#include <string>

#include "sp/cli/cli_validate.hpp"

namespace CLI {
class App;
}

namespace samlh::sp::cli {

struct AuditOptions {
  std::string db;
  std::optional<std::string> org;
  std::optional<std::string> event;
  std::optional<std::string> subject;
  std::optional<std::string> since;
  bool json = false;
};

CLI::App* add_audit_command(CLI::App& app, AuditOptions& options);
int run_audit(const AuditOptions& options, Io io);

}  // namespace samlh::sp::cli
