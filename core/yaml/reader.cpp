#include "core/yaml/reader.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace samlh::core::yaml {
namespace {

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

std::string Reader::file_text(const YAML::Node& n, std::string_view key, std::string_view what) const {
  std::filesystem::path p(str(n, key));
  if (p.is_relative()) p = base_dir_ / p;
  std::ifstream in(p, std::ios::binary);
  if (!in) fail(n, "cannot read " + std::string(what) + " " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace samlh::core::yaml
