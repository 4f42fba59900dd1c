// Helpers for the tests that run the real `sp` binary.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/process.hpp"
#include "tests/support/test_keys.hpp"

namespace samlh::test {

inline const std::string kSpBin = SAMLH_SP_BIN;
inline const std::string kCliData = SAMLH_CLI_DATA_DIR;

// The interop vectors' settings (tests/vectors/manifest.json).
inline constexpr const char* kNow = "2026-03-01T12:01:00Z";
inline constexpr const char* kSpEntity = "https://sp.vectors.test/saml/metadata";
inline constexpr const char* kAcs = "https://sp.vectors.test/sso/acme/acs";
inline constexpr const char* kIdpEntity = "http://idp.vectors.test/metadata";
inline constexpr const char* kRequestId = "id_req_vectors_1";

inline std::string okta_vector_path() { return vectors_path("responses/xmlsec1-okta-template-assertion-signed.xml"); }
inline std::string vector_idp_cert() { return vectors_path("keys/idp.crt"); }

// `sp validate` with the vectors' pinned certificate, audience, ACS and time.
inline std::vector<std::string> validate_args(const std::vector<std::string>& extra) {
  std::vector<std::string> a{kSpBin, "validate", "--idp-cert", vector_idp_cert(), "--sp-entity-id", kSpEntity,
                             "--acs", kAcs, "--now", kNow};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

inline std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::size_t pos = 0;
  while (pos < out.size()) {
    std::size_t nl = out.find('\n', pos);
    if (nl == std::string::npos) nl = out.size();
    const std::string line = out.substr(pos, nl - pos);
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
    pos = nl + 1;
  }
  return lines;
}

inline const nlohmann::json* check(const nlohmann::json& line, const std::string& name) {
  for (const auto& c : line["checks"]) {
    if (c["name"] == name) return &c;
  }
  return nullptr;
}

// A scratch directory removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sp-cli-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string write(const std::string& name, const std::string& contents) const {
    const std::string p = (path_ / name).string();
    std::ofstream(p, std::ios::binary) << contents;
    return p;
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Replaces the first occurrence of `from` (which must be present).
inline std::string replace_once(std::string s, const std::string& from, const std::string& to) {
  const std::size_t at = s.find(from);
  if (at == std::string::npos) {
    ADD_FAILURE() << "not found: " << from;
    return s;
  }
  return s.replace(at, from.size(), to);
}

}  // namespace samlh::test
