// The audit log: every login attempt and admin action, its outcome and its
// gap codes (written by Accounts in the transaction of the change). The gap
// report is built from it. Field meanings: sp/AUDIT.md.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "sp/model/audit_record.hpp"
#include "sp/store/store.hpp"

namespace samlh::sp {

class AuditLog {
 public:
  explicit AuditLog(Store& store) : store_(store) {}

  // Records matching every set filter (org, event, since, subject,
  // after_seq, reason), oldest first, at most q.limit. login_store_failed on a
  // storage error.
  LoginResult<std::vector<AuditRecord>> query(const AuditQuery& q = {});
  // Appends a record written outside Accounts (e.g. the validator's refusal
  // of a response before any account rule ran); assigns rec.seq.
  LoginResult<std::int64_t> append(AuditRecord rec);
  // How many records the retention cap has dropped from this database
  // (sp/AUDIT.md, "Retention"); login_store_failed on a storage error.
  LoginResult<std::int64_t> dropped_total();

 private:
  Store& store_;
};

// The record of a request for an organization slug the SP does not have
// (event sso_login, reason login_org_unknown, org = the slug asked for, cut
// to 64 bytes): nothing else of the request is read or kept. `route` names
// what was asked ("an SP-initiated login").
AuditRecord unknown_org_record(std::string_view slug, core::Instant now, std::string_view route);

// One JSON object, no trailing newline: {"seq","time","org","event","actor",
// "subject","flow","outcome","reason","gaps","weak","detail"}; absent values
// are null, gaps and weak are arrays of spellings.
std::string to_json_line(const AuditRecord& r);

}  // namespace samlh::sp
