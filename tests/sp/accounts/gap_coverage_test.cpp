// One lifecycle over the acme cast that records every gap code at least once:
// a new gap without a rule that records it fails here.
#include "sp_fixture.hpp"

#include <set>

namespace samlh::sp {
namespace {

using namespace std::chrono_literals;
using testing::AcmeTest;

class GapCoverage : public AcmeTest {
 protected:
  void observe(IdpEventKind k, const std::string& email, std::string new_email = {},
               std::vector<std::string> groups = {}) {
    ASSERT_TRUE(accounts_->observe_idp_event("acme", IdpEvent{k, email, std::move(new_email), std::move(groups), clock_.now()})
                    .ok());
  }
};

TEST_F(GapCoverage, EveryGapCodeIsRecordedByTheAcmeLifecycle) {
  Identity alice = person("alice@acme.test");
  alice.attributes["groups"] = {"hotjar-readonly"};
  (void)accounts_->sso_login("acme", alice, sp_flow());                        // no_2fa, idp_role_ignored
  (void)login("mallory@acme.test");                                            // invitation_required
  (void)login("bob@acme.test");                                                // invite_not_accepted
  observe(IdpEventKind::assigned, "frank@acme.test");                          // preprovision_requires_invite
  observe(IdpEventKind::groups_changed, "dave@acme.test", "", {"hotjar-marketing"});  // manual_org_move
  const std::string dave = login("dave@acme.test").result->session.token;
  observe(IdpEventKind::deactivated, "dave@acme.test");                        // orphaned, session_outlives
  (void)accounts_->validate_session(dave);                                     // session_outlives (on use)
  observe(IdpEventKind::deactivated, "carol@acme.test");                       // single_owner_dependency
  observe(IdpEventKind::email_changed, "alice@acme.test", "alice.smith@acme.test");  // nameid_email_drift
  observe(IdpEventKind::reactivated, "dave@acme.test");
  (void)login("dave@acme.test");                                               // stale_role_on_rehire
  (void)accounts_->self_signup("bob@acme.test", "Bob-Password-1");             // shadow_account_via_self_signup
  (void)accounts_->password_login("acme", "alice@acme.test", "Alice-Password-1");  // password_login_bypasses_sso
  ASSERT_TRUE(accounts_->invite("acme", "erin@acme.test", Role::read_only, "alice@acme.test").ok());
  observe(IdpEventKind::deactivated, "erin@acme.test");                        // invitation_outlives_idp_deactivation
  clock_.advance(std::chrono::days{8});
  (void)accounts_->expire_invitations("acme");                                 // invitation_expired

  std::set<Gap> seen;
  for (const AuditRecord& r : audit()) seen.insert(r.gaps.begin(), r.gaps.end());
  for (Gap g : all_gaps()) EXPECT_TRUE(seen.count(g)) << spelling(g) << " was never recorded";
}

}  // namespace
}  // namespace samlh::sp
