// The recipe functions behind the mutation vocabulary (see mutations.cpp
// for the table that names them).
#pragma once

#include "idp-mock/mutations/mutations.hpp"

namespace samlh::idp::recipes {

using Recipe = core::Result<Mutated> (*)(const MutationMaterial&);

// wrapping, exclusion, multiplicity (recipes_wrapping.cpp)
core::Result<Mutated> xsw1(const MutationMaterial&);
core::Result<Mutated> xsw2(const MutationMaterial&);
core::Result<Mutated> xsw3(const MutationMaterial&);
core::Result<Mutated> xsw4(const MutationMaterial&);
core::Result<Mutated> xsw5(const MutationMaterial&);
core::Result<Mutated> xsw6(const MutationMaterial&);
core::Result<Mutated> xsw7(const MutationMaterial&);
core::Result<Mutated> xsw8(const MutationMaterial&);
core::Result<Mutated> xsw8_ds_object(const MutationMaterial&);
core::Result<Mutated> xsw9(const MutationMaterial&);
core::Result<Mutated> xsw10(const MutationMaterial&);
core::Result<Mutated> sx1_strip_signatures(const MutationMaterial&);
core::Result<Mutated> sx2_edit_after_response_signature(const MutationMaterial&);
core::Result<Mutated> sx3_strip_response_signature(const MutationMaterial&);
core::Result<Mutated> sx4_extra_unsigned_assertion(const MutationMaterial&);
core::Result<Mutated> sx5_foreign_signature_in_extensions(const MutationMaterial&);
core::Result<Mutated> sx5_foreign_signature_in_status_detail(const MutationMaterial&);
core::Result<Mutated> sx8_signed_assertion_in_advice(const MutationMaterial&);
core::Result<Mutated> ma1_two_signed_assertions(const MutationMaterial&);
core::Result<Mutated> ma2_cve_2022_41912(const MutationMaterial&);
core::Result<Mutated> ma3_assertion_and_encrypted(const MutationMaterial&);
core::Result<Mutated> ms1_two_signatures(const MutationMaterial&);
core::Result<Mutated> ms2_two_signed_info(const MutationMaterial&);
core::Result<Mutated> ms3_digest_value_in_status_detail(const MutationMaterial&);
core::Result<Mutated> ms4_signature_in_extensions(const MutationMaterial&);
core::Result<Mutated> ms4_signature_in_status_detail(const MutationMaterial&);
core::Result<Mutated> ms4_signature_in_advice(const MutationMaterial&);
core::Result<Mutated> ms5_signature_at_end(const MutationMaterial&);
core::Result<Mutated> cve8_second_root(const MutationMaterial&);
core::Result<Mutated> cve11_signed_assertion_in_unknown_parent(const MutationMaterial&);

// signatures, keys, transforms, algorithms, comment splits (recipes_crypto.cpp)
core::Result<Mutated> sx6_uri_empty(const MutationMaterial&);
core::Result<Mutated> sx6_uri_xpointer_root(const MutationMaterial&);
core::Result<Mutated> sx6_uri_xpointer_id(const MutationMaterial&);
core::Result<Mutated> sx6_uri_without_hash(const MutationMaterial&);
core::Result<Mutated> sx7_two_references(const MutationMaterial&);
core::Result<Mutated> cf1_attacker_certificate(const MutationMaterial&);
core::Result<Mutated> cf2_cloned_certificate(const MutationMaterial&);
core::Result<Mutated> cf3_raw_key_value(const MutationMaterial&);
core::Result<Mutated> cf4_certificate_chain(const MutationMaterial&);
core::Result<Mutated> cf5_retrieval_method(const MutationMaterial&);
core::Result<Mutated> cf6_key_info_removed(const MutationMaterial&);
core::Result<Mutated> kc1_hmac_with_certificate(const MutationMaterial&);
core::Result<Mutated> kc1_hmac_with_pem(const MutationMaterial&);
core::Result<Mutated> kc1_hmac_sha256_with_spki(const MutationMaterial&);
core::Result<Mutated> kc2_hmac_truncated(const MutationMaterial&);
core::Result<Mutated> kc3_ecdsa_method_with_rsa_key(const MutationMaterial&);
core::Result<Mutated> kc3_dsa_method(const MutationMaterial&);
core::Result<Mutated> kc4_numeric_digest(const MutationMaterial&);
core::Result<Mutated> kc4_wrapped_digest(const MutationMaterial&);
core::Result<Mutated> ci1_comment_in_name_id(const MutationMaterial&);
core::Result<Mutated> ci2_comment_in_attribute(const MutationMaterial&);
core::Result<Mutated> ci3_cdata_in_name_id(const MutationMaterial&);
core::Result<Mutated> ci4_pi_in_name_id(const MutationMaterial&);
core::Result<Mutated> ci6_comment_in_digest_value(const MutationMaterial&);
core::Result<Mutated> ci7_comment_in_signature_value(const MutationMaterial&);
core::Result<Mutated> ci7_comment_in_certificate(const MutationMaterial&);
core::Result<Mutated> tr1_xslt(const MutationMaterial&);
core::Result<Mutated> tr1_xslt_document(const MutationMaterial&);
core::Result<Mutated> tr2_xpath_filter(const MutationMaterial&);
core::Result<Mutated> tr3_xpath2_subtract(const MutationMaterial&);
core::Result<Mutated> tr4_base64(const MutationMaterial&);
core::Result<Mutated> tr4_c14n_with_comments(const MutationMaterial&);
core::Result<Mutated> tr4_three_transforms(const MutationMaterial&);
core::Result<Mutated> tr4_unknown_transform(const MutationMaterial&);
core::Result<Mutated> tr5_not_enveloped(const MutationMaterial&);
core::Result<Mutated> tr5_signature_outside(const MutationMaterial&);
core::Result<Mutated> tr6_c14n_with_comments(const MutationMaterial&);
core::Result<Mutated> tr6_unknown_c14n(const MutationMaterial&);
core::Result<Mutated> tr7_void_c14n(const MutationMaterial&);
core::Result<Mutated> al1_sha1_digest(const MutationMaterial&);
core::Result<Mutated> al2_md5_digest(const MutationMaterial&);
core::Result<Mutated> al3_rsa_sha1(const MutationMaterial&);
core::Result<Mutated> al3_rsa_md5(const MutationMaterial&);
core::Result<Mutated> al4_declared_not_used(const MutationMaterial&);
core::Result<Mutated> al4_short_digest(const MutationMaterial&);
core::Result<Mutated> al5_trailing_space(const MutationMaterial&);
core::Result<Mutated> al5_upper_case(const MutationMaterial&);

// XML-level: DTDs, namespaces, IDs, sizes, bindings (recipes_xml.cpp)
core::Result<Mutated> dt1_doctype(const MutationMaterial&);
core::Result<Mutated> dt2_xxe(const MutationMaterial&);
core::Result<Mutated> dt3_external_dtd(const MutationMaterial&);
core::Result<Mutated> dt4_parameter_entity(const MutationMaterial&);
core::Result<Mutated> dt5_billion_laughs(const MutationMaterial&);
core::Result<Mutated> dt6_quadratic_blowup(const MutationMaterial&);
core::Result<Mutated> dt7_attlist_namespace(const MutationMaterial&);
core::Result<Mutated> dt8_attlist_id(const MutationMaterial&);
core::Result<Mutated> dt9_doctype_round_trip(const MutationMaterial&);
core::Result<Mutated> dt10_xinclude(const MutationMaterial&);
core::Result<Mutated> ci5_entity_in_name_id(const MutationMaterial&);
core::Result<Mutated> ns1_wrong_signature_namespace(const MutationMaterial&);
core::Result<Mutated> ns2_evil_namespace_assertion(const MutationMaterial&);
core::Result<Mutated> ns3_default_namespace_twin(const MutationMaterial&);
core::Result<Mutated> ns4_xml_xmlns_hiding(const MutationMaterial&);
core::Result<Mutated> ns5_invalid_namespace_uri(const MutationMaterial&);
core::Result<Mutated> ns6_unqualified_assertion(const MutationMaterial&);
core::Result<Mutated> ns7_undeclared_prefix(const MutationMaterial&);
core::Result<Mutated> ns7_two_colons(const MutationMaterial&);
core::Result<Mutated> ns8_renamed_prefixes(const MutationMaterial&);
core::Result<Mutated> ns8_reordered_attributes(const MutationMaterial&);
core::Result<Mutated> id1_duplicate_before(const MutationMaterial&);
core::Result<Mutated> id1_duplicate_after(const MutationMaterial&);
core::Result<Mutated> id2_id_case(const MutationMaterial&);
core::Result<Mutated> id3_assertion_id(const MutationMaterial&);
core::Result<Mutated> id4_xml_id(const MutationMaterial&);
core::Result<Mutated> id5_attribute_pollution(const MutationMaterial&);
core::Result<Mutated> id6_reference_case(const MutationMaterial&);
core::Result<Mutated> id6_id_leading_space(const MutationMaterial&);
core::Result<Mutated> id6_id_zero_width(const MutationMaterial&);
core::Result<Mutated> ds1_huge_post(const MutationMaterial&);
core::Result<Mutated> ds3_deep_nesting(const MutationMaterial&);
core::Result<Mutated> ds3_many_attributes(const MutationMaterial&);
core::Result<Mutated> ds3_many_references(const MutationMaterial&);
core::Result<Mutated> binding_bad_base64(const MutationMaterial&);
core::Result<Mutated> binding_repeated_field(const MutationMaterial&);

// protocol and RelayState (recipes_protocol.cpp)
core::Result<Mutated> pr1_replay(const MutationMaterial&);
core::Result<Mutated> pr2_replay_new_wrapper(const MutationMaterial&);
core::Result<Mutated> pr3_one_time_use_replay(const MutationMaterial&);
core::Result<Mutated> pr4_in_response_to_other(const MutationMaterial&);
core::Result<Mutated> pr5_in_response_to_missing(const MutationMaterial&);
core::Result<Mutated> pr5_unsigned_in_response_to(const MutationMaterial&);
core::Result<Mutated> pr8_in_response_to_differ(const MutationMaterial&);
core::Result<Mutated> pr10_destination_other(const MutationMaterial&);
core::Result<Mutated> pr10_destination_http(const MutationMaterial&);
core::Result<Mutated> pr10_destination_trailing_slash(const MutationMaterial&);
core::Result<Mutated> pr10_destination_host_case(const MutationMaterial&);
core::Result<Mutated> pr10_destination_port(const MutationMaterial&);
core::Result<Mutated> pr10_destination_query(const MutationMaterial&);
core::Result<Mutated> pr11_destination_missing(const MutationMaterial&);
core::Result<Mutated> pr12_recipient_other(const MutationMaterial&);
core::Result<Mutated> pr12_recipient_missing(const MutationMaterial&);
core::Result<Mutated> pr13_audience_other(const MutationMaterial&);
core::Result<Mutated> pr14_audience_missing(const MutationMaterial&);
core::Result<Mutated> pr15_two_audience_restrictions(const MutationMaterial&);
core::Result<Mutated> pr16_issuer_other(const MutationMaterial&);
core::Result<Mutated> pr17_response_issuer_missing(const MutationMaterial&);
core::Result<Mutated> pr17_issuers_differ(const MutationMaterial&);
core::Result<Mutated> pr17_issuer_format(const MutationMaterial&);
core::Result<Mutated> pr18_expired(const MutationMaterial&);
core::Result<Mutated> pr19_confirmation_expired(const MutationMaterial&);
core::Result<Mutated> pr20_not_yet_valid(const MutationMaterial&);
core::Result<Mutated> pr21_confirmation_not_before(const MutationMaterial&);
core::Result<Mutated> pr22_stale_issue_instant(const MutationMaterial&);
core::Result<Mutated> pr23_holder_of_key(const MutationMaterial&);
core::Result<Mutated> pr23_sender_vouches(const MutationMaterial&);
core::Result<Mutated> pr24_confirmation_data_missing(const MutationMaterial&);
core::Result<Mutated> pr25_only_invalid_bearers(const MutationMaterial&);
core::Result<Mutated> pr26_status_requester(const MutationMaterial&);
core::Result<Mutated> pr26_status_authn_failed(const MutationMaterial&);
core::Result<Mutated> pr27_no_authn_statement(const MutationMaterial&);
core::Result<Mutated> pr28_version_1_1(const MutationMaterial&);
core::Result<Mutated> rl1_off_site(const MutationMaterial&);
core::Result<Mutated> rl2_protocol_relative(const MutationMaterial&);
core::Result<Mutated> rl2_backslash(const MutationMaterial&);
core::Result<Mutated> rl2_tab(const MutationMaterial&);
core::Result<Mutated> rl2_javascript(const MutationMaterial&);
core::Result<Mutated> rl2_crlf(const MutationMaterial&);
core::Result<Mutated> rl3_oversize(const MutationMaterial&);
core::Result<Mutated> rl4_swapped(const MutationMaterial&);
core::Result<Mutated> rl4_dropped(const MutationMaterial&);

// EncryptedAssertion (recipes_enc.cpp)
core::Result<Mutated> ea1_unsigned_encrypted(const MutationMaterial&);
core::Result<Mutated> ea2_flip_last_block(const MutationMaterial&);
core::Result<Mutated> ea2_flip_second_last_block(const MutationMaterial&);
core::Result<Mutated> ea3_rsa_1_5(const MutationMaterial&);
core::Result<Mutated> ea4_cbc(const MutationMaterial&);
core::Result<Mutated> ea5_cipher_reference(const MutationMaterial&);
core::Result<Mutated> ea5_external_retrieval_method(const MutationMaterial&);
core::Result<Mutated> ea6_cipher_reference_transforms(const MutationMaterial&);
core::Result<Mutated> ea7_doctype_in_plaintext(const MutationMaterial&);
core::Result<Mutated> ea8_edit_then_encrypt(const MutationMaterial&);
core::Result<Mutated> ea8_edit_then_encrypt_gcm(const MutationMaterial&);
core::Result<Mutated> ea9_two_encrypted_assertions(const MutationMaterial&);
core::Result<Mutated> ea9_two_encrypted_data(const MutationMaterial&);

}  // namespace samlh::idp::recipes
