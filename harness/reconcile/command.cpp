#include "harness/reconcile/command.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <ostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "harness/reconcile/inputs.hpp"
#include "harness/reconcile/reconcile.hpp"
#include "harness/reconcile/render.hpp"

namespace samlh::harness::reconcile {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFooter = R"(Accepted inputs (detected by the header row; column names match case-insensitively;
harness/RECONCILE.md lists every alias). Every file is read only up to 4 MiB.
  --idp  Okta "Current Assignments" report CSV [O21]: Login, Application login, Assigned on
           (optional: User, Application name, Application instance, Unassigned on,
           Assignment type, Group, Status). idp-mock's export is to take this shape.
         Okta "Recent Unassignments" report CSV [O21]: assigneeOktaUsername (or Username),
           unassigned (or Unassigned On); optional assigneeAppUsername, fullName, appUserStatus.
         Okta user list with statuses (the Password Health report; assumption): Login, Status.
         At least one --idp file must be an assignment report.
  --sp   Our SP's roster export, GET /api/roster/<org>.csv (kind,email,role,status,inviter,
           created,expires) or GET /api/roster/<org> (JSON).
         Hotjar's team member list copied from the team page: Name, Email, Role, as CSV or
           as a pasted table (tab-separated, or columns aligned with two or more spaces).
           It lists members only: invitees show once they accept [H2].
Exit codes: 0 the rosters agree, 1 drift (any finding), 2 unusable input.)";

bool write_atomically(const fs::path& target, const std::string& body, std::string& error) {
  const fs::path tmp = target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()));
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << body;
    f.flush();
    if (!f) {
      error = "cannot write " + tmp.string();
      std::error_code ignored;
      fs::remove(tmp, ignored);
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    error = "cannot rename " + tmp.string() + " to " + target.string() + ": " + ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

int unusable(std::ostream& err, const InputError& e) {
  err << "harness reconcile: " << e.message() << "\n";
  return 2;
}

}  // namespace

int run_reconcile(const CommandOptions& o, const StepTexts& steps, std::ostream& out, std::ostream& err, Day today) {
  ReconcileOptions ro;
  ro.as_of = today;
  if (!o.as_of.empty()) {
    auto d = parse_day(o.as_of);
    if (!d) return unusable(err, input_error(Problem::bad_option, "", 0, "--as-of '" + o.as_of + "' is not YYYY-MM-DD"));
    ro.as_of = *d;
  }
  IdpInputs idp;
  for (const auto& path : o.idp) {
    auto info = load_idp_file(idp, path);
    if (!info) return unusable(err, info.error());
  }
  auto app = select_app(idp, o.app);
  if (!app) return unusable(err, app.error());
  ro.app = *app;
  auto sp = load_sp_file(o.sp);
  if (!sp) return unusable(err, sp.error());
  if (!o.org.empty() && !sp->org.empty() && o.org != sp->org) {
    return unusable(err, input_error(Problem::org_mismatch, o.sp, 0,
                                     "the roster is of organization '" + sp->org + "', not '" + o.org + "' (--org)"));
  }
  ro.org = o.org.empty() ? sp->org : o.org;
  std::optional<RoleMap> role_map;
  if (!o.role_map.empty()) {
    auto m = load_role_map(o.role_map);
    if (!m) return unusable(err, m.error());
    role_map = std::move(m).value();
    ro.role_map = &*role_map;
  }
  const Report report = reconcile(idp, *sp, ro);
  const int code = report.drift() ? 1 : 0;
  if (o.out.empty()) {
    out << (o.format == "json" ? render_json(report, steps) : o.format == "csv" ? render_csv(report) : render_markdown(report, steps));
    return code;
  }
  std::error_code ec;
  fs::create_directories(o.out, ec);
  if (ec) return unusable(err, input_error(Problem::output_failed, o.out, 0, "cannot create the directory: " + ec.message()));
  const std::pair<const char*, std::string> files[] = {
      {"reconcile.md", render_markdown(report, steps)}, {"reconcile.json", render_json(report, steps)}, {"reconcile.csv", render_csv(report)}};
  for (const auto& [name, body] : files) {
    std::string error;
    if (!write_atomically(fs::path(o.out) / name, body, error)) {
      return unusable(err, input_error(Problem::output_failed, o.out, 0, error));
    }
  }
  out << fmt::format("reconcile: {}: {} finding{} as of {}; wrote {}/reconcile.md, reconcile.json, reconcile.csv\n",
                     report.org.empty() ? "(organization not named)" : report.org, report.findings.size(),
                     report.findings.size() == 1 ? "" : "s", format_day(report.as_of), o.out);
  return code;
}

ReconcileCommand::ReconcileCommand(CLI::App& app) {
  sub_ = app.add_subcommand(
      "reconcile",
      "Compare Okta's assignments with the SP's roster (files an admin exports); report drift and its fix");
  sub_->add_option("--idp", options_.idp,
                   "An Okta export (repeatable): Current Assignments report, Recent Unassignments report, user list")
      ->required()
      ->type_name("FILE");
  sub_->add_option("--sp", options_.sp, "The SP's roster: our SP's export (CSV or JSON) or Hotjar's member list")
      ->required()
      ->type_name("FILE");
  sub_->add_option("--org", options_.org,
                   "The organization's slug (default: the JSON roster's \"org\"; an error if they differ)")
      ->type_name("SLUG");
  sub_->add_option("--app", options_.app,
                   "The app integration to read from the assignment report (its Application instance or name); "
                   "needed when the report covers several")
      ->type_name("NAME");
  sub_->add_option("--role-map", options_.role_map,
                   "YAML (groups: {GROUP: ROLE}) or .csv (group,role): the SP role each Okta group should give; "
                   "roles are compared only with it")
      ->type_name("FILE");
  sub_->add_option("--as-of", options_.as_of,
                   "Judge assignments, unassignments, invitation expiry and ages at the end of this day, UTC "
                   "(default: today)")
      ->type_name("YYYY-MM-DD");
  sub_->add_option("--format", options_.format, "What to print without --out: md, json or csv")->type_name("FORMAT")
      ->check(CLI::IsMember({"md", "json", "csv"}))
      ->capture_default_str();
  sub_->add_option("--out", options_.out, "Write reconcile.md, reconcile.json and reconcile.csv into DIR instead")
      ->type_name("DIR");
  sub_->footer(kFooter);
}

bool ReconcileCommand::parsed() const { return sub_->parsed(); }

int ReconcileCommand::run(const StepTexts& steps, std::ostream& out, std::ostream& err) const {
  return run_reconcile(options_, steps, out, err, today_utc());
}

}  // namespace samlh::harness::reconcile
