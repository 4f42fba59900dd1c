// The attack catalogue (../shared/facts/attacks.md) against the validator:
// one case per mutation of the attack pack, named after the attack, each
// asserting the exact refusal reason (or, for the positive controls and the
// splits that must be read whole, the acceptance and the identity).
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <set>
#include <string>

#include "attacks/mutations.hpp"
#include "core/bindings.hpp"
#include "sp/validator/validator.hpp"
#include "tests/support/okta_response.hpp"
#include "tests/support/test_keys.hpp"

namespace samlh::sp {
namespace {

using core::Reason;
using idp::Encoding;
using Tweak = std::function<void(ValidatorSettings&)>;

struct AttackCase {
  const char* mutation;
  std::optional<Reason> expected;  // nullopt: accepted
  std::string name_id;             // accepted: the identity that must come out ("" = unchanged)
  Tweak tweak = nullptr;
};

const test::OktaShape kShape{};

idp::MutationMaterial material() {
  idp::MutationMaterial m{test::okta_response(kShape), idp::SigningVariant::both, core::SignOptions{},
                          test::key("idp"), test::key("attacker"), test::key("attacker", "attacker-clone.crt"),
                          test::cert("sp.crt"), core::EncryptOptions{}, "admin@acme.test", 1};
  m.sign_options.inclusive_prefixes = "xs";
  return m;
}

ValidatorSettings settings() {
  ValidatorSettings s;
  s.idp_certificates = {test::cert("idp.crt")};
  s.idp_entity_id = kShape.issuer;
  s.sp_entity_id = kShape.audience;
  s.acs_url = kShape.acs;
  s.request_id = kShape.request_id;
  s.sp_key = test::key("sp");
  s.expected_relay_state = std::nullopt;
  return s;
}

InputEncoding encoding_of(Encoding e) {
  switch (e) {
    case Encoding::xml: return InputEncoding::xml;
    case Encoding::base64: return InputEncoding::base64;
    case Encoding::form: return InputEncoding::form;
  }
  return InputEncoding::detect;
}

// Posts every message of the mutation in order; returns the last verdict.
Verdict run(const AttackCase& c) {
  auto mutated = idp::apply_mutation(c.mutation, material());
  if (!mutated) {
    ADD_FAILURE() << "mutation " << c.mutation << " failed: " << mutated.failure().detail;
    return {};
  }
  ValidatorSettings s = settings();
  if (c.tweak) c.tweak(s);
  const core::FixedClock clock{kShape.issue_instant + std::chrono::seconds{60}};
  MemoryReplayCache replay;
  Verdict v;
  for (const idp::Post& p : mutated->posts) {
    std::string body = p.body;
    InputEncoding enc = encoding_of(p.encoding);
    if (p.relay_state) {  // deliver as a form body with RelayState
      body = "SAMLResponse=" + core::url_encode(core::base64_encode(p.body)) + "&RelayState=" +
             core::url_encode(*p.relay_state);
      enc = InputEncoding::form;
    }
    // A browser that never started a login has no request binding: the SP
    // knows no request ID for it (sp/server/routes_acs.cpp).
    if (p.fresh_browser) s.request_id.reset();
    v = validate(body, enc, s, clock, &replay);
  }
  return v;
}

std::string trace(const Verdict& v) {
  std::string t;
  for (const auto& c : v.checks) {
    if (c.status != CheckStatus::not_run) t += "  " + c.name + " " + std::string(spelling(c.status)) + ": " + c.detail + "\n";
  }
  return t;
}

const Tweak kUnsolicitedRefused = [](ValidatorSettings& s) { s.request_id.reset(); };
const Tweak kRequireGcm = [](ValidatorSettings& s) { s.require_gcm = true; };
const Tweak kExpectRelay = [](ValidatorSettings& s) { s.expected_relay_state = "/app"; };
// The SP server's XML limit (sp/server/server.hpp SpOptions::max_xml_bytes), below its 512 KB form cap.
const Tweak kSpParseLimits = [](ValidatorSettings& s) { s.parse_limits.max_bytes = 256 * 1024; };

const std::vector<AttackCase>& cases() {
  static const std::vector<AttackCase> k = {
      // 1.1 XSW
      {"xsw1", Reason::struct_schema, {}},
      {"xsw2", Reason::struct_schema, {}},
      {"xsw3", Reason::struct_assertion_count, {}},
      {"xsw4", Reason::struct_assertion_count, {}},
      {"xsw5", Reason::struct_assertion_count, {}},
      {"xsw6", Reason::struct_assertion_count, {}},
      {"xsw7", Reason::struct_schema, {}},
      {"xsw8", Reason::struct_schema, {}},
      {"xsw8_ds_object", Reason::struct_assertion_count, {}},
      {"xsw9", Reason::struct_schema, {}},
      {"xsw10", Reason::xml_doctype, {}},
      // 1.2 exclusion
      {"sx1_strip_signatures", Reason::sig_missing, {}},
      {"sx2_edit_after_response_signature", Reason::sig_invalid, {}},
      {"sx3_strip_response_signature", Reason::sig_missing, {}},
      {"sx4_extra_unsigned_assertion", Reason::struct_assertion_count, {}},
      {"sx5_foreign_signature_in_extensions", Reason::struct_signature_placement, {}},
      {"sx5_foreign_signature_in_status_detail", Reason::struct_signature_placement, {}},
      {"sx6_uri_empty", Reason::sig_reference, {}},
      {"sx6_uri_xpointer_root", Reason::sig_reference, {}},
      {"sx6_uri_xpointer_id", Reason::sig_reference, {}},
      {"sx6_uri_without_hash", Reason::sig_reference, {}},
      {"sx7_two_references", Reason::sig_reference, {}},
      {"sx8_signed_assertion_in_advice", Reason::struct_assertion_count, {}},
      // 1.3 certificate faking
      {"cf1_attacker_certificate", Reason::sig_untrusted_key, {}},
      {"cf2_cloned_certificate", Reason::sig_untrusted_key, {}},
      {"cf3_raw_key_value", Reason::sig_untrusted_key, {}},
      {"cf4_certificate_chain", Reason::sig_untrusted_key, {}},
      {"cf5_retrieval_method", Reason::sig_structure, {}},
      {"cf6_key_info_removed", std::nullopt, {}},
      // 1.4 key confusion
      {"kc1_hmac_with_certificate", Reason::sig_algorithm, {}},
      {"kc1_hmac_with_pem", Reason::sig_algorithm, {}},
      {"kc1_hmac_sha256_with_spki", Reason::sig_algorithm, {}},
      {"kc2_hmac_truncated", Reason::sig_algorithm, {}},
      {"kc3_ecdsa_method_with_rsa_key", Reason::sig_invalid, {}},
      {"kc3_dsa_method", Reason::sig_algorithm, {}},
      {"kc4_numeric_digest", Reason::sig_invalid, {}},
      {"kc4_wrapped_digest", std::nullopt, {}},
      // 1.5 comments, CDATA, PIs, entities: read whole or refuse
      {"ci1_comment_in_name_id", std::nullopt, "admin@acme.test.evil.test"},
      {"ci2_comment_in_attribute", std::nullopt, {}},
      {"ci3_cdata_in_name_id", std::nullopt, "admin@acme.test.evil.test"},
      {"ci4_pi_in_name_id", Reason::sig_invalid, {}},
      {"ci5_entity_in_name_id", Reason::xml_doctype, {}},
      {"ci6_comment_in_digest_value", Reason::sig_structure, {}},
      {"ci7_comment_in_signature_value", Reason::sig_structure, {}},
      {"ci7_comment_in_certificate", Reason::sig_structure, {}},
      // 1.6 DTD, XXE, XInclude
      {"dt1_doctype", Reason::xml_doctype, {}},
      {"dt2_xxe", Reason::xml_doctype, {}},
      {"dt3_external_dtd", Reason::xml_doctype, {}},
      {"dt4_parameter_entity", Reason::xml_doctype, {}},
      {"dt5_billion_laughs", Reason::xml_doctype, {}},
      {"dt6_quadratic_blowup", Reason::xml_doctype, {}},
      {"dt7_attlist_namespace", Reason::xml_doctype, {}},
      {"dt8_attlist_id", Reason::xml_doctype, {}},
      {"dt9_doctype_round_trip", Reason::xml_doctype, {}},
      {"dt10_xinclude", std::nullopt, {}},
      // 1.7 transforms
      {"tr1_xslt", Reason::sig_transform, {}},
      {"tr1_xslt_document", Reason::sig_transform, {}},
      {"tr2_xpath_filter", Reason::sig_transform, {}},
      {"tr3_xpath2_subtract", Reason::sig_transform, {}},
      {"tr4_base64", Reason::sig_transform, {}},
      {"tr4_c14n_with_comments", Reason::sig_transform, {}},
      {"tr4_three_transforms", Reason::sig_transform, {}},
      {"tr4_unknown_transform", Reason::sig_transform, {}},
      {"tr5_not_enveloped", Reason::sig_transform, {}},
      {"tr5_signature_outside", Reason::sig_reference, {}},
      {"tr6_c14n_with_comments", Reason::sig_algorithm, {}},
      {"tr6_unknown_c14n", Reason::sig_algorithm, {}},
      {"tr7_void_c14n", Reason::xml_namespace, {}},
      // 1.8 algorithms
      {"al1_sha1_digest", Reason::sig_algorithm, {}},
      {"al2_md5_digest", Reason::sig_algorithm, {}},
      {"al3_rsa_sha1", Reason::sig_algorithm, {}},
      {"al3_rsa_md5", Reason::sig_algorithm, {}},
      {"al4_declared_not_used", Reason::sig_invalid, {}},
      {"al4_short_digest", Reason::sig_invalid, {}},
      {"al5_trailing_space", Reason::sig_algorithm, {}},
      {"al5_upper_case", Reason::sig_algorithm, {}},
      // 1.9 IDs
      {"id1_duplicate_before", Reason::struct_duplicate_id, {}},
      {"id1_duplicate_after", Reason::struct_duplicate_id, {}},
      {"id2_id_case", Reason::struct_id_attribute, {}},
      {"id3_assertion_id", Reason::struct_id_attribute, {}},
      {"id4_xml_id", Reason::struct_id_attribute, {}},
      {"id5_attribute_pollution", Reason::struct_id_attribute, {}},
      {"id6_reference_case", Reason::sig_reference, {}},
      {"id6_id_leading_space", Reason::sig_reference, {}},
      {"id6_id_zero_width", Reason::sig_reference, {}},
      // 1.10 multiplicity
      {"ma1_two_signed_assertions", Reason::struct_assertion_count, {}},
      {"ma2_cve_2022_41912", Reason::struct_assertion_count, {}},
      {"ma3_assertion_and_encrypted", Reason::struct_assertion_count, {}},
      {"ms1_two_signatures", Reason::struct_signature_placement, {}},
      {"ms2_two_signed_info", Reason::sig_structure, {}},
      {"ms3_digest_value_in_status_detail", Reason::struct_signature_placement, {}},
      {"ms4_signature_in_extensions", Reason::struct_signature_placement, {}},
      {"ms4_signature_in_status_detail", Reason::struct_signature_placement, {}},
      {"ms4_signature_in_advice", Reason::struct_signature_placement, {}},
      {"ms5_signature_at_end", Reason::struct_signature_placement, {}},
      // 1.11 namespaces
      {"ns1_wrong_signature_namespace", Reason::struct_schema, {}},
      {"ns2_evil_namespace_assertion", Reason::struct_schema, {}},
      {"ns3_default_namespace_twin", Reason::struct_assertion_count, {}},
      {"ns4_xml_xmlns_hiding", Reason::struct_signature_placement, {}},
      {"ns5_invalid_namespace_uri", Reason::xml_namespace, {}},
      {"ns6_unqualified_assertion", Reason::struct_schema, {}},
      {"ns7_undeclared_prefix", Reason::xml_namespace, {}},
      {"ns7_two_colons", Reason::xml_namespace, {}},
      {"ns8_renamed_prefixes", std::nullopt, {}},
      {"ns8_reordered_attributes", std::nullopt, {}},
      // 1.12 CVE recipes not covered above
      {"cve8_second_root", Reason::xml_malformed, {}},
      {"cve11_signed_assertion_in_unknown_parent", Reason::struct_assertion_count, {}},
      // 1.13 protocol
      {"pr1_replay", Reason::replay_assertion, {}},
      {"pr2_replay_new_wrapper", Reason::replay_assertion, {}},
      {"pr3_one_time_use_replay", Reason::replay_assertion, {}},
      {"pr4_in_response_to_other", Reason::inresp_mismatch, {}},
      {"pr5_in_response_to_missing", Reason::inresp_unsolicited, {}},
      {"pr5_unsigned_in_response_to", Reason::inresp_unsolicited, {}},
      {"pr6_posted_from_another_browser", Reason::inresp_unexpected, {}},
      {"pr8_in_response_to_differ", Reason::inresp_mismatch, {}},
      {"pr10_destination_other", Reason::dest_mismatch, {}},
      {"pr10_destination_http", Reason::dest_mismatch, {}},
      {"pr10_destination_trailing_slash", Reason::dest_mismatch, {}},
      {"pr10_destination_host_case", Reason::dest_mismatch, {}},
      {"pr10_destination_port", Reason::dest_mismatch, {}},
      {"pr10_destination_query", Reason::dest_mismatch, {}},
      {"pr11_destination_missing", Reason::dest_missing, {}},
      {"pr12_recipient_other", Reason::subj_recipient, {}},
      {"pr12_recipient_missing", Reason::subj_recipient, {}},
      {"pr13_audience_other", Reason::cond_audience_mismatch, {}},
      {"pr14_audience_missing", Reason::cond_audience_missing, {}},
      {"pr15_two_audience_restrictions", Reason::cond_audience_mismatch, {}},
      {"pr16_issuer_other", Reason::issuer_mismatch, {}},
      {"pr17_response_issuer_missing", Reason::issuer_missing, {}},
      {"pr17_issuers_differ", Reason::issuer_mismatch, {}},
      {"pr17_issuer_format", Reason::issuer_mismatch, {}},
      {"pr18_expired", Reason::cond_expired, {}},
      {"pr19_confirmation_expired", Reason::subj_expired, {}},
      {"pr20_not_yet_valid", Reason::cond_not_yet_valid, {}},
      {"pr21_confirmation_not_before", Reason::subj_confirmation_data, {}},
      {"pr22_stale_issue_instant", Reason::cond_issue_instant, {}},
      {"pr23_holder_of_key", Reason::subj_no_bearer, {}},
      {"pr23_sender_vouches", Reason::subj_no_bearer, {}},
      {"pr24_confirmation_data_missing", Reason::subj_confirmation_data, {}},
      {"pr25_only_invalid_bearers", Reason::subj_recipient, {}},
      {"pr26_status_requester", Reason::status_not_success, {}},
      {"pr26_status_authn_failed", Reason::status_not_success, {}},
      {"pr27_no_authn_statement", Reason::authn_statement_missing, {}},
      {"pr28_version_1_1", Reason::struct_version, {}},
      {"struct_logout_response_root", Reason::struct_root, {}},
      {"struct_issue_instant_no_zone", Reason::struct_invalid_time, {}},
      // 1.14 encryption
      {"ea1_unsigned_encrypted", Reason::sig_missing, {}},
      {"ea2_flip_last_block", Reason::enc_decrypt_failed, {}},
      {"ea2_flip_second_last_block", Reason::enc_decrypt_failed, {}},
      {"ea3_rsa_1_5", Reason::enc_algorithm, {}},
      {"ea4_cbc", Reason::enc_algorithm, {}, kRequireGcm},
      {"ea5_cipher_reference", Reason::enc_structure, {}},
      {"ea5_external_retrieval_method", Reason::enc_structure, {}},
      {"ea6_cipher_reference_transforms", Reason::enc_structure, {}},
      {"ea7_doctype_in_plaintext", Reason::enc_decrypt_failed, {}},
      {"ea8_edit_then_encrypt", Reason::enc_decrypt_failed, {}},
      {"ea8_edit_then_encrypt_gcm", Reason::sig_invalid, {}},
      {"ea9_two_encrypted_assertions", Reason::struct_assertion_count, {}},
      {"ea9_two_encrypted_data", Reason::enc_structure, {}},
      // 1.15 RelayState
      {"rl1_off_site", Reason::binding_relay_state, {}},
      {"rl2_protocol_relative", Reason::binding_relay_state, {}},
      {"rl2_backslash", Reason::binding_relay_state, {}},
      {"rl2_tab", Reason::binding_relay_state, {}},
      {"rl2_javascript", Reason::binding_relay_state, {}},
      {"rl2_crlf", Reason::binding_relay_state, {}},
      {"rl3_oversize", Reason::binding_relay_state, {}},
      {"rl4_swapped", Reason::binding_relay_state, {}, kExpectRelay},
      {"rl4_dropped", Reason::binding_relay_state, {}, kExpectRelay},
      // 1.17 resource exhaustion and bindings
      {"ds1_huge_post", Reason::binding_too_large, {}},
      {"ds3_deep_nesting", Reason::xml_too_deep, {}},
      {"ds3_many_attributes", Reason::xml_too_many_nodes, {}},
      {"ds3_many_references", Reason::xml_too_large, {}},
      {"ds1_padded_300kb", Reason::xml_too_large, {}, kSpParseLimits},
      {"ds3_nesting_1000", Reason::xml_too_deep, {}},
      {"ds3_attributes_1000", Reason::xml_too_many_nodes, {}},
      {"xml_latin1_declaration", Reason::xml_encoding, {}},
      {"binding_missing_saml_response", Reason::binding_missing, {}},
      {"binding_bad_base64", Reason::binding_bad_base64, {}},
      {"binding_repeated_field", Reason::binding_bad_form, {}},
  };
  return k;
}

class Attack : public ::testing::TestWithParam<AttackCase> {};

TEST_P(Attack, IsRefusedWithItsReasonOrReadWhole) {
  const AttackCase& c = GetParam();
  const Verdict v = run(c);
  if (c.expected) {
    ASSERT_FALSE(v.accepted) << c.mutation << " was accepted\n" << trace(v);
    EXPECT_EQ(core::spelling(*v.reason), core::spelling(*c.expected)) << c.mutation << "\n" << trace(v);
    EXPECT_FALSE(v.identity.has_value());
  } else {
    ASSERT_TRUE(v.accepted) << c.mutation << " refused: " << core::spelling(*v.reason) << "\n" << trace(v);
    ASSERT_TRUE(v.identity.has_value());
    EXPECT_EQ(v.identity->name_id, c.name_id.empty() ? kShape.name_id : c.name_id);
  }
}

std::string case_name(const ::testing::TestParamInfo<AttackCase>& p) { return p.param.mutation; }

INSTANTIATE_TEST_SUITE_P(Catalogue, Attack, ::testing::ValuesIn(cases()), case_name);

TEST(AttackPack, EveryMutationHasAnExpectation) {
  std::set<std::string> covered;
  for (const auto& c : cases()) covered.insert(c.mutation);
  for (const auto& info : idp::all_mutations()) {
    EXPECT_TRUE(covered.count(std::string(info.name))) << info.name << " (" << info.rows << ") has no test case";
  }
  EXPECT_EQ(covered.size(), cases().size()) << "a mutation is listed twice";
}

TEST(AttackPack, UnsolicitedResponseRefusedWithoutRequestAndIdpInitiated) {
  const Verdict v = run({"pr5_in_response_to_missing", Reason::inresp_unsolicited, {}, kUnsolicitedRefused});
  ASSERT_FALSE(v.accepted);
  EXPECT_EQ(*v.reason, Reason::inresp_unsolicited);
}

TEST(AttackPack, PaddedResponseIsWithinTheDefaultLimitsAndValid) {
  // ds1_padded_300kb is refused for its size alone: under the default 4 MB
  // limit the same bytes are accepted, signatures intact.
  const Verdict v = run({"ds1_padded_300kb", std::nullopt, {}});
  ASSERT_TRUE(v.accepted) << trace(v);
}

TEST(AttackPack, Latin1DeclarationIsTheOnlyFault) {
  // The same bytes with the declaration put back to UTF-8: accepted.
  auto latin1 = idp::apply_mutation("xml_latin1_declaration", material());
  ASSERT_TRUE(latin1.ok());
  std::string xml = latin1->posts.front().body;
  xml.replace(xml.find("ISO-8859-1"), 10, "UTF-8");
  const core::FixedClock clock{kShape.issue_instant + std::chrono::seconds{60}};
  EXPECT_TRUE(validate(xml, InputEncoding::xml, settings(), clock, nullptr).accepted);
}

TEST(AttackPack, CommentSplitInAttributeIsReadWhole) {
  const Verdict v = run({"ci2_comment_in_attribute", std::nullopt, {}});
  ASSERT_TRUE(v.accepted) << trace(v);
  EXPECT_EQ(v.identity->attributes.at("email"), std::vector<std::string>{"admin@acme.test.evil.test"});
}

TEST(AttackPack, BaselineIsAccepted) {
  auto signed_xml = idp::sign_as_idp(material());
  ASSERT_TRUE(signed_xml.ok()) << signed_xml.failure().detail;
  const core::FixedClock clock{kShape.issue_instant + std::chrono::seconds{60}};
  const Verdict v = validate(*signed_xml, InputEncoding::xml, settings(), clock, nullptr);
  ASSERT_TRUE(v.accepted) << trace(v);
  EXPECT_EQ(v.identity->name_id, kShape.name_id);
}

}  // namespace
}  // namespace samlh::sp
