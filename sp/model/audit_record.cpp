#include "sp/model/audit_record.hpp"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "core/spelling.hpp"

namespace samlh::sp {
namespace {

constexpr core::SpellingTable kAuditEvents{std::array{
#define SAMLH_AUDIT_EVENT(id, sp, me) core::Spelled<AuditEvent>{AuditEvent::id, sp, me},
#include "sp/model/audit_event_table.inc"
#undef SAMLH_AUDIT_EVENT
}};

}  // namespace

std::string_view spelling(AuditEvent e) noexcept { return kAuditEvents.spelling(e); }
std::string_view meaning(AuditEvent e) noexcept { return kAuditEvents.sentence(e); }

std::optional<AuditEvent> audit_event_from_spelling(std::string_view s) noexcept { return kAuditEvents.parse(s); }

std::span<const AuditEvent> all_audit_events() noexcept { return kAuditEvents.all(); }

AuditEvent audit_event_of(IdpEventKind k) noexcept {
  switch (k) {
    case IdpEventKind::assigned: return AuditEvent::idp_assigned;
    case IdpEventKind::unassigned: return AuditEvent::idp_unassigned;
    case IdpEventKind::deactivated: return AuditEvent::idp_deactivated;
    case IdpEventKind::reactivated: return AuditEvent::idp_reactivated;
    case IdpEventKind::suspended: return AuditEvent::idp_suspended;
    case IdpEventKind::email_changed: return AuditEvent::idp_email_changed;
    case IdpEventKind::groups_changed: return AuditEvent::idp_groups_changed;
  }
  return AuditEvent::idp_assigned;
}

AuditEntry::AuditEntry(AuditEvent event, core::Instant at) {
  rec_.event = event;
  rec_.time = at;
}

AuditEntry& AuditEntry::org(std::string slug) {
  rec_.org = std::move(slug);
  return *this;
}

AuditEntry& AuditEntry::actor(std::string email) {
  rec_.actor = std::move(email);
  return *this;
}

AuditEntry& AuditEntry::subject(std::string who) {
  rec_.subject = std::move(who);
  return *this;
}

AuditEntry& AuditEntry::flow(std::string_view f) {
  rec_.flow = std::string(f);
  return *this;
}

AuditEntry& AuditEntry::succeeded() {
  rec_.outcome = AuditOutcome::success;
  rec_.reason.reset();
  return *this;
}

AuditEntry& AuditEntry::observed() {
  rec_.outcome = AuditOutcome::observed;
  rec_.reason.reset();
  return *this;
}

AuditEntry& AuditEntry::refused(const Refusal& r) {
  rec_.outcome = AuditOutcome::refused;
  rec_.reason = std::string(core::spelling(r));
  return *this;
}

AuditEntry& AuditEntry::gap(Gap g) {
  if (std::find(rec_.gaps.begin(), rec_.gaps.end(), g) == rec_.gaps.end()) rec_.gaps.push_back(g);
  return *this;
}

AuditEntry& AuditEntry::weak(core::Weakness w) {
  if (std::find(rec_.weak.begin(), rec_.weak.end(), w) == rec_.weak.end()) rec_.weak.push_back(w);
  return *this;
}

AuditEntry& AuditEntry::note(std::string_view detail) {
  if (detail.empty()) return *this;
  if (!rec_.detail.empty()) rec_.detail += "; ";
  rec_.detail += detail;
  return *this;
}

AuditEntry& AuditEntry::detail(std::string d) {
  rec_.detail = std::move(d);
  return *this;
}

std::string weak_to_json(const std::vector<core::Weakness>& weak) {
  nlohmann::json a = nlohmann::json::array();
  for (core::Weakness w : weak) a.push_back(std::string(core::spelling(w)));
  return a.dump();
}

std::vector<core::Weakness> weak_from_json(std::string_view json) {
  std::vector<core::Weakness> out;
  const auto a = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!a.is_array()) return out;
  for (const auto& v : a) {
    if (!v.is_string()) continue;
    if (auto w = core::weakness_from_spelling(v.get<std::string>())) out.push_back(*w);
  }
  return out;
}

}  // namespace samlh::sp
