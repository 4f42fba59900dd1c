// Shared fixture: an in-memory store seeded from sp/examples/acme.yaml, a
// virtual clock and seeded tokens, so every test starts from the same cast
// (carol owner, alice admin, dave read-only, bob invited, mallory nobody).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "sp/accounts/accounts.hpp"
#include "sp/accounts/audit.hpp"
#include "sp/config/config.hpp"
#include "sp/model/identity_map.hpp"
#include "sp/store/store.hpp"

namespace samlh::sp::testing {

inline constexpr int kTestIterations = 1000;  // PBKDF2 cost for tests only
inline constexpr const char* kAcmeIssuer = "http://www.okta.com/exk1acmeH0tjar5Sx0h7";

inline core::Instant start_time() { return *core::parse_saml_time("2026-03-01T12:00:00Z"); }

// AuditQuery without designated initializers (GCC warns on the missing ones).
inline AuditQuery where(std::optional<std::string> org, std::optional<AuditEvent> event = std::nullopt,
                        std::optional<std::string> subject = std::nullopt,
                        std::optional<core::Instant> since = std::nullopt,
                        std::optional<std::int64_t> after_seq = std::nullopt) {
  AuditQuery q;
  q.org = std::move(org);
  q.event = event;
  q.subject = std::move(subject);
  q.since = since;
  q.after_seq = after_seq;
  return q;
}

class AcmeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::open(":memory:");
    ASSERT_TRUE(s.ok()) << s.failure().detail;
    store_ = std::move(s).value();
    const SpConfig cfg = load_config(std::string(SAMLH_SOURCE_DIR) + "/sp/examples/acme.yaml");
    auto seeded = seed_store(*store_, cfg, clock_, tokens_, kTestIterations);
    ASSERT_TRUE(seeded.ok() && *seeded);
    accounts_ = std::make_unique<Accounts>(*store_, clock_, tokens_, AccountsOptions{kTestIterations});
  }

  // An identity as the mock IdP asserts it: NameID emailAddress.
  static Identity person(const std::string& name_id, std::string format = std::string(kNameIdEmailAddress)) {
    Identity id;
    id.issuer = kAcmeIssuer;
    id.name_id = name_id;
    id.name_id_format = std::move(format);
    id.assertion_id = "id" + std::to_string(std::hash<std::string>{}(name_id));
    return id;
  }
  static LoginContext sp_flow(std::optional<std::string> token = std::nullopt) {
    return LoginContext{LoginFlow::sp_initiated, std::move(token), std::nullopt};
  }
  Outcome<LoginOutcome> login(const std::string& email, std::optional<std::string> token = std::nullopt) {
    return accounts_->sso_login("acme", person(email), sp_flow(std::move(token)));
  }

  Organization org(const std::string& slug) { return *store_->lock()->org_by_slug(slug); }
  void update_settings(const std::string& slug, const std::function<void(SsoSettings&)>& change) {
    Organization o = org(slug);
    change(o.sso);
    store_->lock()->update_sso(o.id, o.sso);
  }
  std::optional<Member> member(const std::string& slug, const std::string& email) {
    const OrgId id = org(slug).id;
    return store_->lock()->member(id, email);
  }
  std::optional<Invitation> invitation(const std::string& slug, const std::string& token) {
    const OrgId id = org(slug).id;
    return store_->lock()->invitation(id, token);
  }
  std::optional<Account> account_of(const std::string& slug) {
    const AccountId id = org(slug).account_id;
    return store_->lock()->account(id);
  }
  std::string pending_token(const std::string& slug, const std::string& email) {
    const OrgId id = org(slug).id;
    for (const Invitation& i : store_->lock()->invitations(id, email)) {
      if (i.status == InvitationStatus::pending) return i.token;
    }
    return {};
  }
  std::vector<AuditRecord> audit(AuditQuery q = {}) {
    auto r = AuditLog(*store_).query(q);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<AuditRecord>{};
  }
  AuditRecord record(std::int64_t seq) {
    for (const AuditRecord& r : audit()) {
      if (r.seq == seq) return r;
    }
    ADD_FAILURE() << "no audit record " << seq;
    return {};
  }

  core::VirtualClock clock_{start_time()};
  SeededTokenSource tokens_{42};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Accounts> accounts_;
};

}  // namespace samlh::sp::testing
