#include "sp/store/store_schema.hpp"

#include <array>

namespace samlh::sp {
namespace {

// Times are milliseconds since the Unix epoch (UTC). Emails are stored
// normalised (email.hpp). JSON text columns hold arrays of strings.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- [H6] A.2: one Account Owner per account; an email owns at most one account.
CREATE TABLE accounts(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  owner_email TEXT NOT NULL UNIQUE,
  created_ms INTEGER NOT NULL);

CREATE TABLE organizations(
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_ms INTEGER NOT NULL);

-- SSO is per Organization ([H1][H2] A.2).
CREATE TABLE sso_settings(
  org_id INTEGER PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  idp_entity_id TEXT NOT NULL,
  idp_sso_url TEXT NOT NULL,
  idp_certificates TEXT NOT NULL,
  sp_entity_id TEXT NOT NULL,
  acs_url TEXT NOT NULL,
  sso_enabled INTEGER NOT NULL,
  sso_enforced INTEGER NOT NULL,
  idp_initiated_allowed INTEGER NOT NULL,
  allowed_email_domains TEXT NOT NULL,
  session_lifetime_ms INTEGER NOT NULL,
  invitation_ttl_ms INTEGER NOT NULL,
  accept_invitation_on_any_sso_login INTEGER NOT NULL,
  email_attribute_names TEXT NOT NULL,
  role_attribute_names TEXT NOT NULL,
  idp_team_group TEXT NOT NULL);

CREATE TABLE members(
  org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK(role IN ('account_owner','admin','read_write','read_only')),
  origin TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  first_sso_login_ms INTEGER,
  PRIMARY KEY(org_id, email)) WITHOUT ROWID;
CREATE INDEX members_by_email ON members(email);

-- [H2] A.5: the inviter picks Read Only, Read & Write or Admin.
CREATE TABLE invitations(
  token TEXT PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK(role IN ('admin','read_write','read_only')),
  inviter TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  status TEXT NOT NULL CHECK(status IN ('pending','accepted','revoked','expired')),
  status_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX invitations_by_member ON invitations(org_id, email);

CREATE TABLE password_accounts(
  email TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  created_ms INTEGER NOT NULL) WITHOUT ROWID;

CREATE TABLE admin_tokens(
  token_sha256 TEXT PRIMARY KEY,
  email TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE sessions(
  token_sha256 TEXT PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  via TEXT NOT NULL CHECK(via IN ('sso','password')),
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  ended_ms INTEGER,
  deactivation_gap_recorded INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE INDEX sessions_by_member ON sessions(org_id, email);

-- Profiles 4.1.4.5: keyed on (issuer, assertion ID).
CREATE TABLE replay_cache(
  issuer TEXT NOT NULL,
  assertion_id TEXT NOT NULL,
  expires_ms INTEGER NOT NULL,
  PRIMARY KEY(issuer, assertion_id)) WITHOUT ROWID;
CREATE INDEX replay_by_expiry ON replay_cache(expires_ms);

-- AUTOINCREMENT: a sequence number is never reused, even after a deletion.
CREATE TABLE audit_log(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  time_ms INTEGER NOT NULL,
  org TEXT,
  event TEXT NOT NULL,
  actor TEXT,
  subject TEXT,
  flow TEXT,
  outcome TEXT NOT NULL,
  reason TEXT,
  gaps TEXT NOT NULL,
  detail TEXT NOT NULL);
CREATE INDEX audit_by_org ON audit_log(org, seq);
CREATE INDEX audit_by_event ON audit_log(event, seq);
CREATE INDEX audit_by_subject ON audit_log(subject, seq);
)sql";

// The per-org memory of IdP events (observe_idp_event).
constexpr std::string_view kV2 = R"sql(
CREATE TABLE idp_observations(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  email TEXT NOT NULL,
  new_email TEXT NOT NULL,
  groups TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  recorded_ms INTEGER NOT NULL);
CREATE INDEX idp_observations_by_member ON idp_observations(org_id, email);

CREATE TABLE idp_state(
  org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  inactive INTEGER NOT NULL,
  rehire_pending INTEGER NOT NULL,
  drifted_from TEXT,
  updated_ms INTEGER NOT NULL,
  PRIMARY KEY(org_id, email)) WITHOUT ROWID;
)sql";

// The SP-initiated side (sp/server/server.hpp): how requests are sent and signed,
// the IdP's SLO URL, the SP key pair; and the AuthnRequests this SP sent,
// each bound to one browser (the SHA-256 of a cookie value), single-use.
constexpr std::string_view kV3 = R"sql(
ALTER TABLE sso_settings ADD COLUMN authn_request_binding TEXT NOT NULL DEFAULT 'redirect';
ALTER TABLE sso_settings ADD COLUMN sign_authn_requests INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sso_settings ADD COLUMN idp_slo_url TEXT NOT NULL DEFAULT '';
ALTER TABLE sso_settings ADD COLUMN sp_private_key TEXT NOT NULL DEFAULT '';
ALTER TABLE sso_settings ADD COLUMN sp_certificate TEXT NOT NULL DEFAULT '';

CREATE TABLE authn_requests(
  id TEXT PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  browser_sha256 TEXT NOT NULL UNIQUE,
  relay_state TEXT NOT NULL,
  invitation_token TEXT,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  used_ms INTEGER) WITHOUT ROWID;
CREATE INDEX authn_requests_by_expiry ON authn_requests(expires_ms);
)sql";

// The organization's validation policy (ValidationPolicy, JSON).
constexpr std::string_view kV4 = R"sql(
ALTER TABLE sso_settings ADD COLUMN validation_policy TEXT NOT NULL DEFAULT '{}';
)sql";

// The audit log is written on every login and read only by query_audit,
// whose optional filters ("?N IS NULL OR org = ?N") SQLite plans as a scan
// in seq order whatever is bound: its three indexes were written (a B-tree
// each, per record) and never read. The table is also rebuilt without
// AUTOINCREMENT, whose sqlite_sequence row was one more page in every
// commit: audit records are never deleted, so seq (the rowid, max + 1)
// still only increases and is never reused; values are kept as they are.
constexpr std::string_view kV5 = R"sql(
CREATE TABLE audit_log_v5(
  seq INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  org TEXT,
  event TEXT NOT NULL,
  actor TEXT,
  subject TEXT,
  flow TEXT,
  outcome TEXT NOT NULL,
  reason TEXT,
  gaps TEXT NOT NULL,
  detail TEXT NOT NULL);
INSERT INTO audit_log_v5(seq, time_ms, org, event, actor, subject, flow, outcome, reason, gaps, detail)
  SELECT seq, time_ms, org, event, actor, subject, flow, outcome, reason, gaps, detail FROM audit_log ORDER BY seq;
DROP TABLE audit_log;
ALTER TABLE audit_log_v5 RENAME TO audit_log;
)sql";

// The validation options a verdict relied on, as a list (JSON array of
// spellings), no longer appended to the detail. Records written before this
// step keep them in their detail and have an empty list.
constexpr std::string_view kV6 = R"sql(
ALTER TABLE audit_log ADD COLUMN weak TEXT NOT NULL DEFAULT '[]';
)sql";

// Two more assumption settings (model.hpp): whether removing a member ends
// their sessions, and just-in-time provisioning; and the role a session
// opened with (kept when the membership goes and sessions are not ended).
constexpr std::string_view kV7 = R"sql(
ALTER TABLE sso_settings ADD COLUMN remove_ends_sessions INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sso_settings ADD COLUMN jit_provisioning_role TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN role TEXT;
)sql";

// The what-if SCIM endpoint's Users and Groups (issue 20; not a Hotjar
// feature, E.4): each resource as the JSON the endpoint returns, in creation
// order (rowid). `name` is the unique key: a User's userName lower-cased
// (caseExact=false, RFC 7643 4.1.1), a Group's displayName.
constexpr std::string_view kV8 = R"sql(
CREATE TABLE scim_resources(
  org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK(kind IN ('User','Group')),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  resource TEXT NOT NULL,
  UNIQUE(org_id, kind, id),
  UNIQUE(org_id, kind, name));
)sql";

constexpr std::array kMigrations{
    Migration{1, "accounts, organizations, members, invitations, sessions, replay cache, audit log", kV1},
    Migration{2, "IdP observations and per-member IdP state", kV2},
    Migration{3, "SP-initiated settings and the AuthnRequests bound to browsers", kV3},
    Migration{4, "per-organization validation policy", kV4},
    Migration{5, "audit log without its unread indexes and AUTOINCREMENT", kV5},
    Migration{6, "audit log: the weak options as a list", kV6},
    Migration{7, "remove_ends_sessions, jit_provisioning_role, and each session's role", kV7},
    Migration{8, "the what-if SCIM endpoint's Users and Groups", kV8},
};

}  // namespace

std::span<const Migration> migrations() noexcept { return kMigrations; }

}  // namespace samlh::sp
