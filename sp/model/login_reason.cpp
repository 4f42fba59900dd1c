#include "sp/model/login_reason.hpp"

#include <array>

#include "core/spelling.hpp"

namespace samlh::sp {
namespace {

constexpr core::SpellingTable kLoginReasons{std::array{
#define SAMLH_LOGIN_REASON(id, sp, se) core::Spelled<LoginReason>{LoginReason::id, sp, se},
#include "sp/model/login_reason_table.inc"
#undef SAMLH_LOGIN_REASON
}};

}  // namespace

std::string_view spelling(LoginReason r) noexcept { return kLoginReasons.spelling(r); }

std::string_view sentence(LoginReason r) noexcept { return kLoginReasons.sentence(r); }

std::string_view stage(LoginReason r) noexcept { return core::stage_of(spelling(r)); }

std::optional<LoginReason> login_reason_from_spelling(std::string_view s) noexcept {
  return kLoginReasons.parse(s);
}

std::span<const LoginReason> all_login_reasons() noexcept { return kLoginReasons.all(); }

}  // namespace samlh::sp
