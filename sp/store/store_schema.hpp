// The schema as an ordered list of migration steps. A step is never edited
// once released: a change is a new step. PRAGMA user_version holds the number
// of the last step applied.
#pragma once

#include <span>
#include <string_view>

namespace samlh::sp {

struct Migration {
  int version;  // 1, 2, ...: dense and in order
  std::string_view name;
  std::string_view sql;
};

std::span<const Migration> migrations() noexcept;

}  // namespace samlh::sp
