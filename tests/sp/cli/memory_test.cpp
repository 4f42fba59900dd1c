// Peak memory of `sp validate` on a ~1 MB signed response (an Okta-shaped
// assertion with thousands of group values): accepted, and the child's
// maximum RSS (wait4 rusage, i.e. getrusage of that child) under 64 MB.
#include <gtest/gtest.h>

#include "tests/sp/cli/cli_support.hpp"
#include "tests/support/signed_okta_response.hpp"

namespace samlh::test {
namespace {

TEST(SpValidateMemory, AOneMegabyteResponseIsAcceptedUnder64MbRss) {
  OktaShape o;
  o.bulk_group_values = 4700;
  auto signed_xml = sign_okta_assertion(okta_response(o), key("idp"));
  ASSERT_TRUE(signed_xml) << signed_xml.failure().detail;
  ASSERT_GT(signed_xml->size(), 1'000'000u);
  ASSERT_LT(signed_xml->size(), 1'300'000u);
  ScratchDir dir;
  const std::string path = dir.write("one-megabyte.xml", *signed_xml);
  const auto r = run_process({kSpBin, "validate", "--json", "--idp-cert", source_path("certs/idp.crt"), "--sp-entity-id",
                              o.audience, "--acs", o.acs, "--idp-entity-id", o.issuer, "--request-id", o.request_id,
                              "--now", "2026-03-01T12:01:00Z", path});
  ASSERT_EQ(r.exit_code, 0) << r.out.substr(0, 2000) << r.err;
  const auto line = json_lines(r.out).at(0);
  EXPECT_EQ(line["verdict"], "accept");
  EXPECT_EQ(line["attributes"]["groups"].size(), o.bulk_group_values + 1);  // and OktaShape's own group
  RecordProperty("max_rss_kb", static_cast<int>(r.max_rss_kb));
  std::cout << "sp validate on " << signed_xml->size() << " bytes: max RSS " << r.max_rss_kb << " KB\n";
#ifdef SAMLH_SANITIZED
  GTEST_SKIP() << "RSS bound not meaningful under ASan (shadow memory); measured " << r.max_rss_kb << " KB";
#else
  constexpr long kRssLimitKb = 64L * 1024L;
  EXPECT_LT(r.max_rss_kb, kRssLimitKb);
#endif
}

}  // namespace
}  // namespace samlh::test
