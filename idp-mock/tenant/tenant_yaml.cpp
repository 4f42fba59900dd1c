#include "idp-mock/tenant/tenant_yaml.hpp"

namespace samlh::idp {

std::string norm(std::string s) {
  for (char& c : s) {
    if (c == '-' || c == ' ') c = '_';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string pem_or_file(const Reader& r, const YAML::Node& n, const std::string& what, std::string* path) {
  const std::string v = r.str(n, what);
  if (v.find("-----BEGIN") != std::string::npos) return v;
  if (path != nullptr) {
    std::filesystem::path p(v);
    *path = (p.is_relative() ? r.base_dir() / p : p).string();
  }
  return r.file_text(n, what, what + " file");
}

core::Certificate certificate(const Reader& r, const YAML::Node& n, const std::string& what, std::string* path) {
  auto c = core::Certificate::from_pem(pem_or_file(r, n, what, path));
  if (!c) r.fail(n, what + ": not a PEM certificate (" + c.failure().detail + ")");
  return *c;
}

}  // namespace samlh::idp
