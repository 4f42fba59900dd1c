// Unit tests of the attack pack itself: every mutation produces something,
// and where the catalogue says the mock IdP re-signs, the crafted signature
// is cryptographically valid under a permissive verifier (so an SP that
// refuses it does so for the shape, not because the maths failed).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include <xmlsec/crypto.h>
#include <xmlsec/keys.h>
#include <xmlsec/xmldsig.h>

#include "attacks/mutations.hpp"
#include "core/bindings.hpp"
#include "core/dsig.hpp"
#include "core/xml.hpp"
#include "tests/support/okta_response.hpp"
#include "tests/support/test_keys.hpp"

namespace samlh::idp {
namespace {

MutationMaterial material() {
  MutationMaterial m{test::okta_response(test::OktaShape{}), SigningVariant::both, core::SignOptions{},
                     test::key("idp"), test::key("attacker"), test::key("attacker", "attacker-clone.crt"),
                     test::cert("sp.crt"), core::EncryptOptions{}, "admin@acme.test", 1};
  m.sign_options.inclusive_prefixes = "xs";
  return m;
}

// Verifies the Assertion's first Signature with every transform allowed and
// the given key: what a permissive (vulnerable) verifier would conclude.
bool permissive_verify(const std::string& xml, xmlSecKey* key) {
  core::XmlDocPtr doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "m.xml", nullptr, XML_PARSE_NONET));
  if (!doc) return false;
  xmlNode* response = xmlDocGetRootElement(doc.get());
  xmlNode* assertion = core::child(response, core::ns::kSaml, "Assertion");
  if (assertion == nullptr) return false;
  (void)core::register_id(doc.get(), response);
  (void)core::register_id(doc.get(), assertion);
  xmlNode* sig = core::child(assertion, core::ns::kDs, "Signature");
  if (sig == nullptr) return false;
  core::XmlSecDSigCtxPtr ctx(xmlSecDSigCtxCreate(nullptr));
  ctx->signKey = key;
  const int rc = xmlSecDSigCtxVerify(ctx.get(), sig);
  ctx->signKey = nullptr;
  return rc >= 0 && ctx->status == xmlSecDSigStatusSucceeded;
}

TEST(Mutations, VocabularyIsUniqueAndDescribed) {
  std::set<std::string> names;
  for (const auto& info : all_mutations()) {
    EXPECT_TRUE(names.insert(std::string(info.name)).second) << info.name;
    EXPECT_FALSE(info.rows.empty()) << info.name;
    EXPECT_FALSE(info.summary.empty()) << info.name;
    EXPECT_EQ(find_mutation(info.name), &info);
  }
  EXPECT_GE(names.size(), 100u);
  EXPECT_EQ(find_mutation("no_such_mutation"), nullptr);
  EXPECT_FALSE(apply_mutation("no_such_mutation", material()).ok());
}

TEST(Mutations, EveryMutationProducesAPostThatDiffersFromTheBaseline) {
  const MutationMaterial m = material();
  auto baseline = sign_as_idp(m);
  ASSERT_TRUE(baseline.ok());
  for (const auto& info : all_mutations()) {
    auto r = apply_mutation(info.name, m);
    ASSERT_TRUE(r.ok()) << info.name << ": " << r.failure().detail;
    ASSERT_FALSE(r->posts.empty()) << info.name;
    EXPECT_FALSE(r->note.empty()) << info.name;
    // A recipe that only changes who posts (PR-6) keeps the IdP's bytes.
    if (!r->posts.back().fresh_browser) {
      EXPECT_NE(r->posts.back().body, *baseline) << info.name << " changed nothing";
    }
  }
}

TEST(Mutations, AreDeterministicForASeed) {
  for (const char* name : {"xsw3", "cf1_attacker_certificate", "pr4_in_response_to_other", "sx7_two_references"}) {
    auto a = apply_mutation(name, material());
    auto b = apply_mutation(name, material());
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->posts.back().body, b->posts.back().body) << name;
  }
}

class CraftedIsValid : public ::testing::TestWithParam<const char*> {};

TEST_P(CraftedIsValid, UnderAPermissiveVerifierWithTheIdpKey) {
  auto r = apply_mutation(GetParam(), material());
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_TRUE(permissive_verify(r->posts.back().body, test::cert("idp.crt").xmlsec_key()))
      << GetParam() << " is not cryptographically valid";
}

INSTANTIATE_TEST_SUITE_P(
    Recipes, CraftedIsValid,
    ::testing::Values("sx6_uri_empty", "sx6_uri_xpointer_root", "sx6_uri_xpointer_id", "sx7_two_references",
                      "tr1_xslt", "tr2_xpath_filter", "tr3_xpath2_subtract", "tr4_c14n_with_comments",
                      "tr4_three_transforms", "tr6_c14n_with_comments", "al1_sha1_digest", "al2_md5_digest",
                      "al3_rsa_sha1", "al3_rsa_md5", "kc4_wrapped_digest", "cf6_key_info_removed", "ms5_signature_at_end",
                      "ci1_comment_in_name_id", "ci3_cdata_in_name_id", "ns8_reordered_attributes",
                      "pr13_audience_other", "pr18_expired"));

TEST(Mutations, AttackerSignaturesAreValidUnderTheAttackerKey) {
  for (const char* name : {"cf1_attacker_certificate", "cf2_cloned_certificate", "cf3_raw_key_value"}) {
    auto r = apply_mutation(name, material());
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(permissive_verify(r->posts.back().body, test::cert("attacker.crt").xmlsec_key())) << name;
    EXPECT_FALSE(permissive_verify(r->posts.back().body, test::cert("idp.crt").xmlsec_key())) << name;
  }
}

TEST(Mutations, HmacKeyConfusionIsARealHmacOverTheCertificate) {
  auto r = apply_mutation("kc1_hmac_with_certificate", material());
  ASSERT_TRUE(r.ok());
  const std::string der = test::cert("idp.crt").der();
  xmlSecKeyPtr hmac = xmlSecKeyReadMemory(xmlSecKeyDataHmacId, reinterpret_cast<const xmlSecByte*>(der.data()),
                                          static_cast<xmlSecSize>(der.size()));
  core::XmlSecKeyPtr owned(hmac);
  EXPECT_TRUE(permissive_verify(r->posts.back().body, hmac));
}

TEST(Mutations, LoginCsrfPostsTheIdpsOwnResponseFromAnotherBrowser) {
  auto r = apply_mutation("pr6_posted_from_another_browser", material());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->posts.size(), 1u);
  EXPECT_TRUE(r->posts.front().fresh_browser);
  // The IdP's valid response, unchanged: what PR-1 posts first.
  auto replay = apply_mutation("pr1_replay", material());
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(r->posts.front().body, replay->posts.front().body);
  EXPECT_FALSE(replay->posts.front().fresh_browser);
}

TEST(Mutations, SizedRecipesStayUnderA512KbForm) {
  for (const char* name : {"ds1_padded_300kb", "ds3_nesting_1000", "ds3_attributes_1000"}) {
    auto r = apply_mutation(name, material());
    ASSERT_TRUE(r.ok());
    const std::string form = "SAMLResponse=" + core::url_encode(core::base64_encode(r->posts.front().body));
    EXPECT_LT(form.size(), 512u * 1024u) << name;
  }
  auto padded = apply_mutation("ds1_padded_300kb", material());
  EXPECT_EQ(padded->posts.front().body.size(), 300u * 1024u);
}

TEST(Mutations, ShapeRecipesAreStillSignedByTheIdp) {
  for (const char* name : {"xml_latin1_declaration", "ds1_padded_300kb", "struct_issue_instant_no_zone"}) {
    auto r = apply_mutation(name, material());
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(permissive_verify(r->posts.front().body, test::cert("idp.crt").xmlsec_key())) << name;
  }
}

TEST(Mutations, ReplayRecipesPostTwice) {
  for (const char* name : {"pr1_replay", "pr2_replay_new_wrapper", "pr3_one_time_use_replay"}) {
    auto r = apply_mutation(name, material());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->posts.size(), 2u) << name;
  }
}

}  // namespace
}  // namespace samlh::idp
