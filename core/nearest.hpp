// "Did you mean": the nearest of some known spellings to a mistyped one, for
// messages that name what the user probably meant (a flag, a key, a name).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace samlh::core {

// Optimal string alignment distance: insertions, deletions, substitutions
// and transpositions of adjacent characters each count one.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word` (the first of equals), or nothing when
// none is within a third of the longer length (at least 2 edits).
std::optional<std::string> nearest(std::string_view word, std::span<const std::string> candidates);

}  // namespace samlh::core
