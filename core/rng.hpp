// Deterministic randomness for IDs: the same seed gives the same IDs, so a
// run of idp-mock or the harness is byte-for-byte repeatable. Not for keys,
// IVs or anything secret (those come from OpenSSL's RAND).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

namespace samlh::core {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  // Seeded from std::random_device: non-repeatable.
  static Rng unseeded();

  std::uint64_t next();
  std::uint64_t below(std::uint64_t bound);  // uniform in [0, bound)
  std::string digits(std::size_t n);         // decimal digits, first one non-zero
  std::string hex(std::size_t n);            // lower-case hex
  std::string alnum(std::size_t n);          // [A-Za-z0-9]

 private:
  std::mutex mu_;
  std::uint64_t state_;
};

}  // namespace samlh::core
