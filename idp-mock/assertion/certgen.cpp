#include "idp-mock/assertion/certgen.hpp"

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "core/handles.hpp"

namespace samlh::idp {
namespace {

std::string bio_string(BIO* b) {
  char* data = nullptr;
  long n = BIO_get_mem_data(b, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

core::Error<core::ToolError> ossl_fail(const char* what) { return core::fail(core::ToolError::keygen_failed, what); }

}  // namespace

core::ToolResult<core::PrivateKey> generate_okta_certificate(const std::string& org, core::Instant created,
                                                         int validity_years) {
  if (validity_years < 2 || validity_years > 10) validity_years = 10;  // B.4 [O8]: 2-10 years
  core::EvpPkeyPtr pkey{EVP_RSA_gen(2048)};
  if (!pkey) return ossl_fail("RSA key generation failed");
  core::X509Ptr x{X509_new()};
  if (!x) return ossl_fail("X509_new failed");
  X509_set_version(x.get(), 2);
  // B.4 [O]: the serial is the creation time in epoch milliseconds.
  long long ms = created.time_since_epoch().count();
  BIGNUM* bn = BN_new();
  BN_set_word(bn, static_cast<BN_ULONG>(ms));
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x.get()));
  BN_free(bn);
  long long secs = ms / 1000;
  ASN1_TIME_set(X509_getm_notBefore(x.get()), static_cast<time_t>(secs - 60));
  // Years as 365.25 days keep the day of the year close to Okta's.
  ASN1_TIME_set(X509_getm_notAfter(x.get()), static_cast<time_t>(secs + validity_years * 31'557'600LL));
  X509_NAME* name = X509_get_subject_name(x.get());
  auto add = [&](const char* field, const std::string& v) {
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(v.c_str()), -1, -1,
                               0);
  };
  add("C", "US");
  add("ST", "California");
  add("L", "San Francisco");
  add("O", "Okta");
  add("OU", "SSOProvider");
  add("CN", org);
  add("emailAddress", "info@okta.com");
  X509_set_issuer_name(x.get(), name);
  X509_set_pubkey(x.get(), pkey.get());
  if (X509_sign(x.get(), pkey.get(), EVP_sha256()) <= 0) return ossl_fail("X509_sign failed");

  core::BioPtr kb{BIO_new(BIO_s_mem())};
  core::BioPtr cb{BIO_new(BIO_s_mem())};
  if (!kb || !cb || PEM_write_bio_PrivateKey(kb.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
      PEM_write_bio_X509(cb.get(), x.get()) != 1)
    return ossl_fail("PEM encoding failed");
  auto key = core::PrivateKey::from_pem(bio_string(kb.get()), bio_string(cb.get()));
  if (!key) return core::fail(core::ToolError::keygen_failed, "the new key does not load: " + key.failure().detail);
  return std::move(key).value();
}

}  // namespace samlh::idp
