// The `reconcile:` expectation of a lifecycle step (harness/SCENARIOS.md):
// both sides export at this point of the timeline, as an admin would (the
// IdP's Current Assignments report of app hotjar, idp-mock's equivalent of
// Okta's [O21]; the SP's roster CSV of organization acme), and `harness
// reconcile` compares them as of the virtual clock's day. Its findings must
// be exactly the expected ones, no more, no fewer.
#include <algorithm>
#include <chrono>

#include "harness/reconcile/inputs.hpp"
#include "harness/reconcile/reconcile.hpp"
#include "harness/reconcile/render.hpp"
#include "harness/run/runner.hpp"
#include "harness/scenario/claims.hpp"

namespace samlh::harness {
namespace {

std::string describe(const std::vector<ReconcileFinding>& fs) {
  if (fs.empty()) return "no findings";
  std::string out;
  for (const auto& f : fs) out += (out.empty() ? "" : ", ") + f.kind + " " + f.subject;
  return out;
}

}  // namespace

void check_reconcile(World& w, ScenarioResult& r, const Expectation& e, int step_no, StepRecord& st) {
  namespace rc = reconcile;
  const std::string what = "step " + std::to_string(step_no) + " reconcile findings";
  const std::string expected = describe(*e.reconcile);
  const ApiReply idp = w.idp_api("GET", "/api/v1/apps/hotjar/reports/current_assignments");
  const ApiReply sp = w.auditor_api("GET", "/api/roster/acme.csv");
  st.evidence.push_back(Evidence{"IdP: GET /api/v1/apps/hotjar/reports/current_assignments", idp.text});
  st.evidence.push_back(Evidence{"SP: GET /api/roster/acme.csv", sp.text});
  if (idp.status != 200 || sp.status != 200) {
    r.check(what, expected,
            "exports unavailable: IdP HTTP " + std::to_string(idp.status) + ", SP HTTP " + std::to_string(sp.status),
            e.line);
    return;
  }
  rc::IdpInputs in;
  auto read = rc::add_idp_text(in, idp.text, "idp-current-assignments.csv");
  auto app = read ? rc::select_app(in, "") : rc::Loaded<std::string>(read.error());
  auto roster = rc::parse_sp_text(sp.text, "sp-roster-acme.csv");
  if (!app || !roster) {
    r.check(what, expected, "unusable export: " + (app ? roster.error() : app.error()).message(), e.line);
    return;
  }
  rc::ReconcileOptions o;
  o.as_of = std::chrono::floor<std::chrono::days>(w.now());
  o.app = *app;
  o.org = "acme";
  const rc::Report report = rc::reconcile(in, *roster, o);
  st.evidence.push_back(Evidence{"harness reconcile as of " + rc::format_day(o.as_of), rc::render_markdown(report, runbook_texts(claims(), w.assumed()))});
  std::vector<ReconcileFinding> got;
  for (const auto& f : report.findings) got.push_back(ReconcileFinding{std::string(rc::spelling(f.kind)), f.subject});
  std::sort(got.begin(), got.end());
  r.check(what, expected, describe(got), e.line);
}

}  // namespace samlh::harness
