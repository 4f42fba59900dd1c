// One line of the audit log, its event table, and the one way records are
// made (AuditEntry). Fields and events are documented in sp/AUDIT.md; the
// store keeps records (sp/store), AuditLog reads and exports them
// (sp/accounts/audit.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/reason.hpp"
#include "core/spelling.hpp"
#include "sp/model/gaps.hpp"
#include "sp/model/login_reason.hpp"
#include "sp/model/model.hpp"

namespace samlh::sp {

// What a record is about: one enumerator per row of audit_event_table.inc,
// whose spelling is the `event` field.
enum class AuditEvent : std::uint8_t {
#define SAMLH_AUDIT_EVENT(id, spelling, meaning) id,
#include "sp/model/audit_event_table.inc"
#undef SAMLH_AUDIT_EVENT
};

std::string_view spelling(AuditEvent e) noexcept;
std::string_view meaning(AuditEvent e) noexcept;
std::optional<AuditEvent> audit_event_from_spelling(std::string_view s) noexcept;
std::span<const AuditEvent> all_audit_events() noexcept;
// The record of an observed IdP event: idp_deactivated for deactivated, ...
AuditEvent audit_event_of(IdpEventKind k) noexcept;

enum class AuditOutcome : std::uint8_t { success, refused, observed };
inline constexpr auto kAuditOutcomeSpellings = core::spellings<AuditOutcome>(
    {{AuditOutcome::success, "success"}, {AuditOutcome::refused, "refused"}, {AuditOutcome::observed, "observed"}});
constexpr std::string_view spelling(AuditOutcome o) noexcept { return kAuditOutcomeSpellings.spelling(o); }

struct AuditRecord {
  std::int64_t seq = 0;  // assigned by the store
  core::Instant time{};
  std::optional<std::string> org;  // organization slug
  AuditEvent event = AuditEvent::sso_login;
  std::optional<std::string> actor;    // acting member for admin actions
  std::optional<std::string> subject;  // the person the event is about
  std::optional<std::string> flow;     // "sp_initiated", "idp_initiated", "password"
  AuditOutcome outcome = AuditOutcome::success;
  std::optional<std::string> reason;   // the Refusal's spelling (message or login reason)
  std::vector<Gap> gaps;
  std::vector<core::Weakness> weak;  // relaxed validation options a verdict relied on
  std::string detail;  // private detail for operators; never shown to end users
};

// Builds one AuditRecord: the event and the instant it was decided first,
// then what is known. An outcome and its reason are set together
// (refused()), each gap and weakness is kept once, details are joined with
// "; ". Every record of the SP is made through it.
class AuditEntry {
 public:
  AuditEntry(AuditEvent event, core::Instant at);

  AuditEntry& org(std::string slug);
  AuditEntry& actor(std::string email);
  AuditEntry& subject(std::string who);
  AuditEntry& flow(std::string_view f);
  AuditEntry& succeeded();
  AuditEntry& observed();
  // A message reason or a login reason (Refusal converts from either).
  AuditEntry& refused(const Refusal& r);
  AuditEntry& gap(Gap g);
  AuditEntry& weak(core::Weakness w);
  AuditEntry& note(std::string_view detail);
  // Replaces the detail (the verdict's failing check names it alone).
  AuditEntry& detail(std::string d);

  core::Instant time() const noexcept { return rec_.time; }
  AuditOutcome outcome() const noexcept { return rec_.outcome; }
  const std::vector<Gap>& gaps() const noexcept { return rec_.gaps; }
  const AuditRecord& record() const noexcept { return rec_; }
  // For the store, which assigns the sequence number.
  AuditRecord& record() noexcept { return rec_; }
  // Moves the record out; the entry is spent.
  AuditRecord take() { return std::move(rec_); }

 private:
  AuditRecord rec_;
};

// Spellings as a JSON array text (for the store) and back; unknown spellings
// in stored text are dropped (this code cannot produce them).
std::string weak_to_json(const std::vector<core::Weakness>& weak);
std::vector<core::Weakness> weak_from_json(std::string_view json);

}  // namespace samlh::sp
