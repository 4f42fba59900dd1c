#include "core/yaml/reader.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/file_reader.hpp"

namespace samlh::core::yaml {
namespace {

// A duration in parse_duration's grammar, in its largest whole unit.
std::string duration_text(Millis d) {
  constexpr std::pair<long long, const char*> kUnits[] = {{86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}};
  for (const auto& [ms, unit] : kUnits) {
    if (d.count() % ms == 0) return std::to_string(d.count() / ms) + unit;
  }
  return std::to_string(d.count()) + "ms";
}

std::string where_text(const std::string& file, int line) {
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

std::string in_quotes(std::string_view key) { return "'" + std::string(key) + "'"; }

}  // namespace

Error::Error(std::string file, int line, std::string message)
    : std::runtime_error(where_text(file, line) + ": " + message),
      file_(std::move(file)),
      line_(line),
      message_(std::move(message)) {}

YAML::Node load(std::string_view text, const std::string& file) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw Error(file, e.mark.is_null() ? 0 : e.mark.line + 1, "not valid YAML: " + e.msg);
  }
}

Reader::Reader(std::string file, std::filesystem::path base_dir)
    : file_(std::move(file)), base_dir_(std::move(base_dir)) {}

void Reader::fail(const YAML::Node& at, std::string_view what) const {
  const int line = at.IsDefined() && !at.Mark().is_null() ? at.Mark().line + 1 : 0;
  throw Error(file_, line, std::string(what));
}

void Reader::require_map(const YAML::Node& n, std::string_view what) const {
  if (!n.IsDefined() || !n.IsMap()) fail(n, std::string(what) + " must be a mapping");
}

void Reader::keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                  std::string_view where) const {
  keys(map, std::span<const std::string_view>(allowed.begin(), allowed.size()), where);
}

void Reader::keys(const YAML::Node& map, std::span<const std::string_view> allowed, std::string_view where) const {
  require_map(map, where);
  std::set<std::string> seen;
  for (const auto& kv : map) {
    const std::string key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      fail(kv.first, "unknown key " + in_quotes(key) + " in " + std::string(where) + " (expected one of: " + list + ")");
    }
    if (!seen.insert(key).second) fail(kv.first, "key " + in_quotes(key) + " repeated in " + std::string(where));
  }
}

YAML::Node Reader::need(const YAML::Node& map, const char* key, std::string_view where) const {
  YAML::Node n = map[key];
  if (!n.IsDefined() || n.IsNull()) fail(map, std::string(where) + " needs " + in_quotes(key));
  return n;
}

std::string Reader::str(const YAML::Node& n, std::string_view key) const {
  if (!n.IsDefined() || !n.IsScalar()) fail(n, in_quotes(key) + " must be a single value");
  return n.Scalar();
}

bool Reader::boolean(const YAML::Node& n, std::string_view key) const {
  const std::string v = str(n, key);
  if (v == "true" || v == "yes") return true;
  if (v == "false" || v == "no") return false;
  fail(n, in_quotes(key) + " must be true or false, not '" + v + "'");
}

long long Reader::integer(const YAML::Node& n, std::string_view key) const {
  const std::string v = str(n, key);
  const std::size_t digits = v.size() - (v.starts_with('-') ? 1 : 0);
  if (digits == 0 || digits > 18 || v.find_first_not_of("0123456789", v.size() - digits) != std::string::npos) {
    fail(n, in_quotes(key) + " must be an integer, not '" + v + "'");
  }
  return std::stoll(v);
}

long long Reader::integer(const YAML::Node& n, std::string_view key, long long min, long long max) const {
  const long long v = integer(n, key);
  if (v < min || v > max) {
    fail(n, in_quotes(key) + " must be from " + std::to_string(min) + " to " + std::to_string(max) + ", not " +
                std::to_string(v));
  }
  return v;
}

std::vector<std::string> Reader::strings(const YAML::Node& n, std::string_view key) const {
  if (!n.IsDefined() || !n.IsSequence()) fail(n, in_quotes(key) + " must be a list");
  std::vector<std::string> out;
  for (const auto& e : n) out.push_back(str(e, key));
  return out;
}

std::vector<std::string> Reader::one_or_more(const YAML::Node& n, std::string_view key) const {
  if (n.IsDefined() && n.IsScalar()) return {n.Scalar()};
  return strings(n, key);
}

Millis Reader::duration(const YAML::Node& n, std::string_view key) const {
  const auto d = parse_duration(str(n, key));
  if (!d || d->count() <= 0) {
    fail(n, in_quotes(key) + " must be a positive duration such as 1500ms, 90s, 30m, 24h or 7d");
  }
  return *d;
}

Millis Reader::duration(const YAML::Node& n, std::string_view key, Millis min, Millis max) const {
  const Millis d = duration(n, key);
  if (d < min || d > max) {
    fail(n, in_quotes(key) + " must be from " + duration_text(min) + " to " + duration_text(max) + ", not " +
                str(n, key));
  }
  return d;
}

std::string Reader::file_text(const YAML::Node& n, std::string_view key, std::string_view what) const {
  std::filesystem::path p(str(n, key));
  if (p.is_relative()) p = base_dir_ / p;
  auto text = read_capped(p.string(), kMaxKeyFileBytes);
  if (!text) fail(n, "cannot read " + std::string(what) + " " + text.failure().detail);
  return std::move(text).value();
}

}  // namespace samlh::core::yaml
