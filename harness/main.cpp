// build/bin/harness: run scenario files against the Okta-shaped IdP and the
// Hotjar-shaped SP and report what SSO-only onboarding can and cannot do.
//
//   harness run [PATHS...] [--live | --target-sp METADATA --oracle URL [--sp-login URL] [--acs URL]
//                [--attacker EMAIL] [--victim EMAIL] [--fail-on SEVERITY] [--sp-profile FILE]
//                [--request-timeout DURATION]]
//               [--seed S] [--jobs N] [--filter GLOB] [--out DIR] [--shard I/N]
//               [--assume KEY=VALUE]... [--review-cadence DURATION]
//   harness list [PATHS...] [--mutations | --reasons]
//   harness explain FILE
//   harness target-info [--metadata]
//   harness demo --idp URL --sp URL [--listen 127.0.0.1:7300] [--vulnerable-listen 127.0.0.1:8082] [--idp-config FILE]
//   harness reconcile --idp FILE... --sp FILE [--org SLUG] [--role-map FILE] ... (harness/RECONCILE.md)
//
// Exit codes (run): 0 every expectation held (target mode: no finding at or
// above --fail-on), 1 any failed, 2 invalid scenario files or usage (target
// mode: also a target that cannot be tested, or failed positive controls).
// The last line of `run` reads exactly
// "scenarios: <N> passed, <M> failed, <K> skipped".
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include <CLI/CLI.hpp>

#include "attacks/mutations.hpp"
#include "core/cli_values.hpp"
#include "core/clock.hpp"
#include "core/init.hpp"
#include "harness/demo/command.hpp"
#include "harness/reconcile/command.hpp"
#include "harness/report/explain.hpp"
#include "harness/report/reports.hpp"
#include "harness/run/engine.hpp"
#include "harness/run/target.hpp"
#include "harness/scenario/claims.hpp"
#include "harness/scenario/reasons.hpp"

namespace {

namespace fs = std::filesystem;
using namespace samlh::harness;

// The repository root: where the default configurations and certs live.
std::string find_root(const std::string& given) {
  if (!given.empty()) return given;
  for (fs::path p = fs::current_path(); !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / "idp-mock/examples/acme.yaml") && fs::exists(p / "sp/examples/acme.yaml")) return p.string();
    if (p == p.root_path()) break;
  }
  return SAMLH_SOURCE_DIR;
}

std::string default_bin_dir(const char* argv0) {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return self.parent_path().string();
  return fs::path(argv0).parent_path().string();
}

// Every file loaded, each schema error printed and kept (for the reports).
// Under --assume, a lifecycle scenario that does not state its outcome under a
// flipped answer its event depends on is an error too.
struct Loaded {
  std::vector<Scenario> scenarios;
  std::vector<InvalidFile> invalid;
  bool ok() const { return invalid.empty(); }
};

Loaded load_all(const std::vector<std::string>& paths, const SettingsBase& base, const Assumed& flipped = {}) {
  Loaded out;
  std::vector<std::string> files;
  try {
    files = find_scenario_files(paths);
  } catch (const ScenarioError& e) {
    std::cerr << "harness: " << e.what() << "\n";
    out.invalid.push_back(InvalidFile{e.file(), e.line(), "no such file or directory"});
    return out;
  }
  std::map<std::string, std::string> names;
  for (const auto& f : files) {
    try {
      Scenario s = load_scenario(f, base);
      s.root_path = path_under(f, paths);
      check_assumption_coverage(s, flipped);
      if (auto it = names.find(s.name); it != names.end()) {
        throw ScenarioError(f, 0, "name '" + s.name + "' is already used by " + it->second);
      }
      names[s.name] = f;
      const int scim_line = s.with_scim ? s.with_scim->line : 0;
      std::optional<Scenario> derived = derive_with_scim(s);
      out.scenarios.push_back(std::move(s));
      if (derived) {
        // One with_scim variant per event (SCENARIOS.md "The with_scim variant").
        for (const Scenario& other : out.scenarios) {
          if (other.provisioned() && other.event == derived->event) {
            throw ScenarioError(f, scim_line, "event '" + derived->event + "' already has a with_scim "
                                "variant, from " + other.file + ": one per event");
          }
        }
        if (auto it = names.find(derived->name); it != names.end()) {
          throw ScenarioError(f, scim_line, "the with_scim variant's name '" + derived->name +
                                                              "' is already used by " + it->second);
        }
        check_assumption_coverage(*derived, flipped);
        names[derived->name] = f;
        out.scenarios.push_back(std::move(*derived));
      }
    } catch (const ScenarioError& e) {
      std::cerr << "harness: invalid scenario: " << e.what() << "\n";
      const std::string prefix = e.file() + ":" + std::to_string(e.line()) + ": ";
      std::string message = e.what();
      if (message.rfind(prefix, 0) == 0) message = message.substr(prefix.size());
      out.invalid.push_back(InvalidFile{e.file(), e.line(), message});
    }
  }
  return out;
}

// The settings `app:` and `sp:` are checked against; an error stops the command.
const SettingsBase* base_or_report(const std::string& root) {
  try {
    return &settings_base(root);
  } catch (const ScenarioError& e) {
    std::cerr << "harness: " << e.what() << "\n";
    return nullptr;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"saml-harness: scenarios that drive an Okta-shaped IdP and a Hotjar-shaped SP"};
  app.require_subcommand(1);
  std::vector<std::string> paths;
  std::string root;
  std::string out_dir = "out";
  std::vector<std::string> filters;
  std::string shard_text;
  std::uint64_t seed = 1;
  int jobs = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  bool live = false;
  bool no_progress = false;
  bool mutations = false;
  std::string color = "auto";

  auto* run = app.add_subcommand("run", "Run scenarios and write out/gap-report.md, results.json, junit.xml");
  run->add_option("paths", paths, "Scenario files or directories (default: scenarios/)")->type_name("PATH");
  run->add_flag("--live", live, "Run the real idp-mock and sp servers on loopback instead of in-process");
  run->add_option("--seed", seed, "Seed for IDs and tokens (a run is byte-for-byte repeatable)")->type_name("SEED")->capture_default_str();
  run->add_option("--jobs,-j", jobs, "Scenarios run in parallel")->type_name("N")->check(CLI::Range(1, 64))->capture_default_str();
  run->add_option("--filter", filters,
                  "Glob on the scenario's name, tags or path (relative to the scenario directory), e.g. 'leave-*', "
                  "'xsw', 'attacks/*' (repeatable: any matches; one matching nothing stops the run)")->type_name("GLOB");
  run->add_option("--out", out_dir, "Report directory")->type_name("DIR")->capture_default_str();
  run->add_option("--shard", shard_text, "Run only shard I of N (1-based), e.g. 2/4")->type_name("I/N");
  run->add_flag("--no-progress", no_progress, "No progress line on stderr");
  run->add_option("--color", color, "Colour the summary: auto (a terminal and NO_COLOR unset), always or never")->type_name("WHEN")->check(CLI::IsMember({"auto", "always", "never"}));
  run->add_option("--root", root, "Repository root (default: found from the working directory)")->type_name("DIR");
  TargetOptions target;
  auto* target_opt = run->add_option(
      "--target-sp", target.metadata,
      "Fire the format and attack scenarios at your own SP: its metadata (file or http:// URL); "
      "lifecycle scenarios are skipped. Set the SP up with `harness target-info` first")->type_name("URL|PATH");
  run->add_option("--acs", target.acs, "The SP's ACS URL (default: the metadata's HTTP-POST endpoint)")->type_name("URL")
      ->needs(target_opt);
  run->add_option("--sp-login", target.sp_login,
                  "A URL of the SP that starts an SP-initiated login; without it every login is IdP-initiated, "
                  "which needs `allow-idp-initiated: true` in --sp-profile (else the run stops at the controls)")->type_name("URL")
      ->needs(target_opt);
  run->add_option("--oracle", target.oracle,
                  "Required with --target-sp: a URL of the SP that answers 2xx naming the logged-in user's email only "
                  "to a logged-in browser")->type_name("URL")
      ->needs(target_opt);
  run->add_option("--attacker", target.attacker,
                  "The attacker: a real, low-privilege account at the SP (default mallory@acme.test)")->type_name("EMAIL")
      ->needs(target_opt);
  run->add_option("--victim", target.victim,
                  "The victim: the account the attacks try to become (default carol@acme.test)")->type_name("EMAIL")
      ->needs(target_opt);
  std::string fail_on = "medium";
  run->add_option("--fail-on", fail_on, "The lowest severity that fails the run (info, low, medium, high, critical)")->type_name("SEVERITY")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}))
      ->capture_default_str()
      ->needs(target_opt);
  run->add_option("--sp-profile", target.profile,
                  "YAML: what the SP declares it intends (signing-policy, skew, max-age, allow-idp-initiated, "
                  "allow-sha1, allow-rsa15, allow-3des, require-gcm)")->type_name("PATH")
      ->needs(target_opt);
  std::string request_timeout = "10s";
  run->add_option("--request-timeout", request_timeout, "Each request's deadline against the target, e.g. 10s")->type_name("DURATION")
      ->capture_default_str()
      ->needs(target_opt);
  target_opt->excludes(run->get_option("--live"));
  std::vector<std::string> assume_args;
  auto* assume_opt = run->add_option(
      "--assume", assume_args,
      "Answer an open question otherwise than the default (repeatable; the keys, values and the settings "
      "each means: harness/claims/assumptions.yaml and the report's appendix)")
      ->type_name("KEY=VALUE");
  assume_opt->excludes(target_opt);
  std::string review_cadence = "30d";
  run->add_option("--review-cadence", review_cadence,
                  "How often an Admin reviews the SP's members against the IdP: the report's bounds use it")->type_name("DURATION")
      ->capture_default_str();

  auto* list = app.add_subcommand("list", "List scenarios (or the attack pack's mutations)");
  list->add_option("paths", paths, "Scenario files or directories (default: scenarios/)")->type_name("PATH");
  list->add_flag("--mutations", mutations, "List the mutation vocabulary instead");
  bool reasons = false;
  list->add_flag("--reasons", reasons,
                 "List the reasons a scenario's `reason:` can name instead (message, login and IdP tables)")
      ->excludes("--mutations");
  list->add_option("--root", root, "Repository root")->type_name("DIR");

  std::string explain_file;
  auto* expl = app.add_subcommand("explain", "Print a scenario's timeline in words");
  expl->add_option("file", explain_file, "Scenario file")->type_name("PATH")->required();

  bool metadata_only = false;
  auto* tinfo = app.add_subcommand("target-info", "What your SP must be configured with for --target-sp");
  tinfo->add_flag("--metadata", metadata_only, "Print only the IdP metadata XML");
  tinfo->add_option("--root", root, "Repository root")->type_name("DIR");

  samlh::harness::reconcile::ReconcileCommand reconcile(app);
  samlh::harness::demo::DemoCommand demo(app);

  const std::string version = samlh::core::version_line("harness");
  app.set_version_flag("--version", version, "Print the version and exit");
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    sub->set_version_flag("--version", version, "Print the version and exit");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (reconcile.parsed()) {
    // The fixes reconcile names are the gap report's runbook steps, at the default assumptions.
    return reconcile.run(runbook_texts(claims(), assumed_with(claims(), {})), std::cout, std::cerr);
  }

  samlh::core::LibraryGuard guard;
  root = find_root(root);
  if (demo.parsed()) return demo.run(root);
  if (paths.empty()) paths.push_back(fs::exists("scenarios") ? "scenarios" : root + "/scenarios");

  const SettingsBase* base = base_or_report(root);
  if (base == nullptr) return 2;
  if (expl->parsed()) {
    try {
      std::cout << explain(load_scenario(explain_file, *base));
      return 0;
    } catch (const ScenarioError& e) {
      std::cerr << "harness: invalid scenario: " << e.what() << "\n";
      return 2;
    }
  }
  if (tinfo->parsed()) {
    WorldOptions wo;
    wo.root = root;
    try {
      std::cout << (metadata_only ? target_idp_metadata(wo) : target_info_text(wo));
      return 0;
    } catch (const std::exception& e) {
      std::cerr << "harness: " << e.what() << "\n";
      return 2;
    }
  }
  if (list->parsed()) {
    if (mutations) {
      for (const auto& m : samlh::idp::all_mutations()) std::cout << m.name << "\t" << m.rows << "\t" << m.summary << "\n";
      // request_mutation words: the AuthnRequest changed on its way to the IdP
      for (const auto& m : request_mutations()) std::cout << m.name << "\t(request)\t" << m.summary << "\n";
      return 0;
    }
    if (reasons) {
      for (const AnyReason& r : all_any_reasons()) {
        std::cout << samlh::core::spelling(r) << "\t" << table_of(r) << "\t" << samlh::core::sentence(r) << "\n";
      }
      return 0;
    }
    const Loaded all = load_all(paths, *base);
    if (!all.ok()) return 2;
    for (const auto& s : all.scenarios) std::cout << spelling(s.kind) << "\t" << s.name << "\t" << s.title << "\n";
    return 0;
  }

  EngineOptions eo;
  eo.jobs = jobs;
  eo.filters = filters;
  eo.progress = !no_progress;
  eo.run.world.root = root;
  eo.run.world.bin_dir = default_bin_dir(argv[0]);
  eo.run.world.live = live;
  eo.run.world.seed = seed;
  const auto started = std::chrono::steady_clock::now();
  RunInfo info;
  info.seed = seed;
  info.jobs = jobs;
  info.mode = !target.metadata.empty() ? "target-sp" : live ? "live" : "in-process";
  // Any reason the run stops before a scenario runs: exit 2, with reports
  // (replacing an earlier run's) that say why.
  auto stop = [&](const std::string& why) {
    info.stopped = why;
    info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cerr << "harness: " << why << "\n";
    std::cout << terminal_summary({}, info, false);
    try {
      write_reports({}, info, out_dir);
    } catch (const std::exception& e) {
      std::cerr << "harness: " << e.what() << "\n";
    }
    std::cout << "scenarios: 0 passed, 0 failed, 0 skipped\n";
    return 2;
  };
  if (!target.metadata.empty()) {
    info.target = target.metadata;
    try {
      target.fail_on = *kSeveritySpellings.parse(fail_on);
      const auto timeout = samlh::core::parse_duration(request_timeout);
      if (!timeout) return stop("--request-timeout must be a duration such as 10s or 1500ms, not '" + request_timeout + "'");
      target.request_timeout = std::chrono::milliseconds(timeout->count());
      eo.run.world.target = std::make_shared<const TargetSp>(resolve_target(target));
    } catch (const std::exception& e) {
      return stop(e.what());
    }
    const TargetSp& t = *eo.run.world.target;
    info.target = t.entity_id + " (ACS " + t.acs + ", oracle " + t.oracle + ")";
    info.identities = "attacker " + t.attacker + ", victim " + t.victim;
    info.profile = t.profile.source;
    info.fail_on = t.fail_on;
    std::cerr << "harness: target SP " << info.target << "; positive controls first\n";
    for (auto& c : run_controls(eo.run.world)) {
      std::string ev;
      for (const auto& e : c.evidence) ev += "=== " + e.title + "\n" + e.body.substr(0, 16 * 1024) + "\n";
      info.controls.push_back(ControlRecord{c.name, c.passed, c.detail, c.fix, ev});
    }
    for (const auto& c : info.controls) {
      if (!c.passed) return stop("positive control failed: " + c.name + ": " + c.detail + ". What to change: " + c.fix);
    }
  }
  if (!shard_text.empty()) {
    eo.shard = parse_shard(shard_text);
    if (!eo.shard) return stop("--shard takes I/N with 1 <= I <= N, not '" + shard_text + "'");
  }
  Assumed flipped;
  try {
    for (const std::string& a : assume_args) {
      const auto eq = a.find('=');
      if (eq == std::string::npos || eq == 0) throw ScenarioError("--assume", 0, "takes KEY=VALUE, not '" + a + "'");
      flipped[a.substr(0, eq)] = a.substr(eq + 1);
    }
    eo.run.world.assumed = assumed_with(claims(), flipped);
  } catch (const ScenarioError& e) {
    return stop(e.what());
  }
  const auto cadence = samlh::core::parse_duration(review_cadence);
  if (!cadence || cadence->count() <= 0) {
    return stop("--review-cadence takes a duration like 30d or 7d, not '" + review_cadence + "'");
  }
  const Loaded all = load_all(paths, *base, flipped);
  if (!all.ok()) {
    info.invalid = all.invalid;
    return stop(std::to_string(all.invalid.size()) + " invalid scenario file(s): nothing ran");
  }
  for (const std::string& f : filters) {
    if (std::none_of(all.scenarios.begin(), all.scenarios.end(), [&](const Scenario& sc) { return filter_matches(f, sc); })) {
      std::string near;
      for (const std::string& n : nearest_names({f}, all.scenarios, 5)) near += (near.empty() ? "" : ", ") + n;
      return stop("--filter '" + f + "' matches no scenario name, tag or path (paths relative to the scenario "
                  "directory, e.g. 'attacks/*'); the nearest names: " + near);
    }
  }
  const std::vector<Scenario> chosen = select(all.scenarios, eo);
  const std::vector<ScenarioResult> results = run_all(chosen, eo);
  for (const auto& [k, v] : eo.run.world.assumed) {
    if (claims().assumption(k)->default_value().name != v) info.flipped[k] = v;
  }
  info.cli_parameters["review_cadence"] = *cadence;
  info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t skipped = 0;
  for (const auto& r : results) {
    passed += r.passed ? 1 : 0;
    failed += r.failed() ? 1 : 0;
    skipped += r.skipped ? 1 : 0;
  }
  const bool use_color = color == "always" || (color == "auto" && ::isatty(1) != 0 && std::getenv("NO_COLOR") == nullptr);
  std::cout << terminal_summary(results, info, use_color);
  try {
    write_reports(results, info, out_dir);
    std::cout << "  reports: " << report_names(info, out_dir) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "harness: " << e.what() << "\n";
  }
  std::cout << "scenarios: " << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
  return failed == 0 ? 0 : 1;
}
