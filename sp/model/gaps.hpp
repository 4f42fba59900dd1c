// Gap codes: where SSO-only onboarding (SAML, but no SCIM and no
// user-management API) falls short. Every audit record may carry some; the
// gap report is built from them. One X-macro table (gap_table.inc) holds the
// enumerator, its spelling, a sentence for reports and when it is recorded.
//
// The fourteen codes of DESIGN.md's gap table, plus these additions:
// - invitation_outlives_idp_deactivation: observe_idp_event() sees a
//   deactivation/unassignment/suspension of someone with a pending invitation
//   but no membership. orphaned_membership_* does not fit (there is no
//   membership yet), and recording nothing would hide that the invitation
//   link still works for whoever controls the mailbox and the IdP account
//   later (okta-hotjar.md C row 4, A.9: the SP does not act on IdP changes).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/spelling.hpp"

namespace samlh::sp {

enum class Gap : std::uint8_t {
#define SAMLH_GAP(id, spelling, sentence, when) id,
#include "sp/model/gap_table.inc"
#undef SAMLH_GAP
};

// "invitation_required", ...: the string in scenario files and reports.
inline constexpr auto kGapSpellings = core::spellings<Gap>({
#define SAMLH_GAP(id, spelling, sentence, when) {Gap::id, spelling},
#include "sp/model/gap_table.inc"
#undef SAMLH_GAP
});
constexpr std::string_view spelling(Gap g) noexcept { return kGapSpellings.spelling(g); }
// One sentence a report shows to a person.
std::string_view sentence(Gap g) noexcept;
// When the SP records it (DESIGN.md's "when it is recorded" column).
std::string_view when_recorded(Gap g) noexcept;
constexpr std::optional<Gap> gap_from_spelling(std::string_view s) noexcept { return kGapSpellings.parse(s); }
constexpr std::span<const Gap> all_gaps() noexcept { return kGapSpellings.values(); }

// Spellings joined as a JSON array text (for the store) and back; unknown
// spellings in stored text are dropped (they cannot be produced by this code).
std::string gaps_to_json(const std::vector<Gap>& gaps);
std::vector<Gap> gaps_from_json(std::string_view json);

}  // namespace samlh::sp
