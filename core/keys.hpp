// Certificates and keys, loaded once and shared (immutable, cheap to copy).
//
// A Certificate is what an SP pins: its public key is the only trust there
// is. The xmlsec key object is built once per certificate, so a verification
// never duplicates keys or touches a CA store (that was the 0.04 ratio trap).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/keys.h>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/tool_error.hpp"

namespace samlh::core {

enum class KeyType { rsa, ec, other };

class Certificate {
 public:
  // A certificate that cannot be read fails with Reason::cert_unreadable.
  static Result<Certificate> from_pem(std::string_view pem);
  static Result<std::vector<Certificate>> all_from_pem(std::string_view pem);
  static Result<Certificate> from_der(std::string_view der);
  // The text of a ds:X509Certificate element (base64 DER, whitespace allowed).
  static Result<Certificate> from_base64(std::string_view b64);

  X509* x509() const;
  EVP_PKEY* public_key() const;
  // Owned by this certificate; hand to xmlsec only as a borrowed pointer.
  xmlSecKey* xmlsec_key() const;

  std::string der() const;
  std::string base64(std::size_t wrap = 0) const;  // wrap = 0: one line
  // base64(76), encoded once per certificate and kept with it: the text of
  // ds:X509Certificate in every signature and metadata that publishes it.
  const std::string& base64_76() const;
  std::string pem() const;
  std::string subject() const;  // "C=US, ST=..., CN=acme"
  Instant not_before() const;
  Instant not_after() const;
  KeyType key_type() const;
  int key_bits() const;
  std::string sha256_fingerprint() const;  // "AB:CD:..."
  bool same_public_key(EVP_PKEY* other) const;

 private:
  struct State;
  explicit Certificate(std::shared_ptr<const State> s) : s_(std::move(s)) {}
  static Result<Certificate> adopt(X509* x);  // takes ownership of x
  std::shared_ptr<const State> s_;
};

// A private key, with the certificate that goes with it when there is one
// (signing keys publish it in KeyInfo and metadata).
class PrivateKey {
 public:
  static Result<PrivateKey> from_pem(std::string_view key_pem, std::string_view cert_pem = {});

  EVP_PKEY* pkey() const;
  xmlSecKey* xmlsec_key() const;  // owned; borrowed by callers
  bool has_certificate() const;
  const Certificate& certificate() const;  // precondition: has_certificate()
  KeyType key_type() const;

 private:
  struct State;
  explicit PrivateKey(std::shared_ptr<const State> s) : s_(std::move(s)) {}
  std::shared_ptr<const State> s_;
};

// Reads a whole file; a missing or unreadable file fails with
// ToolError::file_unreadable and the path and errno text in the detail.
ToolResult<std::string> read_file(const std::string& path);

}  // namespace samlh::core
