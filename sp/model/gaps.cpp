#include "sp/model/gaps.hpp"

#include <array>

#include <nlohmann/json.hpp>

namespace samlh::sp {
namespace {

// The enum is dense and in table order (kGapSpellings checks it), so a gap
// indexes its row.
struct Row {
  std::string_view sentence;
  std::string_view when;
};

constexpr std::array<Row, kGapSpellings.size()> kRows{{
#define SAMLH_GAP(id, sp, se, wh) Row{se, wh},
#include "sp/model/gap_table.inc"
#undef SAMLH_GAP
}};

const Row& row(Gap g) noexcept { return kRows[static_cast<std::size_t>(g)]; }

}  // namespace

std::string_view sentence(Gap g) noexcept { return row(g).sentence; }
std::string_view when_recorded(Gap g) noexcept { return row(g).when; }

std::string gaps_to_json(const std::vector<Gap>& gaps) {
  nlohmann::json a = nlohmann::json::array();
  for (Gap g : gaps) a.push_back(std::string(spelling(g)));
  return a.dump();
}

std::vector<Gap> gaps_from_json(std::string_view json) {
  std::vector<Gap> out;
  const auto a = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!a.is_array()) return out;
  for (const auto& v : a) {
    if (!v.is_string()) continue;
    if (auto g = gap_from_spelling(v.get<std::string>())) out.push_back(*g);
  }
  return out;
}

}  // namespace samlh::sp
