#include "core/keys.hpp"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <mutex>
#include <sstream>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/keys.h>
#include <xmlsec/openssl/evp.h>

#include "core/bindings.hpp"
#include "core/handles.hpp"

namespace samlh::core {
namespace {

std::string openssl_error() {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

Instant asn1_to_instant(const ASN1_TIME* t) {
  struct tm tm {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return Instant{};
  return Instant{std::chrono::seconds{timegm(&tm)}};
}

KeyType key_type_of(EVP_PKEY* k) {
  switch (EVP_PKEY_get_base_id(k)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
      return KeyType::rsa;
    case EVP_PKEY_EC:
      return KeyType::ec;
    default:
      return KeyType::other;
  }
}

std::string bio_to_string(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string{};
}

}  // namespace

// See handles.hpp.
XmlSecKeyPtr xmlsec_key_of(EVP_PKEY* pkey) {
  if (EVP_PKEY_up_ref(pkey) != 1) return nullptr;
  xmlSecKeyDataPtr data = xmlSecOpenSSLEvpKeyAdopt(pkey);
  if (data == nullptr) {
    EVP_PKEY_free(pkey);
    return nullptr;
  }
  XmlSecKeyPtr key(xmlSecKeyCreate());
  if (!key || xmlSecKeySetValue(key.get(), data) < 0) {
    xmlSecKeyDataDestroy(data);
    return nullptr;
  }
  return key;
}

// ---- Certificate -------------------------------------------------------------------

struct Certificate::State {
  X509Ptr x509;
  EvpPkeyPtr pub;
  XmlSecKeyPtr key;
  mutable std::once_flag base64_76_once;
  mutable std::string base64_76;
};

Result<Certificate> Certificate::adopt(X509* raw) {
  X509Ptr x(raw);
  EvpPkeyPtr pub(X509_get_pubkey(x.get()));  // a new reference
  if (!pub) return fail(Reason::cert_unreadable, "certificate has no usable public key: " + openssl_error());
  XmlSecKeyPtr key = xmlsec_key_of(pub.get());
  if (!key) return fail(Reason::cert_unreadable, "xmlsec cannot use the certificate's key");
  auto st = std::make_shared<State>();
  st->x509 = std::move(x);
  st->pub = std::move(pub);
  st->key = std::move(key);
  return Certificate{std::move(st)};
}

Result<Certificate> Certificate::from_pem(std::string_view pem) {
  auto all = all_from_pem(pem);
  if (!all) return std::move(all).failure();
  return all->front();
}

Result<std::vector<Certificate>> Certificate::all_from_pem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return fail(Reason::cert_unreadable, "cannot allocate BIO");
  std::vector<Certificate> out;
  while (X509* x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    auto c = adopt(x);
    if (!c) return std::move(c).failure();
    out.push_back(std::move(c).value());
  }
  ERR_clear_error();  // the loop ends on "no start line"
  if (out.empty()) return fail(Reason::cert_unreadable, "no PEM certificate found");
  return out;
}

Result<Certificate> Certificate::from_der(std::string_view der) {
  const auto* begin = reinterpret_cast<const unsigned char*>(der.data());
  const unsigned char* p = begin;
  X509* x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (x == nullptr) return fail(Reason::cert_unreadable, "not a DER certificate: " + openssl_error());
  if (p != begin + der.size()) {
    X509_free(x);
    return fail(Reason::cert_unreadable, "trailing bytes after the DER certificate");
  }
  return adopt(x);
}

Result<Certificate> Certificate::from_base64(std::string_view b64) {
  auto der = base64_decode(b64, 64 * 1024);
  if (!der) return fail(Reason::cert_unreadable, "X509Certificate is not base64: " + der.failure().detail);
  return from_der(*der);
}

X509* Certificate::x509() const { return s_->x509.get(); }
EVP_PKEY* Certificate::public_key() const { return s_->pub.get(); }
xmlSecKey* Certificate::xmlsec_key() const { return s_->key.get(); }

std::string Certificate::der() const {
  unsigned char* buf = nullptr;
  const int n = i2d_X509(s_->x509.get(), &buf);
  if (n <= 0) return {};
  std::string out(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
  OPENSSL_free(buf);
  return out;
}

std::string Certificate::base64(std::size_t wrap) const { return base64_encode(der(), wrap); }

const std::string& Certificate::base64_76() const {
  std::call_once(s_->base64_76_once, [this] { s_->base64_76 = base64(76); });
  return s_->base64_76;
}

std::string Certificate::pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), s_->x509.get()) != 1) return {};
  return bio_to_string(bio.get());
}

std::string Certificate::subject() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) return {};
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(s_->x509.get()), 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
  return bio_to_string(bio.get());
}

Instant Certificate::not_before() const { return asn1_to_instant(X509_get0_notBefore(s_->x509.get())); }
Instant Certificate::not_after() const { return asn1_to_instant(X509_get0_notAfter(s_->x509.get())); }
KeyType Certificate::key_type() const { return key_type_of(s_->pub.get()); }
int Certificate::key_bits() const { return EVP_PKEY_get_bits(s_->pub.get()); }

std::string Certificate::sha256_fingerprint() const {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (X509_digest(s_->x509.get(), EVP_sha256(), md, &n) != 1) return {};
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    if (i != 0) out.push_back(':');
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0xF]);
  }
  return out;
}

bool Certificate::same_public_key(EVP_PKEY* other) const {
  return other != nullptr && EVP_PKEY_eq(s_->pub.get(), other) == 1;
}

// ---- PrivateKey --------------------------------------------------------------------

struct PrivateKey::State {
  EvpPkeyPtr pkey;
  XmlSecKeyPtr key;
  std::optional<Certificate> cert;
};

Result<PrivateKey> PrivateKey::from_pem(std::string_view key_pem, std::string_view cert_pem) {
  BioPtr bio(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
  if (!bio) return fail(Reason::cert_unreadable, "cannot allocate BIO");
  EvpPkeyPtr pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!pkey) return fail(Reason::cert_unreadable, "not a PEM private key: " + openssl_error());
  auto st = std::make_shared<State>();
  if (!cert_pem.empty()) {
    auto cert = Certificate::from_pem(cert_pem);
    if (!cert) return std::move(cert).failure();
    if (!cert->same_public_key(pkey.get())) {
      return fail(Reason::cert_unreadable, "the certificate does not belong to the private key");
    }
    st->cert = std::move(cert).value();
  }
  st->key = xmlsec_key_of(pkey.get());
  if (!st->key) return fail(Reason::cert_unreadable, "xmlsec cannot use the private key");
  st->pkey = std::move(pkey);
  return PrivateKey{std::move(st)};
}

EVP_PKEY* PrivateKey::pkey() const { return s_->pkey.get(); }
xmlSecKey* PrivateKey::xmlsec_key() const { return s_->key.get(); }
bool PrivateKey::has_certificate() const { return s_->cert.has_value(); }
const Certificate& PrivateKey::certificate() const { return *s_->cert; }
KeyType PrivateKey::key_type() const { return key_type_of(s_->pkey.get()); }

ToolResult<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ToolError::file_unreadable, path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return fail(ToolError::file_unreadable, path + ": read error");
  return ss.str();
}

}  // namespace samlh::core
