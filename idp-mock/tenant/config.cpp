#include "idp-mock/tenant/config.hpp"

#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "idp-mock/tenant/yaml_util.hpp"

namespace samlh::idp {

using core::DataCipher;
using core::DigestAlgorithm;
using core::KeyTransport;
using core::SignatureAlgorithm;
using namespace yaml;

namespace {

KeyFiles key_files(const YAML::Node& n, const SettingsSource& src, const char* key_key, const char* cert_key) {
  KeyFiles k;
  k.key_pem = pem_or_file(n[key_key], src, key_key, &k.key_path);
  k.cert_pem = pem_or_file(n[cert_key], src, cert_key, nullptr);
  return k;
}

User parse_user(const YAML::Node& n, const SettingsSource& src) {
  check_keys(n, {"id", "login", "email", "password", "firstName", "lastName", "displayName", "status", "profile"},
             src, "user");
  User u;
  u.login = str(n["login"], src, "login");
  u.email = n["email"] ? str(n["email"], src, "email") : u.login;
  u.password = n["password"] ? str(n["password"], src, "password") : "";
  if (n["id"]) u.id = str(n["id"], src, "id");
  for (const char* k : {"firstName", "lastName", "displayName"})
    if (n[k]) u.profile[k] = str(n[k], src, k);
  if (n["status"]) {
    auto st = user_status_from(str(n["status"], src, "status"));
    if (!st) fail(src, n["status"], "status: one of active, suspended, deactivated");
    u.status = *st;
  }
  if (n["profile"]) {
    if (!n["profile"].IsMap()) fail(src, n["profile"], "profile must be a mapping");
    for (const auto& kv : n["profile"]) u.profile[kv.first.as<std::string>()] = str(kv.second, src, "profile value");
  }
  return u;
}

}  // namespace

TenantConfig parse_config(const std::string& yaml_text, const SettingsSource& src) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(src.file + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  check_keys(root, {"org", "listen", "base_url", "signing", "users", "groups", "apps"}, src, "the top level");
  TenantConfig t;
  t.source_file = src.file;
  t.org = str(root["org"], src, "org");
  if (root["listen"]) {
    check_keys(root["listen"], {"address", "port"}, src, "listen");
    if (root["listen"]["address"]) t.address = str(root["listen"]["address"], src, "address");
    if (root["listen"]["port"]) t.port = static_cast<unsigned short>(integer(root["listen"]["port"], src, "port"));
  }
  t.base_url = root["base_url"] ? str(root["base_url"], src, "base_url")
                                : "http://" + t.address + ":" + std::to_string(t.port);
  const auto& sg = root["signing"];
  if (!sg) fail(src, root, "signing (key and certificate) is required");
  check_keys(sg, {"key", "certificate", "next_key", "next_certificate"}, src, "signing");
  t.signing = key_files(sg, src, "key", "certificate");
  if (sg["next_key"]) t.next_signing = key_files(sg, src, "next_key", "next_certificate");

  if (root["users"])
    for (const auto& u : root["users"]) {
      if (auto e = t.directory.add_user(parse_user(u, src))) fail(src, u, e->message);
    }
  if (root["groups"])
    for (const auto& g : root["groups"]) {
      check_keys(g, {"id", "name", "description", "members"}, src, "group");
      Group gr;
      gr.name = str(g["name"], src, "name");
      if (g["id"]) gr.id = str(g["id"], src, "id");
      if (g["description"]) gr.description = str(g["description"], src, "description");
      if (g["members"]) gr.members = str_list(g["members"], src, "members");
      if (auto e = t.directory.add_group(std::move(gr))) fail(src, g, e->message);
    }
  if (root["apps"])
    for (const auto& a : root["apps"]) {
      check_keys(a, {"name", "label", "app_name", "external_key", "assigned_users", "assigned_groups", "signing",
                     "settings"},
                 src, "app");
      AppConfig ac;
      ac.app.name = str(a["name"], src, "name");
      ac.app.label = a["label"] ? str(a["label"], src, "label") : ac.app.name;
      ac.app.app_name = a["app_name"] ? str(a["app_name"], src, "app_name") : t.org + "_" + ac.app.name + "_1";
      ac.app.external_key = str(a["external_key"], src, "external_key");
      if (a["assigned_users"]) ac.assigned_users = str_list(a["assigned_users"], src, "assigned_users");
      if (a["assigned_groups"]) ac.assigned_groups = str_list(a["assigned_groups"], src, "assigned_groups");
      if (a["signing"]) {
        check_keys(a["signing"], {"key", "certificate"}, src, "app signing");
        ac.signing = key_files(a["signing"], src, "key", "certificate");
      }
      if (a["settings"]) apply_settings(ac.app.settings, a["settings"], src);
      if (ac.app.settings.single_sign_on_url.empty()) fail(src, a, "settings.single_sign_on_url is required");
      if (ac.app.settings.audience_uri.empty()) fail(src, a, "settings.audience_uri is required");
      for (const auto& u : ac.assigned_users)
        if (auto e = t.directory.assign_user(ac.app.name, u))
          fail(src, a["assigned_users"], "assigned_users: " + e->message);
      for (const auto& g : ac.assigned_groups)
        if (auto e = t.directory.assign_group(ac.app.name, g)) fail(src, a["assigned_groups"], e->message);
      t.apps.push_back(std::move(ac));
    }
  // A user deactivated in the file was deactivated before: Okta removed its
  // app assignments then, group ones included (its memberships stay) [O18].
  for (const auto& u : t.directory.users())
    if (u.status == UserStatus::deactivated) t.directory.remove_app_assignments(u.login);
  return t;
}

TenantConfig load_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot read");
  std::ostringstream ss;
  ss << in.rdbuf();
  auto abs = std::filesystem::absolute(path);
  return parse_config(ss.str(), SettingsSource{path, abs.parent_path()});
}

std::string signature_algorithm_name(core::SignatureAlgorithm a) {
  switch (a) {
    case SignatureAlgorithm::rsa_sha1: return "RSA_SHA1";
    case SignatureAlgorithm::rsa_sha256: return "RSA_SHA256";
    case SignatureAlgorithm::rsa_sha384: return "RSA_SHA384";
    case SignatureAlgorithm::rsa_sha512: return "RSA_SHA512";
    case SignatureAlgorithm::ecdsa_sha256: return "ECDSA_SHA256";
    case SignatureAlgorithm::ecdsa_sha384: return "ECDSA_SHA384";
    case SignatureAlgorithm::ecdsa_sha512: return "ECDSA_SHA512";
  }
  return "?";
}

std::string digest_algorithm_name(core::DigestAlgorithm a) {
  switch (a) {
    case DigestAlgorithm::sha1: return "SHA1";
    case DigestAlgorithm::sha256: return "SHA256";
    case DigestAlgorithm::sha384: return "SHA384";
    case DigestAlgorithm::sha512: return "SHA512";
  }
  return "?";
}

std::string cipher_name(core::DataCipher c) {
  switch (c) {
    case DataCipher::aes128_cbc: return "AES128_CBC";
    case DataCipher::aes192_cbc: return "AES192_CBC";
    case DataCipher::aes256_cbc: return "AES256_CBC";
    case DataCipher::aes128_gcm: return "AES128_GCM";
    case DataCipher::aes192_gcm: return "AES192_GCM";
    case DataCipher::aes256_gcm: return "AES256_GCM";
    case DataCipher::tripledes_cbc: return "TRIPLEDES_CBC";
  }
  return "?";
}

std::string transport_name(core::KeyTransport k) {
  switch (k) {
    case KeyTransport::rsa_oaep_mgf1p: return "RSA_OAEP";
    case KeyTransport::rsa_oaep: return "RSA_OAEP_11";
    case KeyTransport::rsa_1_5: return "RSA_15";
  }
  return "?";
}

std::string group_filter_name(GroupFilter f) {
  switch (f) {
    case GroupFilter::starts_with: return "starts_with";
    case GroupFilter::equals: return "equals";
    case GroupFilter::contains: return "contains";
    case GroupFilter::regex: return "regex";
  }
  return "?";
}

}  // namespace samlh::idp
