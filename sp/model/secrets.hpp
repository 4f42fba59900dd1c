// Passwords, token hashing and token generation.
//
// Passwords: PBKDF2-HMAC-SHA256 with a 16-byte salt from OpenSSL's RAND,
// stored as "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>" so the cost can
// rise without invalidating old hashes. Tokens (sessions, invitations) come
// from a TokenSource: random in servers, seeded in the harness so a run is
// repeatable (DESIGN.md "Scenarios").
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace samlh::sp {

// OWASP's 2023 figure for PBKDF2-HMAC-SHA256; tests pass a smaller count.
inline constexpr int kDefaultPbkdf2Iterations = 600'000;

std::string hash_password(std::string_view password, int iterations = kDefaultPbkdf2Iterations);
// Constant-time comparison of the derived key; false on a malformed hash.
bool verify_password(std::string_view password, std::string_view stored_hash);
// Hotjar's password policy: "one lowercase character, one uppercase
// character, and 8 to 64 characters" [H8] A.6.
bool password_meets_policy(std::string_view password);

// Lower-case hex SHA-256, used to store bearer and session tokens so a copy
// of the database does not hand out live credentials.
std::string sha256_hex(std::string_view data);
// Whether SHA-256(`token`) is `stored_sha256_hex`, compared in constant time
// (the digests, not the token, so the token's length does not show either).
bool token_matches(std::string_view token, std::string_view stored_sha256_hex);

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  // `bytes` of entropy as lower-case hex (2 * bytes characters).
  virtual std::string token(std::size_t bytes) = 0;
};

// OpenSSL RAND_bytes: for servers.
class RandomTokenSource final : public TokenSource {
 public:
  std::string token(std::size_t bytes) override;
};

// splitmix64 from a seed: repeatable tokens for the harness and tests. Never
// for a server reachable by anyone but the test itself.
class SeededTokenSource final : public TokenSource {
 public:
  explicit SeededTokenSource(std::uint64_t seed) : state_(seed) {}
  std::string token(std::size_t bytes) override;

 private:
  std::mutex mu_;
  std::uint64_t state_;
};

}  // namespace samlh::sp
