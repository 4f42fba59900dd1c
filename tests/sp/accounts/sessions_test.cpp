// Sessions: validation, expiry, logout; never ended by the IdP.
#include "sp_fixture.hpp"

namespace samlh::sp {
namespace {

using core::Reason;
using namespace std::chrono_literals;
using testing::AcmeTest;

class Sessions : public AcmeTest {
 protected:
  std::string sign_in(const std::string& email) {
    auto out = login(email);
    EXPECT_TRUE(out.ok());
    return out.ok() ? out.result->session.token : std::string{};
  }
};

TEST_F(Sessions, ValidateTellsWhoOrgAndCurrentRole) {
  const std::string t = sign_in("dave@acme.test");
  auto v = accounts_->validate_session(t);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.result->org, "acme");
  EXPECT_EQ(v.result->email, "dave@acme.test");
  EXPECT_EQ(v.result->role, Role::read_only);
  EXPECT_EQ(v.result->via, SessionVia::sso);
  EXPECT_EQ(v.audit_seq, 0);  // a plain successful use is not audited
  ASSERT_TRUE(accounts_->change_role("acme", "dave@acme.test", Role::read_write, "alice@acme.test").ok());
  EXPECT_EQ(accounts_->validate_session(t).result->role, Role::read_write);
}

TEST_F(Sessions, SessionExpiresAtItsLifetimeExclusive) {
  const std::string t = sign_in("dave@acme.test");
  clock_.advance(24h - 1ms);
  EXPECT_TRUE(accounts_->validate_session(t).ok());
  clock_.advance(1ms);
  auto v = accounts_->validate_session(t);
  EXPECT_EQ(v.reason(), sp::LoginReason::login_session_expired);
  EXPECT_EQ(record(v.audit_seq).event, AuditEvent::session_use);
}

TEST_F(Sessions, LifetimeComesFromTheOrgSettings) {
  update_settings("acme", [](SsoSettings& s) { s.session_lifetime = 30min; });
  const std::string t = sign_in("dave@acme.test");
  clock_.advance(30min);
  EXPECT_EQ(accounts_->validate_session(t).reason(), sp::LoginReason::login_session_expired);
}

TEST_F(Sessions, LogoutEndsTheSessionOnce) {
  const std::string t = sign_in("dave@acme.test");
  auto end = accounts_->end_session(t);
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(record(end.audit_seq).event, AuditEvent::logout);
  EXPECT_EQ(accounts_->validate_session(t).reason(), sp::LoginReason::login_session_expired);
  EXPECT_EQ(accounts_->end_session(t).reason(), sp::LoginReason::login_session_expired);
}

TEST_F(Sessions, UnknownTokenIsRefused) {
  EXPECT_EQ(accounts_->validate_session("0123").reason(), sp::LoginReason::login_session_expired);
  EXPECT_EQ(accounts_->end_session("0123").reason(), sp::LoginReason::login_session_expired);
}

TEST_F(Sessions, OtherSessionsSurviveOneLogout) {
  const std::string a = sign_in("dave@acme.test");
  const std::string b = sign_in("dave@acme.test");
  ASSERT_NE(a, b);
  ASSERT_TRUE(accounts_->end_session(a).ok());
  EXPECT_TRUE(accounts_->validate_session(b).ok());
}

TEST_F(Sessions, NothingTheIdpDoesEndsASession) {
  const std::string t = sign_in("dave@acme.test");
  for (IdpEventKind k : {IdpEventKind::deactivated, IdpEventKind::unassigned, IdpEventKind::suspended,
                         IdpEventKind::groups_changed}) {
    ASSERT_TRUE(accounts_->observe_idp_event("acme", IdpEvent{k, "dave@acme.test", "", {"Everyone"}, clock_.now()}).ok());
    EXPECT_TRUE(accounts_->validate_session(t).ok()) << spelling(k);
  }
  ASSERT_TRUE(accounts_
                  ->observe_idp_event("acme", IdpEvent{IdpEventKind::email_changed, "dave@acme.test", "david@acme.test",
                                                       {}, clock_.now()})
                  .ok());
  EXPECT_TRUE(accounts_->validate_session(t).ok());
}

}  // namespace
}  // namespace samlh::sp
