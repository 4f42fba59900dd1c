#include "sp/store/json_text.hpp"

#include <nlohmann/json.hpp>

namespace samlh::sp {

std::string strings_to_json(const std::vector<std::string>& v) { return nlohmann::json(v).dump(); }

std::vector<std::string> strings_from_json(std::string_view text) {
  std::vector<std::string> out;
  const auto a = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!a.is_array()) return out;
  for (const auto& e : a) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

}  // namespace samlh::sp
