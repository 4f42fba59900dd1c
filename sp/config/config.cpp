// Loading the SP's YAML configuration (see config.hpp and examples/acme.yaml).
#include "sp/config/config.hpp"

#include <charconv>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "sp/model/email.hpp"

namespace samlh::sp {
namespace {

namespace fs = std::filesystem;

class Parser {
 public:
  Parser(std::string source, fs::path base) : source_(std::move(source)), base_(std::move(base)) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& what) const {
    throw ConfigError(fmt::format("{}:{}: {}", source_, at.Mark().line + 1, what));
  }

  // A mapping whose keys are all in `allowed`, each once.
  void keys(const YAML::Node& map, std::initializer_list<std::string_view> allowed, std::string_view where) const {
    if (!map.IsMap()) fail(map, fmt::format("{} must be a mapping", where));
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const std::string k = it->first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
        fail(it->first, fmt::format("unknown key '{}' in {} (allowed: {})", k, where, fmt::join(allowed, ", ")));
      }
      if (!seen.insert(k).second) fail(it->first, fmt::format("key '{}' repeated in {}", k, where));
    }
  }

  YAML::Node need(const YAML::Node& map, const char* key, std::string_view where) const {
    YAML::Node n = map[key];
    if (!n.IsDefined() || n.IsNull()) fail(map, fmt::format("{} needs '{}'", where, key));
    return n;
  }

  std::string str(const YAML::Node& n, std::string_view key) const {
    if (!n.IsScalar()) fail(n, fmt::format("'{}' must be a string", key));
    return n.Scalar();
  }

  bool boolean(const YAML::Node& n, std::string_view key) const {
    bool b = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, b)) fail(n, fmt::format("'{}' must be true or false", key));
    return b;
  }

  std::vector<std::string> strings(const YAML::Node& n, std::string_view key) const {
    if (!n.IsSequence()) fail(n, fmt::format("'{}' must be a list", key));
    std::vector<std::string> out;
    for (const auto& e : n) out.push_back(str(e, key));
    return out;
  }

  core::Millis duration(const YAML::Node& n, std::string_view key) const {
    auto d = parse_duration(str(n, key));
    if (!d || d->count() <= 0) fail(n, fmt::format("'{}' must be a positive duration such as 30m, 24h or 7d", key));
    return *d;
  }

  std::string email(const YAML::Node& n, std::string_view key) const {
    auto e = parse_email(str(n, key));
    if (!e) fail(n, fmt::format("'{}' is not a valid email ({})", key, core::spelling(e.reason())));
    return e->address;
  }

  Role role(const YAML::Node& n) const {
    auto r = role_from_spelling(str(n, "role"));
    if (!r) fail(n, "role must be one of account_owner, admin, read_write, read_only");
    return *r;
  }

  // A PEM file named by `key`, relative to the config file, holding `marker`;
  // `what` names it in errors ("certificate", "private key").
  std::string pem_file(const YAML::Node& n, std::string_view key, std::string_view what,
                       std::string_view marker) const {
    const fs::path p = base_ / str(n, key);
    std::ifstream in(p, std::ios::binary);
    if (!in) fail(n, fmt::format("cannot read {} file {}", what, p.string()));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (ss.str().find(marker) == std::string::npos) fail(n, fmt::format("{} holds no PEM {}", p.string(), what));
    return ss.str();
  }

  std::string certificate(const YAML::Node& n) const {
    return pem_file(n, "idp_certificates", "certificate", "-----BEGIN CERTIFICATE-----");
  }

  // sso.validation: how strictly the ACS validates (ValidationPolicy).
  ValidationPolicy validation(const YAML::Node& n) const {
    keys(n, {"signing_policy", "allow_sha1", "allow_rsa_1_5", "require_gcm", "strict_cert_validity", "skew_seconds",
             "max_issue_age_seconds"},
         "validation");
    ValidationPolicy p;
    if (auto v = n["signing_policy"]) {
      auto sp = signing_policy_from_spelling(str(v, "signing_policy"));
      if (!sp) fail(v, "'signing_policy' must be assertion_or_response, assertion, response or both");
      p.signing = *sp;
    }
    if (auto v = n["allow_sha1"]) p.allow_sha1 = boolean(v, "allow_sha1");
    if (auto v = n["allow_rsa_1_5"]) p.allow_rsa_1_5 = boolean(v, "allow_rsa_1_5");
    if (auto v = n["require_gcm"]) p.require_gcm = boolean(v, "require_gcm");
    if (auto v = n["strict_cert_validity"]) p.strict_cert_validity = boolean(v, "strict_cert_validity");
    if (auto v = n["skew_seconds"]) p.skew = std::chrono::seconds{seconds(v, "skew_seconds")};
    if (auto v = n["max_issue_age_seconds"]) p.max_issue_age = std::chrono::seconds{seconds(v, "max_issue_age_seconds")};
    return p;
  }

  long long seconds(const YAML::Node& n, const char* key) const {
    const std::string t = str(n, key);
    if (t.empty() || t.size() > 9 || t.find_first_not_of("0123456789") != std::string::npos) {
      fail(n, fmt::format("'{}' must be a whole number of seconds", key));
    }
    return std::stoll(t);
  }

  SsoSettings sso(const YAML::Node& n) const {
    keys(n, {"idp_entity_id", "idp_sso_url", "idp_certificates", "sp_entity_id", "acs_url", "sso_enabled",
             "sso_enforced", "idp_initiated_allowed", "allowed_email_domains", "session_lifetime", "invitation_ttl",
             "accept_invitation_on_any_sso_login", "remove_ends_sessions", "jit_provisioning_role",
             "email_attribute_names", "role_attribute_names", "idp_team_group",
             "authn_request_binding", "sign_authn_requests", "idp_slo_url", "sp_key", "sp_certificate", "validation"},
         "sso");
    SsoSettings s;
    if (auto v = n["validation"]) s.validation = validation(v);
    if (auto v = n["idp_entity_id"]) s.idp_entity_id = str(v, "idp_entity_id");
    if (auto v = n["idp_sso_url"]) s.idp_sso_url = str(v, "idp_sso_url");
    if (auto v = n["idp_certificates"]) {
      if (!v.IsSequence()) fail(v, "'idp_certificates' must be a list of PEM file paths");
      for (const auto& c : v) s.idp_certificates.push_back(certificate(c));
    }
    if (auto v = n["sp_entity_id"]) s.sp_entity_id = str(v, "sp_entity_id");
    if (auto v = n["acs_url"]) s.acs_url = str(v, "acs_url");
    if (auto v = n["sso_enabled"]) s.sso_enabled = boolean(v, "sso_enabled");
    if (auto v = n["sso_enforced"]) s.sso_enforced = boolean(v, "sso_enforced");
    if (auto v = n["idp_initiated_allowed"]) s.idp_initiated_allowed = boolean(v, "idp_initiated_allowed");
    if (auto v = n["allowed_email_domains"]) {
      for (const std::string& d : strings(v, "allowed_email_domains")) {
        if (!parse_email("x@" + d)) fail(v, fmt::format("'{}' is not a domain name", d));
        s.allowed_email_domains.push_back(ascii_lower(d));
      }
    }
    if (auto v = n["session_lifetime"]) s.session_lifetime = duration(v, "session_lifetime");
    if (auto v = n["invitation_ttl"]) s.invitation_ttl = duration(v, "invitation_ttl");
    if (auto v = n["accept_invitation_on_any_sso_login"]) {
      s.accept_invitation_on_any_sso_login = boolean(v, "accept_invitation_on_any_sso_login");
    }
    if (auto v = n["remove_ends_sessions"]) s.remove_ends_sessions = boolean(v, "remove_ends_sessions");
    if (auto v = n["jit_provisioning_role"]) {
      const std::string r = str(v, "jit_provisioning_role");
      if (r != "none") {
        auto role = role_from_spelling(r);
        if (!role || !invitable(*role)) fail(v, "'jit_provisioning_role' must be none, read_only, read_write or admin");
        s.jit_provisioning_role = *role;
      }
    }
    if (auto v = n["email_attribute_names"]) s.email_attribute_names = strings(v, "email_attribute_names");
    if (auto v = n["role_attribute_names"]) s.role_attribute_names = strings(v, "role_attribute_names");
    if (auto v = n["idp_team_group"]) s.idp_team_group = str(v, "idp_team_group");
    if (auto v = n["authn_request_binding"]) {
      auto b = request_binding_from_spelling(str(v, "authn_request_binding"));
      if (!b) fail(v, "'authn_request_binding' must be redirect or post");
      s.authn_request_binding = *b;
    }
    if (auto v = n["sign_authn_requests"]) s.sign_authn_requests = boolean(v, "sign_authn_requests");
    if (auto v = n["idp_slo_url"]) s.idp_slo_url = str(v, "idp_slo_url");
    if (auto v = n["sp_key"]) s.sp_private_key = pem_file(v, "sp_key", "private key", "PRIVATE KEY-----");
    if (auto v = n["sp_certificate"]) s.sp_certificate = pem_file(v, "sp_certificate", "certificate", "-----BEGIN CERTIFICATE-----");
    if (s.sp_private_key.empty() != s.sp_certificate.empty()) fail(n, "give both sp_key and sp_certificate, or neither");
    if (s.sign_authn_requests && s.sp_private_key.empty()) fail(n, "sign_authn_requests needs sp_key and sp_certificate");
    if (s.sso_enabled && (s.idp_entity_id.empty() || s.idp_certificates.empty() || s.acs_url.empty() ||
                          s.sp_entity_id.empty())) {
      fail(n, "sso_enabled needs idp_entity_id, idp_certificates, sp_entity_id and acs_url");
    }
    return s;
  }

  OrgSeed org(const YAML::Node& n, const std::string& owner) const {
    keys(n, {"slug", "name", "sso", "members", "invitations"}, "organization");
    OrgSeed o;
    o.slug = str(need(n, "slug", "organization"), "slug");
    if (o.slug.empty() || o.slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
      fail(n["slug"], "slug must be lower-case letters, digits and hyphens");
    }
    o.name = n["name"] ? str(n["name"], "name") : o.slug;
    if (auto v = n["sso"]) o.sso = sso(v);
    bool owner_listed = false;
    if (auto v = n["members"]) {
      if (!v.IsSequence()) fail(v, "'members' must be a list");
      for (const auto& m : v) {
        keys(m, {"email", "role"}, "member");
        MemberSeed s{email(need(m, "email", "member"), "email"), role(need(m, "role", "member"))};
        // [H6] A.2: one Account Owner per account, named by the account's `owner`.
        if ((s.email == owner) != (s.role == Role::account_owner)) {
          fail(m, fmt::format("only the account owner {} is account_owner, and only as that", owner));
        }
        for (const MemberSeed& prev : o.members) {
          if (prev.email == s.email) fail(m, fmt::format("{} listed twice", s.email));
        }
        owner_listed = owner_listed || s.email == owner;
        o.members.push_back(std::move(s));
      }
    }
    // The Owner holds every org of the account ([I] A.8).
    if (!owner_listed) o.members.insert(o.members.begin(), MemberSeed{owner, Role::account_owner});
    if (auto v = n["invitations"]) {
      if (!v.IsSequence()) fail(v, "'invitations' must be a list");
      for (const auto& i : v) {
        keys(i, {"email", "role", "inviter", "token"}, "invitation");
        InvitationSeed s{email(need(i, "email", "invitation"), "email"), role(need(i, "role", "invitation")),
                         email(need(i, "inviter", "invitation"), "inviter"), std::nullopt};
        if (auto t = i["token"]) s.token = str(t, "token");
        if (!invitable(s.role)) fail(i, "an invitation cannot carry account_owner [H2][H9]");
        const auto inviter = std::find_if(o.members.begin(), o.members.end(),
                                          [&](const MemberSeed& m) { return m.email == s.inviter; });
        if (inviter == o.members.end() || !can_manage_members(inviter->role)) {
          fail(i, fmt::format("inviter {} must be an admin or the account owner of {} [H2]", s.inviter, o.slug));
        }
        for (const MemberSeed& m : o.members) {
          if (m.email == s.email) fail(i, fmt::format("{} is already a member of {}", s.email, o.slug));
        }
        o.invitations.push_back(std::move(s));
      }
    }
    return o;
  }

  SpConfig config(const YAML::Node& root) const {
    SpConfig cfg;
    cfg.source = source_;
    if (root.IsNull() || !root.IsDefined()) return cfg;
    keys(root, {"accounts", "password_accounts", "admin_tokens", "auditor_tokens"}, "the top level");
    std::set<std::string> slugs, owners;
    if (auto v = root["accounts"]) {
      if (!v.IsSequence()) fail(v, "'accounts' must be a list");
      for (const auto& a : v) {
        keys(a, {"name", "owner", "organizations"}, "account");
        AccountSeed s;
        s.owner = email(need(a, "owner", "account"), "owner");
        s.name = a["name"] ? str(a["name"], "name") : s.owner + "'s account";
        if (!owners.insert(s.owner).second) fail(a, fmt::format("{} owns two accounts [H6]", s.owner));
        const YAML::Node orgs = need(a, "organizations", "account");
        if (!orgs.IsSequence() || orgs.size() == 0) fail(orgs, "'organizations' must be a non-empty list");
        for (const auto& o : orgs) {
          s.organizations.push_back(org(o, s.owner));
          if (!slugs.insert(s.organizations.back().slug).second) fail(o, "organization slug used twice");
        }
        cfg.accounts.push_back(std::move(s));
      }
    }
    if (auto v = root["password_accounts"]) {
      if (!v.IsSequence()) fail(v, "'password_accounts' must be a list");
      for (const auto& p : v) {
        keys(p, {"email", "password", "password_hash"}, "password account");
        PasswordSeed s{email(need(p, "email", "password account"), "email"), std::nullopt, std::nullopt};
        if (auto x = p["password"]) s.password = str(x, "password");
        if (auto x = p["password_hash"]) s.password_hash = str(x, "password_hash");
        if (s.password.has_value() == s.password_hash.has_value()) fail(p, "give exactly one of password, password_hash");
        cfg.password_accounts.push_back(std::move(s));
      }
    }
    if (auto v = root["admin_tokens"]) {
      if (!v.IsSequence()) fail(v, "'admin_tokens' must be a list");
      for (const auto& t : v) {
        keys(t, {"token", "email"}, "admin token");
        AdminTokenSeed s{str(need(t, "token", "admin token"), "token"), email(need(t, "email", "admin token"), "email")};
        if (s.token.size() < 16) fail(t, "an admin token must be at least 16 characters");
        cfg.admin_tokens.push_back(std::move(s));
      }
    }
    if (auto v = root["auditor_tokens"]) {
      if (!v.IsSequence()) fail(v, "'auditor_tokens' must be a list");
      for (const auto& t : v) {
        keys(t, {"token", "name"}, "auditor token");
        AuditorTokenSeed s{str(need(t, "token", "auditor token"), "token"), str(need(t, "name", "auditor token"), "name")};
        if (s.token.size() < 16) fail(t, "an auditor token must be at least 16 characters");
        for (const AdminTokenSeed& a : cfg.admin_tokens) {
          if (a.token == s.token) fail(t, "an auditor token must not also be an admin token");
        }
        cfg.auditor_tokens.push_back(std::move(s));
      }
    }
    return cfg;
  }

 private:
  std::string source_;
  fs::path base_;
};

}  // namespace

std::optional<core::Millis> parse_duration(std::string_view s) {
  long long n = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), n);
  if (r.ec != std::errc{} || r.ptr == s.data()) return std::nullopt;
  const std::string_view unit(r.ptr, static_cast<std::size_t>(s.data() + s.size() - r.ptr));
  if (unit == "ms") return core::Millis{n};
  if (unit == "s") return std::chrono::seconds{n};
  if (unit == "m") return std::chrono::minutes{n};
  if (unit == "h") return std::chrono::hours{n};
  if (unit == "d") return std::chrono::days{n};
  return std::nullopt;
}

SpConfig parse_config(std::string_view yaml, const std::filesystem::path& base_dir, std::string_view source_name) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    throw ConfigError(fmt::format("{}:{}: {}", source_name, e.mark.line + 1, e.msg));
  }
  try {
    return Parser(std::string(source_name), base_dir).config(root);
  } catch (const YAML::Exception& e) {
    throw ConfigError(fmt::format("{}:{}: {}", source_name, e.mark.line + 1, e.msg));
  }
}

SpConfig load_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(fmt::format("{}: cannot open", file.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_config(ss.str(), file.parent_path(), file.string());
}

}  // namespace samlh::sp
