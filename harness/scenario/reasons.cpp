#include "harness/scenario/reasons.hpp"

#include <array>

namespace samlh::harness {

ReasonMatch unique_match(std::span<const std::optional<AnyReason>> candidates) {
  ReasonMatch m;
  for (const auto& c : candidates) {
    if (!c) continue;
    if (m.reason || m.ambiguous) {
      m.reason.reset();
      m.ambiguous = true;
    } else {
      m.reason = c;
    }
  }
  return m;
}

namespace {

template <class C>
std::optional<AnyReason> widen(std::optional<C> c) {
  return c ? std::optional<AnyReason>(*c) : std::nullopt;
}

}  // namespace

ReasonMatch find_reason(std::string_view spelling) {
  const std::array candidates{widen(core::reason_from_spelling(spelling)),
                              widen(sp::login_reason_from_spelling(spelling)),
                              widen(idp::idp_reason_from_spelling(spelling))};
  return unique_match(candidates);
}

std::optional<AnyReason> any_reason_from_spelling(std::string_view spelling) { return find_reason(spelling).reason; }

std::vector<AnyReason> all_any_reasons() {
  std::vector<AnyReason> out;
  for (core::Reason r : core::all_reasons()) out.emplace_back(r);
  for (sp::LoginReason r : sp::all_login_reasons()) out.emplace_back(r);
  for (idp::IdpReason r : idp::all_idp_reasons()) out.emplace_back(r);
  return out;
}

std::string_view table_of(const AnyReason& r) {
  if (r.get_if<core::Reason>() != nullptr) return "message";
  if (r.get_if<sp::LoginReason>() != nullptr) return "login";
  return "idp";
}

}  // namespace samlh::harness
