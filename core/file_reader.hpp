// One capped file reader for every file a tool or server is told to read: a
// key, a certificate, metadata, a configuration, a scenario, an INPUT. It
// stops reading at the cap whatever the file is (a regular file, a pipe,
// /dev/zero), so no option can make a process grow without bound. "-" reads
// standard input under the same cap.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

#include "core/tool_error.hpp"

namespace samlh::core {

// Keys, certificates and SAML metadata (a large federation's metadata is a
// few MiB; one SP's is kilobytes).
inline constexpr std::size_t kMaxKeyFileBytes = 4u * 1024u * 1024u;
// Configuration files: the SP's and the IdP's YAML, scenario files, profiles.
inline constexpr std::size_t kMaxConfigFileBytes = 8u * 1024u * 1024u;

// "4 MiB": a cap as --help and errors state it.
std::string cap_text(std::size_t cap);

// The whole of `path` ("-": standard input) if it holds at most `cap` bytes;
// file_unreadable when it cannot be opened or read (a directory included),
// file_too_large when it holds more (having read cap + 1 bytes, no more).
// The detail names the path and the cap.
ToolResult<std::string> read_capped(const std::string& path, std::size_t cap);
// The same from an open stream; `name` is what the detail calls it.
ToolResult<std::string> read_capped(std::istream& in, std::string_view name, std::size_t cap);

}  // namespace samlh::core
