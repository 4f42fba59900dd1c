#include "idp-mock/tenant/yaml_util.hpp"

#include <fstream>
#include <sstream>

namespace samlh::idp::yaml {
namespace {

std::string read_text(const std::filesystem::path& p, const SettingsSource& src, const YAML::Node& n) {
  std::ifstream in(p, std::ios::binary);
  if (!in) fail(src, n, "cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

[[noreturn]] void fail(const SettingsSource& src, const YAML::Node& n, const std::string& what) {
  std::string where = src.file;
  if (n.IsDefined() && n.Mark().line >= 0) where += ":" + std::to_string(n.Mark().line + 1);
  throw ConfigError(where + ": " + what);
}

void check_keys(const YAML::Node& n, std::initializer_list<std::string_view> allowed, const SettingsSource& src,
                const std::string& where) {
  if (!n.IsMap()) fail(src, n, where + " must be a mapping");
  for (const auto& kv : n) {
    auto key = kv.first.as<std::string>();
    bool ok = false;
    for (auto a : allowed) ok = ok || a == key;
    if (!ok) fail(src, kv.first, "unknown key '" + key + "' in " + where);
  }
}

std::string str(const YAML::Node& n, const SettingsSource& src, const std::string& what) {
  if (!n.IsScalar()) fail(src, n, what + " must be a string");
  return n.as<std::string>();
}

bool boolean(const YAML::Node& n, const SettingsSource& src, const std::string& what) {
  try {
    return n.as<bool>();
  } catch (const YAML::Exception&) {
    fail(src, n, what + " must be true or false");
  }
}

long long integer(const YAML::Node& n, const SettingsSource& src, const std::string& what) {
  try {
    return n.as<long long>();
  } catch (const YAML::Exception&) {
    fail(src, n, what + " must be an integer");
  }
}

std::vector<std::string> str_list(const YAML::Node& n, const SettingsSource& src, const std::string& what) {
  if (!n.IsSequence()) fail(src, n, what + " must be a list");
  std::vector<std::string> out;
  for (const auto& e : n) out.push_back(str(e, src, what));
  return out;
}

std::string norm(std::string s) {
  for (char& c : s) {
    if (c == '-' || c == ' ') c = '_';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}


std::string pem_or_file(const YAML::Node& n, const SettingsSource& src, const std::string& what, std::string* path) {
  std::string v = str(n, src, what);
  if (v.find("-----BEGIN") != std::string::npos) return v;
  auto p = std::filesystem::path(v);
  if (p.is_relative()) p = src.base_dir / p;
  if (path != nullptr) *path = p.string();
  return read_text(p, src, n);
}

core::Certificate certificate(const YAML::Node& n, const SettingsSource& src, const std::string& what,
                              std::string* path) {
  auto pem = pem_or_file(n, src, what, path);
  auto c = core::Certificate::from_pem(pem);
  if (!c) fail(src, n, what + ": not a PEM certificate (" + c.failure().detail + ")");
  return *c;
}

}  // namespace samlh::idp::yaml
