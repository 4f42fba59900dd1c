// Interop: the SP accepts logins from independent IdPs through its ACS.
// pysaml2 and Lasso (tests/interop/idp_peer.py) mint responses signed with
// certs/idp.key; the acme organization trusts that certificate and the
// peer's entity ID. SP-initiated (the peer answers the request the SP sent
// to this browser) and IdP-initiated, per signing mode. Label: interop.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "server_fixture.hpp"
#include "tests/sp/temp_dir.hpp"
#include "tests/support/process.hpp"

namespace samlh::sp::testing {
namespace {

constexpr const char* kPeerEntity = "https://idp.peer.test/metadata";

struct PeerCase {
  std::string peer;
  std::string sign;
  bool sp_initiated;
};

std::string name(const ::testing::TestParamInfo<PeerCase>& i) {
  return i.param.peer + "_" + i.param.sign + (i.param.sp_initiated ? "_sp_initiated" : "_idp_initiated");
}

class InteropTest : public SpServerTest, public ::testing::WithParamInterface<PeerCase> {
 protected:
  // The peer's Response for `email` (raw XML), or "" with a test failure.
  std::string peer_response(const std::string& email, const std::string& request_id) {
    nlohmann::json s{{"idp_entity_id", kPeerEntity},
                     {"idp_key", test::source_path("certs/idp.key")},
                     {"idp_cert", test::source_path("certs/idp.crt")},
                     {"sp_entity_id", base_ + "/sso/acme/metadata"},
                     {"acs", base_ + "/sso/acme/acs"},
                     {"request_id", request_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(request_id)},
                     {"now", core::format_saml_time(clock_.now(), false)},
                     {"name_id", email},
                     {"attributes", {{"email", {email}}}},
                     {"sign", GetParam().sign}};
    const std::string settings = dir_.file("settings.json"), out = dir_.file("out.xml");
    std::ofstream(settings) << s.dump();
    auto r = test::run_process({"/usr/bin/python3", test::source_path("tests/interop/idp_peer.py"), "--peer",
                                GetParam().peer, "--settings", settings, "-o", out},
                               {}, {"PYTHONDONTWRITEBYTECODE=1"});
    if (r.exit_code == 3) return "unsupported";
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return r.exit_code == 0 ? test::slurp(out) : std::string();
  }
  TempDir dir_;
};

TEST_P(InteropTest, SpAcceptsTheIndependentIdpsLogin) {
  update_sso("acme", [](SsoSettings& s) { s.idp_entity_id = kPeerEntity; });
  core::browser::Browser browser;
  std::string request_id;
  std::optional<std::string> relay;
  if (GetParam().sp_initiated) {
    auto sent = start_login(browser);
    ASSERT_TRUE(sent);
    request_id = sent->id;
    relay = sent->relay_state;
  }
  const std::string xml = peer_response("alice@acme.test", request_id);
  if (xml == "unsupported") GTEST_SKIP() << GetParam().peer << " cannot sign only the " << GetParam().sign;
  ASSERT_FALSE(xml.empty());
  auto r = post_acs(browser, xml, relay);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_NE(whoami(browser).body.find("\"email\":\"alice@acme.test\""), std::string::npos);
  auto l = audit_of(AuditEvent::sso_login);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].flow, GetParam().sp_initiated ? "sp_initiated" : "idp_initiated");
  // And the same response again is a replay (or, SP-initiated, a used request).
  core::browser::Browser other;
  EXPECT_EQ(post_acs(other, xml, relay).status, 403);
}

INSTANTIATE_TEST_SUITE_P(Peers, InteropTest,
                         ::testing::Values(PeerCase{"pysaml2", "assertion", true}, PeerCase{"pysaml2", "both", false},
                                           PeerCase{"pysaml2", "response", true}, PeerCase{"lasso", "assertion", true},
                                           PeerCase{"lasso", "both", false}),
                         name);

}  // namespace
}  // namespace samlh::sp::testing
