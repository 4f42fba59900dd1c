#include "idp-mock/server/quick_setup.hpp"

#include <filesystem>
#include <fstream>

#include "core/file_reader.hpp"
#include "core/http/http_client.hpp"
#include "core/keys.hpp"
#include "core/http/url.hpp"
#include "idp-mock/tenant/sp_apps.hpp"

namespace samlh::idp {
namespace {

std::string slurp_capped(const std::string& path, std::size_t cap) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("--sp-metadata " + path + ": cannot read the file (nor is it an http:// URL)");
  std::string text(cap + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > cap) {
    throw ConfigError("--sp-metadata " + path + ": larger than " + std::to_string(cap) + " bytes");
  }
  return text;
}

std::string read_file(const std::string& path, const char* what) {
  auto text = core::read_capped(path, core::kMaxKeyFileBytes);
  if (!text) throw ConfigError(std::string(what) + " " + text.failure().detail);
  return *text;
}

KeyFiles signing_keys(const QuickSetup& q, const TenantConfig& demo) {
  if (q.signing_key.empty() != q.signing_cert.empty()) {
    throw ConfigError("--signing-key and --signing-cert go together (the key and its certificate)");
  }
  if (q.signing_key.empty()) return demo.signing;
  KeyFiles k;
  k.key_path = q.signing_key;
  k.cert_path = q.signing_cert;
  k.key_pem = read_file(q.signing_key, "--signing-key");
  k.cert_pem = read_file(q.signing_cert, "--signing-cert");
  auto key = core::PrivateKey::from_pem(k.key_pem, k.cert_pem);
  if (!key) throw ConfigError("--signing-key " + q.signing_key + ": " + key.failure().detail);
  return k;
}

}  // namespace

std::string read_sp_metadata(const std::string& source, const MetadataFetch& fetch) {
  const bool http = source.rfind("http://", 0) == 0;
  if (source.rfind("https://", 0) == 0) {
    throw ConfigError("--sp-metadata " + source + ": https:// is not fetched (idp-mock's client speaks http:// "
                      "only); save the document and give the file");
  }
  if (!http) return slurp_capped(source, fetch.max_bytes);
  auto url = core::http::parse_url(source);
  if (!url) throw ConfigError("--sp-metadata " + source + ": not a valid URL");
  core::http::ClientOptions options;
  options.timeout = fetch.deadline;
  options.body_limit = fetch.max_bytes;
  core::http::Client client(options);
  const auto r = client.request("GET", *url, {{"Accept", "application/samlmetadata+xml, application/xml"}}, "");
  if (r.status == 0) {
    throw ConfigError("--sp-metadata " + source + ": cannot fetch (" + r.error + "; deadline " +
                      std::to_string(fetch.deadline.count()) + " ms, at most " + std::to_string(fetch.max_bytes) +
                      " bytes)");
  }
  if (r.status != 200) {
    throw ConfigError("--sp-metadata " + source + ": answered HTTP " + std::to_string(r.status) + ", not 200");
  }
  if (r.body.size() > fetch.max_bytes) {
    throw ConfigError("--sp-metadata " + source + ": larger than " + std::to_string(fetch.max_bytes) + " bytes");
  }
  return r.body;
}

TenantConfig quick_tenant(const QuickSetup& q) {
  if (!q.acs.empty() && q.audience.empty()) throw ConfigError("--acs needs --audience (the SP's entity ID)");
  if (q.acs.empty() && !q.audience.empty()) throw ConfigError("--audience needs --acs (the SP's ACS URL)");
  const TenantConfig demo = load_config(q.demo_tenant);
  std::vector<AppConfig> apps;
  for (const std::string& source : q.sp_metadata) {
    apps.push_back(app_from_sp_metadata(read_sp_metadata(source, q.fetch), source, demo.org,
                                        SpAppOptions{q.encrypt}));
  }
  if (!q.acs.empty()) {
    if (q.encrypt) throw ConfigError("--encrypt needs the SP's encryption certificate: give --sp-metadata");
    apps.push_back(app_from_acs(q.acs, q.audience, demo.org));
  }
  const Directory directory = q.users.empty() ? demo.directory : load_directory(q.users);
  return tenant_for_apps(demo.org, signing_keys(q, demo), directory, std::move(apps));
}

SigningPaths signing_paths(const QuickSetup& q) {
  if (!q.signing_key.empty()) {
    return {std::filesystem::absolute(q.signing_key).string(), std::filesystem::absolute(q.signing_cert).string()};
  }
  const TenantConfig demo = load_config(q.demo_tenant);
  return {std::filesystem::weakly_canonical(demo.signing.key_path).string(),
          std::filesystem::weakly_canonical(demo.signing.cert_path).string()};
}

}  // namespace samlh::idp
