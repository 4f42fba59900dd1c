// Arrays of strings as JSON text (the store's list columns).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace samlh::sp {

std::string strings_to_json(const std::vector<std::string>& v);
// Non-string elements and malformed text yield what could be read (the
// store only ever reads what strings_to_json wrote).
std::vector<std::string> strings_from_json(std::string_view text);

}  // namespace samlh::sp
