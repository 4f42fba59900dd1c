#include "core/file_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

namespace samlh::core {

std::string cap_text(std::size_t cap) {
  constexpr std::size_t kMiB = 1024u * 1024u;
  if (cap % kMiB == 0) return std::to_string(cap / kMiB) + " MiB";
  if (cap % 1024u == 0) return std::to_string(cap / 1024u) + " KiB";
  return std::to_string(cap) + " bytes";
}

ToolResult<std::string> read_capped(std::istream& in, std::string_view name, std::size_t cap) {
  // Read in parts of at most 1 MiB and join them once at the end: a string
  // grown by appending reallocates as it doubles, and a stream without a size
  // (a pipe, /dev/zero) then peaks at several times the cap in freed buffers
  // (which a sanitizer's quarantine keeps resident).
  constexpr std::size_t kPart = 1024u * 1024u;
  std::vector<std::string> parts;
  std::size_t total = 0;
  while (in) {
    // Never ask for more than one byte past the cap.
    std::string part(std::min(kPart, cap + 1 - total), '\0');
    in.read(part.data(), static_cast<std::streamsize>(part.size()));
    part.resize(static_cast<std::size_t>(in.gcount()));
    total += part.size();
    if (total > cap) {
      return fail(ToolError::file_too_large, std::string(name) + " is larger than the cap of " + cap_text(cap));
    }
    if (!part.empty()) parts.push_back(std::move(part));
  }
  if (in.bad()) return fail(ToolError::file_unreadable, std::string(name) + ": read error");
  std::string data;
  data.reserve(total);
  for (const std::string& part : parts) data += part;
  return data;
}

ToolResult<std::string> read_capped(const std::string& path, std::size_t cap) {
  if (path == "-") return read_capped(std::cin, "standard input", cap);
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(st)) return fail(ToolError::file_unreadable, path + " is a directory");
  // A regular file's size refuses it before a byte is read.
  if (std::filesystem::is_regular_file(st)) {
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > cap) {
      return fail(ToolError::file_too_large,
                  path + " is " + std::to_string(size) + " bytes, larger than the cap of " + cap_text(cap));
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ToolError::file_unreadable, path + ": " + std::strerror(errno));
  return read_capped(in, path, cap);
}

}  // namespace samlh::core
