#include "sp/scim/error.hpp"

#include <algorithm>
#include <array>

namespace samlh::sp::scim {
namespace {

struct Row {
  ErrorCode code;
  std::string_view spelling;
  int status;
  ScimType type;
  std::string_view sentence;
};

constexpr std::array kRows{
#define SAMLH_SCIM_ERROR(id, spell, status, type, sent) Row{ErrorCode::id, spell, status, ScimType::type, sent},
#include "sp/scim/error_table.inc"
#undef SAMLH_SCIM_ERROR
};

constexpr std::array kCodes{
#define SAMLH_SCIM_ERROR(id, spell, status, type, sent) ErrorCode::id,
#include "sp/scim/error_table.inc"
#undef SAMLH_SCIM_ERROR
};

const Row& row(ErrorCode c) noexcept { return kRows[static_cast<std::size_t>(c)]; }

constexpr std::array<std::string_view, 11> kTypeSpellings{
    "",           "invalidFilter", "tooMany",  "uniqueness", "mutability", "invalidSyntax",
    "invalidPath", "noTarget",     "invalidValue", "invalidVers", "sensitive",
};

}  // namespace

std::string_view spelling(ScimType t) noexcept { return kTypeSpellings[static_cast<std::size_t>(t)]; }

std::string_view spelling(ErrorCode c) noexcept { return row(c).spelling; }
std::string_view sentence(ErrorCode c) noexcept { return row(c).sentence; }
int http_status(ErrorCode c) noexcept { return row(c).status; }
ScimType scim_type(ErrorCode c) noexcept { return row(c).type; }

std::optional<ErrorCode> error_from_spelling(std::string_view s) noexcept {
  const auto it = std::find_if(kRows.begin(), kRows.end(), [&](const Row& r) { return r.spelling == s; });
  if (it == kRows.end()) return std::nullopt;
  return it->code;
}

std::span<const ErrorCode> all_error_codes() noexcept { return kCodes; }

nlohmann::json error_body(const Error& e) {
  nlohmann::json body{{"schemas", nlohmann::json::array({kErrorUrn})},
                      {"status", std::to_string(http_status(e.reason))}};
  if (scim_type(e.reason) != ScimType::none) body["scimType"] = spelling(scim_type(e.reason));
  std::string detail(sentence(e.reason));
  if (!e.detail.empty()) detail += " (" + e.detail + ")";
  body["detail"] = std::move(detail);
  return body;
}

std::string render(const nlohmann::json& doc) {
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string bounded_name(std::string_view name) {
  constexpr std::size_t kMax = 64;
  if (name.size() <= kMax) return std::string(name);
  return std::string(name.substr(0, kMax)) + "...";
}

}  // namespace samlh::sp::scim
