#include "sp/cli/cli_audit.hpp"

#include <filesystem>
#include <limits>
#include <ostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "sp/accounts/audit.hpp"
#include "sp/store/store.hpp"

namespace samlh::sp::cli {
namespace {

std::string event_spellings() {
  std::string out;
  for (AuditEvent e : all_audit_events()) out += (out.empty() ? "" : ", ") + std::string(spelling(e));
  return out;
}

std::string or_dash(const std::optional<std::string>& v) { return v && !v->empty() ? *v : "-"; }

void print_table(const std::vector<AuditRecord>& records, std::int64_t dropped, std::ostream& out) {
  out << fmt::format("{:>5}  {:<24}  {:<15}  {:<20}  {:<24}  {:<13}  {:<8}  {:<28}  {}\n", "seq", "time", "org",
                     "event", "subject", "flow", "outcome", "reason", "gaps");
  for (const AuditRecord& r : records) {
    std::string gaps;
    for (Gap g : r.gaps) gaps += (gaps.empty() ? "" : ",") + std::string(spelling(g));
    out << fmt::format("{:>5}  {:<24}  {:<15}  {:<20}  {:<24}  {:<13}  {:<8}  {:<28}  {}\n", r.seq,
                       core::format_saml_time(r.time), or_dash(r.org), spelling(r.event), or_dash(r.subject), or_dash(r.flow),
                       spelling(r.outcome), or_dash(r.reason), gaps.empty() ? "-" : gaps);
  }
  out << records.size() << " record(s)\n";
  // The retention cap's drops are in the log (audit_pruned records), and
  // their running total here, so a shortened log never looks complete.
  if (dropped > 0) {
    out << dropped << " older record(s) dropped by the retention cap (limits.audit_max_records, sp/AUDIT.md)\n";
  }
}

// The origin a link of `org` starts with: its ACS URL's (the SP's own
// address, from the configuration); "" when it has none.
std::string origin_of(const Organization& org) {
  const auto at = org.sso.acs_url.find("/sso/");
  return at == std::string::npos ? std::string() : org.sso.acs_url.substr(0, at);
}

// The pending invitations, each with the link the invitee opens to accept
// it (README "A browser demo"): the admin API answers the same link when an
// Admin invites. Filtered like the records (--org, --subject).
void print_invitations(Store& store, const AuditOptions& o, std::ostream& out) {
  const core::Instant now = core::SystemClock().now();
  std::vector<std::string> lines;
  auto db = store.lock();
  for (const Organization& org : db->orgs()) {
    if (o.org && *o.org != org.slug) continue;
    for (const Invitation& i : db->invitations(org.id, o.subject)) {
      if (i.status != InvitationStatus::pending) continue;
      lines.push_back(fmt::format("  {:<15}  {:<24}  {:<10}  {}  {}{}\n", org.slug, i.email, spelling(i.role),
                                  now < i.expires ? "expires " + core::format_saml_time(i.expires)
                                                  : std::string("LAPSED (expired, not yet marked)"),
                                  origin_of(org), Invitation::link_path(org.slug, i.token)));
    }
  }
  if (lines.empty()) return;
  out << "\n" << lines.size() << " pending invitation(s); the invitee accepts by opening the link and signing in:\n";
  for (const std::string& l : lines) out << l;
}

}  // namespace

CLI::App* add_audit_command(CLI::App& app, AuditOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "audit", "Print the audit log of an SP database (fields: sp/AUDIT.md), then the pending invitations' links");
  cmd->add_option("--db", o.db, "SQLite database file written by `sp serve`")->type_name("PATH")->required();
  cmd->add_option("--org", o.org, "Only this organization")->type_name("SLUG");
  cmd->add_option("--event", o.event, "Only this event: " + event_spellings())->type_name("EVENT")
      ->check(CLI::Validator(
          [](const std::string& v) {
            return audit_event_from_spelling(v) ? std::string() : "must be one of " + event_spellings() + " (sp/AUDIT.md)";
          },
          ""));
  cmd->add_option("--subject", o.subject, "Only records about this person")->type_name("EMAIL");
  cmd->add_option("--since", o.since, "Only records at or after this instant (RFC 3339)")->type_name("RFC3339");
  cmd->add_flag("--json", o.json, "One JSON object per line (without the table's list of pending invitations)");
  return cmd;
}

int run_audit(const AuditOptions& o, Io io) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(o.db, ec)) {
    io.err << "sp audit: no database at " << o.db << "\n";
    return kExitUsage;
  }
  AuditQuery q;
  q.org = o.org;
  if (o.event) q.event = audit_event_from_spelling(*o.event);  // checked at parse time
  q.subject = o.subject;
  q.limit = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());  // all of them
  if (o.since) {
    auto t = core::parse_rfc3339(*o.since);
    if (!t) {
      io.err << "sp audit: --since must be RFC 3339, e.g. 2026-03-01T12:00:00Z\n";
      return kExitUsage;
    }
    q.since = *t;
  }
  // A reader: read-only, never creating or migrating the file; no
  // checkpoint thread (the server's store checkpoints).
  StoreOptions so;
  so.read_only = true;
  so.wal_checkpoint_step_pages = 0;
  auto store = Store::open(o.db, so);
  if (!store) {
    io.err << "sp audit: cannot open " << o.db << ": " << store.failure().detail << "\n";
    return kExitUsage;
  }
  auto records = AuditLog(**store).query(q);
  if (!records) {
    io.err << "sp audit: cannot read the audit log: " << records.failure().detail << "\n";
    return kExitUsage;
  }
  auto dropped = AuditLog(**store).dropped_total();
  if (!dropped) {
    io.err << "sp audit: cannot read the audit log: " << dropped.failure().detail << "\n";
    return kExitUsage;
  }
  if (o.json) {
    for (const AuditRecord& r : *records) io.out << to_json_line(r) << "\n";
  } else {
    print_table(*records, *dropped, io.out);
    try {
      print_invitations(**store, o, io.out);
    } catch (const sql::Error& e) {
      io.err << "sp audit: cannot read the invitations: " << e.what() << "\n";
      return kExitUsage;
    }
  }
  return 0;
}

}  // namespace samlh::sp::cli
