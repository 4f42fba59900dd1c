// Store: accounts, organizations and their SSO settings.
#include "sp/store/json_text.hpp"
#include "sp/store/store.hpp"

namespace samlh::sp {
namespace {

constexpr std::string_view kOrgColumns =
    "o.id, o.account_id, o.slug, o.name, o.created_ms, s.idp_entity_id, s.idp_sso_url, s.idp_certificates, "
    "s.sp_entity_id, s.acs_url, s.sso_enabled, s.sso_enforced, s.idp_initiated_allowed, s.allowed_email_domains, "
    "s.session_lifetime_ms, s.invitation_ttl_ms, s.accept_invitation_on_any_sso_login, s.email_attribute_names, "
    "s.role_attribute_names, s.idp_team_group, s.authn_request_binding, s.sign_authn_requests, s.idp_slo_url, "
    "s.sp_private_key, s.sp_certificate, s.validation_policy, s.remove_ends_sessions, s.jit_provisioning_role "
    "FROM organizations o JOIN sso_settings s ON s.org_id = o.id";

Organization read_org(const sql::Query& q) {
  Organization o;
  o.id = q.integer(0);
  o.account_id = q.integer(1);
  o.slug = q.text(2);
  o.name = q.text(3);
  o.created = from_ms(q.integer(4));
  SsoSettings& s = o.sso;
  s.idp_entity_id = q.text(5);
  s.idp_sso_url = q.text(6);
  s.idp_certificates = strings_from_json(q.text(7));
  s.sp_entity_id = q.text(8);
  s.acs_url = q.text(9);
  s.sso_enabled = q.integer(10) != 0;
  s.sso_enforced = q.integer(11) != 0;
  s.idp_initiated_allowed = q.integer(12) != 0;
  s.allowed_email_domains = strings_from_json(q.text(13));
  s.session_lifetime = core::Millis{q.integer(14)};
  s.invitation_ttl = core::Millis{q.integer(15)};
  s.accept_invitation_on_any_sso_login = q.integer(16) != 0;
  s.email_attribute_names = strings_from_json(q.text(17));
  s.role_attribute_names = strings_from_json(q.text(18));
  s.idp_team_group = q.text(19);
  s.authn_request_binding = request_binding_from_spelling(q.text(20)).value_or(RequestBinding::redirect);
  s.sign_authn_requests = q.integer(21) != 0;
  s.idp_slo_url = q.text(22);
  s.sp_private_key = q.text(23);
  s.sp_certificate = q.text(24);
  s.validation = validation_policy_from_json(q.text(25));
  s.remove_ends_sessions = q.integer(26) != 0;
  s.jit_provisioning_role = role_from_spelling(q.text(27));
  return o;
}

Account read_account(const sql::Query& q) {
  return Account{q.integer(0), q.text(1), q.text(2), from_ms(q.integer(3))};
}

}  // namespace

AccountId StoreTables::insert_account(const Account& a) {
  db_.query("INSERT INTO accounts(name, owner_email, created_ms) VALUES(?, ?, ?)")
      .bind_all(a.name, a.owner_email, to_ms(a.created))
      .run();
  return db_.last_insert_rowid();
}

std::optional<Account> StoreTables::account(AccountId id) {
  auto q = db_.query("SELECT id, name, owner_email, created_ms FROM accounts WHERE id = ?");
  q.bind(id);
  if (!q.step()) return std::nullopt;
  return read_account(q);
}

std::optional<Account> StoreTables::account_owned_by(const std::string& email) {
  auto q = db_.query("SELECT id, name, owner_email, created_ms FROM accounts WHERE owner_email = ?");
  q.bind(email);
  if (!q.step()) return std::nullopt;
  return read_account(q);
}

void StoreTables::set_account_owner(AccountId id, const std::string& email) {
  db_.query("UPDATE accounts SET owner_email = ? WHERE id = ?").bind_all(email, id).run();
}

OrgId StoreTables::insert_org(const Organization& o) {
  sql::Transaction tx(db_);
  db_.query("INSERT INTO organizations(account_id, slug, name, created_ms) VALUES(?, ?, ?, ?)")
      .bind_all(o.account_id, o.slug, o.name, to_ms(o.created))
      .run();
  const OrgId id = db_.last_insert_rowid();
  db_.query(
         "INSERT INTO sso_settings(org_id, idp_entity_id, idp_sso_url, idp_certificates, sp_entity_id, acs_url, "
         "sso_enabled, sso_enforced, idp_initiated_allowed, allowed_email_domains, session_lifetime_ms, "
         "invitation_ttl_ms, accept_invitation_on_any_sso_login, email_attribute_names, role_attribute_names, "
         "idp_team_group) VALUES(?, '', '', '[]', '', '', 0, 0, 0, '[]', 0, 0, 0, '[]', '[]', '')")
      .bind(id)
      .run();
  update_sso(id, o.sso);
  tx.commit();
  return id;
}

void StoreTables::update_sso(OrgId id, const SsoSettings& s) {
  db_.query(
         "UPDATE sso_settings SET idp_entity_id = ?, idp_sso_url = ?, idp_certificates = ?, sp_entity_id = ?, "
         "acs_url = ?, sso_enabled = ?, sso_enforced = ?, idp_initiated_allowed = ?, allowed_email_domains = ?, "
         "session_lifetime_ms = ?, invitation_ttl_ms = ?, accept_invitation_on_any_sso_login = ?, "
         "email_attribute_names = ?, role_attribute_names = ?, idp_team_group = ?, authn_request_binding = ?, "
         "sign_authn_requests = ?, idp_slo_url = ?, sp_private_key = ?, sp_certificate = ?, validation_policy = ?, "
         "remove_ends_sessions = ?, jit_provisioning_role = ? WHERE org_id = ?")
      .bind_all(s.idp_entity_id, s.idp_sso_url, strings_to_json(s.idp_certificates), s.sp_entity_id, s.acs_url,
                s.sso_enabled, s.sso_enforced, s.idp_initiated_allowed, strings_to_json(s.allowed_email_domains),
                static_cast<std::int64_t>(s.session_lifetime.count()),
                static_cast<std::int64_t>(s.invitation_ttl.count()), s.accept_invitation_on_any_sso_login,
                strings_to_json(s.email_attribute_names), strings_to_json(s.role_attribute_names), s.idp_team_group,
                spelling(s.authn_request_binding), s.sign_authn_requests, s.idp_slo_url, s.sp_private_key,
                s.sp_certificate, validation_policy_to_json(s.validation), s.remove_ends_sessions,
                s.jit_provisioning_role ? spelling(*s.jit_provisioning_role) : std::string_view(""), id)
      .run();
}

namespace {

using OrgCache = OrgSnapshotCache;

void on_update(void* cache, int /*op*/, const char* /*db*/, const char* table, sqlite3_int64 /*rowid*/) {
  const std::string_view t(table);
  if (t == "organizations" || t == "sso_settings") static_cast<OrgCache*>(cache)->clear();
}

void on_rollback(void* cache) { static_cast<OrgCache*>(cache)->clear(); }

}  // namespace

void StoreTables::watch_org_writes() {
  sqlite3_update_hook(db_.handle(), on_update, &org_cache_);
  sqlite3_rollback_hook(db_.handle(), on_rollback, &org_cache_);
}

std::shared_ptr<const Organization> StoreTables::cached_org(const std::string& slug) {
  // Another connection's commit (another process on the same file) changes
  // data_version; this connection's own writes are seen by the update hook.
  auto v = db_.query("PRAGMA data_version");
  const std::int64_t version = v.step() ? v.integer(0) : -1;
  if (version != org_cache_version_) {
    org_cache_.clear();
    org_cache_version_ = version;
  }
  return org_cache_.find(slug);
}

std::shared_ptr<const Organization> StoreTables::org_snapshot(const std::string& slug) {
  if (auto hit = cached_org(slug)) return hit;
  auto q = db_.query(std::string("SELECT ").append(kOrgColumns).append(" WHERE o.slug = ?"));
  q.bind(slug);
  if (!q.step()) return nullptr;
  auto o = std::make_shared<const Organization>(read_org(q));
  org_cache_.put(slug, o);
  return o;
}

std::shared_ptr<const Organization> Store::last_org_snapshot(const std::string& slug) const {
  return tables_.org_cache_.find(slug);
}

std::shared_ptr<const Organization> OrgSnapshotCache::find(const std::string& slug) const {
  std::lock_guard g(mu_);
  const auto it = by_slug_.find(slug);
  return it == by_slug_.end() ? nullptr : it->second;
}

void OrgSnapshotCache::put(const std::string& slug, std::shared_ptr<const Organization> o) {
  std::lock_guard g(mu_);
  // Only existing organizations are cached (an unknown slug from a URL is not), so
  // the map is bounded by the organizations table; the cap is a second guard.
  if (by_slug_.size() >= 1024) by_slug_.clear();
  by_slug_.insert_or_assign(slug, std::move(o));
}

void OrgSnapshotCache::clear() {
  std::lock_guard g(mu_);
  by_slug_.clear();
}

std::optional<Organization> StoreTables::org_by_slug(const std::string& slug) {
  if (auto o = org_snapshot(slug)) return *o;
  return std::nullopt;
}

std::optional<Organization> StoreTables::org_by_id(OrgId id) {
  auto q = db_.query(std::string("SELECT ").append(kOrgColumns).append(" WHERE o.id = ?"));
  q.bind(id);
  if (!q.step()) return std::nullopt;
  return read_org(q);
}

std::vector<Organization> StoreTables::orgs() {
  auto q = db_.query(std::string("SELECT ").append(kOrgColumns).append(" ORDER BY o.id"));
  std::vector<Organization> out;
  while (q.step()) out.push_back(read_org(q));
  return out;
}

std::vector<Organization> StoreTables::orgs_in_account(AccountId id) {
  auto q = db_.query(std::string("SELECT ").append(kOrgColumns).append(" WHERE o.account_id = ? ORDER BY o.id"));
  q.bind(id);
  std::vector<Organization> out;
  while (q.step()) out.push_back(read_org(q));
  return out;
}

}  // namespace samlh::sp
