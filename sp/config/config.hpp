// The SP's starting state from a YAML file: accounts, their organizations
// with SSO settings (certificate paths resolved relative to the file),
// members, pending invitations, password accounts and admin bearer tokens.
// Unknown keys, wrong types and broken rules are errors naming file, line
// and key. The file seeds a NEW database only; an existing one keeps its
// state (the file is not a sync source). Example: sp/examples/acme.yaml.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "sp/model/login_reason.hpp"
#include "sp/model/model.hpp"
#include "sp/model/rate_limits.hpp"
#include "sp/model/scim_settings.hpp"
#include "sp/model/secrets.hpp"
#include "sp/store/store.hpp"

namespace YAML {
class Node;
}
namespace samlh::core::yaml {
class Reader;
}

namespace samlh::sp {

// Bad start-up configuration: an exception by design (STYLE.md).
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MemberSeed {
  std::string email;
  Role role = Role::read_only;
};

struct InvitationSeed {
  std::string email;
  Role role = Role::read_only;
  std::string inviter;
  std::optional<std::string> token;  // fixed token for repeatable scenarios
};

struct OrgSeed {
  std::string slug;
  std::string name;
  SsoSettings sso;
  std::vector<MemberSeed> members;  // includes the account owner as account_owner
  std::vector<InvitationSeed> invitations;
  // The what-if SCIM endpoint (not a Hotjar feature, E.4); nullopt: off.
  // Kept in memory at every start (never stored), like auditor tokens.
  std::optional<ScimOrgSettings> scim;
};

struct AccountSeed {
  std::string name;
  std::string owner;
  std::vector<OrgSeed> organizations;
};

struct PasswordSeed {
  std::string email;
  std::optional<std::string> password;       // hashed when seeding
  std::optional<std::string> password_hash;  // as hash_password() writes it
};

struct AdminTokenSeed {
  std::string token;
  std::string email;
};

// A read-only auditor of the admin API (the harness's test API, not a Hotjar
// feature): it reads every organization's roster, invitations and audit log
// and reports IdP events (which change nothing but the audit log), and may
// do nothing else. It is no member, so no admin action can remove it. Kept
// in memory from the file at every start (SpOptions::auditors), never stored.
struct AuditorTokenSeed {
  std::string token;
  std::string name;
};

// `limits:` (sp/SERVER.md): the attempt limits and the server's bounds. On
// by default: a deployment gets them without asking.
struct ServeLimits {
  RateLimits rates = RateLimits::deployment();
  int password_workers = 2;          // threads that hash passwords (1..64)
  std::size_t password_queue = 64;   // password requests waiting beyond those (1..100000); then 503
  std::size_t max_connections = 0;   // 0: core::http::default_max_connections(); else 8..1000000
  // The audit log's cap in records (1000..1000000000; sp/AUDIT.md, "Retention").
  std::int64_t audit_max_records = kDefaultAuditMaxRecords;
};

struct SpConfig {
  std::string source;  // the file it came from
  ServeLimits limits;
  std::vector<AccountSeed> accounts;
  std::vector<PasswordSeed> password_accounts;
  std::vector<AdminTokenSeed> admin_tokens;
  std::vector<AuditorTokenSeed> auditor_tokens;
};

// Throws ConfigError ("<file>:<line>: <what>").
SpConfig load_config(const std::filesystem::path& file);
// The same from text; relative certificate paths resolve against base_dir.
SpConfig parse_config(std::string_view yaml, const std::filesystem::path& base_dir, std::string_view source_name);

// The keys of `sso.validation`, and that mapping read with the caller's
// strict reader, whose file names the errors (a scenario's `sp:`): throws
// core::yaml::Error at the key's line.
std::span<const std::string_view> validation_keys();
ValidationPolicy read_validation(const YAML::Node& n, const core::yaml::Reader& r);

// An organization's `scim:` mapping (config_scim.cpp, sp/SERVER.md "SCIM
// (what-if)"); throws core::yaml::Error at the key's line.
ScimOrgSettings read_scim(const YAML::Node& n, const core::yaml::Reader& r);
// Every organization's SCIM settings, by slug (SpOptions::scim).
std::map<std::string, ScimOrgSettings> scim_settings(const SpConfig& cfg);

// Applies `cfg` when the database is new (no organizations, never seeded):
// true when applied, false when the database already had state (unchanged).
// login_store_failed on a storage error (nothing applied).
LoginResult<bool> seed_store(Store& store, const SpConfig& cfg, const core::Clock& clock, TokenSource& tokens,
                              int password_iterations = kDefaultPbkdf2Iterations);

}  // namespace samlh::sp
