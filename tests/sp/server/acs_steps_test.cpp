// The ACS transaction's steps (sp/accounts/acs.hpp) driven one at a time, so
// each interleaving the design must survive happens for certain: a settings
// change between validation and commit, a change the lock-free snapshot
// cannot know of, and two POSTs of one assertion judged together.
#include <gtest/gtest.h>

#include "server_fixture.hpp"
#include "sp/server/cookie_rules.hpp"
#include "tests/sp/temp_dir.hpp"

namespace samlh::sp::testing {
namespace {

using core::Reason;

class AcsSteps : public SpServerTest {
 protected:
  // An IdP-initiated POST (no binding cookie: the lock-free snapshot path).
  AcsRequest unsolicited(const std::string& form) { return AcsRequest{"acme", form, ""}; }
  static std::string form_of(const std::string& xml) {
    return core::http::form_urlencode({{"SAMLResponse", core::base64_encode(xml)}});
  }
  std::string signed_by(const std::string& key, const std::string& email) {
    return form_of(sign_response(test::okta_response(shape(email)), Signed::assertion, key));
  }
  void trust(const std::string& cert) {
    update_sso("acme", [&](SsoSettings& s) { s.idp_certificates = {test::slurp(test::source_path(cert))}; });
  }
  // The sso_validation records, oldest first.
  std::vector<AuditRecord> verdicts() { return audit_of(AuditEvent::sso_validation); }
};

TEST_F(AcsSteps, ACertificateReplacedBetweenValidationAndCommitHasThePostJudgedAgainAndRefused) {
  const std::string form = signed_by("idp", "carol@acme.test");
  AcsPending p = state_->acs.begin(unsolicited(form));
  state_->acs.judge(p);  // accepted by the settings of step 1
  trust("certs/idp-next.crt");
  const AcsAnswer a = state_->acs.finish(p);
  EXPECT_FALSE(a.signed_in());
  ASSERT_TRUE(a.verdict.has_value());
  EXPECT_FALSE(a.verdict->accepted);
  ASSERT_TRUE(a.refusal.has_value());
  EXPECT_EQ(core::spelling(*a.refusal).rfind("sig_", 0), 0u) << core::spelling(*a.refusal);
  EXPECT_FALSE(a.login.has_value());
  const auto v = verdicts();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].outcome, AuditOutcome::refused);
  EXPECT_TRUE(audit_of(AuditEvent::sso_login).empty());
}

TEST_F(AcsSteps, AVerdictRefusedByReplacedSettingsIsJudgedAgainByTheCurrentOnes) {
  trust("certs/idp-next.crt");
  const std::string form = signed_by("idp", "carol@acme.test");
  AcsPending p = state_->acs.begin(unsolicited(form));
  state_->acs.judge(p);  // refused: signed by a key not trusted in step 1
  trust("certs/idp.crt");
  const AcsAnswer a = state_->acs.finish(p);
  EXPECT_TRUE(a.signed_in());
  ASSERT_TRUE(a.login.has_value() && a.login->ok());
  EXPECT_EQ(a.login->result->member.email, "carol@acme.test");
  EXPECT_EQ(a.next, "/app");
  const auto v = verdicts();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].outcome, AuditOutcome::success);
}

TEST_F(AcsSteps, SettingsUnchangedSinceValidationDecideAsJudged) {
  const std::string form = signed_by("idp", "carol@acme.test");
  AcsPending p = state_->acs.begin(unsolicited(form));
  state_->acs.judge(p);
  update_sso("acme", [](SsoSettings& s) { s.session_lifetime = std::chrono::hours{2}; });
  trust("certs/idp.crt");  // rewritten, but the same certificate
  const AcsAnswer a = state_->acs.finish(p);
  EXPECT_TRUE(a.signed_in());
  EXPECT_EQ(a.org->sso.session_lifetime, std::chrono::hours{2});  // the settings in force at the commit
}

TEST_F(AcsSteps, OfTwoPostsOfOneAssertionJudgedTogetherOnlyTheFirstToCommitSignsIn) {
  const std::string form = signed_by("idp", "carol@acme.test");
  AcsPending first = state_->acs.begin(unsolicited(form));
  AcsPending second = state_->acs.begin(unsolicited(form));
  state_->acs.judge(first);
  state_->acs.judge(second);  // both validated before either commits
  const AcsAnswer b = state_->acs.finish(second);
  const AcsAnswer a = state_->acs.finish(first);
  EXPECT_TRUE(b.signed_in());
  EXPECT_FALSE(a.signed_in());
  EXPECT_EQ(a.refusal, Reason::replay_assertion);
  const auto v = verdicts();
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].outcome, AuditOutcome::success);
  EXPECT_EQ(v[1].reason, "replay_assertion");
  EXPECT_EQ(audit_of(AuditEvent::sso_login).size(), 1u);
}

TEST_F(AcsSteps, ABindingIsConsumedByTheFirstPostThatPresentsIt) {
  core::browser::Browser c;
  auto sent = start_login(c);
  ASSERT_TRUE(sent);
  const std::optional<std::string> cookie = c.jar().get(kBindingCookie);
  ASSERT_TRUE(cookie && sent->relay_state);
  const std::string form = core::http::form_urlencode(
      {{"SAMLResponse", core::base64_encode(mint("carol@acme.test", sent->id))}, {"RelayState", *sent->relay_state}});
  AcsPending first = state_->acs.begin(AcsRequest{"acme", form, *cookie});
  AcsPending second = state_->acs.begin(AcsRequest{"acme", form, *cookie});  // the binding is already spent
  state_->acs.judge(first);
  state_->acs.judge(second);
  EXPECT_TRUE(state_->acs.finish(first).signed_in());
  EXPECT_EQ(state_->acs.finish(second).refusal, Reason::inresp_mismatch);
}

// With the store on a file, another connection's commit reaches this one
// only through a read under the lock: a POST that began on the lock-free
// snapshot is decided by the settings committed elsewhere in the meantime.
class AcsStepsOnFile : public AcsSteps {
 protected:
  AcsStepsOnFile() { db_path_ = dir_.file("sp.db"); }
  TempDir dir_;
};

TEST_F(AcsStepsOnFile, AChangeCommittedByAnotherConnectionAfterTheSnapshotIsSeenAtTheCommit) {
  ASSERT_TRUE(state_->acs.consume(unsolicited(signed_by("idp", "carol@acme.test"))).signed_in());
  ASSERT_NE(store_->last_org_snapshot("acme"), nullptr);  // the next POST starts without the lock
  AcsPending p = state_->acs.begin(unsolicited(signed_by("idp", "alice@acme.test")));
  trust_through_another_connection("certs/idp-next.crt");
  state_->acs.judge(p);  // still by the snapshot: accepted
  const AcsAnswer a = state_->acs.finish(p);
  EXPECT_FALSE(a.signed_in());
  ASSERT_TRUE(a.refusal.has_value());
  EXPECT_EQ(core::spelling(*a.refusal).rfind("sig_", 0), 0u) << core::spelling(*a.refusal);
}

}  // namespace
}  // namespace samlh::sp::testing
