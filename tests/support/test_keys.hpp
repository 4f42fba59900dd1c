// Test helpers: the committed test-only keys (certs/) and the interop vectors.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/file_reader.hpp"
#include "core/keys.hpp"

namespace samlh::test {

inline std::string source_path(const std::string& rel) { return std::string(SAMLH_SOURCE_DIR) + "/" + rel; }
inline std::string vectors_path(const std::string& rel) { return std::string(SAMLH_VECTORS_DIR) + "/" + rel; }

// A test name for a suite over vector files: the file's base name, '-' as '_'.
inline std::string vector_test_name(const ::testing::TestParamInfo<std::string>& p) {
  std::string n = p.param.substr(p.param.rfind('/') + 1);
  n = n.substr(0, n.find('.'));
  for (char& ch : n) {
    if (ch == '-') ch = '_';
  }
  return n;
}

inline std::string slurp(const std::string& path) {
  auto r = core::read_capped(path, core::kMaxConfigFileBytes);
  if (!r) ADD_FAILURE() << r.failure().detail;
  return r ? *r : std::string{};
}

inline core::Certificate cert(const std::string& name) {
  auto c = core::Certificate::from_pem(slurp(source_path("certs/" + name)));
  if (!c) throw std::runtime_error("cannot load certs/" + name + ": " + c.failure().detail);
  return *c;
}

// key("idp") loads certs/idp.key with certs/idp.crt.
inline core::PrivateKey key(const std::string& base, const std::string& cert_file = "") {
  const std::string crt = cert_file.empty() ? base + ".crt" : cert_file;
  auto k = core::PrivateKey::from_pem(slurp(source_path("certs/" + base + ".key")),
                                      slurp(source_path("certs/" + crt)));
  if (!k) throw std::runtime_error("cannot load certs/" + base + ".key: " + k.failure().detail);
  return *k;
}

}  // namespace samlh::test
