#include "idp-mock/tenant/sp_apps.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/file_reader.hpp"
#include "core/metadata.hpp"
#include "idp-mock/tenant/tenant_yaml.hpp"

namespace samlh::idp {
namespace {

constexpr std::size_t kMaxAcsUrls = 100;  // B.10 [O6]
constexpr std::size_t kMaxNameLength = 40;

bool is_http_url(std::string_view s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

[[noreturn]] void refuse(const std::string& origin, const std::string& what) {
  throw ConfigError("SP metadata " + origin + ": " + what);
}

// What the hardened parser or the metadata reader refused, said plainly.
[[noreturn]] void refuse_parse(const std::string& origin, const core::Error<core::Reason>& f) {
  const std::string reason(core::spelling(f.reason));
  if (f.reason == core::Reason::cert_unreadable) {
    refuse(origin, "unreadable certificate in a KeyDescriptor (" + f.detail + ")");
  }
  if (f.reason == core::Reason::struct_schema) refuse(origin, f.detail);
  refuse(origin, "refused by the hardened XML parser: " + reason + " (" + f.detail + ")");
}

// SAML metadata 2.2.3: the endpoint marked isDefault, else the first.
const core::Endpoint* default_acs(const std::vector<const core::Endpoint*>& posts) {
  for (const core::Endpoint* e : posts)
    if (e->is_default) return e;
  return posts.front();
}

AppConfig named_app(const std::string& entity_id, const std::string& org) {
  AppConfig ac;
  ac.app.name = app_name_for(entity_id);
  ac.app.label = entity_id;
  ac.app.app_name = org + "_" + ac.app.name + "_1";  // B.1: {orgname}_{label}_{n}
  ac.app.external_key = external_key_for(entity_id);
  ac.app.settings.audience_uri = entity_id;
  return ac;
}

}  // namespace

std::string external_key_for(std::string_view entity_id) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(entity_id.data(), entity_id.size(), md, &len, EVP_sha256(), nullptr);
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out = "exk";
  for (unsigned int i = 0; out.size() < 20 && i < len; ++i) out += kAlphabet[md[i] % kAlphabet.size()];
  return out;
}

std::string app_name_for(std::string_view entity_id) {
  std::string_view rest = entity_id;
  for (std::string_view scheme : {"https://", "http://", "urn:"})
    if (rest.rfind(scheme, 0) == 0) rest.remove_prefix(scheme.size());
  std::string out;
  for (char c : rest) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
    if (out.size() >= kMaxNameLength) break;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "sp" : out;
}

AppConfig app_from_sp_metadata(std::string_view xml, const std::string& origin, const std::string& org,
                               const SpAppOptions& options) {
  auto md = core::parse_sp_metadata(xml);
  if (!md) refuse_parse(origin, md.failure());
  AppConfig ac = named_app(md->entity_id, org);
  AppSettings& s = ac.app.settings;

  std::vector<const core::Endpoint*> posts;
  for (const auto& e : md->acs)
    if (e.binding == core::kBindingPost) posts.push_back(&e);
  if (posts.empty()) {
    refuse(origin, "no AssertionConsumerService with Binding=\"" + std::string(core::kBindingPost) +
                       "\" (Okta sends the Response by HTTP-POST only, B.10 [O1])");
  }
  if (posts.size() > kMaxAcsUrls) refuse(origin, "more than 100 HTTP-POST AssertionConsumerServices (B.10 [O6])");
  for (const core::Endpoint* e : posts)
    if (!is_http_url(e->location)) refuse(origin, "AssertionConsumerService Location is not an http(s) URL: '" +
                                                      e->location + "'");
  s.single_sign_on_url = default_acs(posts)->location;
  // Every HTTP-POST ACS is requestable by its index or URL, the default
  // one too, so a request naming the default by index is honoured (what
  // Okta does for that index is not documented: assumption). An ACS
  // without a usable index gets its position among the SP's ACSs.
  std::set<int> indexes;
  for (std::size_t i = 0; i < md->acs.size(); ++i) {
    const core::Endpoint& e = md->acs[i];
    if (e.binding != core::kBindingPost) continue;
    const int index = e.index >= 0 ? e.index : static_cast<int>(i);
    if (!indexes.insert(index).second) {
      refuse(origin, "two AssertionConsumerServices with index " + std::to_string(index));
    }
    s.other_requestable_sso_urls.push_back(RequestableUrl{e.location, index});
  }
  if (s.other_requestable_sso_urls.size() == 1) s.other_requestable_sso_urls.clear();
  s.allow_other_requestable_urls = !s.other_requestable_sso_urls.empty();

  // WantAssertionsSigned: Okta signs the assertion by default (B.3 [X6]);
  // it stays signed whatever the SP asks.
  s.assertion_signed = true;
  if (!md->signing_certificates.empty()) {
    // Uploaded as the Signature Certificate; used when Signed Requests is on.
    s.signature_certificate = md->signing_certificates.front();
  }
  if (md->authn_requests_signed) {
    if (!s.signature_certificate) {
      refuse(origin, "AuthnRequestsSigned=\"true\" but no signing certificate (KeyDescriptor use=\"signing\" or "
                     "without use) to verify the requests with");
    }
    s.signed_requests = true;  // B.10 [O1]: Signed Requests needs the certificate
  }
  if (options.encrypt) {
    if (md->encryption_certificates.empty()) {
      refuse(origin, "--encrypt needs an encryption certificate (KeyDescriptor use=\"encryption\" or without use); "
                     "the metadata has none");
    }
    // B.12 [O15]: AES256-CBC with RSA-OAEP, Okta's documented pair.
    s.assertion_encryption.enabled = true;
    s.assertion_encryption.encryption_algorithm = core::DataCipher::aes256_cbc;
    s.assertion_encryption.key_transport_algorithm = core::KeyTransport::rsa_oaep_mgf1p;
    s.assertion_encryption.encryption_certificate = md->encryption_certificates.front();
  }
  return ac;
}

AppConfig app_from_acs(const std::string& acs, const std::string& audience, const std::string& org) {
  if (!is_http_url(acs)) throw ConfigError("--acs: not an http(s) URL: '" + acs + "'");
  if (audience.empty()) throw ConfigError("--audience: the SP's entity ID is required with --acs");
  AppConfig ac = named_app(audience, org);
  ac.app.settings.single_sign_on_url = acs;
  return ac;
}

TenantConfig tenant_for_apps(std::string org, KeyFiles signing, const Directory& directory,
                             std::vector<AppConfig> apps) {
  TenantConfig t;
  t.org = std::move(org);
  t.base_url = "http://" + t.address + ":" + std::to_string(t.port);
  t.signing = std::move(signing);
  for (const User& u : directory.users())
    if (auto e = t.directory.add_user(u)) throw ConfigError("users: " + e->message);
  for (const Group& g : directory.groups())
    if (auto e = t.directory.add_group(g)) throw ConfigError("groups: " + e->message);
  std::set<std::string> names;
  std::set<std::string> audiences;
  for (AppConfig& ac : apps) {
    if (!audiences.insert(ac.app.settings.audience_uri).second)
      throw ConfigError("two SPs with the entity ID " + ac.app.settings.audience_uri);
    const std::string base = ac.app.name;
    for (int n = 2; !names.insert(ac.app.name).second; ++n) ac.app.name = base + "_" + std::to_string(n);
    ac.app.app_name = t.org + "_" + ac.app.name + "_1";
    ac.assigned_groups = {std::string(kEveryoneGroup)};
    if (auto e = t.directory.assign_group(ac.app.name, kEveryoneGroup)) throw ConfigError(e->message);
    t.apps.push_back(std::move(ac));
  }
  return t;
}

Directory load_directory(const std::string& path) {
  auto text = core::read_capped(path, core::kMaxConfigFileBytes);
  if (!text) throw ConfigError("--users: " + text.failure().detail);
  return core::yaml::rethrow_as<ConfigError>(path, [&] {
    const YAML::Node root = core::yaml::load(*text, path);
    const Reader r(path, std::filesystem::absolute(path).parent_path());
    r.keys(root, {"users", "groups"}, "a users file (users: and groups: as in a tenant YAML)");
    if (!root["users"]) r.fail(root, "users: the directory has no users");
    Directory d;
    read_directory(root, r, d);
    return d;
  });
}

}  // namespace samlh::idp
