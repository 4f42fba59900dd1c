// What a scenario's success gives an attacker against a target SP
// (target_judge.hpp), judged on synthetic observations: the session the
// oracle reports and the browser's exchanges with the target; and the
// --sp-profile reader.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/run/target.hpp"
#include "harness/run/target_judge.hpp"

namespace samlh::harness {
namespace {

// The shipped attack scenario that runs `mutation` (its `target:` block is
// what the judge reads): these verdicts hold for the files users run.
Scenario attack(const std::string& mutation) {
  for (const auto& f : find_scenario_files({SAMLH_SOURCE_DIR "/scenarios/attacks"})) {
    Scenario s = load_scenario(f);
    if (s.mutation == mutation) return s;
  }
  ADD_FAILURE() << "no scenario runs " << mutation;
  return {};
}

TargetSp target() {
  TargetSp t;
  t.base = "http://127.0.0.1:9000";
  t.acs = t.base + "/saml/acs";
  return t;
}

Observed session_as(const std::string& who) {
  Observed o;
  o.session = true;
  o.identity = who;
  o.oracle = "oracle answered 200 naming " + who;
  o.attacker = "mallory@acme.test";
  o.victim = "carol@acme.test";
  return o;
}

Observed no_session() {
  Observed o = session_as("");
  o.session = false;
  o.oracle = "oracle answered 401";
  return o;
}

std::optional<Gain> gain(const std::string& mutation, const Observed& o, const TargetSp& t = target()) {
  std::string note;
  auto f = judge_gain(attack(mutation), t, o, note);
  return f ? std::optional<Gain>(f->gain) : std::nullopt;
}

TEST(TargetJudge, WrappingThatLogsInTheVictimIsATakeoverAndTheSignedAttackerIsNoFinding) {
  EXPECT_EQ(gain("xsw3", session_as("carol@acme.test")), Gain::identity_takeover);
  EXPECT_EQ(gain("xsw3", session_as("mallory@acme.test")), std::nullopt);
  EXPECT_EQ(gain("xsw3", no_session()), std::nullopt);
}

TEST(TargetJudge, ContentTheIdpNeverSignedIsCriticalWhoeverItLogsIn) {
  EXPECT_EQ(gain("sx1_strip_signatures", session_as("mallory@acme.test")), Gain::forged_accepted);
  EXPECT_EQ(gain("kc1_hmac_with_certificate", session_as("carol@acme.test")), Gain::identity_takeover);
  EXPECT_EQ(severity_of(Gain::forged_accepted), Severity::critical);
}

TEST(TargetJudge, AShapeOnlyTheIdpKeySignsIsNeverATakeover) {
  // The harness signed carol's assertion with the IdP's key in these shapes.
  EXPECT_EQ(gain("tr6_c14n_with_comments", session_as("carol@acme.test")), Gain::tolerated);
  EXPECT_EQ(gain("sx7_two_references", session_as("carol@acme.test")), Gain::tolerated);
  EXPECT_EQ(gain("tr1_xslt", session_as("carol@acme.test")), Gain::unsafe_transform_accepted);
  // Comment injection: the IdP signed '<victim>.evil.test'; only the truncated victim is a takeover.
  EXPECT_EQ(gain("ci1_comment_in_name_id", session_as("carol@acme.test")), Gain::identity_takeover);
  EXPECT_EQ(gain("ci1_comment_in_name_id", session_as("carol@acme.test.evil.test")), std::nullopt);
}

TEST(TargetJudge, ProtocolOutcomes) {
  EXPECT_EQ(gain("pr1_replay", session_as("mallory@acme.test")), Gain::replay_accepted);
  EXPECT_EQ(gain("pr4_in_response_to_other", session_as("mallory@acme.test")), Gain::csrf_accepted);
  EXPECT_EQ(gain("pr14_audience_missing", session_as("mallory@acme.test")), Gain::policy_gap);
  EXPECT_EQ(gain("pr17_issuer_format", session_as("mallory@acme.test")), Gain::spec_deviation);
  EXPECT_EQ(gain("pr10_destination_host_case", session_as("mallory@acme.test")), Gain::tolerated);
  EXPECT_EQ(gain("al3_rsa_sha1", session_as("mallory@acme.test")), Gain::weak_crypto_accepted);
}

TEST(TargetJudge, DeclaredChoicesAreNoFinding) {
  TargetSp t = target();
  t.profile.source = "p.yaml";
  t.profile.allow_sha1 = true;
  t.profile.idp_initiated = true;
  t.profile.skew = core::Millis(300'000);
  EXPECT_EQ(gain("al3_rsa_sha1", session_as("mallory@acme.test"), t), std::nullopt);
  EXPECT_EQ(gain("pr5_in_response_to_missing", session_as("mallory@acme.test"), t), std::nullopt);
  EXPECT_EQ(gain("pr4_in_response_to_other", session_as("mallory@acme.test"), t), Gain::csrf_accepted);
  EXPECT_EQ(gain("pr18_expired", session_as("mallory@acme.test"), t), Gain::spec_deviation);
  EXPECT_EQ(gain("pr18_expired", session_as("mallory@acme.test")), Gain::policy_gap);
}

Observed answered(const std::string& relay, const std::string& location, core::http::Headers extra = {}) {
  Observed o = session_as("mallory@acme.test");
  o.relay_sent = relay;
  TargetExchange x;
  x.method = "POST";
  x.url = "http://127.0.0.1:9000/saml/acs";
  x.reply.status = 303;
  x.reply.headers = {{"location", location}};
  for (auto& h : extra) x.reply.headers.push_back(h);
  o.exchanges.push_back(x);
  return o;
}

TEST(TargetJudge, OpenRedirectFromTheLocationTheBrowserWasSent) {
  EXPECT_EQ(gain("rl1_off_site", answered("https://evil.example/", "https://evil.example/")), Gain::open_redirect);
  EXPECT_EQ(gain("rl2_protocol_relative", answered("//evil.example/", "//evil.example/")), Gain::open_redirect);
  EXPECT_EQ(gain("rl2_javascript", answered("javascript:alert(1)", "javascript:alert(1)")), Gain::open_redirect);
  // As a browser reads them: a backslash is a slash, a tab is dropped.
  EXPECT_EQ(gain("rl2_backslash", answered("/\\evil.example", "/\\evil.example")), Gain::open_redirect);
  EXPECT_EQ(gain("rl2_tab", answered("/\t/evil.example", "/\t/evil.example")), Gain::open_redirect);
  // Ignored (the SP's default page), or a same-origin path: no finding.
  EXPECT_EQ(gain("rl1_off_site", answered("https://evil.example/", "/app")), std::nullopt);
  EXPECT_EQ(gain("rl4_swapped", answered("/swapped-by-attacker", "/swapped-by-attacker")), std::nullopt);
}

TEST(TargetJudge, HeaderInjectionWhenTheRelayStatesHeaderComesBack) {
  const std::string relay = "/app\r\nSet-Cookie: x=1";
  EXPECT_EQ(gain("rl2_crlf", answered(relay, "/app", {{"set-cookie", "x=1"}})), Gain::header_injection);
  EXPECT_EQ(gain("rl2_crlf", answered(relay, "/app", {{"set-cookie", "session=abc; HttpOnly"}})), std::nullopt);
}

TEST(TargetThreatDeclaration, AnAttackScenarioMustDeclareItsTargetAndEveryValueIsChecked) {
  const std::string head = "kind: attack\nname: t\ntitle: t\nmutation: xsw3\nexpect: {outcome: refused}\n";
  auto error_of = [&](const std::string& extra) -> std::string {
    try {
      parse_scenario(head + extra, "t.yaml");
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(error_of("").find("declares 'target:'"), std::string::npos);
  EXPECT_NE(error_of("target: {family: wrapped, check: signature}\n").find("target.family must be one of"),
            std::string::npos);
  EXPECT_NE(error_of("target: {family: wrap, check: sig}\n").find("t.yaml:6"), std::string::npos);
  EXPECT_NE(error_of("target: {family: wrap, check: signature, gain: policy_gap}\n").find("read only for the shape"),
            std::string::npos);
  EXPECT_NE(error_of("target: {family: shape, check: time}\n").find("target.gain is required"), std::string::npos);
  EXPECT_NE(error_of("target: {family: wrap, check: signature, severity: high}\n").find("severity"),
            std::string::npos);
  const Scenario ok = parse_scenario(head + "target: {family: shape, check: time, gain: policy_gap}\n", "t.yaml");
  EXPECT_EQ(ok.target, (TargetThreat{Family::shape, Gain::policy_gap, Check::time, std::nullopt}));
  const Scenario skew =
      parse_scenario(head + "target: {family: shape, check: time, gain: policy_gap, declared_by: skew}\n", "t.yaml");
  EXPECT_EQ(skew.target.declared_by, ProfileKey::skew);
  EXPECT_NE(error_of("target: {family: shape, check: time, gain: policy_gap, declared_by: lenient}\n")
                .find("target.declared_by must be one of"),
            std::string::npos);
  // A format scenario that declares nothing is an IdP setting the SP may take or refuse.
  const Scenario f = parse_scenario("kind: format\nname: f\ntitle: f\nexpect: {outcome: refused, reason: sig_missing}\n",
                                    "f.yaml");
  EXPECT_EQ(f.target, (TargetThreat{Family::format, Gain::tolerated, Check::tolerance, std::nullopt}));
}

TEST(TargetProfileFile, ReadsTheDeclaredPolicyAndNamesFileLineAndKeyOnErrors) {
  const auto dir = std::filesystem::temp_directory_path() / "samlh-profile-test";
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  const TargetProfile p = load_target_profile(
      write("ok.yaml", "signing-policy: assertion\nskew: 5m\nmax-age: 1d\nallow-idp-initiated: true\nallow-sha1: yes\n"));
  EXPECT_EQ(p.signing_policy, "assertion");
  EXPECT_EQ(p.skew, core::Millis(300'000));
  EXPECT_EQ(p.max_age, core::Millis(86'400'000));
  EXPECT_TRUE(p.idp_initiated);
  EXPECT_TRUE(p.allow_sha1);
  EXPECT_FALSE(p.allow_rsa15);
  EXPECT_FALSE(p.allow_3des);
  EXPECT_TRUE(load_target_profile(write("3des.yaml", "allow-3des: true\n")).allow_3des);
  const auto error = [&](const std::string& text) {
    try {
      load_target_profile(write("bad.yaml", text));
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error("skew: 5m\nallow-md5: true\n").find("bad.yaml:2"), std::string::npos);
  EXPECT_NE(error("skew: 5m\nallow-md5: true\n").find("allow-md5"), std::string::npos);
  EXPECT_NE(error("signing-policy: either\n").find("bad.yaml:1"), std::string::npos);
  EXPECT_NE(error("skew: soon\n").find("'skew'"), std::string::npos);
  EXPECT_NE(error("allow-sha1: maybe\n").find("allow-sha1"), std::string::npos);
  EXPECT_NE(error("encryption-certificate: missing.crt\n").find("bad.yaml:1"), std::string::npos);
  write("not.crt", "not a certificate\n");
  EXPECT_NE(error("encryption-certificate: not.crt\n").find("not a PEM certificate"), std::string::npos);
  std::filesystem::copy_file(std::filesystem::path(SAMLH_SOURCE_DIR) / "certs/sp.crt", dir / "sp.crt",
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_NE(load_target_profile(write("enc.yaml", "encryption-certificate: sp.crt\n")).encryption_pem.find("BEGIN CERT"),
            std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace samlh::harness

