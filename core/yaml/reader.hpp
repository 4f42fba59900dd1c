// The strict YAML reader every configuration and scenario file goes through.
//
// A mistake is a yaml::Error naming the file, the line and the key, never a
// default quietly taken: unknown and repeated keys, a list where one value
// belongs, a boolean spelled otherwise than true/false/yes/no, an integer
// with anything but digits and a sign, a duration outside core's grammar.
// Domain readers (sp/config, idp-mock/tenant, harness/scenario) build their
// own rules on these and turn yaml::Error into their own error type at their
// entry point (rethrow_as).
#pragma once

#include <filesystem>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/clock.hpp"

namespace samlh::core::yaml {

// "file:line: message" ("file: message" when the line is unknown, 0).
class Error : public std::runtime_error {
 public:
  Error(std::string file, int line, std::string message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_;
  std::string message_;
};

// Parses `text`; a syntax error is an Error at yaml-cpp's line.
YAML::Node load(std::string_view text, const std::string& file);

class Reader {
 public:
  // `file` names the source in errors; files named in the YAML (file_text)
  // are relative to `base_dir`.
  explicit Reader(std::string file, std::filesystem::path base_dir = {});

  [[noreturn]] void fail(const YAML::Node& at, std::string_view what) const;
  void require_map(const YAML::Node& n, std::string_view what) const;
  // A mapping whose keys are all in `allowed`, each once.
  void keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed, std::string_view where) const;
  void keys(const YAML::Node& map, std::span<const std::string_view> allowed, std::string_view where) const;
  // map[key], present and not null.
  YAML::Node need(const YAML::Node& map, const char* key, std::string_view where) const;

  // Every value rule refuses an absent node (map["missing"]) with the key's
  // name, never yaml-cpp's InvalidNode.
  // One scalar value.
  std::string str(const YAML::Node& n, std::string_view key) const;
  // true, false, yes or no.
  bool boolean(const YAML::Node& n, std::string_view key) const;
  // An optional '-' and 1 to 18 ASCII digits.
  long long integer(const YAML::Node& n, std::string_view key) const;
  // The same, from `min` to `max` inclusive: anything else fails at the
  // file, line and key ("'port' must be from 0 to 65535, not 72547").
  long long integer(const YAML::Node& n, std::string_view key, long long min, long long max) const;
  // A list of scalars.
  std::vector<std::string> strings(const YAML::Node& n, std::string_view key) const;
  // One scalar or a list of scalars.
  std::vector<std::string> one_or_more(const YAML::Node& n, std::string_view key) const;
  // A positive duration in core::parse_duration's grammar ("30m", "7d").
  Millis duration(const YAML::Node& n, std::string_view key) const;
  // The same, from `min` to `max` inclusive, else it fails at the file, line
  // and key.
  Millis duration(const YAML::Node& n, std::string_view key, Millis min, Millis max) const;
  // The text of the file the scalar names, relative to base_dir; `what`
  // names it in errors ("certificate file").
  std::string file_text(const YAML::Node& n, std::string_view key, std::string_view what) const;

  const std::string& file() const { return file_; }
  const std::filesystem::path& base_dir() const { return base_dir_; }

 private:
  std::string file_;
  std::filesystem::path base_dir_;
};

// Runs `read`; a yaml::Error or one of yaml-cpp's own exceptions (a bad
// conversion deep in a node) leaves as DomainError(what()).
template <class DomainError, class Read>
auto rethrow_as(const std::string& file, Read&& read) -> decltype(read()) {
  try {
    return read();
  } catch (const Error& e) {
    throw DomainError(e.what());
  } catch (const YAML::Exception& e) {
    throw DomainError(Error(file, e.mark.is_null() ? 0 : e.mark.line + 1, e.msg).what());
  }
}

}  // namespace samlh::core::yaml
