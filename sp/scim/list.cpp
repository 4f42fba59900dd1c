#include "sp/scim/list.hpp"

#include <algorithm>
#include <limits>

#include "sp/scim/schema.hpp"

namespace samlh::sp::scim {
namespace {

// An optionally signed run of decimal digits, clamped to int64.
std::optional<std::int64_t> parse_integer(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const int d = c - '0';
    v = v > (kMax - d) / 10 ? kMax : v * 10 + d;
  }
  return negative ? -v : v;
}

}  // namespace

Result<PageRequest> parse_page(std::optional<std::string_view> start_index, std::optional<std::string_view> count,
                               const PageLimits& limits) {
  PageRequest page{1, std::clamp<std::int64_t>(limits.default_count, 0, limits.max_count)};
  if (start_index) {
    const auto v = parse_integer(*start_index);
    if (!v) return make_error(ErrorCode::page_parameter, "startIndex");
    page.start_index = std::max<std::int64_t>(*v, 1);
  }
  if (count) {
    const auto v = parse_integer(*count);
    if (!v) return make_error(ErrorCode::page_parameter, "count");
    page.count = std::clamp<std::int64_t>(*v, 0, limits.max_count);
  }
  return page;
}

PageSlice slice(const PageRequest& page, std::size_t total) noexcept {
  const auto start = static_cast<std::uint64_t>(std::max<std::int64_t>(page.start_index, 1) - 1);
  if (start >= total) return PageSlice{total, 0};
  const auto offset = static_cast<std::size_t>(start);
  const auto wanted = static_cast<std::uint64_t>(std::max<std::int64_t>(page.count, 0));
  return PageSlice{offset, static_cast<std::size_t>(std::min<std::uint64_t>(wanted, total - offset))};
}

nlohmann::json list_response(std::vector<nlohmann::json> resources, std::size_t total, const PageRequest& page) {
  const std::size_t items = resources.size();
  return nlohmann::json{{"schemas", nlohmann::json::array({kListResponseUrn})},
                        {"totalResults", total},
                        {"startIndex", std::max<std::int64_t>(page.start_index, 1)},
                        {"itemsPerPage", items},
                        {"Resources", std::move(resources)}};
}

}  // namespace samlh::sp::scim
