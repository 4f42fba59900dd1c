#include "harness/reconcile/render.hpp"

#include <array>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace samlh::harness::reconcile {
namespace {

using nlohmann::json;

constexpr std::array kTags{
    SourceTag{"[H2]", "Hotjar, How to Add or Remove Team Members"},
    SourceTag{"[H3]", "Hotjar, Team Member Permissions"},
    SourceTag{"[H5]", "Hotjar, How to Troubleshoot Hotjar Login Issues"},
    SourceTag{"[H9]", "Hotjar, How to Change Account Owner"},
    SourceTag{"[H10]", "Hotjar, How to Change your Name, Password, Role"},
    SourceTag{"[S1]", "Stitchflow, Hotjar SCIM page (third party)"},
    SourceTag{"[S2]", "Stitchflow, Hotjar User Management API Guide (third party)"},
    SourceTag{"[O1]", "Okta, Application Integration Wizard SAML field reference"},
    SourceTag{"[O10]", "Okta, App Sign-on Error 403: user attempted unauthorized access to app"},
    SourceTag{"[O14]", "Okta, override the username format (app username follows email changes)"},
    SourceTag{"[O18]", "Okta, can we assign applications to deactivated users"},
    SourceTag{"[O19]", "Okta, deactivation removes every app assignment; suspend removes none"},
    SourceTag{"[O21]", "Okta, Current Assignments and Recent Unassignments reports"},
};

std::string md(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (std::string_view("\\|<>[]`*_").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string csv_cell(std::string_view s) {
  // RFC 4180; a leading = + - @ gets a ' so a spreadsheet does not run it as
  // a formula (the same rule as our SP's roster export).
  std::string v(s);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v.insert(v.begin(), '\'');
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (const char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::size_t count(const Report& r, FindingKind k) {
  std::size_t n = 0;
  for (const auto& f : r.findings) n += f.kind == k ? 1 : 0;
  return n;
}

std::size_t count(const Report& r, Confidence c) {
  std::size_t n = 0;
  for (const auto& f : r.findings) n += f.confidence == c ? 1 : 0;
  return n;
}

std::string evidence_text(const Finding& f) {
  std::string out;
  for (const auto& c : f.evidence) out += (out.empty() ? "" : "; ") + c.at.text() + " (" + c.note + ")";
  return out;
}

std::set<Step> steps_used(const Report& r) {
  std::set<Step> out;
  for (const auto& f : r.findings) out.insert(f.step);
  return out;
}

json opt_text(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
template <class T>
json opt_spelling(const std::optional<T>& v) {
  return v ? json(std::string(spelling(*v))) : json(nullptr);
}

std::string org_text(const Report& r) { return r.org.empty() ? "(organization not named)" : r.org; }

void md_summary(std::string& out, const Report& r) {
  out += "## Summary\n\n";
  if (r.sp_lists_invitations) {
    out += fmt::format("- Members: {}; pending invitations: {}", r.members, r.invitations);
    if (r.lapsed_invitations > 0) out += fmt::format(" ({} more lapsed by the as-of date, not counted)", r.lapsed_invitations);
    out += ".\n";
  } else {
    out += fmt::format("- Members: {}; pending invitations: unknown, since Hotjar's member list shows members only [H2].\n",
                       r.members);
  }
  out += fmt::format("- People with an active Okta assignment (Current Assignments report [O21]): {}.\n",
                     r.active_assignments);
  if (r.owners.empty()) out += "- Account Owner: none in the roster.\n";
  for (const auto& o : r.owners) out += fmt::format("- Account Owner {}: {}.\n", md(o.email), md(o.state));
  if (r.role_map_file.empty()) {
    out += "- Roles: not compared (no --role-map).\n";
  } else {
    out += fmt::format("- Roles: compared with {}", md(r.role_map_file));
    if (r.role_unchecked > 0) {
      out += fmt::format("; {} matched {} no mapped group and {} not compared", r.role_unchecked,
                         r.role_unchecked == 1 ? "person has" : "people have", r.role_unchecked == 1 ? "was" : "were");
    }
    out += ".\n";
  }
  out += "\n| Finding | Count |\n|---|---|\n";
  for (const auto& k : finding_kinds()) out += fmt::format("| {} (`{}`) | {} |\n", k.title, k.spelling, count(r, k.kind));
  out += "\n";
}

void md_kind(std::string& out, const Report& r, const KindInfo& k, const StepTexts& texts) {
  const std::size_t n = count(r, k.kind);
  if (n == 0) return;
  out += fmt::format("## {} ({})\n\n{}\n\n", k.title, n, k.why);
  out += "| Subject | Confidence | Finding | Evidence | Fix |\n|---|---|---|---|---|\n";
  std::set<Step> steps;
  for (const auto& f : r.findings) {
    if (f.kind != k.kind) continue;
    steps.insert(f.step);
    out += fmt::format("| {} | {} | {} | {} | `{}` |\n", md(f.subject), spelling(f.confidence), md(f.summary),
                       md(evidence_text(f)), runbook_step(f.step).id);
  }
  out += "\n";
  for (Step s : steps) out += fmt::format("Fix `{}` {}\n\n", runbook_step(s).id, instruction(texts, s));
}

}  // namespace

std::span<const SourceTag> source_tags() noexcept { return kTags; }

std::string render_markdown(const Report& r, const StepTexts& texts) {
  std::string out = fmt::format("# Roster reconciliation: {}\n\n", md(org_text(r)));
  out += fmt::format("As of {} (the state at the end of that day, UTC)", format_day(r.as_of));
  if (!r.app.empty()) out += fmt::format("; app integration {}", md(r.app));
  out += ".\n\n";
  out += r.drift() ? fmt::format("**Drift: {} finding{}** ({} certain, {} possible).\n\n", r.findings.size(),
                                 r.findings.size() == 1 ? "" : "s", count(r, Confidence::certain),
                                 count(r, Confidence::possible))
                   : std::string("**No drift**: the rosters agree.\n\n");
  out += "| Input | Shape | Records |\n|---|---|---|\n";
  for (const auto& i : r.inputs) out += fmt::format("| {} | {} | {} |\n", md(i.file), title(i.shape), i.records);
  out += "\n";
  md_summary(out, r);
  for (const auto& k : finding_kinds()) md_kind(out, r, k, texts);
  out += "## Sources\n\nEach sentence about Hotjar or Okta carries the tag of its source "
         "(../shared/facts/okta-hotjar.md) or says \"assumption\".\n\n| Tag | Source |\n|---|---|\n";
  for (const auto& t : kTags) out += fmt::format("| {} | {} |\n", md(t.tag), t.what);
  return out;
}

std::string render_json(const Report& r, const StepTexts& texts) {
  json by_kind = json::object();
  for (const auto& k : finding_kinds()) by_kind[std::string(k.spelling)] = count(r, k.kind);
  json owners = json::array();
  for (const auto& o : r.owners) owners.push_back({{"email", o.email}, {"state", o.state}});
  json inputs = json::array();
  for (const auto& i : r.inputs) {
    inputs.push_back({{"file", i.file}, {"shape", std::string(spelling(i.shape))}, {"records", i.records}});
  }
  json findings = json::array();
  for (const auto& f : r.findings) {
    json ev = json::array();
    for (const auto& c : f.evidence) {
      ev.push_back({{"file", c.at.file},
                    {"line", c.at.line == 0 ? json(nullptr) : json(c.at.line)},
                    {"pointer", opt_text(c.at.pointer)},
                    {"note", c.note}});
    }
    findings.push_back({{"kind", std::string(spelling(f.kind))},
                        {"confidence", std::string(spelling(f.confidence))},
                        {"subject", f.subject},
                        {"summary", f.summary},
                        {"step", std::string(runbook_step(f.step).id)},
                        {"evidence", ev},
                        {"okta_login", opt_text(f.okta_login)},
                        {"app_login", opt_text(f.app_login)},
                        {"name", opt_text(f.name)},
                        {"group", opt_text(f.group)},
                        {"sp_role", opt_spelling(f.sp_role)},
                        {"expected_role", opt_spelling(f.expected_role)},
                        {"okta_status", opt_spelling(f.okta_status)},
                        {"days_since_unassigned", f.days_since_unassigned ? json(*f.days_since_unassigned) : json(nullptr)}});
  }
  json steps = json::array();
  for (Step s : steps_used(r)) {
    const auto& st = runbook_step(s);
    steps.push_back({{"id", std::string(st.id)}, {"event", std::string(st.event)}, {"instruction", instruction(texts, s)}});
  }
  json sources = json::array();
  for (const auto& t : kTags) sources.push_back({{"tag", std::string(t.tag)}, {"source", std::string(t.what)}});
  const json doc{
      {"schema_version", kReconcileSchemaVersion},
      {"org", opt_text(r.org)},
      {"as_of", format_day(r.as_of)},
      {"app", opt_text(r.app)},
      {"drift", r.drift()},
      {"inputs", inputs},
      {"summary",
       {{"findings", r.findings.size()},
        {"certain", count(r, Confidence::certain)},
        {"possible", count(r, Confidence::possible)},
        {"by_kind", by_kind},
        {"members", r.members},
        {"pending_invitations", r.sp_lists_invitations ? json(r.invitations) : json(nullptr)},
        {"lapsed_invitations", r.lapsed_invitations},
        {"active_assignments", r.active_assignments},
        {"role_map", opt_text(r.role_map_file)},
        {"role_unchecked", r.role_unchecked},
        {"account_owners", owners}}},
      {"findings", findings},
      {"runbook", steps},
      {"sources", sources},
  };
  return doc.dump(2) + "\n";
}

std::string render_csv(const Report& r) {
  std::string out =
      "org,as_of,kind,confidence,subject,step,summary,evidence,okta_login,app_login,name,group,sp_role,"
      "expected_role,okta_status,days_since_unassigned\r\n";
  const auto opt = [](const auto& v) { return v ? std::string(spelling(*v)) : std::string(); };
  for (const auto& f : r.findings) {
    const std::string cells[] = {r.org,
                                 format_day(r.as_of),
                                 std::string(spelling(f.kind)),
                                 std::string(spelling(f.confidence)),
                                 f.subject,
                                 std::string(runbook_step(f.step).id),
                                 f.summary,
                                 evidence_text(f),
                                 f.okta_login,
                                 f.app_login,
                                 f.name,
                                 f.group,
                                 opt(f.sp_role),
                                 opt(f.expected_role),
                                 opt(f.okta_status),
                                 f.days_since_unassigned ? std::to_string(*f.days_since_unassigned) : std::string()};
    bool first = true;
    for (const auto& c : cells) {
      out += (first ? "" : ",") + csv_cell(c);
      first = false;
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace samlh::harness::reconcile
