#include "sp/accounts/audit.hpp"

#include <nlohmann/json.hpp>

namespace samlh::sp {
namespace {

nlohmann::ordered_json opt(const std::optional<std::string>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

LoginResult<std::vector<AuditRecord>> AuditLog::query(const AuditQuery& q) {
  auto db = store_.lock();
  try {
    return db->query_audit(q);
  } catch (const sql::Error& e) {
    return core::fail(LoginReason::login_store_failed, e.what());
  }
}

LoginResult<std::int64_t> AuditLog::append(AuditRecord rec) {
  auto db = store_.lock();
  try {
    auto tx = db->transaction();
    const std::int64_t seq = db->append_audit(rec);
    tx.commit();
    return seq;
  } catch (const sql::Error& e) {
    return core::fail(LoginReason::login_store_failed, e.what());
  }
}

LoginResult<std::int64_t> AuditLog::dropped_total() {
  auto db = store_.lock();
  try {
    return db->audit_dropped_total();
  } catch (const sql::Error& e) {
    return core::fail(LoginReason::login_store_failed, e.what());
  }
}

AuditRecord unknown_org_record(std::string_view slug, core::Instant now, std::string_view route) {
  // Why cut: the slug is whatever the URL said; the log must stay bounded.
  return AuditEntry(AuditEvent::sso_login, now)
      .org(std::string(slug.substr(0, 64)))
      .refused(LoginReason::login_org_unknown)
      .note(std::string(route) + " for an organization the SP does not have")
      .take();
}

std::string to_json_line(const AuditRecord& r) {
  // ordered_json keeps the documented field order, so lines diff cleanly.
  nlohmann::ordered_json j;
  j["seq"] = r.seq;
  j["time"] = core::format_saml_time(r.time, /*with_millis=*/true);
  j["org"] = opt(r.org);
  j["event"] = std::string(spelling(r.event));
  j["actor"] = opt(r.actor);
  j["subject"] = opt(r.subject);
  j["flow"] = opt(r.flow);
  j["outcome"] = std::string(spelling(r.outcome));
  j["reason"] = opt(r.reason);
  auto gaps = nlohmann::ordered_json::array();
  for (Gap g : r.gaps) gaps.push_back(std::string(spelling(g)));
  j["gaps"] = std::move(gaps);
  auto weak = nlohmann::ordered_json::array();
  for (core::Weakness w : r.weak) weak.push_back(std::string(core::spelling(w)));
  j["weak"] = std::move(weak);
  j["detail"] = r.detail;
  // Invalid UTF-8 (an attacker's NameID) is replaced, never a throw.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace samlh::sp
