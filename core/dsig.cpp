#include "core/dsig.hpp"

#include <array>

#include <libxml/valid.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/crypto.h>

#include "core/handles.hpp"
#include "core/xml.hpp"
#include "core/xmlsec_errors.hpp"

namespace samlh::core {
namespace {

struct SigAlgRow {
  SignatureAlgorithm alg;
  std::string_view uri;
};
constexpr std::array kSigAlgs{
    SigAlgRow{SignatureAlgorithm::rsa_sha1, "http://www.w3.org/2000/09/xmldsig#rsa-sha1"},
    SigAlgRow{SignatureAlgorithm::rsa_sha256, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"},
    SigAlgRow{SignatureAlgorithm::rsa_sha384, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"},
    SigAlgRow{SignatureAlgorithm::rsa_sha512, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"},
    SigAlgRow{SignatureAlgorithm::ecdsa_sha256, "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"},
    SigAlgRow{SignatureAlgorithm::ecdsa_sha384, "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384"},
    SigAlgRow{SignatureAlgorithm::ecdsa_sha512, "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512"},
};

struct DigestRow {
  DigestAlgorithm alg;
  std::string_view uri;
};
constexpr std::array kDigests{
    DigestRow{DigestAlgorithm::sha1, "http://www.w3.org/2000/09/xmldsig#sha1"},
    DigestRow{DigestAlgorithm::sha256, "http://www.w3.org/2001/04/xmlenc#sha256"},
    DigestRow{DigestAlgorithm::sha384, "http://www.w3.org/2001/04/xmldsig-more#sha384"},
    DigestRow{DigestAlgorithm::sha512, "http://www.w3.org/2001/04/xmlenc#sha512"},
};

xmlSecTransformId transform_of(SignatureAlgorithm a) {
  switch (a) {
    case SignatureAlgorithm::rsa_sha1: return xmlSecTransformRsaSha1Id;
    case SignatureAlgorithm::rsa_sha256: return xmlSecTransformRsaSha256Id;
    case SignatureAlgorithm::rsa_sha384: return xmlSecTransformRsaSha384Id;
    case SignatureAlgorithm::rsa_sha512: return xmlSecTransformRsaSha512Id;
    case SignatureAlgorithm::ecdsa_sha256: return xmlSecTransformEcdsaSha256Id;
    case SignatureAlgorithm::ecdsa_sha384: return xmlSecTransformEcdsaSha384Id;
    case SignatureAlgorithm::ecdsa_sha512: return xmlSecTransformEcdsaSha512Id;
  }
  return xmlSecTransformIdUnknown;
}

xmlSecTransformId transform_of(DigestAlgorithm a) {
  switch (a) {
    case DigestAlgorithm::sha1: return xmlSecTransformSha1Id;
    case DigestAlgorithm::sha256: return xmlSecTransformSha256Id;
    case DigestAlgorithm::sha384: return xmlSecTransformSha384Id;
    case DigestAlgorithm::sha512: return xmlSecTransformSha512Id;
  }
  return xmlSecTransformIdUnknown;
}

bool is_ecdsa(SignatureAlgorithm a) {
  return a == SignatureAlgorithm::ecdsa_sha256 || a == SignatureAlgorithm::ecdsa_sha384 ||
         a == SignatureAlgorithm::ecdsa_sha512;
}

// A borrowed key on an xmlsec context: xmlsec destroys ctx->signKey with the
// context, but the key belongs to a Certificate/PrivateKey. This guard takes
// it back before the context dies.
class BorrowedKey {
 public:
  BorrowedKey(xmlSecDSigCtx* ctx, xmlSecKey* key) : ctx_(ctx) { ctx_->signKey = key; }
  ~BorrowedKey() { ctx_->signKey = nullptr; }
  BorrowedKey(const BorrowedKey&) = delete;
  BorrowedKey& operator=(const BorrowedKey&) = delete;

 private:
  xmlSecDSigCtx* ctx_;
};

xmlNode* add_ds_child(xmlNode* parent, const char* name) {
  return xmlNewChild(parent, parent->ns, as_xml(name), nullptr);
}

}  // namespace

std::string_view uri(SignatureAlgorithm a) {
  for (const auto& r : kSigAlgs) {
    if (r.alg == a) return r.uri;
  }
  return {};
}

std::string_view uri(DigestAlgorithm a) {
  for (const auto& r : kDigests) {
    if (r.alg == a) return r.uri;
  }
  return {};
}

std::optional<SignatureAlgorithm> signature_algorithm_from_uri(std::string_view u) {
  for (const auto& r : kSigAlgs) {
    if (r.uri == u) return r.alg;  // exact match: AL-5 (trailing space, case)
  }
  return std::nullopt;
}

std::optional<DigestAlgorithm> digest_algorithm_from_uri(std::string_view u) {
  for (const auto& r : kDigests) {
    if (r.uri == u) return r.alg;
  }
  return std::nullopt;
}

Status register_id(xmlDoc* doc, xmlNode* element) {
  xmlAttr* id = attr_node(element, "ID");
  if (id == nullptr) return fail(Reason::struct_id_attribute, std::string(local_name(element)) + " has no ID");
  const std::string value = attr(element, "ID");
  if (value.empty()) return fail(Reason::struct_id_attribute, std::string(local_name(element)) + " has an empty ID");
  xmlAttr* existing = xmlGetID(doc, as_xml(value.c_str()));
  if (existing == id) return {};
  if (existing != nullptr) return fail(Reason::struct_duplicate_id, "ID '" + value + "' used twice");
  if (xmlAddID(nullptr, doc, as_xml(value.c_str()), id) == nullptr) {
    return fail(Reason::struct_duplicate_id, "cannot register ID '" + value + "'");
  }
  return {};
}

ToolStatus sign_enveloped(xmlNode* element, const PrivateKey& key, const SignOptions& options) {
  if (is_ecdsa(options.signature) != (key.key_type() == KeyType::ec)) {
    return fail(ToolError::key_mismatch, "key type does not fit " + std::string(uri(options.signature)));
  }
  xmlDoc* doc = element->doc;
  if (auto st = register_id(doc, element); !st) return fail(ToolError::sign_failed, st.failure().detail);
  const std::string id = attr(element, "ID");

  xmlNode* sig = xmlSecTmplSignatureCreateNsPref(doc, xmlSecTransformExclC14NId, transform_of(options.signature),
                                                 nullptr, as_xml("ds"));
  if (sig == nullptr) return fail(ToolError::sign_failed, "cannot create the Signature template");
  // Okta (okta-hotjar.md B.3): the Signature sits right after the Issuer.
  xmlNode* issuer = child(element, ns::kSaml, "Issuer");
  xmlNode* placed = nullptr;
  if (issuer != nullptr) {
    placed = xmlAddNextSibling(issuer, sig);
  } else if (xmlNode* first = first_element(element); first != nullptr) {
    placed = xmlAddPrevSibling(first, sig);
  } else {
    placed = xmlAddChild(element, sig);
  }
  if (placed == nullptr) {
    xmlFreeNode(sig);
    return fail(ToolError::sign_failed, "cannot insert the Signature");
  }
  const std::string ref_uri = "#" + id;
  xmlNode* ref = xmlSecTmplSignatureAddReference(sig, transform_of(options.digest), nullptr,
                                                 as_xml(ref_uri.c_str()), nullptr);
  xmlNode* c14n = nullptr;
  if (ref == nullptr || xmlSecTmplReferenceAddTransform(ref, xmlSecTransformEnvelopedId) == nullptr ||
      (c14n = xmlSecTmplReferenceAddTransform(ref, xmlSecTransformExclC14NId)) == nullptr) {
    return fail(ToolError::sign_failed, "cannot build the Reference");
  }
  if (!options.inclusive_prefixes.empty() &&
      xmlSecTmplTransformAddC14NInclNamespaces(c14n, as_xml(options.inclusive_prefixes.c_str())) < 0) {
    return fail(ToolError::sign_failed, "cannot add InclusiveNamespaces");
  }

  XmlSecDSigCtxPtr ctx(xmlSecDSigCtxCreate(nullptr));
  if (!ctx) return fail(ToolError::sign_failed, "cannot create the signature context");
  ctx->enabledReferenceUris = xmlSecTransformUriTypeSameDocument;
  clear_xmlsec_errors();
  int rc = 0;
  {
    BorrowedKey borrowed(ctx.get(), key.xmlsec_key());
    rc = xmlSecDSigCtxSign(ctx.get(), sig);
  }
  if (rc < 0) return fail(ToolError::sign_failed, "xmlsec signing failed: " + take_xmlsec_errors());

  if (options.include_certificate && key.has_certificate()) {
    // Written by hand, not by xmlsec, because our xmlsec keys carry no X509
    // data. Okta wraps the base64 at 76 columns (B.3).
    xmlNode* key_info = add_ds_child(sig, "KeyInfo");
    xmlNode* x509 = add_ds_child(key_info, "X509Data");
    const std::string b64 = key.certificate().base64(76);
    xmlNewTextChild(x509, sig->ns, as_xml("X509Certificate"), as_xml(b64.c_str()));
  }
  return {};
}

}  // namespace samlh::core
