// The audit log: JSON lines and queries.
#include "sp_fixture.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace samlh::sp {
namespace {

using namespace std::chrono_literals;
using testing::AcmeTest;

AuditRecord example_record() {
  AuditRecord r = AuditEntry(AuditEvent::sso_login, *core::parse_saml_time("2026-03-01T12:00:05.250Z"))
                      .org("acme")
                      .subject("mallory@acme.test")
                      .flow("sp_initiated")
                      .refused(sp::LoginReason::login_no_membership)
                      .gap(Gap::invitation_required)
                      .note("mallory@acme.test is not a member and has no pending invitation")
                      .take();
  r.seq = 7;
  return r;
}

TEST(AuditJson, LineHasTheDocumentedFieldsInOrder) {
  EXPECT_EQ(to_json_line(example_record()),
            R"({"seq":7,"time":"2026-03-01T12:00:05.250Z","org":"acme","event":"sso_login","actor":null,)"
            R"("subject":"mallory@acme.test","flow":"sp_initiated","outcome":"refused","reason":"login_no_membership",)"
            R"("gaps":["invitation_required"],"weak":[],)"
            R"("detail":"mallory@acme.test is not a member and has no pending invitation"})");
}

// The validator's relaxed options are a list of spellings, never text in the
// detail (the harness reads the list).
TEST(AuditJson, WeakOptionsAreAListOfSpellingsAndStayOutOfTheDetail) {
  AuditRecord r = AuditEntry(AuditEvent::sso_validation, *core::parse_saml_time("2026-03-01T12:00:05.250Z"))
                      .weak(core::Weakness::sha1_signature)
                      .weak(core::Weakness::sha1_digest)
                      .note("accepted response _r assertion _a")
                      .take();
  const auto j = nlohmann::json::parse(to_json_line(r));
  EXPECT_EQ(j.at("event"), "sso_validation");
  EXPECT_EQ(j.at("weak"), (nlohmann::json{"sha1_signature", "sha1_digest"}));
  EXPECT_EQ(j.at("detail"), "accepted response _r assertion _a");
}

TEST(AuditJson, TheExampleInAuditMdIsWhatTheCodeWrites) {
  std::ifstream in(std::string(SAMLH_SOURCE_DIR) + "/sp/AUDIT.md");
  ASSERT_TRUE(in) << "sp/AUDIT.md missing";
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_NE(ss.str().find(to_json_line(example_record())), std::string::npos)
      << "update the example line in sp/AUDIT.md to:\n" << to_json_line(example_record());
}

TEST(AuditJson, InvalidUtf8InADetailIsReplacedNotThrown) {
  AuditRecord r = example_record();
  r.subject = std::string("\xff\xfe", 2);
  const std::string line = to_json_line(r);
  EXPECT_TRUE(nlohmann::json::accept(line));
}

class Audit : public AcmeTest {};

TEST_F(Audit, QueryFiltersByOrgEventSinceAndSubject) {
  (void)login("mallory@acme.test");
  clock_.advance(1min);
  (void)login("alice@acme.test");
  (void)accounts_->invite("acme", "erin@acme.test", Role::read_only, "alice@acme.test");
  (void)accounts_->observe_idp_event("acme-marketing",
                                     IdpEvent{IdpEventKind::assigned, "erin@acme.test", "", {}, clock_.now()});

  EXPECT_EQ(audit(testing::where(std::nullopt, AuditEvent::sso_login)).size(), 2u);
  EXPECT_EQ(audit(testing::where("acme-marketing")).size(), 1u);
  EXPECT_EQ(audit(testing::where(std::nullopt, std::nullopt, "erin@acme.test")).size(), 2u);
  const auto since = audit(testing::where("acme", std::nullopt, std::nullopt, testing::start_time() + 1min));
  ASSERT_EQ(since.size(), 2u);
  EXPECT_EQ(since[0].event, AuditEvent::sso_login);
  EXPECT_EQ(since[1].event, AuditEvent::invite);
  const auto all = audit();
  ASSERT_GE(all.size(), 5u);  // config_seed + the four above
  EXPECT_EQ(all.front().event, AuditEvent::config_seed);
  const auto tail = audit(testing::where(std::nullopt, std::nullopt, std::nullopt, std::nullopt, all[all.size() - 2].seq));
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(tail[0].seq, all.back().seq);
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].seq, all[i].seq);
}

TEST_F(Audit, RefusalsCarryTheirReasonAndSuccessesNone) {
  for (const AuditRecord& r : audit()) {
    EXPECT_EQ(r.reason.has_value(), r.outcome == AuditOutcome::refused) << spelling(r.event);
  }
  auto refused = login("mallory@acme.test");
  const AuditRecord r = record(refused.audit_seq);
  EXPECT_EQ(r.reason, "login_no_membership");
  EXPECT_TRUE(sp::login_reason_from_spelling(*r.reason).has_value());
}

TEST_F(Audit, AppendForRecordsWrittenOutsideAccounts) {
  AuditRecord r = AuditEntry(AuditEvent::slo_response, *core::parse_saml_time("2026-03-01T12:00:05.250Z"))
                      .org("acme")
                      .refused(core::Reason::sig_invalid)
                      .take();
  auto seq = AuditLog(*store_).append(r);
  ASSERT_TRUE(seq.ok());
  const auto back = audit(testing::where(std::nullopt, AuditEvent::slo_response));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].seq, *seq);
  EXPECT_EQ(back[0].reason, "sig_invalid");
  EXPECT_EQ(back[0].time, r.time);
}

}  // namespace
}  // namespace samlh::sp
