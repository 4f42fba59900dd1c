// Listing (RFC 7644 §3.4.2): the pagination parameters and the ListResponse
// message. Rules (§3.4.2.4): startIndex is 1-based and a value below 1 is
// read as 1; a negative count is read as 0; count=0 returns no resources,
// only totalResults; a count above the server's maximum is cut to it (the
// server "MAY return fewer"). Okta pages with startIndex += count and needs
// the integers as JSON numbers ([O20] "Retrieve Users").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sp/scim/error.hpp"

namespace samlh::sp::scim {

struct PageLimits {
  std::int64_t default_count = 100;  // Okta's page size ([O20])
  std::int64_t max_count = 200;
};

struct PageRequest {
  std::int64_t start_index = 1;  // >= 1
  std::int64_t count = 100;      // 0..max_count
};

// The query parameters as sent (absent: nullopt). Fails with page_parameter
// when one is not an optionally signed decimal integer; values beyond the
// int64 range are clamped, not refused.
Result<PageRequest> parse_page(std::optional<std::string_view> start_index, std::optional<std::string_view> count,
                               const PageLimits& limits = {});

// The slice [offset, offset + length) of `total` results a page holds.
struct PageSlice {
  std::size_t offset = 0;
  std::size_t length = 0;
};
PageSlice slice(const PageRequest& page, std::size_t total) noexcept;

// {"schemas":[ListResponse URN],"totalResults":total,"startIndex":...,
// "itemsPerPage":resources.size(),"Resources":[...]}; Resources is always
// present (empty for count=0 or past the end).
nlohmann::json list_response(std::vector<nlohmann::json> resources, std::size_t total, const PageRequest& page);

}  // namespace samlh::sp::scim
