#include "attacks/mutations.hpp"

#include <array>

#include "attacks/mutation_util.hpp"
#include "attacks/recipes.hpp"
#include "core/dsig.hpp"
#include "core/spelling.hpp"

namespace samlh::idp {
namespace {

constexpr core::SpellingTable kMutationErrors{std::array{
    core::Spelled<MutationError>{MutationError::unknown_mutation, "unknown_mutation", "No mutation has this name."},
    core::Spelled<MutationError>{MutationError::not_applicable, "not_applicable",
                                    "The material or the base response does not allow this recipe."},
    core::Spelled<MutationError>{MutationError::build_failed, "build_failed",
                                    "A signing, encryption, ID or parsing step of the recipe failed."},
}};

struct Entry {
  MutationInfo info;
  recipes::Recipe fn;
};

// The closed vocabulary. Names are stable: scenario files use them.
const std::array kEntries{
    Entry{{"xsw1", "XSW-1", "XSW-1: evil Response root; the signed original copied into its Signature"}, recipes::xsw1},
    Entry{{"xsw2", "XSW-2", "XSW-2: evil Response root; the signed original copied before its Signature"}, recipes::xsw2},
    Entry{{"xsw3", "XSW-3", "XSW-3: evil unsigned assertion inserted before the signed one"}, recipes::xsw3},
    Entry{{"xsw4", "XSW-4", "XSW-4: the signed assertion moved inside an evil one"}, recipes::xsw4},
    Entry{{"xsw5", "XSW-5", "XSW-5: evil assertion keeps the signature; clean copy appended"}, recipes::xsw5},
    Entry{{"xsw6", "XSW-6", "XSW-6: clean copy inside the evil assertion's Signature"}, recipes::xsw6},
    Entry{{"xsw7", "XSW-7", "XSW-7: unqualified Extensions holding an evil copy with the same ID"}, recipes::xsw7},
    Entry{{"xsw8", "XSW-8", "XSW-8: unqualified Object in the Signature holding the clean copy (same ID)"}, recipes::xsw8},
    Entry{{"xsw8_ds_object", "XSW-8", "XSW-8b: ds:Object in the Signature holding the clean copy (same ID)"}, recipes::xsw8_ds_object},
    Entry{{"xsw9", "XSW-9", "XSW-9: double SignedInfo (CVE-2019-3465); original moved into a Wrapper"}, recipes::xsw9},
    Entry{{"xsw10", "XSW-10, CVE-15", "XSW-10 / CVE-2025-23369: entity-built IDs with a copy in ds:Object"}, recipes::xsw10},
    Entry{{"sx1_strip_signatures", "SX-1", "SX-1: every Signature removed, NameID changed"}, recipes::sx1_strip_signatures},
    Entry{{"sx2_edit_after_response_signature", "SX-2", "SX-2: NameID edited inside a signed Response"}, recipes::sx2_edit_after_response_signature},
    Entry{{"sx3_strip_response_signature", "SX-3", "SX-3: Response signature removed, assertion swapped for an unsigned evil one"}, recipes::sx3_strip_response_signature},
    Entry{{"sx4_extra_unsigned_assertion", "SX-4, CVE-14", "SX-4 / CVE-2021-28091: evil unsigned assertion after the signed one"}, recipes::sx4_extra_unsigned_assertion},
    Entry{{"sx5_foreign_signature_in_extensions", "SX-5, CVE-6", "SX-5 / CVE-2025-47949: a signature from another IdP-signed document in Extensions"}, recipes::sx5_foreign_signature_in_extensions},
    Entry{{"sx5_foreign_signature_in_status_detail", "SX-5", "SX-5: a signature from another IdP-signed document in StatusDetail"}, recipes::sx5_foreign_signature_in_status_detail},
    Entry{{"sx8_signed_assertion_in_advice", "SX-8", "SX-8: a second IdP-signed assertion for the victim inside Advice"}, recipes::sx8_signed_assertion_in_advice},
    Entry{{"ma1_two_signed_assertions", "MA-1", "MA-1: two validly signed assertions"}, recipes::ma1_two_signed_assertions},
    Entry{{"ma2_cve_2022_41912", "MA-2, CVE-9", "MA-2 / CVE-2022-41912: unsigned edited clone appended"}, recipes::ma2_cve_2022_41912},
    Entry{{"ma3_assertion_and_encrypted", "MA-3", "MA-3: an Assertion and an EncryptedAssertion"}, recipes::ma3_assertion_and_encrypted},
    Entry{{"ms1_two_signatures", "MS-1", "MS-1: two Signatures in one Assertion"}, recipes::ms1_two_signatures},
    Entry{{"ms2_two_signed_info", "MS-2, CVE-5", "MS-2 / CVE-2025-29774: a forged SignedInfo before the real one"}, recipes::ms2_two_signed_info},
    Entry{{"ms3_digest_value_in_status_detail", "MS-3, CVE-1", "MS-3 / CVE-2024-45409: an extra DigestValue earlier in the document"}, recipes::ms3_digest_value_in_status_detail},
    Entry{{"ms4_signature_in_extensions", "MS-4, CVE-16", "MS-4 / CVE-2024-8698: the Assertion's Signature moved into samlp:Extensions"}, recipes::ms4_signature_in_extensions},
    Entry{{"ms4_signature_in_status_detail", "MS-4", "MS-4: the Assertion's Signature moved into StatusDetail"}, recipes::ms4_signature_in_status_detail},
    Entry{{"ms4_signature_in_advice", "MS-4", "MS-4: the Assertion's Signature moved into Advice"}, recipes::ms4_signature_in_advice},
    Entry{{"ms5_signature_at_end", "MS-5", "MS-5: the Signature moved to the end of the Assertion (still enveloped, still valid)"}, recipes::ms5_signature_at_end},
    Entry{{"cve8_second_root", "CVE-8", "CVE-2022-39299: a second root element after the Response"}, recipes::cve8_second_root},
    Entry{{"cve11_signed_assertion_in_unknown_parent", "CVE-11", "CVE-2021-21238: a valid signed assertion inside a schema-invalid parent"}, recipes::cve11_signed_assertion_in_unknown_parent},
    Entry{{"sx6_uri_empty", "SX-6", "SX-6: Reference URI=\"\" (the whole document)"}, recipes::sx6_uri_empty},
    Entry{{"sx6_uri_xpointer_root", "SX-6", "SX-6: Reference URI=\"#xpointer(/)\""}, recipes::sx6_uri_xpointer_root},
    Entry{{"sx6_uri_xpointer_id", "SX-6", "SX-6: Reference URI=\"#xpointer(id('...'))\""}, recipes::sx6_uri_xpointer_id},
    Entry{{"sx6_uri_without_hash", "SX-6", "SX-6: Reference URI without '#'"}, recipes::sx6_uri_without_hash},
    Entry{{"sx7_two_references", "SX-7", "SX-7: two References (the Assertion and the Response)"}, recipes::sx7_two_references},
    Entry{{"cf1_attacker_certificate", "CF-1", "CF-1: re-signed with the attacker key, its certificate in KeyInfo"}, recipes::cf1_attacker_certificate},
    Entry{{"cf2_cloned_certificate", "CF-2", "CF-2: re-signed with a certificate cloning the IdP's subject and serial"}, recipes::cf2_cloned_certificate},
    Entry{{"cf3_raw_key_value", "CF-3, CVE-12", "CF-3 / CVE-2021-21239: attacker key as a raw RSAKeyValue"}, recipes::cf3_raw_key_value},
    Entry{{"cf4_certificate_chain", "CF-4", "CF-4: a look-alike certificate with a chain in KeyInfo"}, recipes::cf4_certificate_chain},
    Entry{{"cf5_retrieval_method", "CF-5, CVE-13", "CF-5 / CVE-2023-36661: KeyInfo points at a key to fetch"}, recipes::cf5_retrieval_method},
    Entry{{"cf6_key_info_removed", "CF-6", "CF-6 (positive control): valid signature without KeyInfo"}, recipes::cf6_key_info_removed},
    Entry{{"kc1_hmac_with_certificate", "KC-1", "KC-1: HMAC-SHA1 keyed with the IdP certificate (DER)"}, recipes::kc1_hmac_with_certificate},
    Entry{{"kc1_hmac_with_pem", "KC-1", "KC-1: HMAC-SHA1 keyed with the IdP certificate (PEM text)"}, recipes::kc1_hmac_with_pem},
    Entry{{"kc1_hmac_sha256_with_spki", "KC-1", "KC-1: HMAC-SHA256 keyed with the IdP public key (SPKI DER)"}, recipes::kc1_hmac_sha256_with_spki},
    Entry{{"kc2_hmac_truncated", "KC-2", "KC-2 / CVE-2009-0217: HMACOutputLength"}, recipes::kc2_hmac_truncated},
    Entry{{"kc3_ecdsa_method_with_rsa_key", "KC-3", "KC-3 / CVE-2016-9814: SignatureMethod ECDSA while the pinned key is RSA"}, recipes::kc3_ecdsa_method_with_rsa_key},
    Entry{{"kc3_dsa_method", "KC-3", "KC-3: SignatureMethod DSA-SHA1"}, recipes::kc3_dsa_method},
    Entry{{"kc4_numeric_digest", "KC-4", "KC-4 / SimpleSAMLphp 201809-01: a 'numeric-looking' DigestValue"}, recipes::kc4_numeric_digest},
    Entry{{"kc4_wrapped_digest", "KC-4", "KC-4 (positive control): DigestValue base64 wrapped with whitespace"}, recipes::kc4_wrapped_digest},
    Entry{{"ci1_comment_in_name_id", "CI-1, CVE-7", "CI-1 / CVE-2017-11427: a comment splits the signed NameID"}, recipes::ci1_comment_in_name_id},
    Entry{{"ci2_comment_in_attribute", "CI-2", "CI-2: a comment splits the signed email attribute"}, recipes::ci2_comment_in_attribute},
    Entry{{"ci3_cdata_in_name_id", "CI-3", "CI-3: an empty CDATA section splits the signed NameID"}, recipes::ci3_cdata_in_name_id},
    Entry{{"ci4_pi_in_name_id", "CI-4", "CI-4: a processing instruction splits the NameID (PIs are signed)"}, recipes::ci4_pi_in_name_id},
    Entry{{"ci6_comment_in_digest_value", "CI-6, CVE-5", "CI-6 / CVE-2025-29775 (SAMLStorm): a comment inside DigestValue, assertion edited"}, recipes::ci6_comment_in_digest_value},
    Entry{{"ci7_comment_in_signature_value", "CI-7", "CI-7: a comment inside SignatureValue"}, recipes::ci7_comment_in_signature_value},
    Entry{{"ci7_comment_in_certificate", "CI-7", "CI-7: a comment inside X509Certificate"}, recipes::ci7_comment_in_certificate},
    Entry{{"tr1_xslt", "TR-1", "TR-1: an XSLT transform whose output is constant"}, recipes::tr1_xslt},
    Entry{{"tr1_xslt_document", "TR-1", "TR-1: an XSLT transform calling document() on a local file"}, recipes::tr1_xslt_document},
    Entry{{"tr2_xpath_filter", "TR-2", "TR-2: an XPath filter that leaves the attributes unsigned"}, recipes::tr2_xpath_filter},
    Entry{{"tr3_xpath2_subtract", "TR-3", "TR-3: an XPath Filter 2.0 subtracting the Subject"}, recipes::tr3_xpath2_subtract},
    Entry{{"tr4_base64", "TR-4", "TR-4: a base64 transform"}, recipes::tr4_base64},
    Entry{{"tr4_c14n_with_comments", "TR-4", "TR-4: exclusive c14n WithComments as a transform"}, recipes::tr4_c14n_with_comments},
    Entry{{"tr4_three_transforms", "TR-4", "TR-4: three transforms"}, recipes::tr4_three_transforms},
    Entry{{"tr4_unknown_transform", "TR-4", "TR-4: the decryption transform"}, recipes::tr4_unknown_transform},
    Entry{{"tr5_not_enveloped", "TR-5", "TR-5 / CVE-2020-5390: no enveloped-signature transform"}, recipes::tr5_not_enveloped},
    Entry{{"tr5_signature_outside", "TR-5", "TR-5: the Assertion's signature moved out, beside the Assertion"}, recipes::tr5_signature_outside},
    Entry{{"tr6_c14n_with_comments", "TR-6", "TR-6: CanonicalizationMethod exclusive c14n WithComments"}, recipes::tr6_c14n_with_comments},
    Entry{{"tr6_unknown_c14n", "TR-6", "TR-6: XSLT as the CanonicalizationMethod"}, recipes::tr6_unknown_c14n},
    Entry{{"tr7_void_c14n", "TR-7, CVE-4", "TR-7 / CVE-2025-66568: relative namespace URI and the digest of nothing"}, recipes::tr7_void_c14n},
    Entry{{"al1_sha1_digest", "AL-1", "AL-1: SHA-1 digest"}, recipes::al1_sha1_digest},
    Entry{{"al2_md5_digest", "AL-2", "AL-2: MD5 digest"}, recipes::al2_md5_digest},
    Entry{{"al3_rsa_sha1", "AL-3", "AL-3: RSA-SHA1 signature"}, recipes::al3_rsa_sha1},
    Entry{{"al3_rsa_md5", "AL-3", "AL-3: RSA-MD5 signature"}, recipes::al3_rsa_md5},
    Entry{{"al4_declared_not_used", "AL-4", "AL-4: SignatureMethod claims RSA-SHA256, the value is RSA-SHA1"}, recipes::al4_declared_not_used},
    Entry{{"al4_short_digest", "AL-4", "AL-4: DigestMethod SHA-256 with a SHA-1-length DigestValue"}, recipes::al4_short_digest},
    Entry{{"al5_trailing_space", "AL-5", "AL-5: SignatureMethod URI with a trailing space"}, recipes::al5_trailing_space},
    Entry{{"al5_upper_case", "AL-5", "AL-5: SignatureMethod URI in another case"}, recipes::al5_upper_case},
    Entry{{"dt1_doctype", "DT-1", "DT-1: a harmless internal DOCTYPE"}, recipes::dt1_doctype},
    Entry{{"dt2_xxe", "DT-2", "DT-2 / CVE-2017-1000061: an external entity in the NameID"}, recipes::dt2_xxe},
    Entry{{"dt3_external_dtd", "DT-3", "DT-3: an external DTD"}, recipes::dt3_external_dtd},
    Entry{{"dt4_parameter_entity", "DT-4", "DT-4 / CVE-2024-52596: a parameter entity"}, recipes::dt4_parameter_entity},
    Entry{{"dt5_billion_laughs", "DT-5", "DT-5: billion laughs in the NameID"}, recipes::dt5_billion_laughs},
    Entry{{"dt6_quadratic_blowup", "DT-6", "DT-6: quadratic blowup (one 100 kB entity, 50 000 references)"}, recipes::dt6_quadratic_blowup},
    Entry{{"dt7_attlist_namespace", "DT-7, CVE-3", "DT-7 / CVE-2025-25292: ATTLIST defaults the Signature namespace"}, recipes::dt7_attlist_namespace},
    Entry{{"dt8_attlist_id", "DT-8", "DT-8: a DTD declares another ID attribute with the assertion's value"}, recipes::dt8_attlist_id},
    Entry{{"dt9_doctype_round_trip", "DT-9, CVE-2", "DT-9 / CVE-2025-25291: a DOCTYPE that parses differently on a round trip"}, recipes::dt9_doctype_round_trip},
    Entry{{"dt10_xinclude", "DT-10", "DT-10: an XInclude in an AttributeValue (never processed)"}, recipes::dt10_xinclude},
    Entry{{"ci5_entity_in_name_id", "CI-5", "CI-5: an entity reference splits the NameID"}, recipes::ci5_entity_in_name_id},
    Entry{{"ns1_wrong_signature_namespace", "NS-1", "NS-1: the Signature in a look-alike namespace, assertion edited"}, recipes::ns1_wrong_signature_namespace},
    Entry{{"ns2_evil_namespace_assertion", "NS-2", "NS-2: an Assertion in another namespace next to the real one"}, recipes::ns2_evil_namespace_assertion},
    Entry{{"ns3_default_namespace_twin", "NS-3", "NS-3: an evil default-namespace twin before the signed assertion"}, recipes::ns3_default_namespace_twin},
    Entry{{"ns4_xml_xmlns_hiding", "NS-4, CVE-4", "NS-4 / CVE-2025-66567: a signature hidden behind xml:xmlns in Extensions"}, recipes::ns4_xml_xmlns_hiding},
    Entry{{"ns5_invalid_namespace_uri", "NS-5", "NS-5 / CVE-2025-25292: a namespace URI with U+0080"}, recipes::ns5_invalid_namespace_uri},
    Entry{{"ns6_unqualified_assertion", "NS-6", "NS-6: an Assertion in no namespace"}, recipes::ns6_unqualified_assertion},
    Entry{{"ns7_undeclared_prefix", "NS-7, CVE-10", "NS-7 / CVE-2020-27846: an undeclared prefix"}, recipes::ns7_undeclared_prefix},
    Entry{{"ns7_two_colons", "NS-7", "NS-7: a qualified name with two colons"}, recipes::ns7_two_colons},
    Entry{{"ns8_renamed_prefixes", "NS-8", "NS-8 (positive control): prefixes renamed consistently, then signed"}, recipes::ns8_renamed_prefixes},
    Entry{{"ns8_reordered_attributes", "NS-8", "NS-8 (positive control): attributes reordered, whitespace inside tags"}, recipes::ns8_reordered_attributes},
    Entry{{"id1_duplicate_before", "ID-1", "ID-1: an unsigned evil assertion with the same ID before the signed one"}, recipes::id1_duplicate_before},
    Entry{{"id1_duplicate_after", "ID-1", "ID-1: an unsigned evil assertion with the same ID after the signed one"}, recipes::id1_duplicate_after},
    Entry{{"id2_id_case", "ID-2", "ID-2: the evil assertion carries Id (not ID) with the signed value"}, recipes::id2_id_case},
    Entry{{"id3_assertion_id", "ID-3", "ID-3: a SAML 1.1 AssertionID with the signed value"}, recipes::id3_assertion_id},
    Entry{{"id4_xml_id", "ID-4", "ID-4: xml:id with the signed value on the evil assertion"}, recipes::id4_xml_id},
    Entry{{"id5_attribute_pollution", "ID-5", "ID-5 (The Fragile Lock): Response ID=\"attack\", the signed ID moved to a prefixed saml2p:ID"}, recipes::id5_attribute_pollution},
    Entry{{"id6_reference_case", "ID-6", "ID-6: Reference URI differs from the ID only by case"}, recipes::id6_reference_case},
    Entry{{"id6_id_leading_space", "ID-6", "ID-6: the assertion ID with a leading space"}, recipes::id6_id_leading_space},
    Entry{{"id6_id_zero_width", "ID-6", "ID-6: the assertion ID with a zero-width space"}, recipes::id6_id_zero_width},
    Entry{{"ds1_huge_post", "DS-1", "DS-1: a 20 MB SAMLResponse"}, recipes::ds1_huge_post},
    Entry{{"ds3_deep_nesting", "DS-3", "DS-3: 100 000 nested elements"}, recipes::ds3_deep_nesting},
    Entry{{"ds3_many_attributes", "DS-3", "DS-3: 100 000 attributes on one element"}, recipes::ds3_many_attributes},
    Entry{{"ds3_many_references", "DS-3", "DS-3: 10 000 References"}, recipes::ds3_many_references},
    Entry{{"ds1_padded_300kb", "DS-1", "DS-1: a 300 KB response (whitespace after the declaration): under a 512 KB form cap"}, recipes::ds1_padded_300kb},
    Entry{{"ds3_nesting_1000", "DS-3", "DS-3: 1 000 nested elements (7 KB, under any form cap)"}, recipes::ds3_nesting_1000},
    Entry{{"ds3_attributes_1000", "DS-3", "DS-3: 1 000 attributes on one element (10 KB, under any form cap)"}, recipes::ds3_attributes_1000},
    Entry{{"xml_latin1_declaration", "encoding", "encoding: the XML declaration says ISO-8859-1 (bytes unchanged, signatures valid)"}, recipes::xml_latin1_declaration},
    Entry{{"binding_missing_saml_response", "binding", "binding: a POST with RelayState and no SAMLResponse"}, recipes::binding_missing_saml_response},
    Entry{{"binding_bad_base64", "binding", "binding: a character outside the base64 alphabet"}, recipes::binding_bad_base64},
    Entry{{"binding_repeated_field", "binding", "binding: SAMLResponse given twice in the form"}, recipes::binding_repeated_field},
    Entry{{"pr1_replay", "PR-1", "PR-1: the same valid response posted twice"}, recipes::pr1_replay},
    Entry{{"pr2_replay_new_wrapper", "PR-2", "PR-2: the signed assertion again, in a fresh unsigned Response"}, recipes::pr2_replay_new_wrapper},
    Entry{{"pr3_one_time_use_replay", "PR-3", "PR-3: OneTimeUse, posted twice"}, recipes::pr3_one_time_use_replay},
    Entry{{"pr4_in_response_to_other", "PR-4", "PR-4: InResponseTo names another request"}, recipes::pr4_in_response_to_other},
    Entry{{"pr5_in_response_to_missing", "PR-5, PR-9", "PR-5 / PR-9: InResponseTo removed (an unsolicited response)"}, recipes::pr5_in_response_to_missing},
    Entry{{"pr5_unsigned_in_response_to", "PR-5", "PR-5 variant: an unsolicited signed assertion in an unsigned Response claiming InResponseTo"}, recipes::pr5_unsigned_in_response_to},
    Entry{{"pr6_posted_from_another_browser", "PR-6", "PR-6: login CSRF: a valid response posted from a browser that did not start the login"}, recipes::pr6_posted_from_another_browser},
    Entry{{"pr8_in_response_to_differ", "PR-8", "PR-8: the Response and the bearer confirmation answer different requests"}, recipes::pr8_in_response_to_differ},
    Entry{{"pr10_destination_other", "PR-10", "PR-10: Destination is another SP's ACS"}, recipes::pr10_destination_other},
    Entry{{"pr10_destination_http", "PR-10", "PR-10: Destination with the other scheme (http/https)"}, recipes::pr10_destination_http},
    Entry{{"pr10_destination_trailing_slash", "PR-10", "PR-10: Destination with a trailing slash"}, recipes::pr10_destination_trailing_slash},
    Entry{{"pr10_destination_host_case", "PR-10", "PR-10: Destination host in upper case"}, recipes::pr10_destination_host_case},
    Entry{{"pr10_destination_port", "PR-10", "PR-10: Destination with an explicit or different port"}, recipes::pr10_destination_port},
    Entry{{"pr10_destination_query", "PR-10", "PR-10: Destination with a query string"}, recipes::pr10_destination_query},
    Entry{{"pr11_destination_missing", "PR-11", "PR-11: a signed Response without Destination"}, recipes::pr11_destination_missing},
    Entry{{"pr12_recipient_other", "PR-12", "PR-12: Recipient is another SP's ACS"}, recipes::pr12_recipient_other},
    Entry{{"pr12_recipient_missing", "PR-12", "PR-12: no Recipient"}, recipes::pr12_recipient_missing},
    Entry{{"pr13_audience_other", "PR-13", "PR-13: Audience is another SP"}, recipes::pr13_audience_other},
    Entry{{"pr14_audience_missing", "PR-14", "PR-14: no AudienceRestriction"}, recipes::pr14_audience_missing},
    Entry{{"pr15_two_audience_restrictions", "PR-15", "PR-15: two AudienceRestrictions, one without this SP"}, recipes::pr15_two_audience_restrictions},
    Entry{{"pr16_issuer_other", "PR-16", "PR-16: another IdP's Issuer, signed with this IdP's key"}, recipes::pr16_issuer_other},
    Entry{{"pr17_response_issuer_missing", "PR-17", "PR-17: a signed Response without Issuer"}, recipes::pr17_response_issuer_missing},
    Entry{{"pr17_issuers_differ", "PR-17", "PR-17: the Response and Assertion Issuers differ"}, recipes::pr17_issuers_differ},
    Entry{{"pr17_issuer_format", "PR-17", "PR-17: the Assertion Issuer has a Format other than entity"}, recipes::pr17_issuer_format},
    Entry{{"pr18_expired", "PR-18", "PR-18: Conditions NotOnOrAfter = IssueInstant - 181 s (past the default skew)"}, recipes::pr18_expired},
    Entry{{"pr19_confirmation_expired", "PR-19", "PR-19: the bearer NotOnOrAfter has passed, Conditions still open"}, recipes::pr19_confirmation_expired},
    Entry{{"pr20_not_yet_valid", "PR-20", "PR-20: Conditions NotBefore = IssueInstant + 181 s"}, recipes::pr20_not_yet_valid},
    Entry{{"pr21_confirmation_not_before", "PR-21", "PR-21: NotBefore on the bearer SubjectConfirmationData (MUST NOT)"}, recipes::pr21_confirmation_not_before},
    Entry{{"pr22_stale_issue_instant", "PR-22", "PR-22: IssueInstant a day old, Conditions still open"}, recipes::pr22_stale_issue_instant},
    Entry{{"pr23_holder_of_key", "PR-23", "PR-23: holder-of-key instead of bearer"}, recipes::pr23_holder_of_key},
    Entry{{"pr23_sender_vouches", "PR-23", "PR-23: sender-vouches instead of bearer"}, recipes::pr23_sender_vouches},
    Entry{{"pr24_confirmation_data_missing", "PR-24", "PR-24: no SubjectConfirmationData"}, recipes::pr24_confirmation_data_missing},
    Entry{{"pr25_only_invalid_bearers", "PR-25", "PR-25: two bearer confirmations, each failing one check"}, recipes::pr25_only_invalid_bearers},
    Entry{{"pr26_status_requester", "PR-26", "PR-26: Status Requester with a valid assertion present"}, recipes::pr26_status_requester},
    Entry{{"pr26_status_authn_failed", "PR-26", "PR-26: Status Responder/AuthnFailed with a valid assertion present"}, recipes::pr26_status_authn_failed},
    Entry{{"pr27_no_authn_statement", "PR-27", "PR-27: no AuthnStatement"}, recipes::pr27_no_authn_statement},
    Entry{{"pr28_version_1_1", "PR-28", "PR-28: Version 1.1"}, recipes::pr28_version_1_1},
    Entry{{"struct_logout_response_root", "struct", "struct: the root renamed to samlp:LogoutResponse, re-signed"}, recipes::struct_logout_response_root},
    Entry{{"struct_issue_instant_no_zone", "struct", "struct: the Response IssueInstant without 'Z', re-signed"}, recipes::struct_issue_instant_no_zone},
    Entry{{"rl1_off_site", "RL-1", "RL-1: RelayState points off-site"}, recipes::rl1_off_site},
    Entry{{"rl2_protocol_relative", "RL-2", "RL-2: a protocol-relative RelayState"}, recipes::rl2_protocol_relative},
    Entry{{"rl2_backslash", "RL-2", "RL-2: '/\\' that browsers read as '//'"}, recipes::rl2_backslash},
    Entry{{"rl2_tab", "RL-2", "RL-2: a tab inside the path"}, recipes::rl2_tab},
    Entry{{"rl2_javascript", "RL-2", "RL-2: a javascript: URL"}, recipes::rl2_javascript},
    Entry{{"rl2_crlf", "RL-2", "RL-2: CR LF (header injection)"}, recipes::rl2_crlf},
    Entry{{"rl3_oversize", "RL-3", "RL-3: an 81-byte RelayState"}, recipes::rl3_oversize},
    Entry{{"rl4_swapped", "RL-4", "RL-4: a RelayState other than the one sent with the request"}, recipes::rl4_swapped},
    Entry{{"rl4_dropped", "RL-4", "RL-4 variant: the RelayState sent with the request does not come back"}, recipes::rl4_dropped},
    Entry{{"ea1_unsigned_encrypted", "EA-1", "EA-1: a forged assertion encrypted to the SP's public key, no signature"}, recipes::ea1_unsigned_encrypted},
    Entry{{"ea2_flip_last_block", "EA-2", "EA-2: a bit flipped in the last CBC block (padding oracle probe)"}, recipes::ea2_flip_last_block},
    Entry{{"ea2_flip_second_last_block", "EA-2", "EA-2: a bit flipped in the second-to-last CBC block (padding oracle probe)"}, recipes::ea2_flip_second_last_block},
    Entry{{"ea3_rsa_1_5", "EA-3", "EA-3: the session key wrapped with RSA PKCS#1 v1.5"}, recipes::ea3_rsa_1_5},
    Entry{{"ea4_cbc", "EA-4", "EA-4: AES-128-CBC where GCM is required (mode downgrade)"}, recipes::ea4_cbc},
    Entry{{"ea5_cipher_reference", "EA-5", "EA-5: CipherReference to a URL"}, recipes::ea5_cipher_reference},
    Entry{{"ea5_external_retrieval_method", "EA-5", "EA-5: a RetrievalMethod to an external EncryptedKey"}, recipes::ea5_external_retrieval_method},
    Entry{{"ea6_cipher_reference_transforms", "EA-6", "EA-6: XSLT transform inside a CipherReference"}, recipes::ea6_cipher_reference_transforms},
    Entry{{"ea7_doctype_in_plaintext", "EA-7", "EA-7: the plaintext starts with a DOCTYPE"}, recipes::ea7_doctype_in_plaintext},
    Entry{{"ea8_edit_then_encrypt", "EA-8", "EA-8: signed, NameID edited, then encrypted (AES-CBC, Response unsigned)"}, recipes::ea8_edit_then_encrypt},
    Entry{{"ea8_edit_then_encrypt_gcm", "EA-8", "EA-8: signed, NameID edited, then encrypted (AES-GCM)"}, recipes::ea8_edit_then_encrypt_gcm},
    Entry{{"ea9_two_encrypted_assertions", "EA-9", "EA-9: two EncryptedAssertions"}, recipes::ea9_two_encrypted_assertions},
    Entry{{"ea9_two_encrypted_data", "EA-9", "EA-9: two EncryptedData in one EncryptedAssertion"}, recipes::ea9_two_encrypted_data},
};

std::array<MutationInfo, kEntries.size()> make_infos() {
  std::array<MutationInfo, kEntries.size()> out{};
  for (std::size_t i = 0; i < kEntries.size(); ++i) out[i] = kEntries[i].info;
  return out;
}

}  // namespace

std::span<const MutationInfo> all_mutations() {
  static const auto infos = make_infos();
  return infos;
}

const MutationInfo* find_mutation(std::string_view name) {
  for (const auto& info : all_mutations()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::string_view spelling(MutationError e) noexcept { return kMutationErrors.spelling(e); }
std::string_view sentence(MutationError e) noexcept { return kMutationErrors.sentence(e); }
std::span<const MutationError> all_mutation_errors() noexcept { return kMutationErrors.all(); }

MutationResult<Mutated> apply_mutation(std::string_view name, const MutationMaterial& m) {
  for (const Entry& e : kEntries) {
    if (e.info.name == name) return e.fn(m);
  }
  return core::fail(MutationError::unknown_mutation, "unknown mutation '" + std::string(name) + "'");
}

MutationResult<std::string> sign_as_idp(const MutationMaterial& m) {
  auto d = mut::load(m.unsigned_xml);
  if (!d) return d.failure();
  if (auto st = mut::sign_variant(*d, m.variant, m); !st) return st.failure();
  if (m.sp_encryption_cert) {
    if (auto st = mut::encrypt(*d, m, m.encrypt_options); !st) return st.failure();
    if (m.variant == SigningVariant::response || m.variant == SigningVariant::both) {
      // Encrypt-then-sign: the Response signature must cover the ciphertext.
      mut::strip_signature(d->response);
      if (auto st = mut::sign_element(d->response, m.idp_key, m.sign_options); !st) return st.failure();
    }
  }
  return mut::dump(*d);
}

}  // namespace samlh::idp
