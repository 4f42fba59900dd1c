// Loading the SP's YAML configuration (see config.hpp and examples/acme.yaml).
#include "sp/config/config.hpp"

#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/file_reader.hpp"
#include "core/yaml/reader.hpp"
#include "sp/model/email.hpp"

namespace samlh::sp {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kValidationKeys[] = {"signing_policy", "allow_sha1", "allow_rsa_1_5", "allow_3des", "require_gcm",
                                                "strict_cert_validity", "skew_seconds", "max_issue_age_seconds"};

class Parser {
 public:
  Parser(std::string source, fs::path base) : r_(std::move(source), std::move(base)) {}

  std::string email(const YAML::Node& n, std::string_view key) const {
    auto e = parse_email(r_.str(n, key));
    if (!e) r_.fail(n, fmt::format("'{}' is not a valid email ({})", key, sp::spelling(e.reason())));
    return e->address;
  }

  Role role(const YAML::Node& n) const {
    auto r = role_from_spelling(r_.str(n, "role"));
    if (!r) r_.fail(n, "role must be one of account_owner, admin, read_write, read_only");
    return *r;
  }

  // A PEM file named by `key`, relative to the config file, holding `marker`;
  // `what` names it in errors ("certificate", "private key").
  std::string pem_file(const YAML::Node& n, std::string_view key, std::string_view what,
                       std::string_view marker) const {
    const std::string text = r_.file_text(n, key, std::string(what) + " file");
    if (text.find(marker) == std::string::npos) {
      r_.fail(n, fmt::format("{} holds no PEM {}", (r_.base_dir() / r_.str(n, key)).string(), what));
    }
    return text;
  }

  std::string certificate(const YAML::Node& n) const {
    return pem_file(n, "idp_certificates", "certificate", "-----BEGIN CERTIFICATE-----");
  }

  // sso.validation: how strictly the ACS validates (ValidationPolicy).
  ValidationPolicy validation(const YAML::Node& n) const {
    r_.keys(n, validation_keys(), "validation");
    ValidationPolicy p;
    if (auto v = n["signing_policy"]) {
      auto sp = signing_policy_from_spelling(r_.str(v, "signing_policy"));
      if (!sp) r_.fail(v, "'signing_policy' must be assertion_or_response, assertion, response or both");
      p.signing = *sp;
    }
    if (auto v = n["allow_sha1"]) p.allow_sha1 = r_.boolean(v, "allow_sha1");
    if (auto v = n["allow_rsa_1_5"]) p.allow_rsa_1_5 = r_.boolean(v, "allow_rsa_1_5");
    if (auto v = n["allow_3des"]) p.allow_3des = r_.boolean(v, "allow_3des");
    if (auto v = n["require_gcm"]) p.require_gcm = r_.boolean(v, "require_gcm");
    if (auto v = n["strict_cert_validity"]) p.strict_cert_validity = r_.boolean(v, "strict_cert_validity");
    if (auto v = n["skew_seconds"]) p.skew = std::chrono::seconds{seconds(v, "skew_seconds")};
    if (auto v = n["max_issue_age_seconds"]) p.max_issue_age = std::chrono::seconds{seconds(v, "max_issue_age_seconds")};
    return p;
  }

  long long seconds(const YAML::Node& n, const char* key) const {
    const std::string t = r_.str(n, key);
    if (t.empty() || t.size() > 9 || t.find_first_not_of("0123456789") != std::string::npos) {
      r_.fail(n, fmt::format("'{}' must be a whole number of seconds", key));
    }
    return std::stoll(t);
  }

  SsoSettings sso(const YAML::Node& n) const {
    r_.keys(n, {"idp_entity_id", "idp_sso_url", "idp_certificates", "sp_entity_id", "acs_url", "sso_enabled",
             "sso_enforced", "idp_initiated_allowed", "allowed_email_domains", "session_lifetime", "invitation_ttl",
             "accept_invitation_on_any_sso_login", "remove_ends_sessions", "jit_provisioning_role",
             "email_attribute_names", "role_attribute_names", "idp_team_group",
             "authn_request_binding", "sign_authn_requests", "idp_slo_url", "sp_key", "sp_certificate", "validation"},
         "sso");
    SsoSettings s;
    if (auto v = n["validation"]) s.validation = validation(v);
    if (auto v = n["idp_entity_id"]) s.idp_entity_id = r_.str(v, "idp_entity_id");
    if (auto v = n["idp_sso_url"]) s.idp_sso_url = r_.str(v, "idp_sso_url");
    if (auto v = n["idp_certificates"]) {
      if (!v.IsSequence()) r_.fail(v, "'idp_certificates' must be a list of PEM file paths");
      for (const auto& c : v) s.idp_certificates.push_back(certificate(c));
    }
    if (auto v = n["sp_entity_id"]) s.sp_entity_id = r_.str(v, "sp_entity_id");
    if (auto v = n["acs_url"]) s.acs_url = r_.str(v, "acs_url");
    if (auto v = n["sso_enabled"]) s.sso_enabled = r_.boolean(v, "sso_enabled");
    if (auto v = n["sso_enforced"]) s.sso_enforced = r_.boolean(v, "sso_enforced");
    if (auto v = n["idp_initiated_allowed"]) s.idp_initiated_allowed = r_.boolean(v, "idp_initiated_allowed");
    if (auto v = n["allowed_email_domains"]) {
      for (const std::string& d : r_.strings(v, "allowed_email_domains")) {
        if (!parse_email("x@" + d)) r_.fail(v, fmt::format("'{}' is not a domain name", d));
        s.allowed_email_domains.push_back(ascii_lower(d));
      }
    }
    // At most a year: a longer session or invitation is a typing error.
    constexpr auto kYear = std::chrono::hours{24 * 365};
    if (auto v = n["session_lifetime"]) s.session_lifetime = r_.duration(v, "session_lifetime", std::chrono::seconds{1}, kYear);
    if (auto v = n["invitation_ttl"]) s.invitation_ttl = r_.duration(v, "invitation_ttl", std::chrono::seconds{1}, kYear);
    if (auto v = n["accept_invitation_on_any_sso_login"]) {
      s.accept_invitation_on_any_sso_login = r_.boolean(v, "accept_invitation_on_any_sso_login");
    }
    if (auto v = n["remove_ends_sessions"]) s.remove_ends_sessions = r_.boolean(v, "remove_ends_sessions");
    if (auto v = n["jit_provisioning_role"]) {
      const std::string r = r_.str(v, "jit_provisioning_role");
      if (r != "none") {
        auto role = role_from_spelling(r);
        if (!role || !invitable(*role)) r_.fail(v, "'jit_provisioning_role' must be none, read_only, read_write or admin");
        s.jit_provisioning_role = *role;
      }
    }
    if (auto v = n["email_attribute_names"]) s.email_attribute_names = r_.strings(v, "email_attribute_names");
    if (auto v = n["role_attribute_names"]) s.role_attribute_names = r_.strings(v, "role_attribute_names");
    if (auto v = n["idp_team_group"]) s.idp_team_group = r_.str(v, "idp_team_group");
    if (auto v = n["authn_request_binding"]) {
      auto b = request_binding_from_spelling(r_.str(v, "authn_request_binding"));
      if (!b) r_.fail(v, "'authn_request_binding' must be redirect or post");
      s.authn_request_binding = *b;
    }
    if (auto v = n["sign_authn_requests"]) s.sign_authn_requests = r_.boolean(v, "sign_authn_requests");
    if (auto v = n["idp_slo_url"]) s.idp_slo_url = r_.str(v, "idp_slo_url");
    if (auto v = n["sp_key"]) s.sp_private_key = pem_file(v, "sp_key", "private key", "PRIVATE KEY-----");
    if (auto v = n["sp_certificate"]) s.sp_certificate = pem_file(v, "sp_certificate", "certificate", "-----BEGIN CERTIFICATE-----");
    if (s.sp_private_key.empty() != s.sp_certificate.empty()) r_.fail(n, "give both sp_key and sp_certificate, or neither");
    if (s.sign_authn_requests && s.sp_private_key.empty()) r_.fail(n, "sign_authn_requests needs sp_key and sp_certificate");
    if (s.sso_enabled && (s.idp_entity_id.empty() || s.idp_certificates.empty() || s.acs_url.empty() ||
                          s.sp_entity_id.empty())) {
      r_.fail(n, "sso_enabled needs idp_entity_id, idp_certificates, sp_entity_id and acs_url");
    }
    return s;
  }

  OrgSeed org(const YAML::Node& n, const std::string& owner) const {
    r_.keys(n, {"slug", "name", "sso", "members", "invitations", "scim"}, "organization");
    OrgSeed o;
    o.slug = r_.str(r_.need(n, "slug", "organization"), "slug");
    if (o.slug.empty() || o.slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
      r_.fail(n["slug"], "slug must be lower-case letters, digits and hyphens");
    }
    o.name = n["name"] ? r_.str(n["name"], "name") : o.slug;
    if (auto v = n["sso"]) o.sso = sso(v);
    if (auto v = n["scim"]) o.scim = read_scim(v, r_);
    bool owner_listed = false;
    if (auto v = n["members"]) {
      if (!v.IsSequence()) r_.fail(v, "'members' must be a list");
      for (const auto& m : v) {
        r_.keys(m, {"email", "role"}, "member");
        MemberSeed s{email(r_.need(m, "email", "member"), "email"), role(r_.need(m, "role", "member"))};
        // [H6] A.2: one Account Owner per account, named by the account's `owner`.
        if ((s.email == owner) != (s.role == Role::account_owner)) {
          r_.fail(m, fmt::format("only the account owner {} is account_owner, and only as that", owner));
        }
        for (const MemberSeed& prev : o.members) {
          if (prev.email == s.email) r_.fail(m, fmt::format("{} listed twice", s.email));
        }
        owner_listed = owner_listed || s.email == owner;
        o.members.push_back(std::move(s));
      }
    }
    // The Owner holds every org of the account ([I] A.8).
    if (!owner_listed) o.members.insert(o.members.begin(), MemberSeed{owner, Role::account_owner});
    if (auto v = n["invitations"]) {
      if (!v.IsSequence()) r_.fail(v, "'invitations' must be a list");
      for (const auto& i : v) {
        r_.keys(i, {"email", "role", "inviter", "token"}, "invitation");
        InvitationSeed s{email(r_.need(i, "email", "invitation"), "email"), role(r_.need(i, "role", "invitation")),
                         email(r_.need(i, "inviter", "invitation"), "inviter"), std::nullopt};
        if (auto t = i["token"]) s.token = r_.str(t, "token");
        if (!invitable(s.role)) r_.fail(i, "an invitation cannot carry account_owner [H2][H9]");
        const auto inviter = std::find_if(o.members.begin(), o.members.end(),
                                          [&](const MemberSeed& m) { return m.email == s.inviter; });
        if (inviter == o.members.end() || !can_manage_members(inviter->role)) {
          r_.fail(i, fmt::format("inviter {} must be an admin or the account owner of {} [H2]", s.inviter, o.slug));
        }
        for (const MemberSeed& m : o.members) {
          if (m.email == s.email) r_.fail(i, fmt::format("{} is already a member of {}", s.email, o.slug));
        }
        o.invitations.push_back(std::move(s));
      }
    }
    return o;
  }

  // `{count: N, per: DURATION}`, or `off`.
  core::RateLimit rate(const YAML::Node& n, std::string_view key) const {
    if (n.IsScalar()) {
      if (r_.str(n, key) != "off") r_.fail(n, fmt::format("'{}' must be off or {{count: N, per: DURATION}}", key));
      return {0, std::chrono::minutes{1}};
    }
    r_.keys(n, {"count", "per"}, key);
    core::RateLimit l;
    l.count = static_cast<std::size_t>(r_.integer(r_.need(n, "count", key), "count", 0, 1'000'000));
    if (auto v = n["per"]) l.per = r_.duration(v, "per", std::chrono::seconds{1}, std::chrono::hours{24});
    return l;
  }

  ServeLimits limits(const YAML::Node& n) const {
    r_.keys(n, {"login_per_address", "login_failures_per_account", "acs_refusals_per_address",
                "sso_requests_per_address", "password_workers", "password_queue", "max_connections",
                "audit_max_records"},
            "limits");
    ServeLimits l;
    if (auto v = n["login_per_address"]) l.rates.login_per_address = rate(v, "login_per_address");
    if (auto v = n["login_failures_per_account"]) l.rates.login_failures_per_account = rate(v, "login_failures_per_account");
    if (auto v = n["acs_refusals_per_address"]) l.rates.acs_refusals_per_address = rate(v, "acs_refusals_per_address");
    if (auto v = n["sso_requests_per_address"]) l.rates.sso_requests_per_address = rate(v, "sso_requests_per_address");
    if (auto v = n["password_workers"]) l.password_workers = static_cast<int>(r_.integer(v, "password_workers", 1, 64));
    if (auto v = n["password_queue"]) l.password_queue = static_cast<std::size_t>(r_.integer(v, "password_queue", 1, 100'000));
    if (auto v = n["max_connections"]) {
      l.max_connections = static_cast<std::size_t>(r_.integer(v, "max_connections", 0, 1'000'000));
      if (l.max_connections != 0 && l.max_connections < 8) r_.fail(v, "'max_connections' must be 0 (automatic) or at least 8");
    }
    if (auto v = n["audit_max_records"]) l.audit_max_records = r_.integer(v, "audit_max_records", 1'000, 1'000'000'000);
    return l;
  }

  SpConfig config(const YAML::Node& root) const {
    SpConfig cfg;
    cfg.source = r_.file();
    if (root.IsNull() || !root.IsDefined()) return cfg;
    r_.keys(root, {"accounts", "password_accounts", "admin_tokens", "auditor_tokens", "limits"}, "the top level");
    if (auto v = root["limits"]) cfg.limits = limits(v);
    std::set<std::string> slugs, owners;
    if (auto v = root["accounts"]) {
      if (!v.IsSequence()) r_.fail(v, "'accounts' must be a list");
      for (const auto& a : v) {
        r_.keys(a, {"name", "owner", "organizations"}, "account");
        AccountSeed s;
        s.owner = email(r_.need(a, "owner", "account"), "owner");
        s.name = a["name"] ? r_.str(a["name"], "name") : s.owner + "'s account";
        if (!owners.insert(s.owner).second) r_.fail(a, fmt::format("{} owns two accounts [H6]", s.owner));
        const YAML::Node orgs = r_.need(a, "organizations", "account");
        if (!orgs.IsSequence() || orgs.size() == 0) r_.fail(orgs, "'organizations' must be a non-empty list");
        for (const auto& o : orgs) {
          s.organizations.push_back(org(o, s.owner));
          if (!slugs.insert(s.organizations.back().slug).second) r_.fail(o, "organization slug used twice");
        }
        cfg.accounts.push_back(std::move(s));
      }
    }
    if (auto v = root["password_accounts"]) {
      if (!v.IsSequence()) r_.fail(v, "'password_accounts' must be a list");
      for (const auto& p : v) {
        r_.keys(p, {"email", "password", "password_hash"}, "password account");
        PasswordSeed s{email(r_.need(p, "email", "password account"), "email"), std::nullopt, std::nullopt};
        if (auto x = p["password"]) s.password = r_.str(x, "password");
        if (auto x = p["password_hash"]) s.password_hash = r_.str(x, "password_hash");
        if (s.password.has_value() == s.password_hash.has_value()) r_.fail(p, "give exactly one of password, password_hash");
        cfg.password_accounts.push_back(std::move(s));
      }
    }
    if (auto v = root["admin_tokens"]) {
      if (!v.IsSequence()) r_.fail(v, "'admin_tokens' must be a list");
      for (const auto& t : v) {
        r_.keys(t, {"token", "email"}, "admin token");
        AdminTokenSeed s{r_.str(r_.need(t, "token", "admin token"), "token"), email(r_.need(t, "email", "admin token"), "email")};
        if (s.token.size() < 16) r_.fail(t, "an admin token must be at least 16 characters");
        cfg.admin_tokens.push_back(std::move(s));
      }
    }
    if (auto v = root["auditor_tokens"]) {
      if (!v.IsSequence()) r_.fail(v, "'auditor_tokens' must be a list");
      for (const auto& t : v) {
        r_.keys(t, {"token", "name"}, "auditor token");
        AuditorTokenSeed s{r_.str(r_.need(t, "token", "auditor token"), "token"), r_.str(r_.need(t, "name", "auditor token"), "name")};
        if (s.token.size() < 16) r_.fail(t, "an auditor token must be at least 16 characters");
        for (const AdminTokenSeed& a : cfg.admin_tokens) {
          if (a.token == s.token) r_.fail(t, "an auditor token must not also be an admin token");
        }
        cfg.auditor_tokens.push_back(std::move(s));
      }
    }
    return cfg;
  }

 private:
  core::yaml::Reader r_;
};

}  // namespace

std::span<const std::string_view> validation_keys() { return kValidationKeys; }

ValidationPolicy read_validation(const YAML::Node& n, const core::yaml::Reader& r) {
  return Parser(r.file(), r.base_dir()).validation(n);
}

SpConfig parse_config(std::string_view yaml, const std::filesystem::path& base_dir, std::string_view source_name) {
  const std::string source(source_name);
  return core::yaml::rethrow_as<ConfigError>(
      source, [&] { return Parser(source, base_dir).config(core::yaml::load(yaml, source)); });
}

SpConfig load_config(const std::filesystem::path& file) {
  auto text = core::read_capped(file.string(), core::kMaxConfigFileBytes);
  if (!text) throw ConfigError(fmt::format("cannot read the configuration: {}", text.failure().detail));
  return parse_config(*text, file.parent_path(), file.string());
}

}  // namespace samlh::sp
