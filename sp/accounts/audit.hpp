// The audit log: every login attempt and admin action, its outcome and its
// gap codes (written by Accounts in the transaction of the change). The gap
// report is built from it. Field meanings: sp/AUDIT.md.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "sp/model/login_reason.hpp"
#include "sp/model/model.hpp"
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

 private:
  Store& store_;
};

// One JSON object, no trailing newline: {"seq","time","org","event","actor",
// "subject","flow","outcome","reason","gaps","detail"}; absent values are null.
std::string to_json_line(const AuditRecord& r);

}  // namespace samlh::sp
