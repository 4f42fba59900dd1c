// Encryption of a signed Assertion into an EncryptedAssertion (see enc.hpp).
#include <openssl/rand.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/crypto.h>
#include <xmlsec/keys.h>
#include <xmlsec/templates.h>
#include <xmlsec/xmlenc.h>

#include "core/enc.hpp"
#include "core/enc_transforms.hpp"
#include "core/handles.hpp"
#include "core/rng.hpp"
#include "core/xml.hpp"
#include "core/xmlsec_errors.hpp"

namespace samlh::core {
namespace {

std::size_t key_bytes(DataCipher c) {
  switch (c) {
    case DataCipher::aes128_cbc:
    case DataCipher::aes128_gcm:
      return 16;
    case DataCipher::aes192_cbc:
    case DataCipher::aes192_gcm:
    case DataCipher::tripledes_cbc:
      return 24;
    case DataCipher::aes256_cbc:
    case DataCipher::aes256_gcm:
      return 32;
  }
  return 32;
}

xmlSecTransformId transport_id(KeyTransport k) {
  return k == KeyTransport::rsa_1_5 ? xmlSecTransformRsaPkcs1Id : xmlSecTransformRsaOaepId;
}

xmlNs* saml_ns_for(xmlNode* assertion, xmlNode* wrapper) {
  // Reuse a declaration in scope on the parent; else declare saml2 on the
  // wrapper itself (the Assertion's own declaration leaves with it).
  if (xmlNs* found = xmlSearchNsByHref(assertion->doc, assertion->parent, as_xml(ns::kSaml.data()))) return found;
  const xmlChar* prefix = assertion->ns != nullptr && assertion->ns->prefix != nullptr ? assertion->ns->prefix
                                                                                         : as_xml("saml2");
  return xmlNewNs(wrapper, as_xml(ns::kSaml.data()), prefix);
}

// The KeyInfo declares its own ds namespace: the EncryptedKey is built under
// a scratch parent and moved, so nothing may refer to declarations outside it.
xmlNode* add_key_info_certificate(xmlNode* parent_after, const Certificate& cert, xmlNode* owner) {
  xmlNode* key_info = xmlNewDocNode(owner->doc, nullptr, as_xml("KeyInfo"), nullptr);
  xmlNs* ds = xmlNewNs(key_info, as_xml(ns::kDs.data()), as_xml("ds"));
  xmlSetNs(key_info, ds);
  xmlAddNextSibling(parent_after, key_info);
  xmlNode* x509 = xmlNewChild(key_info, ds, as_xml("X509Data"), nullptr);
  const std::string b64 = cert.base64(76);
  xmlNewTextChild(x509, ds, as_xml("X509Certificate"), as_xml(b64.c_str()));
  return key_info;
}

}  // namespace

ToolResult<xmlNode*> encrypt_assertion(xmlNode* assertion, const Certificate& recipient, const EncryptOptions& options,
                                   Rng& ids) {
  xmlDoc* doc = assertion->doc;
  if (recipient.key_type() != KeyType::rsa) return fail(ToolError::key_mismatch, "key transport needs an RSA key");
  if (options.transport == KeyTransport::rsa_oaep) {
    return fail(ToolError::encrypt_failed, "xmlenc11 rsa-oaep is not supported by this xmlsec build");
  }
  // The wrapper takes the Assertion's place.
  xmlNode* wrapper = xmlNewDocNode(doc, nullptr, as_xml("EncryptedAssertion"), nullptr);
  xmlAddPrevSibling(assertion, wrapper);
  xmlSetNs(wrapper, saml_ns_for(assertion, wrapper));
  xmlUnlinkNode(assertion);
  xmlAddChild(wrapper, assertion);

  // (append, not "_" + string: GCC 12 warns falsely on the latter, -Wrestrict)
  std::string data_id{"_"};
  data_id.append(ids.hex(32));
  std::string key_id{"_"};
  key_id.append(ids.hex(32));
  std::string session(key_bytes(options.cipher), '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(session.data()), static_cast<int>(session.size())) != 1) {
    return fail(ToolError::encrypt_failed, "no randomness for the session key");
  }

  // 1. The data: xmlsec replaces the Assertion by the filled template.
  xmlNode* data = xmlSecTmplEncDataCreate(doc, cipher_transform(options.cipher), as_xml(data_id.c_str()),
                                          xmlSecTypeEncElement, nullptr, nullptr);
  if (data == nullptr || xmlSecTmplEncDataEnsureCipherValue(data) == nullptr) {
    return fail(ToolError::encrypt_failed, "cannot build the EncryptedData template");
  }
  {
    const xmlSecKeyDataId kd = options.cipher == DataCipher::tripledes_cbc ? xmlSecKeyDataDesId : xmlSecKeyDataAesId;
    XmlSecEncCtxPtr ctx(xmlSecEncCtxCreate(nullptr));
    if (!ctx) return fail(ToolError::encrypt_failed, "cannot create context");
    ctx->encKey = xmlSecKeyReadMemory(kd, reinterpret_cast<const xmlSecByte*>(session.data()),
                                      static_cast<xmlSecSize>(session.size()));  // owned by ctx
    clear_xmlsec_errors();
    int rc = -1;
    if (ctx->encKey != nullptr && options.plaintext_override) {
      const std::string& p = *options.plaintext_override;
      rc = xmlSecEncCtxBinaryEncrypt(ctx.get(), data, reinterpret_cast<const xmlSecByte*>(p.data()),
                                     static_cast<xmlSecSize>(p.size()));
      if (rc >= 0) {
        xmlAddPrevSibling(assertion, data);
        xmlUnlinkNode(assertion);
        xmlFreeNode(assertion);
      }
    } else if (ctx->encKey != nullptr) {
      rc = xmlSecEncCtxXmlEncrypt(ctx.get(), data, assertion);  // replaces the Assertion by `data`
    }
    if (rc < 0) {
      xmlFreeNode(data);
      return fail(ToolError::encrypt_failed, "xmlsec encryption failed: " + take_xmlsec_errors());
    }
  }

  // 2. The session key, wrapped for the recipient.
  xmlNode* scratch = xmlNewDocNode(doc, nullptr, as_xml("KeyInfo"), nullptr);
  xmlSetNs(scratch, xmlNewNs(scratch, as_xml(ns::kDs.data()), as_xml("ds")));
  xmlNode* ek = xmlSecTmplKeyInfoAddEncryptedKey(scratch, transport_id(options.transport), as_xml(key_id.c_str()),
                                                 nullptr, nullptr);
  XmlNodePtr scratch_owner(scratch);
  if (ek == nullptr || xmlSecTmplEncDataEnsureCipherValue(ek) == nullptr ||
      xmlSecTmplReferenceListAddDataReference(ek, as_xml(("#" + data_id).c_str())) == nullptr) {
    return fail(ToolError::encrypt_failed, "cannot build the EncryptedKey template");
  }
  xmlNode* ek_method = first_element(ek);
  if (options.transport == KeyTransport::rsa_oaep_mgf1p) {
    // Okta states the OAEP digest explicitly (B.12): SHA-1, the default.
    xmlNode* dm = xmlNewChild(ek_method, nullptr, as_xml("DigestMethod"), nullptr);
    xmlSetNs(dm, xmlNewNs(dm, as_xml(ns::kDs.data()), as_xml("ds")));
    xmlSetProp(dm, as_xml("Algorithm"), as_xml("http://www.w3.org/2000/09/xmldsig#sha1"));
  }
  {
    XmlSecEncCtxPtr ctx(xmlSecEncCtxCreate(nullptr));
    if (!ctx) return fail(ToolError::encrypt_failed, "cannot create context");
    ctx->mode = xmlEncCtxModeEncryptedKey;
    clear_xmlsec_errors();
    ctx->encKey = recipient.xmlsec_key();  // borrowed: taken back below
    const int rc = xmlSecEncCtxBinaryEncrypt(ctx.get(), ek, reinterpret_cast<const xmlSecByte*>(session.data()),
                                             static_cast<xmlSecSize>(session.size()));
    ctx->encKey = nullptr;
    if (rc < 0) return fail(ToolError::encrypt_failed, "key transport failed: " + take_xmlsec_errors());
  }
  add_key_info_certificate(ek_method, recipient, ek);
  xmlUnlinkNode(ek);

  // 3. Where the key goes: beside the data with a RetrievalMethod (Okta), or
  // inside the data's KeyInfo. Added after encryption so that xmlsec's
  // KeyInfo writer never runs on them.
  xmlNode* data_method = first_element(data);
  xmlNs* ds = xmlNewNs(data, as_xml(ns::kDs.data()), as_xml("ds"));
  xmlNode* key_info = xmlNewDocNode(doc, ds, as_xml("KeyInfo"), nullptr);
  xmlAddNextSibling(data_method, key_info);
  if (options.key_beside_data) {
    xmlNode* rm = xmlNewChild(key_info, ds, as_xml("RetrievalMethod"), nullptr);
    xmlSetProp(rm, as_xml("Type"), as_xml("http://www.w3.org/2001/04/xmlenc#EncryptedKey"));
    xmlSetProp(rm, as_xml("URI"), as_xml(("#" + key_id).c_str()));
    xmlAddChild(wrapper, ek);
  } else {
    xmlAddChild(key_info, ek);
  }
  return wrapper;
}

}  // namespace samlh::core
