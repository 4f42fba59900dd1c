#include "sp/model/secrets.hpp"

#include <array>
#include <charconv>
#include <stdexcept>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace samlh::sp {
namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kKeyBytes = 32;

std::string to_hex(const unsigned char* p, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[p[i] >> 4];
    out[2 * i + 1] = kHex[p[i] & 0xf];
  }
  return out;
}

bool from_hex(std::string_view s, std::vector<unsigned char>& out) {
  if (s.size() % 2 != 0) return false;
  out.resize(s.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    unsigned v = 0;
    const auto r = std::from_chars(s.data() + 2 * i, s.data() + 2 * i + 2, v, 16);
    if (r.ec != std::errc{} || r.ptr != s.data() + 2 * i + 2) return false;
    out[i] = static_cast<unsigned char>(v);
  }
  return true;
}

std::vector<unsigned char> derive(std::string_view password, const std::vector<unsigned char>& salt, int iterations) {
  std::vector<unsigned char> key(kKeyBytes);
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(), static_cast<int>(salt.size()),
                        iterations, EVP_sha256(), static_cast<int>(key.size()), key.data()) != 1) {
    throw std::runtime_error("PKCS5_PBKDF2_HMAC failed");  // a bug or OpenSSL out of memory
  }
  return key;
}

}  // namespace

std::string hash_password(std::string_view password, int iterations) {
  std::vector<unsigned char> salt(kSaltBytes);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) throw std::runtime_error("RAND_bytes failed");
  const auto key = derive(password, salt, iterations);
  return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + to_hex(salt.data(), salt.size()) + "$" +
         to_hex(key.data(), key.size());
}

bool verify_password(std::string_view password, std::string_view stored) {
  std::array<std::string_view, 4> parts;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::size_t d = stored.find('$');
    if ((d == std::string_view::npos) != (i == parts.size() - 1)) return false;
    parts[i] = stored.substr(0, d);
    stored = d == std::string_view::npos ? std::string_view{} : stored.substr(d + 1);
  }
  if (parts[0] != kScheme) return false;
  int iterations = 0;
  const auto r = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations);
  if (r.ec != std::errc{} || iterations < 1) return false;
  std::vector<unsigned char> salt, expected;
  if (!from_hex(parts[2], salt) || !from_hex(parts[3], expected) || expected.size() != kKeyBytes) return false;
  const auto key = derive(password, salt, iterations);
  // Why: a timing difference must not reveal how much of the hash matched.
  return CRYPTO_memcmp(key.data(), expected.data(), kKeyBytes) == 0;
}

bool password_meets_policy(std::string_view p) {
  if (p.size() < 8 || p.size() > 64) return false;
  bool lower = false, upper = false;
  for (char c : p) {
    lower = lower || (c >= 'a' && c <= 'z');
    upper = upper || (c >= 'A' && c <= 'Z');
  }
  return lower && upper;
}

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), md.data(), &n, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("EVP_Digest failed");
  }
  return to_hex(md.data(), n);
}

std::string RandomTokenSource::token(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) throw std::runtime_error("RAND_bytes failed");
  return to_hex(buf.data(), buf.size());
}

std::string SeededTokenSource::token(std::size_t bytes) {
  std::lock_guard lock(mu_);
  std::vector<unsigned char> buf(bytes);
  for (std::size_t i = 0; i < bytes; i += 8) {
    // splitmix64 (Steele, Lea, Flood 2014): a good, tiny, seedable generator.
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    for (std::size_t j = 0; j < 8 && i + j < bytes; ++j) buf[i + j] = static_cast<unsigned char>(z >> (8 * j));
  }
  return to_hex(buf.data(), buf.size());
}

bool token_matches(std::string_view token, std::string_view stored_sha256_hex) {
  const std::string presented = sha256_hex(token);
  if (stored_sha256_hex.size() != presented.size()) return false;
  return CRYPTO_memcmp(presented.data(), stored_sha256_hex.data(), presented.size()) == 0;
}

}  // namespace samlh::sp
