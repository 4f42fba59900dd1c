// The scenario schema (harness/SCENARIOS.md): valid files load; every kind
// of mistake is refused with the file, the line and what is wrong.
#include <gtest/gtest.h>

#include <string>

#include "harness/scenario/scenario.hpp"
#include "tests/harness/scenario/load_error.hpp"

namespace samlh::harness {
namespace {

using scenario_text::error_of;

int line_of(const std::string& yaml) {
  try {
    parse_scenario(yaml, "t.yaml");
  } catch (const ScenarioError& e) {
    return e.line();
  }
  return -1;
}

constexpr const char* kFormat = R"(kind: format
name: okta-default
title: Okta's defaults
expect: {outcome: accepted}
)";

TEST(ScenarioSchema, MinimalFilesOfEachKindLoad) {
  const Scenario f = parse_scenario(kFormat, "f.yaml");
  EXPECT_EQ(f.kind, Kind::format);
  EXPECT_EQ(f.user, "alice@acme.test");
  EXPECT_EQ(f.expect.outcome, Outcome::accepted);
  const Scenario a = parse_scenario(
      "kind: attack\nname: x\ntitle: t\nmutation: xsw3\ntarget: {family: wrap, check: signature}\n"
      "expect: {outcome: refused, reason: struct_assertion_count}\n",
      "a.yaml");
  EXPECT_EQ(a.user, "mallory@acme.test");
  EXPECT_EQ(a.victim, "carol@acme.test");
  EXPECT_EQ(a.expect.reason, core::Reason::struct_assertion_count);
  const Scenario l = parse_scenario(R"(kind: lifecycle
name: l
title: t
event: leave
report: {shows: a, advice: b, risk_window: [x, y]}
steps:
  - label: x
    idp: {deactivate: dave@acme.test}
  - advance: 30d
  - label: y
    sp: {remove: {email: dave@acme.test, by: alice@acme.test}}
    expect: {member: dave@acme.test, present: false, gaps: [orphaned_membership_after_idp_deactivation]}
)",
                                    "l.yaml");
  ASSERT_EQ(l.steps.size(), 3u);
  EXPECT_EQ(l.steps[0].action.verb, "deactivate");
  EXPECT_EQ(l.steps[0].action.fields.at("login"), "dave@acme.test");
  EXPECT_EQ(l.steps[1].action.duration, std::chrono::days{30});
  EXPECT_EQ(l.steps[2].line, 10);
  ASSERT_TRUE(l.steps[2].expect);
  EXPECT_EQ(l.steps[2].expect->present, false);
}

TEST(ScenarioSchema, UnknownKeysAreErrorsWithFileLineAndKey) {
  const std::string yaml = std::string(kFormat) + "colour: blue\n";
  const std::string e = error_of(yaml);
  EXPECT_NE(e.find("t.yaml:5:"), std::string::npos) << e;
  EXPECT_NE(e.find("'colour'"), std::string::npos) << e;
  EXPECT_NE(error_of("kind: format\nname: x\ntitle: t\nexpect: {outcome: accepted, colour: 1}\n").find("'colour'"),
            std::string::npos);
}

TEST(ScenarioSchema, UnknownVocabularyIsRefused) {
  EXPECT_NE(error_of("kind: format\nname: x\ntitle: t\nexpect: {outcome: refused, reason: sig_bad}\n")
                .find("unknown reason 'sig_bad'"),
            std::string::npos);
  EXPECT_NE(error_of("kind: attack\nname: x\ntitle: t\nmutation: xsw99\nexpect: {outcome: refused}\n")
                .find("unknown mutation 'xsw99'"),
            std::string::npos);
  EXPECT_NE(error_of("kind: lifecycle\nname: x\ntitle: t\nevent: leave\nsteps:\n  - expect: {gaps_recorded: [nope]}\n")
                .find("unknown gap code 'nope'"),
            std::string::npos);
  EXPECT_NE(error_of("kind: lifecycle\nname: x\ntitle: t\nevent: retire\nsteps:\n  - advance: 1d\n")
                .find("unknown event"),
            std::string::npos);
  EXPECT_NE(error_of("kind: lifecycle\nname: x\ntitle: t\nevent: leave\nsteps:\n  - idp: {vaporize: dave@acme.test}\n")
                .find("unknown idp action 'vaporize'"),
            std::string::npos);
  EXPECT_NE(error_of("kind: lifecycle\nname: x\ntitle: t\nevent: leave\nsteps:\n  - sp: {invite: {email: a@b.c, role: boss, by: alice@acme.test}}\n")
                .find("unknown role 'boss'"),
            std::string::npos);
}

TEST(ScenarioSchema, StructuralMistakesAreRefused) {
  EXPECT_NE(error_of("name: x\ntitle: t\n").find("'kind' is required"), std::string::npos);
  EXPECT_NE(error_of("kind: format\nname: X Y\ntitle: t\nexpect: {outcome: accepted}\n").find("name must match"),
            std::string::npos);
  EXPECT_NE(error_of("kind: format\nname: x\ntitle: t\n").find("'expect' is required"), std::string::npos);
  EXPECT_NE(error_of("kind: format\nname: x\ntitle: t\nexpect: {outcome: accepted, reason: sig_invalid}\n")
                .find("'reason' goes with outcome: refused"),
            std::string::npos);
  EXPECT_NE(error_of("kind: attack\nname: x\ntitle: t\nexpect: {outcome: refused}\n").find("needs a 'mutation'"),
            std::string::npos);
  EXPECT_NE(error_of("kind: lifecycle\nname: x\ntitle: t\nevent: leave\nsteps: []\n").find("non-empty list"),
            std::string::npos);
  EXPECT_NE(error_of("kind: lifecycle\nname: x\ntitle: t\nevent: leave\nsteps:\n  - advance: soon\n")
                .find("positive duration"),
            std::string::npos);
  EXPECT_NE(error_of("kind: lifecycle\nname: x\ntitle: t\nevent: leave\nsteps:\n  - {advance: 1d, visit: {user: a}}\n")
                .find("at most one action"),
            std::string::npos);
  EXPECT_NE(error_of("kind: lifecycle\nname: x\ntitle: t\nevent: leave\nreport: {risk_window: [a, b]}\nsteps:\n  - label: a\n    advance: 1d\n")
                .find("unknown step label 'b'"),
            std::string::npos);
  EXPECT_NE(error_of("kind: lifecycle\nname: x\ntitle: t\nevent: leave\nsteps:\n  - label: a\n    advance: 1d\n  - label: a\n    advance: 1d\n")
                .find("duplicate label"),
            std::string::npos);
  EXPECT_NE(error_of("kind: format\nname: x\ntitle: t\nsteps: []\nexpect: {outcome: accepted}\n")
                .find("belongs to lifecycle"),
            std::string::npos);
  EXPECT_NE(error_of("kind: [\n").find("not valid YAML"), std::string::npos);
  EXPECT_EQ(line_of("kind: format\nname: x\ntitle: t\nexpect:\n  outcome: maybe\n"), 5);
}

TEST(ScenarioSchema, RequestMutationsIdpSigningAndLoginKeys) {
  const Scenario a = parse_scenario(
      "kind: attack\nname: x\ntitle: t\nrequest_mutation: deflate_bomb\nidp_signing: {key: ec.key, certificate: ec.crt}\n"
      "target: {family: format, check: tolerance, gain: tolerated}\nexpect: {outcome: refused, reason: binding_inflate_too_large}\n",
      "a.yaml");
  EXPECT_EQ(a.request_mutation, "deflate_bomb");
  ASSERT_TRUE(a.idp_signing);
  EXPECT_EQ(a.idp_signing->certificate, "ec.crt");
  EXPECT_NE(error_of("kind: attack\nname: x\ntitle: t\nrequest_mutation: zip_bomb\nexpect: {outcome: refused}\n")
                .find("unknown request_mutation 'zip_bomb'"),
            std::string::npos);
  EXPECT_NE(error_of("kind: attack\nname: x\ntitle: t\nmutation: xsw3\nrequest_mutation: deflate_bomb\nexpect: {outcome: refused}\n")
                .find("not both"),
            std::string::npos);
  EXPECT_NE(error_of("kind: format\nname: x\ntitle: t\nflow: idp_initiated\nrequest_mutation: deflate_bomb\nexpect: {outcome: refused}\n")
                .find("needs flow: sp_initiated"),
            std::string::npos);
  EXPECT_NE(error_of("kind: format\nname: x\ntitle: t\nidp_signing: {key: ../../etc/key.pem, certificate: ec.crt}\nexpect: {outcome: accepted}\n")
                .find("file name under certs/"),
            std::string::npos);
  EXPECT_NE(error_of("kind: format\nname: x\ntitle: t\nidp_signing: {key: ec.key}\nexpect: {outcome: accepted}\n")
                .find("needs 'key' and 'certificate'"),
            std::string::npos);
  const Scenario l = parse_scenario(
      "kind: lifecycle\nname: l\ntitle: t\nevent: join\nsteps:\n"
      "  - login: {user: grace@acme.test, passive: true}\n"
      "  - login: {user: mallory@acme.test, via_invitation: bob@acme.test, password: wrong}\n"
      "  - login: {user: bob@acme.test, via_invitation: made_up}\n",
      "l.yaml");
  EXPECT_EQ(l.steps[0].action.fields.at("passive"), "true");
  EXPECT_EQ(l.steps[1].action.fields.at("via_invitation"), "bob@acme.test");
  EXPECT_EQ(l.steps[1].action.fields.at("password"), "wrong");
  EXPECT_EQ(l.steps[2].action.fields.at("via_invitation"), "made_up");
  EXPECT_NE(error_of("kind: lifecycle\nname: l\ntitle: t\nevent: join\nsteps:\n  - login: {user: a, via_invitation: maybe}\n")
                .find("true, false, an email or made_up"),
            std::string::npos);
  EXPECT_NE(error_of("kind: lifecycle\nname: l\ntitle: t\nevent: join\nsteps:\n  - login: {user: a, passive: true, flow: idp_initiated}\n")
                .find("plain SP-initiated login"),
            std::string::npos);
  EXPECT_NE(error_of("kind: lifecycle\nname: l\ntitle: t\nevent: join\nsteps:\n  - advance: 1d\nidp_signing: {key: a, certificate: b}\n")
                .find("not used by lifecycle"),
            std::string::npos);
}

TEST(ScenarioSchema, ReconcileExpectationAndRenameLogin) {
  const Scenario s = parse_scenario(
      "kind: lifecycle\nname: r\ntitle: t\nevent: leave\nsteps:\n"
      "  - idp: {rename_login: {login: a@acme.test, new_login: b@acme.test}}\n"
      "    expect: {reconcile: []}\n"
      "  - expect:\n      reconcile:\n"
      "        - {kind: member_without_assignment, subject: z@acme.test}\n"
      "        - {kind: email_drift, subject: a@acme.test}\n",
      "r.yaml");
  ASSERT_EQ(s.steps.size(), 2u);
  EXPECT_EQ(s.steps[0].action.verb, "rename_login");
  EXPECT_EQ(s.steps[0].action.fields.at("new_login"), "b@acme.test");
  ASSERT_TRUE(s.steps[0].expect->reconcile.has_value());
  EXPECT_TRUE(s.steps[0].expect->reconcile->empty());
  const auto& f = *s.steps[1].expect->reconcile;  // sorted by kind, then subject
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].kind, "email_drift");
  EXPECT_EQ(f[1].subject, "z@acme.test");
  const std::string head = "kind: lifecycle\nname: r\ntitle: t\nevent: leave\nsteps:\n  - expect: ";
  EXPECT_NE(error_of(head + "{reconcile: [{kind: leaver, subject: a@b.c}]}\n").find("unknown reconcile finding kind 'leaver'"),
            std::string::npos);
  EXPECT_NE(error_of(head + "{reconcile: member_without_assignment}\n").find("'reconcile' must be a list"),
            std::string::npos);
  EXPECT_NE(error_of(head + "{reconcile: [{kind: email_drift}]}\n").find("needs 'kind' and 'subject'"),
            std::string::npos);
  EXPECT_NE(error_of(head + "{reconcile: [{kind: email_drift, subject: a, confidence: certain}]}\n").find("confidence"),
            std::string::npos);
  EXPECT_NE(error_of("kind: lifecycle\nname: r\ntitle: t\nevent: leave\nsteps:\n  - idp: {rename_login: {login: a}}\n"),
            "");
}

TEST(Durations, Format) {
  EXPECT_EQ(format_duration(core::Millis{2'592'000'000}), "30d");
  EXPECT_EQ(format_duration(core::Millis{90'000}), "1m 30s");
  EXPECT_EQ(format_duration(core::Millis{259'500'000}), "3d 5m");
}

TEST(Durations, AdvanceTakesThePositiveDurationsOfTheOneGrammar) {
  const std::string head = "kind: lifecycle\nname: l\ntitle: t\nevent: join\nsteps:\n  - advance: ";
  EXPECT_EQ(parse_scenario(head + "1500ms\n", "f.yaml").steps.at(0).action.duration, core::Millis{1500});
  EXPECT_EQ(parse_scenario(head + "30d\n", "f.yaml").steps.at(0).action.duration, core::Millis{2'592'000'000});
  for (const char* bad : {"0s", "-5m", "1.5h", "5", "10000001d"}) {
    EXPECT_NE(error_of(head + bad + "\n").find("positive duration"), std::string::npos) << bad;
  }
}

// Issue 18: `app:` and `sp:` mistakes are load errors at the scenario's own
// line and key, with the allowed keys or values, before anything runs.
TEST(ScenarioSettings, AppKeysAndValuesAreCheckedAtLoad) {
  const std::string head = "kind: format\nname: s\ntitle: t\napp:\n";
  const std::string tail = "expect: {outcome: accepted}\n";
  std::string e = error_of(head + "  name_id_formt: EmailAddress\n" + tail);
  EXPECT_NE(e.find("t.yaml:5: unknown key 'name_id_formt'"), std::string::npos) << e;
  EXPECT_NE(e.find("name_id_format"), std::string::npos) << e;  // the allowed keys are listed
  e = error_of(head + "  signature_algorithm: RSA_SHA256\n  name_id_format: EmailAddres\n" + tail);
  EXPECT_NE(e.find("t.yaml:6: name_id_format: unknown value 'EmailAddres'"), std::string::npos) << e;
  EXPECT_NE(e.find("email_address"), std::string::npos) << e;
  e = error_of(head + "  assertion_signed: \"yes please\"\n" + tail);
  EXPECT_NE(e.find("t.yaml:5: 'assertion_signed' must be true or false, not 'yes please'"), std::string::npos) << e;
  // A lifecycle step's app_settings too.
  e = error_of("kind: lifecycle\nname: l\ntitle: t\nevent: join\nsteps:\n  - idp: {app_settings: {response_sined: true}}\n");
  EXPECT_NE(e.find("t.yaml:6: unknown key 'response_sined'"), std::string::npos) << e;
  // Valid settings, with a certificate relative to the default tenant, load.
  EXPECT_EQ(error_of(head + "  name_id_format: EmailAddress\n  assertion_encryption:\n    enabled: true\n"
                            "    encryption_certificate: ../../certs/sp.crt\n" + tail),
            "");
}

TEST(ScenarioSettings, SpKeysAndValuesAreCheckedAtTheScenariosLine) {
  const std::string head = "kind: format\nname: s\ntitle: t\nsp:\n";
  const std::string tail = "expect: {outcome: accepted}\n";
  std::string e = error_of(head + "  allow_sha: true\n" + tail);
  EXPECT_NE(e.find("t.yaml:5: unknown key 'allow_sha' in sp"), std::string::npos) << e;
  EXPECT_NE(e.find("allow_sha1"), std::string::npos) << e;
  EXPECT_NE(e.find("decryption_key"), std::string::npos) << e;
  e = error_of(head + "  require_gcm: false\n  allow_sha1: 1\n" + tail);
  EXPECT_NE(e.find("t.yaml:6: 'allow_sha1' must be true or false, not '1'"), std::string::npos) << e;
  e = error_of(head + "  signing_policy: either\n" + tail);
  EXPECT_NE(e.find("t.yaml:5: 'signing_policy' must be assertion_or_response"), std::string::npos) << e;
  e = error_of(head + "  decryption_key: maybe\n" + tail);
  EXPECT_NE(e.find("t.yaml:5: 'decryption_key' must be true or false"), std::string::npos) << e;
  e = error_of(head + "  extra_idp_certificates: [../sp.key]\n" + tail);
  EXPECT_NE(e.find("t.yaml:5: 'extra_idp_certificates' is a file name under certs/"), std::string::npos) << e;
  EXPECT_EQ(error_of(head + "  allow_sha1: true\n  skew_seconds: 30\n  extra_idp_certificates: [ec.crt]\n" + tail), "");
}

TEST(ScenarioSchema, TagsAreAListAndKeysAreNotRepeated) {
  std::string e = error_of("kind: format\nname: s\ntitle: t\ntags: mine\nexpect: {outcome: accepted}\n");
  EXPECT_NE(e.find("t.yaml:4: 'tags' is a list of words, e.g. tags: [mine]"), std::string::npos) << e;
  EXPECT_EQ(parse_scenario("kind: format\nname: s\ntitle: t\ntags: [a, b]\nexpect: {outcome: accepted}\n", "t.yaml").tags,
            (std::vector<std::string>{"a", "b"}));
  e = error_of("kind: format\nname: s\ntitle: t\nname: u\nexpect: {outcome: accepted}\n");
  EXPECT_NE(e.find("t.yaml:4: key 'name' repeated"), std::string::npos) << e;
}

TEST(ScenarioSchema, EachExpectationKeyHasItsOwnLine) {
  const Scenario s = parse_scenario("kind: format\nname: s\ntitle: t\nexpect:\n  outcome: refused\n"
                                    "  reason: sig_missing\n  gaps: []\n", "t.yaml");
  EXPECT_EQ(s.expect.line_of("outcome"), 5);
  EXPECT_EQ(s.expect.line_of("reason"), 6);
  EXPECT_EQ(s.expect.line_of("gaps"), 7);
  EXPECT_EQ(s.expect.line_of("identity"), s.expect.line);  // absent: the expectation's line
}

}  // namespace
}  // namespace samlh::harness
