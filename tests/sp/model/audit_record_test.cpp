// The audit record's event table and the one builder of records.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "sp/model/audit_record.hpp"

namespace samlh::sp {
namespace {

core::Instant t0() { return *core::parse_saml_time("2026-03-01T12:00:00Z"); }

TEST(AuditEventTable, EveryEventIsSpelledOnceRoundTripsAndIsDocumentedInAuditMd) {
  std::ifstream in(std::string(SAMLH_SOURCE_DIR) + "/sp/AUDIT.md");
  ASSERT_TRUE(in);
  std::stringstream doc;
  doc << in.rdbuf();
  std::set<std::string> seen;
  for (AuditEvent e : all_audit_events()) {
    const std::string s{spelling(e)};
    EXPECT_TRUE(seen.insert(s).second) << "duplicate " << s;
    EXPECT_EQ(audit_event_from_spelling(s), e) << s;
    EXPECT_FALSE(meaning(e).empty()) << s;
    EXPECT_NE(doc.str().find("`" + s + "`"), std::string::npos) << s << " is not in sp/AUDIT.md's events table";
  }
  EXPECT_FALSE(audit_event_from_spelling("test_certificate").has_value());
  EXPECT_FALSE(audit_event_from_spelling("").has_value());
}

TEST(AuditEventTable, EachIdpEventKindHasItsObservedEvent) {
  for (IdpEventKind k : {IdpEventKind::assigned, IdpEventKind::unassigned, IdpEventKind::deactivated,
                         IdpEventKind::reactivated, IdpEventKind::suspended, IdpEventKind::email_changed,
                         IdpEventKind::groups_changed}) {
    EXPECT_EQ(spelling(audit_event_of(k)), "idp_" + std::string(spelling(k)));
  }
}

TEST(AuditEntry, ARefusalCarriesItsReasonAndASuccessNone) {
  AuditEntry e(AuditEvent::sso_login, t0());
  EXPECT_EQ(e.record().outcome, AuditOutcome::success);
  e.refused(sp::LoginReason::login_no_membership);
  EXPECT_EQ(e.record().outcome, AuditOutcome::refused);
  EXPECT_EQ(e.record().reason, "login_no_membership");
  e.succeeded();
  EXPECT_EQ(e.record().outcome, AuditOutcome::success);
  EXPECT_FALSE(e.record().reason.has_value());
  e.refused(core::Reason::sig_invalid).observed();
  EXPECT_EQ(e.record().outcome, AuditOutcome::observed);
  EXPECT_FALSE(e.record().reason.has_value());
}

TEST(AuditEntry, GapsAndWeakOptionsAreKeptOnceInOrder) {
  AuditRecord r = AuditEntry(AuditEvent::sso_validation, t0())
                      .gap(Gap::idp_role_ignored)
                      .gap(Gap::no_2fa_for_sso_users)
                      .gap(Gap::idp_role_ignored)
                      .weak(core::Weakness::sha1_digest)
                      .weak(core::Weakness::sha1_signature)
                      .weak(core::Weakness::sha1_digest)
                      .take();
  EXPECT_EQ(r.gaps, (std::vector<Gap>{Gap::idp_role_ignored, Gap::no_2fa_for_sso_users}));
  EXPECT_EQ(r.weak, (std::vector<core::Weakness>{core::Weakness::sha1_digest, core::Weakness::sha1_signature}));
}

TEST(AuditEntry, NotesJoinWithSemicolonsAndADetailReplacesThem) {
  AuditEntry e(AuditEvent::invite, t0());
  e.note("first").note("").note("second");
  EXPECT_EQ(e.record().detail, "first; second");
  e.detail("check replay failed: used").note("answers request _1");
  EXPECT_EQ(e.record().detail, "check replay failed: used; answers request _1");
}

TEST(AuditEntry, TheEventTimeAndFieldsAreTheOnesGiven) {
  const AuditRecord r =
      AuditEntry(AuditEvent::change_role, t0()).org("acme").actor("alice@acme.test").subject("dave@acme.test").take();
  EXPECT_EQ(r.event, AuditEvent::change_role);
  EXPECT_EQ(r.time, t0());
  EXPECT_EQ(r.org, "acme");
  EXPECT_EQ(r.actor, "alice@acme.test");
  EXPECT_EQ(r.subject, "dave@acme.test");
  EXPECT_FALSE(r.flow.has_value());
  EXPECT_EQ(r.seq, 0);
}

TEST(AuditWeakJson, RoundTripsAndDropsWhatItDoesNotKnow) {
  const std::vector<core::Weakness> v{core::Weakness::expired_idp_certificate, core::Weakness::any_in_response_to};
  EXPECT_EQ(weak_to_json(v), R"(["expired_idp_certificate","any_in_response_to"])");
  EXPECT_EQ(weak_from_json(weak_to_json(v)), v);
  EXPECT_EQ(weak_from_json(R"(["sha1_digest","no_such_option",3])"), std::vector<core::Weakness>{core::Weakness::sha1_digest});
  EXPECT_TRUE(weak_from_json("not json").empty());
}

}  // namespace
}  // namespace samlh::sp
