#include "idp-mock/tenant/idp_reason.hpp"

#include <array>

#include "core/spelling.hpp"

namespace samlh::idp {
namespace {

constexpr core::SpellingTable kIdpReasons{std::array{
#define SAMLH_IDP_REASON(id, sp, se) core::Spelled<IdpReason>{IdpReason::id, sp, se},
#include "idp-mock/tenant/idp_reason_table.inc"
#undef SAMLH_IDP_REASON
}};

}  // namespace

std::string_view spelling(IdpReason r) noexcept { return kIdpReasons.spelling(r); }

std::string_view sentence(IdpReason r) noexcept { return kIdpReasons.sentence(r); }

std::optional<IdpReason> idp_reason_from_spelling(std::string_view s) noexcept { return kIdpReasons.parse(s); }

std::span<const IdpReason> all_idp_reasons() noexcept { return kIdpReasons.all(); }

}  // namespace samlh::idp
