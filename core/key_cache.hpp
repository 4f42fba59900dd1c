// Certificates and private keys parsed once per PEM text and shared: both
// are immutable handles, and OpenSSL 3's PEM decoders are slow (the ACS reads
// its organization's certificates on every POST; the harness builds a fresh
// SP per scenario from the same files). Owned by whoever parses
// configuration PEM again and again (the SP's state, the harness), never a
// global. Bounded: past `capacity` texts of one kind it starts over.
// Thread-safe. Only for configuration PEM, never message content.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/keys.hpp"
#include "core/result.hpp"

namespace samlh::core {

class KeyCache {
 public:
  explicit KeyCache(std::size_t capacity = 64) : capacity_(capacity) {}
  KeyCache(const KeyCache&) = delete;
  KeyCache& operator=(const KeyCache&) = delete;

  // The first certificate of each PEM text, in order (Certificate::from_pem).
  Result<std::vector<Certificate>> certificates(std::span<const std::string> pems);
  // Every certificate of one PEM text (Certificate::all_from_pem).
  Result<std::vector<Certificate>> all_certificates(std::string_view pem);
  // PrivateKey::from_pem.
  Result<PrivateKey> key(std::string_view key_pem, std::string_view cert_pem = {});
  // Texts held (certificate texts plus key texts).
  std::size_t size() const;

 private:
  std::size_t capacity_;
  mutable std::mutex mu_;
  std::map<std::string, std::vector<Certificate>, std::less<>> certs_;
  std::map<std::string, PrivateKey, std::less<>> keys_;
};

}  // namespace samlh::core
