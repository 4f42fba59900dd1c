// Okta's group filter "Matches regex" (okta-hotjar.md B.9 [O3]): a Java
// regex matched against the whole group name, as Java's Matcher.matches().
// Okta's documentation does not name the engine's limits; those below are
// the project's (assumption): PCRE2, with Java's syntax where the two differ
// (Java's \uhhhh is read as \x{hhhh}), UTF-8, anchored at both ends, no JIT, and match and
// depth limits so that a pattern that backtracks without end, or a subject of
// any length, costs a bounded time and stack: it fails that one mint with
// idp_group_filter_limit rather than stalling or crashing the server.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "idp-mock/tenant/idp_reason.hpp"

namespace samlh::idp {

class GroupRegex {
 public:
  static constexpr std::uint32_t kMatchLimit = 1'000'000;  // PCRE2's count of internal match() calls
  static constexpr std::uint32_t kDepthLimit = 50'000;     // backtracking depth (heap frames, not stack)
  static constexpr std::uint32_t kHeapLimitKiB = 20'000;   // heap for backtracking frames
  static constexpr std::size_t kMaxPatternLength = 4'096;

  GroupRegex() = default;
  // The pattern compiled; throws std::invalid_argument with PCRE2's message
  // and the offset it points at when it does not compile (a configuration
  // error, found when the settings are read).
  static GroupRegex compile(std::string_view pattern);

  // Whether the whole `subject` matches; idp_group_filter_limit when a limit
  // is hit (or the subject is not UTF-8). An empty GroupRegex matches nothing.
  IdpResult<bool> matches(std::string_view subject) const;

 private:
  struct Code;
  std::shared_ptr<const Code> code_;
};

}  // namespace samlh::idp
