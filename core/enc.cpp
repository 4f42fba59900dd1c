// Strict, in-place decryption of an EncryptedAssertion (see enc.hpp).
#include "core/enc.hpp"
#include "core/enc_transforms.hpp"

#include <array>
#include <vector>

#include <xmlsec/xmlsec.h>
#include <xmlsec/buffer.h>
#include <xmlsec/crypto.h>
#include <xmlsec/keys.h>
#include <xmlsec/xmlenc.h>

#include "core/handles.hpp"
#include "core/xml.hpp"
#include "core/xmlsec_errors.hpp"

namespace samlh::core {
namespace {

struct CipherRow {
  DataCipher cipher;
  std::string_view uri;
  std::size_t key_bytes;
  bool gcm;
};
constexpr std::array kCiphers{
    CipherRow{DataCipher::aes128_cbc, "http://www.w3.org/2001/04/xmlenc#aes128-cbc", 16, false},
    CipherRow{DataCipher::aes192_cbc, "http://www.w3.org/2001/04/xmlenc#aes192-cbc", 24, false},
    CipherRow{DataCipher::aes256_cbc, "http://www.w3.org/2001/04/xmlenc#aes256-cbc", 32, false},
    CipherRow{DataCipher::aes128_gcm, "http://www.w3.org/2009/xmlenc11#aes128-gcm", 16, true},
    CipherRow{DataCipher::aes192_gcm, "http://www.w3.org/2009/xmlenc11#aes192-gcm", 24, true},
    CipherRow{DataCipher::aes256_gcm, "http://www.w3.org/2009/xmlenc11#aes256-gcm", 32, true},
    CipherRow{DataCipher::tripledes_cbc, "http://www.w3.org/2001/04/xmlenc#tripledes-cbc", 24, false},
};

struct TransportRow {
  KeyTransport transport;
  std::string_view uri;
};
constexpr std::array kTransports{
    TransportRow{KeyTransport::rsa_oaep_mgf1p, "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"},
    TransportRow{KeyTransport::rsa_oaep, "http://www.w3.org/2009/xmlenc11#rsa-oaep"},
    TransportRow{KeyTransport::rsa_1_5, "http://www.w3.org/2001/04/xmlenc#rsa-1_5"},
};

constexpr std::string_view kTypeElement = "http://www.w3.org/2001/04/xmlenc#Element";
constexpr std::string_view kTypeEncryptedKey = "http://www.w3.org/2001/04/xmlenc#EncryptedKey";

const CipherRow& row_of(DataCipher c) {
  for (const auto& r : kCiphers) {
    if (r.cipher == c) return r;
  }
  return kCiphers[0];
}

bool is_xenc(const xmlNode* n, std::string_view local) { return is_element(n, ns::kXenc, local); }
bool is_ds(const xmlNode* n, std::string_view local) { return is_element(n, ns::kDs, local); }

// CipherData must hold the bytes inline: a CipherReference would make us
// fetch or transform something (EA-5, EA-6).
Status check_cipher_data(const xmlNode* parent) {
  xmlNode* cd = child(parent, ns::kXenc, "CipherData");
  if (cd == nullptr || count_children(parent, ns::kXenc, "CipherData") != 1) {
    return fail(Reason::enc_structure, "exactly one CipherData required");
  }
  xmlNode* cv = first_element(cd);
  if (!is_xenc(cv, "CipherValue") || next_element(cv) != nullptr || first_element(cv) != nullptr) {
    return fail(Reason::enc_structure, "CipherData must hold one CipherValue (no CipherReference)");
  }
  return {};
}

struct KeyRef {
  xmlNode* encrypted_key = nullptr;
  KeyTransport transport{};
};

// Validates an EncryptedKey's shape and reads its transport algorithm.
Result<KeyRef> read_encrypted_key(xmlNode* ek) {
  xmlNode* method = child(ek, ns::kXenc, "EncryptionMethod");
  if (method == nullptr) return fail(Reason::enc_structure, "EncryptedKey without EncryptionMethod");
  const auto transport = key_transport_from_uri(attr(method, "Algorithm"));
  if (!transport) return fail(Reason::enc_algorithm, "key transport " + attr(method, "Algorithm"));
  for (xmlNode* c : elements(ek)) {
    if (is_xenc(c, "EncryptionMethod") || is_xenc(c, "CipherData") || is_xenc(c, "ReferenceList") ||
        is_xenc(c, "CarriedKeyName")) {
      continue;
    }
    if (is_ds(c, "KeyInfo")) {
      // Describes the SP key; never used to pick a key, never dereferenced.
      for (xmlNode* k : elements(c)) {
        if (is_ds(k, "RetrievalMethod")) return fail(Reason::enc_structure, "RetrievalMethod in EncryptedKey");
      }
      continue;
    }
    return fail(Reason::enc_structure, "unexpected " + std::string(local_name(c)) + " in EncryptedKey");
  }
  if (auto st = check_cipher_data(ek); !st) return st.failure();
  return KeyRef{ek, *transport};
}

// Finds the EncryptedKey for `data`: inside its KeyInfo, or (Okta, B.12) a
// sibling inside the same EncryptedAssertion named by a same-document
// RetrievalMethod. Every other RetrievalMethod is refused.
Result<KeyRef> find_key(xmlNode* encrypted_assertion, xmlNode* data) {
  xmlNode* key_info = child(data, ns::kDs, "KeyInfo");
  std::vector<xmlNode*> siblings;
  for (xmlNode* c : elements(encrypted_assertion)) {
    if (is_xenc(c, "EncryptedKey")) siblings.push_back(c);
  }
  if (key_info != nullptr) {
    for (xmlNode* k : elements(key_info)) {
      if (is_xenc(k, "EncryptedKey")) return read_encrypted_key(k);
      if (is_ds(k, "RetrievalMethod")) {
        const std::string uri_value = attr(k, "URI");
        if (attr(k, "Type") != kTypeEncryptedKey || uri_value.size() < 2 || uri_value[0] != '#' ||
            first_element(k) != nullptr) {
          return fail(Reason::enc_structure, "RetrievalMethod must be '#id' of a sibling EncryptedKey");
        }
        for (xmlNode* s : siblings) {
          if (attr(s, "Id") == std::string_view(uri_value).substr(1)) return read_encrypted_key(s);
        }
        return fail(Reason::enc_structure, "RetrievalMethod target " + uri_value + " is not a sibling EncryptedKey");
      }
      if (!is_ds(k, "KeyName")) {
        return fail(Reason::enc_structure, "unexpected " + std::string(local_name(k)) + " in EncryptedData KeyInfo");
      }
    }
  }
  if (siblings.size() == 1) return read_encrypted_key(siblings.front());
  return fail(Reason::enc_structure, "no usable EncryptedKey");
}

Result<std::string> unwrap_session_key(const KeyRef& ref, const PrivateKey& key) {
  XmlSecEncCtxPtr ctx(xmlSecEncCtxCreate(nullptr));
  if (!ctx) return fail(Reason::enc_decrypt_failed, "cannot create context");
  ctx->mode = xmlEncCtxModeEncryptedKey;
  ctx->transformCtx.enabledUris = xmlSecTransformUriTypeNone;
  xmlSecPtrListAdd(&ctx->transformCtx.enabledTransforms, const_cast<void*>(static_cast<const void*>(xmlSecTransformRsaOaepId)));
  xmlSecPtrListAdd(&ctx->transformCtx.enabledTransforms, const_cast<void*>(static_cast<const void*>(xmlSecTransformRsaPkcs1Id)));
  xmlSecPtrListAdd(&ctx->transformCtx.enabledTransforms, const_cast<void*>(static_cast<const void*>(xmlSecTransformBase64Id)));
  clear_xmlsec_errors();
  ctx->encKey = key.xmlsec_key();  // borrowed: taken back before the context dies
  xmlSecBufferPtr out = xmlSecEncCtxDecryptToBuffer(ctx.get(), ref.encrypted_key);
  std::string session;
  if (out != nullptr) {
    session.assign(reinterpret_cast<const char*>(xmlSecBufferGetData(out)), xmlSecBufferGetSize(out));
  }
  ctx->encKey = nullptr;
  if (out == nullptr) return fail(Reason::enc_decrypt_failed, "session key: " + take_xmlsec_errors());
  return session;
}

}  // namespace

std::string_view uri(DataCipher c) { return row_of(c).uri; }

std::string_view uri(KeyTransport k) {
  for (const auto& r : kTransports) {
    if (r.transport == k) return r.uri;
  }
  return {};
}

std::optional<DataCipher> data_cipher_from_uri(std::string_view u) {
  for (const auto& r : kCiphers) {
    if (r.uri == u) return r.cipher;
  }
  return std::nullopt;
}

std::optional<KeyTransport> key_transport_from_uri(std::string_view u) {
  for (const auto& r : kTransports) {
    if (r.uri == u) return r.transport;
  }
  return std::nullopt;
}

Result<Decrypted> decrypt_assertion(xmlNode* encrypted_assertion, const PrivateKey& key, const DecryptPolicy& policy) {
  // --- shape: decided before any cryptography --------------------------------
  xmlNode* data = nullptr;
  for (xmlNode* c : elements(encrypted_assertion)) {
    if (is_xenc(c, "EncryptedData")) {
      if (data != nullptr) return fail(Reason::enc_structure, "more than one EncryptedData");
      data = c;
    } else if (!is_xenc(c, "EncryptedKey")) {
      return fail(Reason::enc_structure, "unexpected " + std::string(local_name(c)) + " in EncryptedAssertion");
    }
  }
  if (data == nullptr) return fail(Reason::enc_structure, "no EncryptedData");
  if (attr(data, "Type") != kTypeElement) return fail(Reason::enc_structure, "EncryptedData Type must be #Element");
  xmlNode* method = child(data, ns::kXenc, "EncryptionMethod");
  if (method == nullptr || first_element(method) != nullptr) {
    return fail(Reason::enc_structure, "EncryptedData needs a plain EncryptionMethod");
  }
  for (xmlNode* c : elements(data)) {
    if (!(is_xenc(c, "EncryptionMethod") || is_ds(c, "KeyInfo") || is_xenc(c, "CipherData"))) {
      return fail(Reason::enc_structure, "unexpected " + std::string(local_name(c)) + " in EncryptedData");
    }
  }
  if (auto st = check_cipher_data(data); !st) return st.failure();
  auto key_ref = find_key(encrypted_assertion, data);
  if (!key_ref) return std::move(key_ref).failure();

  // --- policy: decided from declared algorithms, never from the ciphertext ----
  Decrypted out;
  const auto cipher = data_cipher_from_uri(attr(method, "Algorithm"));
  if (!cipher) return fail(Reason::enc_algorithm, "data cipher " + attr(method, "Algorithm"));
  out.cipher = *cipher;
  out.transport = key_ref->transport;
  if (policy.require_gcm && !row_of(*cipher).gcm) return fail(Reason::enc_algorithm, "CBC refused: GCM required");
  if (*cipher == DataCipher::tripledes_cbc) {
    // Deprecated like SHA-1 and RSA 1.5: only on an explicit choice (NIST SP 800-131A r2).
    if (!policy.allow_3des) return fail(Reason::enc_algorithm, "3DES-CBC data encryption refused (policy)");
    out.weak.push_back(Weakness::tripledes_cbc);
  }
  if (key_ref->transport == KeyTransport::rsa_1_5) {
    if (!policy.allow_rsa_1_5) return fail(Reason::enc_algorithm, "RSA PKCS#1 v1.5 key transport refused");
    out.weak.push_back(Weakness::rsa_1_5_key_transport);
  }
  if (key_ref->transport == KeyTransport::rsa_oaep) {
    return fail(Reason::enc_algorithm, "xmlenc11 rsa-oaep is not supported by this xmlsec build");
  }

  // --- cryptography: every failure from here on is one uniform reason -------
  auto session = unwrap_session_key(*key_ref, key);
  if (!session) return std::move(session).failure();
  if (session->size() != row_of(*cipher).key_bytes) {
    return fail(Reason::enc_decrypt_failed, "session key has the wrong length");
  }
  const xmlSecKeyDataId key_data = *cipher == DataCipher::tripledes_cbc ? xmlSecKeyDataDesId : xmlSecKeyDataAesId;
  xmlSecKeyPtr data_key = xmlSecKeyReadMemory(key_data, reinterpret_cast<const xmlSecByte*>(session->data()),
                                              static_cast<xmlSecSize>(session->size()));
  if (data_key == nullptr) return fail(Reason::enc_decrypt_failed, "cannot load the session key");
  XmlSecEncCtxPtr ctx(xmlSecEncCtxCreate(nullptr));
  if (!ctx) {
    xmlSecKeyDestroy(data_key);
    return fail(Reason::enc_decrypt_failed, "cannot create context");
  }
  ctx->encKey = data_key;  // owned by the context from here
  ctx->transformCtx.enabledUris = xmlSecTransformUriTypeNone;
  xmlSecPtrListAdd(&ctx->transformCtx.enabledTransforms, const_cast<void*>(static_cast<const void*>(cipher_transform(*cipher))));
  xmlSecPtrListAdd(&ctx->transformCtx.enabledTransforms, const_cast<void*>(static_cast<const void*>(xmlSecTransformBase64Id)));
  clear_xmlsec_errors();
  // xmlsec parses the plaintext in the context of EncryptedAssertion with the
  // hardened options installed by LibraryGuard, and replaces EncryptedData
  // with it: the Assertion lands where it will be verified.
  if (xmlSecEncCtxDecrypt(ctx.get(), data) < 0 || ctx->resultReplaced == 0) {
    return fail(Reason::enc_decrypt_failed, "data: " + take_xmlsec_errors());
  }
  xmlNode* assertion = nullptr;
  std::size_t others = 0;
  for (xmlNode* c : elements(encrypted_assertion)) {
    if (is_xenc(c, "EncryptedKey")) continue;
    if (is_element(c, ns::kSaml, "Assertion") && assertion == nullptr) {
      assertion = c;
    } else {
      ++others;
    }
  }
  for (xmlNode* c = encrypted_assertion->children; c != nullptr; c = c->next) {
    if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE || c->type == XML_ENTITY_REF_NODE) ++others;
  }
  if (assertion == nullptr || others != 0) {
    return fail(Reason::enc_decrypt_failed, "the plaintext is not exactly one saml:Assertion");
  }
  out.assertion = assertion;
  return out;
}

xmlSecTransformId cipher_transform(DataCipher c) {
  switch (c) {
    case DataCipher::aes128_cbc: return xmlSecTransformAes128CbcId;
    case DataCipher::aes192_cbc: return xmlSecTransformAes192CbcId;
    case DataCipher::aes256_cbc: return xmlSecTransformAes256CbcId;
    case DataCipher::aes128_gcm: return xmlSecTransformAes128GcmId;
    case DataCipher::aes192_gcm: return xmlSecTransformAes192GcmId;
    case DataCipher::aes256_gcm: return xmlSecTransformAes256GcmId;
    case DataCipher::tripledes_cbc: return xmlSecTransformDes3CbcId;
  }
  return xmlSecTransformIdUnknown;
}

}  // namespace samlh::core
