#include "idp-mock/tenant/config.hpp"

#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "core/file_reader.hpp"
#include "idp-mock/tenant/tenant_yaml.hpp"

namespace samlh::idp {

using core::DataCipher;
using core::DigestAlgorithm;
using core::KeyTransport;
using core::SignatureAlgorithm;
using core::yaml::Reader;

namespace {

KeyFiles key_files(const YAML::Node& n, const Reader& r, const char* key_key, const char* cert_key) {
  KeyFiles k;
  k.key_pem = pem_or_file(r, n[key_key], key_key, &k.key_path);
  k.cert_pem = pem_or_file(r, n[cert_key], cert_key, &k.cert_path);
  return k;
}

User parse_user(const YAML::Node& n, const Reader& r) {
  r.keys(n, {"id", "login", "email", "password", "firstName", "lastName", "displayName", "status", "profile"}, "user");
  User u;
  u.login = r.str(n["login"], "login");
  u.email = n["email"] ? r.str(n["email"], "email") : u.login;
  u.password = n["password"] ? r.str(n["password"], "password") : "";
  if (n["id"]) u.id = r.str(n["id"], "id");
  for (const char* k : {"firstName", "lastName", "displayName"})
    if (n[k]) u.profile[k] = r.str(n[k], k);
  if (n["status"]) {
    auto st = user_status_from(r.str(n["status"], "status"));
    if (!st) r.fail(n["status"], "status: one of active, suspended, deactivated");
    u.status = *st;
  }
  if (n["profile"]) {
    if (!n["profile"].IsMap()) r.fail(n["profile"], "profile must be a mapping");
    for (const auto& kv : n["profile"]) u.profile[kv.first.as<std::string>()] = r.str(kv.second, "profile value");
  }
  return u;
}

}  // namespace

void read_directory(const YAML::Node& root, const Reader& r, Directory& directory) {
  if (root["users"])
    for (const auto& u : root["users"]) {
      if (auto e = directory.add_user(parse_user(u, r))) r.fail(u, e->message);
    }
  if (root["groups"])
    for (const auto& g : root["groups"]) {
      r.keys(g, {"id", "name", "description", "members"}, "group");
      Group gr;
      gr.name = r.str(g["name"], "name");
      if (g["id"]) gr.id = r.str(g["id"], "id");
      if (g["description"]) gr.description = r.str(g["description"], "description");
      if (g["members"]) gr.members = r.strings(g["members"], "members");
      if (auto e = directory.add_group(std::move(gr))) r.fail(g, e->message);
    }
}

namespace {

TenantConfig read_config(const YAML::Node& root, const Reader& r) {
  r.keys(root, {"org", "listen", "base_url", "signing", "users", "groups", "apps"}, "the top level");
  TenantConfig t;
  t.source_file = r.file();
  t.org = r.str(root["org"], "org");
  if (root["listen"]) {
    r.keys(root["listen"], {"address", "port", "max_connections"}, "listen");
    if (root["listen"]["address"]) t.address = r.str(root["listen"]["address"], "address");
    if (root["listen"]["port"]) t.port = static_cast<unsigned short>(r.integer(root["listen"]["port"], "port", 0, 65535));
    if (const YAML::Node m = root["listen"]["max_connections"]) {
      t.max_connections = static_cast<std::size_t>(r.integer(m, "max_connections", 0, 1'000'000));
      if (t.max_connections != 0 && t.max_connections < 8) r.fail(m, "'max_connections' must be 0 (automatic) or at least 8");
    }
  }
  t.base_url = root["base_url"] ? r.str(root["base_url"], "base_url")
                                : "http://" + t.address + ":" + std::to_string(t.port);
  const auto& sg = root["signing"];
  if (!sg) r.fail(root, "signing (key and certificate) is required");
  r.keys(sg, {"key", "certificate", "next_key", "next_certificate"}, "signing");
  t.signing = key_files(sg, r, "key", "certificate");
  if (sg["next_key"]) t.next_signing = key_files(sg, r, "next_key", "next_certificate");

  read_directory(root, r, t.directory);
  if (root["apps"])
    for (const auto& a : root["apps"]) {
      r.keys(a, {"name", "label", "app_name", "external_key", "assigned_users", "assigned_groups", "signing",
                     "settings"}, "app");
      AppConfig ac;
      ac.app.name = r.str(a["name"], "name");
      ac.app.label = a["label"] ? r.str(a["label"], "label") : ac.app.name;
      ac.app.app_name = a["app_name"] ? r.str(a["app_name"], "app_name") : t.org + "_" + ac.app.name + "_1";
      ac.app.external_key = r.str(a["external_key"], "external_key");
      if (a["assigned_users"]) ac.assigned_users = r.strings(a["assigned_users"], "assigned_users");
      if (a["assigned_groups"]) ac.assigned_groups = r.strings(a["assigned_groups"], "assigned_groups");
      if (a["signing"]) {
        r.keys(a["signing"], {"key", "certificate"}, "app signing");
        ac.signing = key_files(a["signing"], r, "key", "certificate");
      }
      if (a["settings"]) read_settings(ac.app.settings, a["settings"], r);
      if (ac.app.settings.single_sign_on_url.empty()) r.fail(a, "settings.single_sign_on_url is required");
      if (ac.app.settings.audience_uri.empty()) r.fail(a, "settings.audience_uri is required");
      for (const auto& u : ac.assigned_users)
        if (auto e = t.directory.assign_user(ac.app.name, u)) r.fail(a["assigned_users"], "assigned_users: " + e->message);
      for (const auto& g : ac.assigned_groups)
        if (auto e = t.directory.assign_group(ac.app.name, g)) r.fail(a["assigned_groups"], e->message);
      t.apps.push_back(std::move(ac));
    }
  // A user deactivated in the file was deactivated before: Okta removed its
  // app assignments then, group ones included (its memberships stay) [O18].
  for (const auto& u : t.directory.users())
    if (u.status == UserStatus::deactivated) t.directory.remove_app_assignments(u.login);
  return t;
}

}  // namespace

TenantConfig parse_config(const std::string& yaml_text, const SettingsSource& src) {
  return core::yaml::rethrow_as<ConfigError>(src.file, [&] {
    return read_config(core::yaml::load(yaml_text, src.file), Reader(src.file, src.base_dir));
  });
}

TenantConfig load_config(const std::string& path) {
  auto text = core::read_capped(path, core::kMaxConfigFileBytes);
  if (!text) throw ConfigError("cannot read the configuration: " + text.failure().detail);
  auto abs = std::filesystem::absolute(path);
  return parse_config(*text, SettingsSource{path, abs.parent_path()});
}

}  // namespace samlh::idp
