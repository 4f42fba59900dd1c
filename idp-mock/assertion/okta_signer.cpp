#include "idp-mock/assertion/okta_signer.hpp"

#include <cstring>

#include <libxml/c14n.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include "core/bindings.hpp"
#include "core/handles.hpp"
#include "core/xml.hpp"
#include "idp-mock/assertion/exc_c14n.hpp"

namespace samlh::idp {
namespace {

using core::DigestAlgorithm;
using core::SignatureAlgorithm;

const xmlChar* x(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
const xmlChar* x(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }

const EVP_MD* md_of(DigestAlgorithm d) {
  switch (d) {
    case DigestAlgorithm::sha1: return EVP_sha1();
    case DigestAlgorithm::sha256: return EVP_sha256();
    case DigestAlgorithm::sha384: return EVP_sha384();
    case DigestAlgorithm::sha512: return EVP_sha512();
  }
  return EVP_sha256();
}

const EVP_MD* md_of(SignatureAlgorithm s) {
  switch (s) {
    case SignatureAlgorithm::rsa_sha1: return EVP_sha1();
    case SignatureAlgorithm::rsa_sha256:
    case SignatureAlgorithm::ecdsa_sha256: return EVP_sha256();
    case SignatureAlgorithm::rsa_sha384:
    case SignatureAlgorithm::ecdsa_sha384: return EVP_sha384();
    case SignatureAlgorithm::rsa_sha512:
    case SignatureAlgorithm::ecdsa_sha512: return EVP_sha512();
  }
  return EVP_sha256();
}

bool is_ecdsa(SignatureAlgorithm a) {
  return a == SignatureAlgorithm::ecdsa_sha256 || a == SignatureAlgorithm::ecdsa_sha384 ||
         a == SignatureAlgorithm::ecdsa_sha512;
}

// Visibility for c14n of one subtree: the node (or, for attributes and
// namespace nodes, their element) must be `root` or below it.
int in_subtree(void* root, xmlNodePtr node, xmlNodePtr parent) {
  xmlNode* n = (node != nullptr && (node->type == XML_ELEMENT_NODE || node->type == XML_TEXT_NODE ||
                                    node->type == XML_CDATA_SECTION_NODE || node->type == XML_COMMENT_NODE ||
                                    node->type == XML_PI_NODE))
                   ? node
                   : parent;
  for (; n != nullptr; n = n->parent)
    if (n == root) return 1;
  return 0;
}

// The InclusiveNamespaces PrefixList, split on spaces.
std::vector<std::string> split_prefixes(const std::string& list) {
  std::vector<std::string> prefixes;
  for (std::size_t i = 0; i < list.size();) {
    auto j = list.find(' ', i);
    if (j == std::string::npos) j = list.size();
    if (j > i) prefixes.push_back(list.substr(i, j - i));
    i = j + 1;
  }
  return prefixes;
}

}  // namespace

bool exc_c14n_libxml2(xmlNode* root, const std::string& inclusive_prefixes, std::string& out) {
  std::vector<std::string> prefixes = split_prefixes(inclusive_prefixes);
  std::vector<xmlChar*> list;
  for (auto& p : prefixes) list.push_back(reinterpret_cast<xmlChar*>(p.data()));
  list.push_back(nullptr);
  xmlBufferPtr buf = xmlBufferCreate();
  xmlOutputBufferPtr ob = xmlOutputBufferCreateBuffer(buf, nullptr);
  int rc = xmlC14NExecute(root->doc, in_subtree, root, XML_C14N_EXCLUSIVE_1_0,
                          prefixes.empty() ? nullptr : list.data(), 0, ob);
  xmlOutputBufferClose(ob);
  if (rc >= 0) out.assign(reinterpret_cast<const char*>(xmlBufferContent(buf)), static_cast<std::size_t>(xmlBufferLength(buf)));
  xmlBufferFree(buf);
  return rc >= 0;
}

namespace {

// Exclusive c14n without comments of the subtree at `root`: the fast writer
// for what idp-mock builds, libxml2 for anything else.
bool exc_c14n(xmlNode* root, const std::string& inclusive_prefixes, std::string& out) {
  std::vector<std::string> prefixes = split_prefixes(inclusive_prefixes);
  if (exc_c14n_fast(root, prefixes, out)) return true;
  return exc_c14n_libxml2(root, inclusive_prefixes, out);
}

std::string digest(const EVP_MD* md, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, md, nullptr);
  return std::string(reinterpret_cast<char*>(out), len);
}

// XML-DSig ECDSA values are r||s, each padded to the field size (RFC 4050);
// OpenSSL produces DER.
bool der_to_raw_ecdsa(EVP_PKEY* key, std::string& sig) {
  const auto* p = reinterpret_cast<const unsigned char*>(sig.data());
  ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
  if (es == nullptr) return false;
  int bytes = (EVP_PKEY_get_bits(key) + 7) / 8;
  std::string raw(static_cast<std::size_t>(2 * bytes), '\0');
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(es, &r, &s);
  BN_bn2binpad(r, reinterpret_cast<unsigned char*>(raw.data()), bytes);
  BN_bn2binpad(s, reinterpret_cast<unsigned char*>(raw.data()) + bytes, bytes);
  ECDSA_SIG_free(es);
  sig = std::move(raw);
  return true;
}

bool sign_bytes(const std::string& data, EVP_PKEY* key, SignatureAlgorithm alg, std::string& out) {
  core::EvpMdCtxPtr ctx{EVP_MD_CTX_new()};
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md_of(alg), nullptr, key) != 1) return false;
  size_t len = 0;
  auto* in = reinterpret_cast<const unsigned char*>(data.data());
  if (EVP_DigestSign(ctx.get(), nullptr, &len, in, data.size()) != 1) return false;
  out.resize(len);
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, in, data.size()) != 1)
    return false;
  out.resize(len);
  return !is_ecdsa(alg) || der_to_raw_ecdsa(key, out);
}

xmlNode* ds(xmlNode* parent, xmlNs* ns, const char* name) { return xmlNewChild(parent, ns, x(name), nullptr); }

}  // namespace

core::ToolStatus okta_sign_enveloped(xmlNode* element, const core::PrivateKey& key, const core::SignOptions& o) {
  if (is_ecdsa(o.signature) != (key.key_type() == core::KeyType::ec))
    return core::fail(core::ToolError::key_mismatch, "key type does not fit " + std::string(core::uri(o.signature)));
  if (auto st = core::register_id(element->doc, element); !st) {
    return core::fail(core::ToolError::sign_failed, st.failure().detail);
  }
  const std::string id = core::attr(element, "ID");

  // The enveloped transform removes the Signature; digesting before it is
  // inserted gives the same octets.
  std::string canon;
  if (!exc_c14n(element, o.inclusive_prefixes, canon))
    return core::fail(core::ToolError::sign_failed, "exclusive c14n of the element failed");
  std::string digest_b64 = core::base64_encode(digest(md_of(o.digest), canon));

  xmlNode* sig = xmlNewDocNode(element->doc, nullptr, x("Signature"), nullptr);
  xmlNs* dsns = xmlNewNs(sig, x(std::string(core::ns::kDs)), x("ds"));
  xmlSetNs(sig, dsns);
  xmlNode* issuer = core::child(element, core::ns::kSaml, "Issuer");
  xmlNode* first = core::first_element(element);
  xmlNode* placed = issuer != nullptr ? xmlAddNextSibling(issuer, sig)
                    : first != nullptr ? xmlAddPrevSibling(first, sig)
                                       : xmlAddChild(element, sig);
  if (placed == nullptr) {
    xmlFreeNode(sig);
    return core::fail(core::ToolError::sign_failed, "cannot insert the Signature");
  }
  xmlNode* si = ds(sig, dsns, "SignedInfo");
  xmlNewProp(ds(si, dsns, "CanonicalizationMethod"), x("Algorithm"), x(std::string(core::kUriExcC14n)));
  xmlNewProp(ds(si, dsns, "SignatureMethod"), x("Algorithm"), x(std::string(core::uri(o.signature))));
  xmlNode* ref = ds(si, dsns, "Reference");
  xmlNewProp(ref, x("URI"), x("#" + id));
  xmlNode* transforms = ds(ref, dsns, "Transforms");
  xmlNewProp(ds(transforms, dsns, "Transform"), x("Algorithm"), x(std::string(core::kUriEnveloped)));
  xmlNode* c14n = ds(transforms, dsns, "Transform");
  xmlNewProp(c14n, x("Algorithm"), x(std::string(core::kUriExcC14n)));
  if (!o.inclusive_prefixes.empty()) {
    // B.3 [X1]: <ec:InclusiveNamespaces xmlns:ec="...exc-c14n#" PrefixList="xs"/>
    xmlNode* incl = xmlNewChild(c14n, nullptr, x("InclusiveNamespaces"), nullptr);
    xmlSetNs(incl, xmlNewNs(incl, x(std::string(core::kUriExcC14n)), x("ec")));
    xmlNewProp(incl, x("PrefixList"), x(o.inclusive_prefixes));
  }
  xmlNewProp(ds(ref, dsns, "DigestMethod"), x("Algorithm"), x(std::string(core::uri(o.digest))));
  xmlNewTextChild(ref, dsns, x("DigestValue"), x(digest_b64));

  std::string signed_info;
  std::string value;
  if (!exc_c14n(si, "", signed_info) || !sign_bytes(signed_info, key.pkey(), o.signature, value))
    return core::fail(core::ToolError::sign_failed, "signing SignedInfo failed");
  xmlNewTextChild(sig, dsns, x("SignatureValue"), x(core::base64_encode(value)));
  if (o.include_certificate && key.has_certificate()) {
    xmlNode* ki = ds(sig, dsns, "KeyInfo");
    xmlNode* x509 = ds(ki, dsns, "X509Data");
    xmlNewTextChild(x509, dsns, x("X509Certificate"), x(key.certificate().base64_76()));
  }
  return {};
}

}  // namespace samlh::idp
