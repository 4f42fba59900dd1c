// SP metadata read from http:// URLs and files with a deadline and a size
// cap, and the tenant `--sp-metadata`/`--acs` stand up
// (idp-mock/server/quick_setup.hpp). Loopback only.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/http/http_server.hpp"
#include "idp-mock/server/quick_setup.hpp"
#include "tests/support/test_keys.hpp"

using namespace samlh;
using namespace samlh::idp;

namespace {

const std::string kMetadata =
    "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"urn:sp\">"
    "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
    "<md:AssertionConsumerService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" "
    "Location=\"http://127.0.0.1:9/acs\" index=\"0\"/></md:SPSSODescriptor></md:EntityDescriptor>";

// One SP answering /md, /slow (after 1 s), /big (2 MiB) and 404 elsewhere.
class MetadataSource : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<core::http::Server>(core::http::ServerOptions{}, [](const core::http::Request& r) {
      if (r.path == "/md") return core::http::Response::text(200, kMetadata);
      if (r.path == "/slow") {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        return core::http::Response::text(200, kMetadata);
      }
      if (r.path == "/big") return core::http::Response::text(200, std::string(2 * 1024 * 1024, ' '));
      return core::http::Response::text(404, "no");
    });
    server_->listen();
    server_->start();
  }
  std::string message(const std::string& source, MetadataFetch f = {}) {
    try {
      read_sp_metadata(source, f);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  }
  std::unique_ptr<core::http::Server> server_;
};

TEST_F(MetadataSource, FetchedOverHttp) {
  EXPECT_EQ(read_sp_metadata(server_->base_url() + "/md", {}), kMetadata);
}

TEST_F(MetadataSource, EveryFailureNamesTheSourceAndWhat) {
  EXPECT_NE(message(server_->base_url() + "/missing").find("answered HTTP 404, not 200"), std::string::npos);
  MetadataFetch quick;
  quick.deadline = std::chrono::milliseconds(300);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_NE(message(server_->base_url() + "/slow", quick).find("cannot fetch"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));  // the deadline held
  const std::string big = message(server_->base_url() + "/big");
  EXPECT_NE(big.find(server_->base_url() + "/big: cannot fetch"), std::string::npos) << big;
  EXPECT_NE(big.find("at most 1048576 bytes"), std::string::npos) << big;
  EXPECT_NE(message("https://127.0.0.1:1/md").find("https:// is not fetched"), std::string::npos);
  EXPECT_NE(message("/nonexistent/md.xml").find("cannot read the file"), std::string::npos);
}

TEST_F(MetadataSource, FilesAreCappedToo) {
  const auto path = std::filesystem::temp_directory_path() / "samlh-quick-big.xml";
  std::ofstream(path) << std::string(2000, ' ');
  MetadataFetch small;
  small.max_bytes = 1000;
  EXPECT_NE(message(path.string(), small).find("larger than 1000 bytes"), std::string::npos);
  std::filesystem::remove(path);
}

QuickSetup demo() {
  QuickSetup q;
  q.demo_tenant = test::source_path("idp-mock/examples/acme.yaml");
  return q;
}

TEST_F(MetadataSource, TheDemoTenantsDirectoryAndKeyUnlessGiven) {
  QuickSetup q = demo();
  q.sp_metadata = {server_->base_url() + "/md"};
  q.acs = "http://127.0.0.1:9/other";
  q.audience = "urn:other";
  const TenantConfig t = quick_tenant(q);
  ASSERT_EQ(t.apps.size(), 2u);
  EXPECT_EQ(t.apps[0].app.settings.audience_uri, "urn:sp");
  EXPECT_EQ(t.apps[1].app.settings.single_sign_on_url, "http://127.0.0.1:9/other");
  EXPECT_EQ(t.org, "acme");
  EXPECT_EQ(t.signing.key_pem, test::slurp(test::source_path("certs/idp.key")));
  EXPECT_TRUE(t.directory.is_assigned(t.apps[0].app.name, "erin@acme.test"));  // not assigned in acme.yaml
  EXPECT_EQ(t.directory.find_user("dave@acme.test")->status, UserStatus::deactivated);
  EXPECT_EQ(signing_paths(q).key, std::filesystem::weakly_canonical(test::source_path("certs/idp.key")).string());
}

TEST(QuickSetup, UsersFileAndSigningKeyGiven) {
  const auto dir = std::filesystem::temp_directory_path() / "samlh-quick-users";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "users.yaml") << "users:\n  - {login: zoe@z.test, password: pw}\ngroups:\n"
                                       "  - {name: Z, members: [zoe@z.test]}\n";
  std::ofstream(dir / "bad.yaml") << "users: []\napps: []\n";
  QuickSetup q = demo();
  q.acs = "http://127.0.0.1:9/acs";
  q.audience = "urn:sp";
  q.users = (dir / "users.yaml").string();
  q.signing_key = test::source_path("certs/idp-next.key");
  q.signing_cert = test::source_path("certs/idp-next.crt");
  const TenantConfig t = quick_tenant(q);
  ASSERT_EQ(t.directory.users().size(), 1u);
  EXPECT_TRUE(t.directory.is_assigned("sp", "zoe@z.test"));
  EXPECT_EQ(t.signing.cert_pem, test::slurp(test::source_path("certs/idp-next.crt")));

  q.users = (dir / "bad.yaml").string();
  EXPECT_THROW(quick_tenant(q), ConfigError);  // only users: and groups:
  q.users.clear();
  q.signing_cert = test::source_path("certs/idp.crt");  // not this key's certificate
  EXPECT_THROW(quick_tenant(q), ConfigError);
  q.signing_cert.clear();
  EXPECT_THROW(quick_tenant(q), ConfigError);  // a key without its certificate
  std::filesystem::remove_all(dir);
}

}  // namespace
