// What the validator hands to the rest of the SP: a verdict, the first
// failing reason, the trace of every check, and (only when accepted) the
// identity read from the element whose signature verified.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/reason.hpp"
#include "core/spelling.hpp"

namespace samlh::sp {

enum class CheckStatus { passed, failed, not_run, skipped };

struct CheckRecord {
  std::string name;  // "decode", "parse", "structure", ... (see validator.hpp)
  CheckStatus status = CheckStatus::not_run;
  std::string detail;  // private: for traces and logs, never shown to end users
};

// Identity read from the verified assertion. Nothing unsigned ever lands here.
struct Identity {
  std::string issuer;
  std::string name_id;
  std::string name_id_format;
  std::map<std::string, std::vector<std::string>> attributes;  // Name -> values, in document order
  std::string session_index;                                    // empty when absent
  std::string assertion_id;
  std::string response_id;
  std::string in_response_to;  // empty for IdP-initiated
  core::Instant not_on_or_after{};  // earliest of Conditions and bearer NotOnOrAfter
  core::Instant authn_instant{};
};

struct Verdict {
  bool accepted = false;
  std::optional<core::Reason> reason;  // set iff !accepted
  std::string reason_detail;           // private detail of the failing check
  std::vector<CheckRecord> checks;     // every check, in pipeline order
  std::optional<Identity> identity;    // set iff accepted
  std::vector<core::Weakness> weak;
};

inline constexpr auto kCheckStatusSpellings = core::spellings<CheckStatus>({{CheckStatus::passed, "passed"},
                                                                              {CheckStatus::failed, "failed"},
                                                                              {CheckStatus::not_run, "not_run"},
                                                                              {CheckStatus::skipped, "skipped"}});
constexpr std::string_view spelling(CheckStatus s) { return kCheckStatusSpellings.spelling(s); }

}  // namespace samlh::sp
