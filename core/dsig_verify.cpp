// Strict verification of an enveloped XML signature (see dsig.hpp).
#include <xmlsec/xmlsec.h>
#include <xmlsec/list.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/crypto.h>
#include <xmlsec/keysmngr.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include "core/bindings.hpp"
#include "core/dsig.hpp"
#include "core/handles.hpp"
#include "core/xml.hpp"
#include "core/xmlsec_errors.hpp"

namespace samlh::core {
namespace {

bool is_ds(const xmlNode* n, std::string_view local) { return is_element(n, ns::kDs, local); }

// Comments, PIs and CDATA never belong inside a signature: they are how the
// SAMLStorm class (CVE-2025-29775) hid a second DigestValue. Refuse them.
bool has_markup_tricks(const xmlNode* n) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE || c->type == XML_CDATA_SECTION_NODE) return true;
    if (c->type == XML_ELEMENT_NODE && has_markup_tricks(c)) return true;
  }
  return false;
}

// Only exc-c14n may carry a child, and only ec:InclusiveNamespaces/@PrefixList.
Status check_c14n_children(const xmlNode* method, std::string_view algorithm, Reason reason) {
  for (xmlNode* c : elements(method)) {
    if (algorithm == kUriExcC14n && is_element(c, ns::kExcC14n, "InclusiveNamespaces") && first_element(c) == nullptr) {
      continue;
    }
    return fail(reason, "unexpected " + std::string(local_name(c)) + " inside " + std::string(local_name(method)));
  }
  return {};
}

bool is_c14n_without_comments(std::string_view a) { return a == kUriExcC14n || a == kUriC14n; }

Status check_key_info(const xmlNode* key_info) {
  // KeyInfo is never used for trust; it may only describe a key, never point
  // somewhere (RetrievalMethod: CVE-2023-36661 class).
  for (xmlNode* c : elements(key_info)) {
    if (!(is_ds(c, "X509Data") || is_ds(c, "KeyName") || is_ds(c, "KeyValue"))) {
      return fail(Reason::sig_structure, "KeyInfo may not contain " + std::string(local_name(c)));
    }
  }
  return {};
}

Result<SignatureFacts> check_signed_info(const xmlNode* signed_info, const xmlNode* signed_element,
                                         const SignaturePolicy& policy) {
  SignatureFacts facts;
  xmlNode* c14n = first_element(signed_info);
  xmlNode* method = c14n != nullptr ? next_element(c14n) : nullptr;
  if (!is_ds(c14n, "CanonicalizationMethod") || !is_ds(method, "SignatureMethod")) {
    return fail(Reason::sig_structure, "SignedInfo must start with CanonicalizationMethod, SignatureMethod");
  }
  facts.c14n_method = attr(c14n, "Algorithm");
  if (!is_c14n_without_comments(facts.c14n_method)) {
    return fail(Reason::sig_algorithm, "CanonicalizationMethod " + facts.c14n_method);
  }
  if (auto st = check_c14n_children(c14n, facts.c14n_method, Reason::sig_algorithm); !st) return st.failure();

  facts.signature_method = attr(method, "Algorithm");
  const auto alg = signature_algorithm_from_uri(facts.signature_method);
  if (!alg) return fail(Reason::sig_algorithm, "SignatureMethod " + facts.signature_method);
  if (*alg == SignatureAlgorithm::rsa_sha1) {
    if (!policy.allow_sha1) return fail(Reason::sig_algorithm, "RSA-SHA1 refused (policy)");
    facts.weak.push_back(Weakness::sha1_signature);
  }
  if (first_element(method) != nullptr) return fail(Reason::sig_algorithm, "SignatureMethod has parameters");

  std::size_t refs = 0;
  xmlNode* ref = nullptr;
  for (xmlNode* c = next_element(method); c != nullptr; c = next_element(c)) {
    if (!is_ds(c, "Reference")) return fail(Reason::sig_structure, "unexpected " + std::string(local_name(c)) + " in SignedInfo");
    ref = c;
    ++refs;
  }
  // Core 5.4.2: exactly one Reference.
  if (refs != 1) return fail(Reason::sig_reference, std::to_string(refs) + " References");

  facts.reference_uri = attr(ref, "URI");
  const std::string expected = "#" + attr(signed_element, "ID");
  // '#' + the ID of the element that carries the signature, byte for byte:
  // no "", no xpointer(...), no bare ID, no near-miss (SX-6, ID-6).
  if (!has_attr(ref, "URI") || facts.reference_uri != expected) {
    return fail(Reason::sig_reference, "Reference URI '" + facts.reference_uri + "', expected '" + expected + "'");
  }

  xmlNode* part = first_element(ref);
  if (is_ds(part, "Transforms")) {
    std::size_t i = 0;
    for (xmlNode* t : elements(part)) {
      if (!is_ds(t, "Transform")) return fail(Reason::sig_transform, "unexpected " + std::string(local_name(t)));
      const std::string a = attr(t, "Algorithm");
      const bool ok = (i == 0 && a == kUriEnveloped && first_element(t) == nullptr) ||
                      (i == 1 && is_c14n_without_comments(a));
      if (!ok) return fail(Reason::sig_transform, "Transform " + std::to_string(i + 1) + ": " + a);
      if (i == 1) {
        if (auto st = check_c14n_children(t, a, Reason::sig_transform); !st) return st.failure();
      }
      facts.transforms.push_back(a);
      ++i;
    }
    part = next_element(part);
  }
  // The signature must be enveloped (pysaml2 CVE-2020-5390, TR-5).
  if (facts.transforms.empty() || facts.transforms.front() != kUriEnveloped) {
    return fail(Reason::sig_transform, "the enveloped-signature transform is required");
  }
  if (!is_ds(part, "DigestMethod")) return fail(Reason::sig_structure, "Reference lacks DigestMethod");
  facts.digest_method = attr(part, "Algorithm");
  const auto digest = digest_algorithm_from_uri(facts.digest_method);
  if (!digest) return fail(Reason::sig_algorithm, "DigestMethod " + facts.digest_method);
  if (*digest == DigestAlgorithm::sha1) {
    if (!policy.allow_sha1) return fail(Reason::sig_algorithm, "SHA-1 digest refused (policy)");
    facts.weak.push_back(Weakness::sha1_digest);
  }
  if (first_element(part) != nullptr) return fail(Reason::sig_algorithm, "DigestMethod has parameters");
  xmlNode* value = next_element(part);
  if (!is_ds(value, "DigestValue") || next_element(value) != nullptr || first_element(value) != nullptr) {
    return fail(Reason::sig_structure, "Reference must end with one DigestValue");
  }
  return facts;
}

void enable_transforms(xmlSecDSigCtx* ctx, const SignaturePolicy& policy) {
  // Belt and braces with check_signature_profile: xmlsec itself refuses
  // anything outside these lists (its defaults allow every transform).
  xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformEnvelopedId);
  xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformExclC14NId);
  xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformInclC14NId);
  xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformSha256Id);
  xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformSha384Id);
  xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformSha512Id);
  xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformExclC14NId);
  xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformInclC14NId);
  xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformRsaSha256Id);
  xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformRsaSha384Id);
  xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformRsaSha512Id);
  xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformEcdsaSha256Id);
  xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformEcdsaSha384Id);
  xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformEcdsaSha512Id);
  if (policy.allow_sha1) {
    xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformSha1Id);
    xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformRsaSha1Id);
  }
}

enum class Outcome { valid, digest_failed, signature_failed, error };

// The key for one verification comes from this keys manager's getKey, which
// never reads KeyInfo: it hands over the pinned key the caller put in the
// read context's userData. It does so rather than setting ctx->signKey
// because xmlsec then checks the key against the signature method's
// requirements, and the type part of that check (public or private) asks
// OpenSSL 3 to export the RSA key's parameters: about a tenth of a whole
// verification. The other requirements stay with xmlsec: the key data must be
// of the method's kind (RSA for rsa-sha256; an EC key never verifies an RSA
// signature) and allowed for verification. The type requirement is only
// "public", which every RSA or EC key meets (a private key holds its public
// half), so it is dropped once the key is known to carry the required data.
xmlSecKeyPtr pinned_key(xmlNodePtr /*key_info: never read*/, xmlSecKeyInfoCtxPtr info) {
  auto* key = static_cast<xmlSecKeyPtr>(info->userData);
  xmlSecKeyReq& req = info->keyReq;
  if (key == nullptr || req.keyId == xmlSecKeyDataIdUnknown || !xmlSecKeyCheckId(key, req.keyId)) {
    return nullptr;  // xmlsec reports "key not found": verification fails
  }
  if ((req.keyType & ~xmlSecKeyDataTypePublic) == 0) req.keyType = xmlSecKeyDataTypeUnknown;
  return key;
}

Outcome verify_with(xmlNode* signature, xmlSecKey* key, const SignaturePolicy& policy, std::string& detail) {
  XmlSecKeysMngrPtr mngr(xmlSecKeysMngrCreate());  // no keys store: it holds only the callback
  if (!mngr) return Outcome::error;
  mngr->getKey = pinned_key;
  XmlSecDSigCtxPtr ctx(xmlSecDSigCtxCreate(mngr.get()));  // its getKey returns `key`: KeyInfo is never consulted
  if (!ctx) return Outcome::error;
  ctx->enabledReferenceUris = xmlSecTransformUriTypeSameDocument;
  ctx->flags |= XMLSEC_DSIG_FLAGS_IGNORE_MANIFESTS;
  enable_transforms(ctx.get(), policy);
  clear_xmlsec_errors();
  ctx->keyInfoReadCtx.userData = key;  // borrowed: getKey makes it ctx->signKey, taken back below
  const int rc = xmlSecDSigCtxVerify(ctx.get(), signature);
  ctx->signKey = nullptr;
  detail = take_xmlsec_errors();
  if (rc < 0) return Outcome::error;
  if (ctx->status == xmlSecDSigStatusSucceeded) return Outcome::valid;
  // Which part failed: a reference digest (the content changed) or only the
  // SignatureValue (made with another key).
  const xmlSecSize n = xmlSecPtrListGetSize(&ctx->signedInfoReferences);
  for (xmlSecSize i = 0; i < n; ++i) {
    auto* r = static_cast<xmlSecDSigReferenceCtxPtr>(xmlSecPtrListGetItem(&ctx->signedInfoReferences, i));
    if (r != nullptr && r->status != xmlSecDSigStatusSucceeded) return Outcome::digest_failed;
  }
  return n == 0 ? Outcome::error : Outcome::signature_failed;
}

// Diagnosis only, after the pinned keys failed: was the signature made with
// the key the message itself names in KeyInfo (an X509Certificate)? Then it
// is provably another key (certificate faking, CF-1/2/4) rather than altered
// content. This never makes anything acceptable.
// An RSA public key from ds:KeyValue/RSAKeyValue (Modulus, Exponent).
EvpPkeyPtr rsa_key_value(const xmlNode* key_value) {
  const xmlNode* rsa = child(key_value, ns::kDs, "RSAKeyValue");
  auto n = base64_decode(text(child(rsa, ns::kDs, "Modulus")), 2048);
  auto e = base64_decode(text(child(rsa, ns::kDs, "Exponent")), 64);
  if (rsa == nullptr || !n || !e || n->empty() || e->empty()) return nullptr;
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()), static_cast<int>(n->size()), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()), static_cast<int>(e->size()), nullptr);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM* params = nullptr;
  EVP_PKEY* pkey = nullptr;
  if (bn_n != nullptr && bn_e != nullptr && bld != nullptr && OSSL_PARAM_BLD_push_BN(bld, "n", bn_n) == 1 &&
      OSSL_PARAM_BLD_push_BN(bld, "e", bn_e) == 1 && (params = OSSL_PARAM_BLD_to_param(bld)) != nullptr) {
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    if (ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1) EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params);
  }
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_free(bn_n);
  BN_free(bn_e);
  return EvpPkeyPtr(pkey);
}

bool made_with_embedded_key(xmlNode* signature, const SignaturePolicy& policy) {
  xmlNode* key_info = child(signature, ns::kDs, "KeyInfo");
  for (xmlNode* kv : elements(key_info)) {
    if (!is_ds(kv, "KeyValue")) continue;
    EvpPkeyPtr pkey = rsa_key_value(kv);
    if (!pkey) continue;
    XmlSecKeyPtr key = xmlsec_key_of(pkey.get());
    if (!key) continue;
    std::string ignored;
    if (verify_with(signature, key.get(), policy, ignored) == Outcome::valid) return true;
  }
  for (xmlNode* x : elements(key_info)) {
    if (!is_ds(x, "X509Data")) continue;
    for (xmlNode* c : elements(x)) {
      if (!is_ds(c, "X509Certificate")) continue;
      auto cert = Certificate::from_base64(text(c));
      if (!cert) continue;
      std::string ignored;
      if (verify_with(signature, cert->xmlsec_key(), policy, ignored) == Outcome::valid) return true;
    }
  }
  return false;
}

}  // namespace

Result<SignatureFacts> check_signature_profile(const xmlNode* signature, const xmlNode* signed_element,
                                               const SignaturePolicy& policy) {
  if (!is_ds(signature, "Signature") || signature->parent != signed_element) {
    return fail(Reason::sig_structure, "the Signature is not a child of the element it signs");
  }
  if (has_markup_tricks(signature)) return fail(Reason::sig_structure, "comment, PI or CDATA inside the Signature");
  xmlNode* signed_info = first_element(signature);
  xmlNode* value = signed_info != nullptr ? next_element(signed_info) : nullptr;
  if (!is_ds(signed_info, "SignedInfo") || !is_ds(value, "SignatureValue")) {
    return fail(Reason::sig_structure, "Signature must start with SignedInfo, SignatureValue (MS-2)");
  }
  if (first_element(value) != nullptr) return fail(Reason::sig_structure, "SignatureValue has child elements");
  for (xmlNode* c = next_element(value); c != nullptr; c = next_element(c)) {
    // ds:Object is how XSW-8 and CVE-2025-23369 smuggle a copy; SAML never needs it.
    if (!is_ds(c, "KeyInfo") || c != next_element(value)) {
      return fail(Reason::sig_structure, "unexpected " + std::string(local_name(c)) + " in Signature");
    }
    if (auto st = check_key_info(c); !st) return st.failure();
  }
  return check_signed_info(signed_info, signed_element, policy);
}

Result<Verified> verify_enveloped(xmlNode* signature, xmlNode* signed_element, std::span<const Certificate> keys,
                                  const SignaturePolicy& policy) {
  auto facts = check_signature_profile(signature, signed_element, policy);
  if (!facts) return std::move(facts).failure();
  // The reference must resolve to this very element (pointer identity), not
  // to another element carrying the same ID (XSW, ID-4).
  const std::string id = attr(signed_element, "ID");
  xmlAttr* target = xmlGetID(signed_element->doc, as_xml(id.c_str()));
  if (target == nullptr || target->parent != signed_element) {
    return fail(Reason::sig_reference, "ID '" + id + "' does not resolve to the signed element");
  }
  if (keys.empty()) return fail(Reason::sig_untrusted_key, "no pinned IdP key configured");

  bool digest_failed = false;
  std::string details;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    std::string detail;
    switch (verify_with(signature, keys[i].xmlsec_key(), policy, detail)) {
      case Outcome::valid:
        return Verified{i, std::move(facts).value()};
      case Outcome::digest_failed:
        digest_failed = true;
        break;
      case Outcome::signature_failed:
        break;
      case Outcome::error:
        if (!detail.empty()) details = detail;
        break;
    }
  }
  if (digest_failed) return fail(Reason::sig_invalid, "reference digest mismatch: the signed content was altered");
  if (made_with_embedded_key(signature, policy)) {
    return fail(Reason::sig_untrusted_key, "signed with the key of the certificate in KeyInfo, which is not pinned");
  }
  if (!details.empty()) return fail(Reason::sig_invalid, "verification error: " + details);
  return fail(Reason::sig_invalid, "the SignatureValue does not verify with any of " + std::to_string(keys.size()) +
                                       " pinned key(s)");
}

}  // namespace samlh::core
