// Issue 17 item 7: every number of the tenant configuration is range-checked
// at load, and a value out of range names the file, line and key (listen.port
// 72547 used to bind 7011, -1 bound 65535).
#include <gtest/gtest.h>

#include <string>

#include "idp-mock/tenant/config.hpp"

using namespace samlh;

namespace {

const std::string kDir = std::string(SAMLH_SOURCE_DIR) + "/idp-mock/examples";

std::string tenant(const std::string& listen, const std::string& settings = "") {
  return "org: acme\n" + listen +
         "signing: {key: ../../certs/idp.key, certificate: ../../certs/idp.crt}\n"
         "users: []\n"
         "apps:\n"
         "  - name: hotjar\n"
         "    external_key: exk1acmeH0tjar5Sx0h7\n"
         "    settings:\n"
         "      single_sign_on_url: http://127.0.0.1:8081/sso/acme/acs\n"
         "      audience_uri: http://127.0.0.1:8081/sso/acme/metadata\n" +
         settings;
}

std::string error_of(const std::string& yaml) {
  try {
    (void)idp::parse_config(yaml, idp::SettingsSource{"t.yaml", kDir});
  } catch (const idp::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(TenantConfigRanges, ListenPortOutOfRangeIsRefusedAtItsLine) {
  for (const char* bad : {"72547", "-1", "65536"}) {
    const std::string e = error_of(tenant(std::string("listen: {address: 127.0.0.1, port: ") + bad + "}\n"));
    EXPECT_NE(e.find("t.yaml:2"), std::string::npos) << e;
    EXPECT_NE(e.find("'port' must be from 0 to 65535, not " + std::string(bad)), std::string::npos) << e;
  }
  EXPECT_EQ(error_of(tenant("listen: {port: 65535}\n")), "no error");
  EXPECT_EQ(error_of(tenant("listen: {port: 0}\n")), "no error");
}

TEST(TenantConfigRanges, ListenMaxConnectionsIsRangeChecked) {
  EXPECT_EQ(idp::parse_config(tenant("listen: {max_connections: 64}\n"), idp::SettingsSource{"t.yaml", kDir}).max_connections, 64u);
  EXPECT_EQ(idp::parse_config(tenant("listen: {port: 0}\n"), idp::SettingsSource{"t.yaml", kDir}).max_connections, 0u);  // the server's default
  for (const char* bad : {"-1", "1000001"}) {
    const std::string e = error_of(tenant(std::string("listen: {max_connections: ") + bad + "}\n"));
    EXPECT_NE(e.find("t.yaml:2"), std::string::npos) << e;
    EXPECT_NE(e.find("'max_connections' must be from 0 to 1000000"), std::string::npos) << e;
  }
  EXPECT_NE(error_of(tenant("listen: {max_connections: 7}\n")).find("at least 8"), std::string::npos);
}

TEST(TenantConfigRanges, AppSettingNumbersAreRangeChecked) {
  const std::string e = error_of(tenant("", "      assertion_lifetime_seconds: 0\n"));
  EXPECT_NE(e.find("t.yaml:10"), std::string::npos) << e;
  EXPECT_NE(e.find("'assertion_lifetime_seconds' must be from 1 to 31536000, not 0"), std::string::npos) << e;
  EXPECT_NE(error_of(tenant("", "      assertion_lifetime_seconds: 31536001\n")).find("31536000"), std::string::npos);
  const std::string idx =
      error_of(tenant("", "      other_requestable_sso_urls: [{url: http://x.test/acs, index: 70000}]\n"));
  EXPECT_NE(idx.find("'index' must be from 0 to 65535, not 70000"), std::string::npos) << idx;
}
