// --sp-profile FILE: what the target SP declares it intends, read with the
// strict YAML reader (errors name file:line and the key).
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/file_reader.hpp"
#include "core/keys.hpp"
#include "core/yaml/reader.hpp"
#include "harness/run/target.hpp"

namespace samlh::harness {

TargetProfile load_target_profile(const std::string& path) {
  auto text = core::read_capped(path, 64 * 1024);
  if (!text) throw std::runtime_error("cannot read the SP profile: " + text.failure().detail);
  TargetProfile p;
  p.source = path;
  try {
    const YAML::Node root = core::yaml::load(*text, path);
    const core::yaml::Reader r(path, std::filesystem::absolute(path).parent_path());
    r.require_map(root, "the SP profile");
    r.keys(root, {"signing-policy", "skew", "max-age", "allow-idp-initiated", "allow-sha1", "allow-rsa15", "allow-3des", "require-gcm",
                   "encryption-certificate"},
           "the SP profile");
    if (root["signing-policy"]) {
      p.signing_policy = r.str(root["signing-policy"], "signing-policy");
      if (p.signing_policy != "assertion-or-response" && p.signing_policy != "assertion" &&
          p.signing_policy != "response" && p.signing_policy != "both") {
        r.fail(root["signing-policy"], "signing-policy must be assertion-or-response, assertion, response or both");
      }
    }
    if (root["skew"]) p.skew = r.duration(root["skew"], "skew");
    if (root["max-age"]) p.max_age = r.duration(root["max-age"], "max-age");
    if (root["allow-idp-initiated"]) p.idp_initiated = r.boolean(root["allow-idp-initiated"], "allow-idp-initiated");
    if (root["allow-sha1"]) p.allow_sha1 = r.boolean(root["allow-sha1"], "allow-sha1");
    if (root["allow-rsa15"]) p.allow_rsa15 = r.boolean(root["allow-rsa15"], "allow-rsa15");
    if (root["allow-3des"]) p.allow_3des = r.boolean(root["allow-3des"], "allow-3des");
    if (root["require-gcm"]) p.require_gcm = r.boolean(root["require-gcm"], "require-gcm");
    if (root["encryption-certificate"]) {
      p.encryption_pem = r.file_text(root["encryption-certificate"], "encryption-certificate", "certificate file");
      if (!core::Certificate::from_pem(p.encryption_pem)) {
        r.fail(root["encryption-certificate"], "'encryption-certificate' is not a PEM certificate");
      }
    }
  } catch (const core::yaml::Error& e) {
    throw std::runtime_error(std::string("invalid SP profile: ") + e.what());
  }
  return p;
}

}  // namespace samlh::harness
