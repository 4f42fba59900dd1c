// signature_profile, response_signature, decrypt, assertion_signature,
// signature_policy, certificate.
#include <algorithm>
#include <string>

#include "core/dsig.hpp"
#include "core/enc.hpp"
#include "core/xml.hpp"
#include "sp/validator/structure_scan.hpp"
#include "sp/validator/validator_context.hpp"

namespace samlh::sp::detail {
namespace {

using core::Reason;
namespace ns = core::ns;

core::SignaturePolicy sig_policy(const ValidationContext& c) { return core::SignaturePolicy{c.settings.allow_sha1}; }

void add_weak(ValidationContext& c, const std::vector<core::Weakness>& w) {
  for (core::Weakness x : w) {
    if (std::find(c.weak.begin(), c.weak.end(), x) == c.weak.end()) c.weak.push_back(x);
  }
}

std::string describe(const core::SignatureFacts& f) {
  std::string s = f.signature_method.substr(f.signature_method.find('#') + 1) + " / " +
                  f.digest_method.substr(f.digest_method.find('#') + 1) + ", Reference " + f.reference_uri;
  return s;
}

bool is_gcm(core::DataCipher d) {
  return d == core::DataCipher::aes128_gcm || d == core::DataCipher::aes192_gcm || d == core::DataCipher::aes256_gcm;
}

// Why: when the ciphertext is not authenticated (CBC, and no verified
// Response signature over it), anything that depends on the plaintext must
// fail the same way, or the SP becomes a decryption oracle (Jager and
// Somorovsky, CCS 2011; attacks.md EA-2). The trace keeps the real cause.
Outcome plaintext_failure(bool authenticated, const core::Failure& f) {
  if (authenticated) return Outcome::from(f);
  return Outcome::fail(Reason::enc_decrypt_failed, "uniform refusal (unauthenticated ciphertext): " +
                                                       std::string(core::spelling(f.reason)) + ": " + f.detail);
}

}  // namespace

Outcome check_signature_profile(ValidationContext& c) {
  std::string detail;
  if (c.response_signature != nullptr) {
    auto f = core::check_signature_profile(c.response_signature, c.response, sig_policy(c));
    if (!f) return Outcome::from(f.failure());
    detail = "Response: " + describe(*f);
  }
  if (c.assertion_signature != nullptr) {
    auto f = core::check_signature_profile(c.assertion_signature, c.assertion, sig_policy(c));
    if (!f) return Outcome::from(f.failure());
    detail += (detail.empty() ? "" : "; ") + std::string("Assertion: ") + describe(*f);
  }
  if (detail.empty()) {
    return Outcome::pass(c.encrypted_assertion != nullptr ? "no signature outside the encrypted assertion"
                                                          : "no signature present");
  }
  return Outcome::pass(detail);
}

Outcome check_response_signature(ValidationContext& c) {
  if (c.response_signature == nullptr) return Outcome::skip("the Response is not signed");
  auto v = core::verify_enveloped(c.response_signature, c.response, c.settings.idp_certificates, sig_policy(c));
  if (!v) return Outcome::from(v.failure());
  c.response_verified = true;
  c.key_index = v->key_index;
  add_weak(c, v->facts.weak);
  return Outcome::pass("verified with pinned key #" + std::to_string(v->key_index) + " (" + describe(v->facts) +
                       ")" + (c.encrypted_assertion != nullptr ? "; covers the EncryptedAssertion" : ""));
}

Outcome check_decrypt(ValidationContext& c) {
  if (c.encrypted_assertion == nullptr) return Outcome::skip("the assertion is not encrypted");
  if (!c.settings.sp_key) return Outcome::fail(Reason::enc_missing_key, "no --sp-key to decrypt with");
  core::DecryptPolicy policy;
  policy.allow_rsa_1_5 = c.settings.allow_rsa_1_5;
  policy.allow_3des = c.settings.allow_3des;
  policy.require_gcm = c.settings.require_gcm;
  auto d = core::decrypt_assertion(c.encrypted_assertion, *c.settings.sp_key, policy);
  if (!d) return Outcome::from(d.failure());
  c.ciphertext_authenticated = c.response_verified || is_gcm(d->cipher);
  add_weak(c, d->weak);
  // The plaintext obeys the same rules as the rest of the message.
  StructureScan scan;
  if (auto st = scan.run(d->assertion, c.response); !st) return plaintext_failure(c.ciphertext_authenticated, st.failure());
  if (auto st = check_assertion_shape(d->assertion); !st) return plaintext_failure(c.ciphertext_authenticated, st.failure());
  // IDs must stay unique across the whole document, plaintext included.
  StructureScan whole;
  if (auto st = whole.run(c.response, c.response); !st) return plaintext_failure(c.ciphertext_authenticated, st.failure());
  if (auto st = core::register_id(c.doc.get(), d->assertion); !st) {
    return plaintext_failure(c.ciphertext_authenticated, st.failure());
  }
  c.assertion = d->assertion;
  c.assertion_signature = core::child(c.assertion, ns::kDs, "Signature");
  return Outcome::pass("decrypted in place (" + std::string(core::uri(d->cipher)) + ", " +
                       std::string(core::uri(d->transport)) + ")");
}

Outcome check_assertion_signature(ValidationContext& c) {
  if (c.assertion_signature == nullptr) return Outcome::skip("the Assertion is not signed");
  auto v = core::verify_enveloped(c.assertion_signature, c.assertion, c.settings.idp_certificates, sig_policy(c));
  if (!v) {
    if (c.encrypted_assertion != nullptr) return plaintext_failure(c.ciphertext_authenticated, v.failure());
    return Outcome::from(v.failure());
  }
  c.assertion_verified = true;
  if (!c.key_index) c.key_index = v->key_index;
  add_weak(c, v->facts.weak);
  return Outcome::pass("verified with pinned key #" + std::to_string(v->key_index) + " (" + describe(v->facts) + ")");
}

Outcome check_signature_policy(ValidationContext& c) {
  const bool a = c.assertion_verified;
  const bool r = c.response_verified;
  const std::string have = std::string(a ? "Assertion signed" : "Assertion unsigned") + ", " +
                           (r ? "Response signed" : "Response unsigned");
  bool ok = false;
  std::string want;
  switch (c.settings.signing) {
    case SigningPolicy::assertion_or_response:
      ok = a || r;
      want = "the Assertion or the Response signed";
      break;
    case SigningPolicy::assertion:
      ok = a;
      want = "the Assertion signed";
      break;
    case SigningPolicy::response:
      ok = r;
      want = "the Response signed";
      break;
    case SigningPolicy::both:
      ok = a && r;
      want = "both signed";
      break;
  }
  if (!ok) return Outcome::fail(Reason::sig_missing, have + "; policy requires " + want);
  return Outcome::pass(have + "; policy: " + want);
}

Outcome check_certificate(ValidationContext& c) {
  if (!c.key_index) return Outcome::skip("no signature verified");
  const core::Certificate& cert = c.settings.idp_certificates.at(*c.key_index);
  const int bits = cert.key_bits();
  if (cert.key_type() == core::KeyType::rsa && bits < c.settings.min_rsa_bits) {
    return Outcome::fail(Reason::cert_key_too_small, "RSA-" + std::to_string(bits) + " < " +
                                                         std::to_string(c.settings.min_rsa_bits));
  }
  if (cert.key_type() == core::KeyType::ec && bits < 256) {
    return Outcome::fail(Reason::cert_key_too_small, "EC-" + std::to_string(bits));
  }
  const bool valid = cert.not_before() <= c.now && c.now < cert.not_after();
  const std::string window =
      core::format_saml_time(cert.not_before(), false) + " .. " + core::format_saml_time(cert.not_after(), false);
  if (!valid) {
    if (c.settings.strict_cert_validity) return Outcome::fail(Reason::cert_expired, "valid " + window);
    add_weak(c, {core::Weakness::expired_idp_certificate});
    return Outcome::pass("pinned key trusted although the certificate is outside " + window + " (weak)");
  }
  return Outcome::pass(std::string(cert.key_type() == core::KeyType::ec ? "EC-" : "RSA-") + std::to_string(bits) +
                       ", valid " + window);
}

}  // namespace samlh::sp::detail
