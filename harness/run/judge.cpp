// Reading outcomes back from the two servers: the SP's audit log (the
// precise reason never reaches the browser: it would be an oracle) and the
// IdP's event log (Okta's System Log) for refusals at the IdP.
#include <algorithm>
#include <chrono>
#include <set>

#include "harness/run/runner.hpp"
#include "idp-mock/server/idp.hpp"
#include "sp/model/audit_record.hpp"

namespace samlh::harness {
namespace {

using nlohmann::json;

std::optional<AnyReason> reason_of(const json& rec) {
  if (!rec.contains("reason") || !rec["reason"].is_string()) return std::nullopt;
  return any_reason_from_spelling(rec["reason"].get<std::string>());
}

std::vector<sp::Gap> gaps_of(const json& rec) {
  std::vector<sp::Gap> out;
  if (!rec.contains("gaps") || !rec["gaps"].is_array()) return out;
  for (const auto& g : rec["gaps"]) {
    if (auto gap = sp::gap_from_spelling(g.get<std::string>())) out.push_back(*gap);
  }
  return out;
}

// The validation record's `weak` list (sp/AUDIT.md).
std::vector<core::Weakness> weak_of(const json& rec) {
  std::vector<core::Weakness> out;
  if (!rec.contains("weak") || !rec["weak"].is_array()) return out;
  for (const auto& w : rec["weak"]) {
    if (!w.is_string()) continue;
    if (auto weakness = core::weakness_from_spelling(w.get<std::string>())) out.push_back(*weakness);
  }
  return out;
}

// The record's `event`, from the SP's table; nullopt for anything else.
std::optional<sp::AuditEvent> event_of(const json& rec) {
  if (!rec.contains("event") || !rec["event"].is_string()) return std::nullopt;
  return sp::audit_event_from_spelling(rec["event"].get<std::string>());
}

}  // namespace

// The IdP's refusal, from its System Log events after `after`.
std::optional<AnyReason> idp_refusal(World& w, std::uint64_t after) {
  const ApiReply r = w.idp_api("GET", "/api/v1/logs?kind=sso");
  if (!r.body.is_array()) return std::nullopt;
  std::optional<AnyReason> out;
  for (const auto& e : r.body) {
    if (e.value("seq", std::uint64_t{0}) <= after) continue;
    const std::string type = e.value("eventType", "");
    if (type == "app.generic.unauth_app_access_attempt") out = idp::IdpReason::idp_app_not_assigned;
    if (type == "app.sso.error") out = any_reason_from_spelling(e.value("target", ""));
    if (type == "app.sso.no_passive") out = idp::IdpReason::idp_no_passive;
    if (type == "user.session.start") {
      const std::string detail = e.value("detail", "");
      if (detail.rfind(idp::kSignInInactivePrefix, 0) == 0) out = idp::IdpReason::idp_user_inactive;
      else if (detail.rfind("FAILURE", 0) == 0) out = idp::IdpReason::idp_bad_credentials;
    }
  }
  return out;
}

std::string outcome_words(World& w, Outcome got, const std::optional<AnyReason>& reason, const std::string& user) {
  std::string out(spelling(got));
  std::string why;
  if (reason) why = "reason " + std::string(core::spelling(*reason));
  if (!user.empty() && !w.idp_has_user(user)) {
    why += std::string(why.empty() ? "" : "; ") + "user " + user + " does not exist at the IdP";
  }
  return why.empty() ? out : out + " (" + why + ")";
}

std::uint64_t idp_last_seq(World& w) {
  const ApiReply r = w.idp_api("GET", "/api/v1/logs");
  std::uint64_t last = 0;
  if (r.body.is_array()) {
    for (const auto& e : r.body) last = std::max(last, e.value("seq", std::uint64_t{0}));
  }
  return last;
}

std::vector<sp::Gap> gaps_since(World& w, std::int64_t seq) {
  std::vector<sp::Gap> out;
  for (const auto& rec : w.audit_since(seq)) {
    for (sp::Gap g : gaps_of(rec)) {
      if (std::find(out.begin(), out.end(), g) == out.end()) out.push_back(g);
    }
  }
  return out;
}

std::string describe(const std::vector<sp::Gap>& gaps) {
  std::vector<std::string> names;
  for (sp::Gap g : gaps) names.emplace_back(sp::spelling(g));
  std::sort(names.begin(), names.end());
  std::string out = "[";
  for (const auto& n : names) out += (out.size() > 1 ? ", " : "") + n;
  return out + "]";
}

std::string describe(const std::vector<core::Weakness>& weak) {
  std::vector<std::string> names;
  for (core::Weakness x : weak) names.emplace_back(core::spelling(x));
  std::sort(names.begin(), names.end());
  std::string out = "[";
  for (const auto& n : names) out += (out.size() > 1 ? ", " : "") + n;
  return out + "]";
}

LoginJudgement judge_login(World& w, std::int64_t audit_seq_before, std::uint64_t idp_seq_before, const Page& page) {
  LoginJudgement j;
  const std::vector<json> records = w.audit_since(audit_seq_before);
  const json* validation = nullptr;
  const json* login = nullptr;
  for (const auto& rec : records) {
    const auto ev = event_of(rec);
    if (ev == sp::AuditEvent::sso_validation) {
      validation = &rec;
      login = nullptr;  // a later POST starts over
    } else if (ev == sp::AuditEvent::sso_login || ev == sp::AuditEvent::password_login) {
      login = &rec;
    }
    for (sp::Gap g : gaps_of(rec)) {
      if (std::find(j.gaps.begin(), j.gaps.end(), g) == j.gaps.end()) j.gaps.push_back(g);
    }
  }
  if (validation != nullptr) j.weak = weak_of(*validation);
  if (validation != nullptr && validation->value("outcome", "") == "refused") {
    j.where = "sp validation";
    j.reason = reason_of(*validation);
    // An error Response the IdP sent on purpose (its System Log names the
    // refusal, e.g. NoPassive) is judged by the IdP's reason: the SP's
    // status_not_success only relays it.
    if (j.reason == core::Reason::status_not_success) {
      if (auto r = idp_refusal(w, idp_seq_before)) {
        j.where = "idp (relayed to the SP as status_not_success)";
        j.reason = r;
      }
    }
    j.identity = validation->contains("subject") && (*validation)["subject"].is_string()
                     ? (*validation)["subject"].get<std::string>()
                     : "";
    return j;
  }
  if (login != nullptr) {
    j.where = "sp login";
    j.identity = (*login)["subject"].is_string() ? (*login)["subject"].get<std::string>() : "";
    if (login->value("outcome", "") == "success") {
      j.outcome = Outcome::accepted;
    } else {
      j.reason = reason_of(*login);
    }
    return j;
  }
  // A login or response for an organization slug the SP does not have.
  const std::vector<json> unknown = w.unknown_org_audit_since(audit_seq_before);
  if (!unknown.empty()) {
    j.where = "sp (no organization '" + unknown.back().value("org", "") + "')";
    j.reason = reason_of(unknown.back());
    return j;
  }
  if (auto r = idp_refusal(w, idp_seq_before)) {
    j.where = "idp";
    j.reason = r;
    return j;
  }
  j.where = "nowhere: the flow ended at " + page.url + " with HTTP " + std::to_string(page.status);
  return j;
}

}  // namespace samlh::harness
