// XML Encryption of a SAML Assertion (idp-mock) and its strict decryption (sp).
//
// Decryption is in place: the EncryptedData element is replaced by the
// plaintext Assertion where it stands, so the Assertion's own signature is
// then verified exactly as signed (never moved or re-prefixed). Every
// failure after the algorithms were accepted is one uniform reason,
// enc_decrypt_failed, whatever went wrong (padding, key, plaintext parse):
// distinguishable errors are an oracle (Jager and Somorovsky, CCS 2011).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/tree.h>

#include "core/keys.hpp"
#include "core/result.hpp"

namespace samlh::core {

class Rng;

enum class DataCipher { aes128_cbc, aes192_cbc, aes256_cbc, aes128_gcm, aes192_gcm, aes256_gcm, tripledes_cbc };
enum class KeyTransport { rsa_oaep_mgf1p, rsa_oaep, rsa_1_5 };

std::string_view uri(DataCipher c);
std::string_view uri(KeyTransport k);
std::optional<DataCipher> data_cipher_from_uri(std::string_view u);
std::optional<KeyTransport> key_transport_from_uri(std::string_view u);

struct EncryptOptions {
  DataCipher cipher = DataCipher::aes256_cbc;
  KeyTransport transport = KeyTransport::rsa_oaep_mgf1p;
  // Okta's layout (okta-hotjar.md B.12): the EncryptedKey is a sibling of
  // EncryptedData inside EncryptedAssertion, referenced by a same-document
  // ds:RetrievalMethod. false: EncryptedKey inside EncryptedData/KeyInfo.
  bool key_beside_data = true;
  // Attack generation only: encrypt these bytes as the Element plaintext
  // instead of the serialized Assertion (e.g. a plaintext with a DOCTYPE).
  std::optional<std::string> plaintext_override;
};

// Replaces `assertion` by <saml2:EncryptedAssertion> holding its encryption
// to `recipient`'s public key. The session key and IVs are random (never
// derived from the seed); element IDs ('_' + 32 hex) come from `ids`.
// Returns the EncryptedAssertion node. Fails with ToolError::key_mismatch
// when the recipient's key is not RSA, encrypt_failed when the transport is
// not supported or xmlsec fails.
ToolResult<xmlNode*> encrypt_assertion(xmlNode* assertion, const Certificate& recipient, const EncryptOptions& options,
                                   Rng& ids);

struct DecryptPolicy {
  bool allow_rsa_1_5 = false;  // RSA PKCS#1 v1.5 key transport, then weak
  bool allow_3des = false;     // 3DES-CBC data encryption (deprecated), then weak
  bool require_gcm = false;    // refuse CBC ciphers
};

struct Decrypted {
  xmlNode* assertion = nullptr;  // in place, inside the EncryptedAssertion
  DataCipher cipher{};
  KeyTransport transport{};
  std::vector<Weakness> weak;
};

// Reasons: enc_structure (shape, CipherReference, any RetrievalMethod other
// than '#id' of a sibling EncryptedKey, transforms), enc_algorithm (policy),
// enc_decrypt_failed (everything after that, uniformly).
Result<Decrypted> decrypt_assertion(xmlNode* encrypted_assertion, const PrivateKey& key, const DecryptPolicy& policy);

}  // namespace samlh::core
