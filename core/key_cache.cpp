#include "core/key_cache.hpp"

namespace samlh::core {

Result<std::vector<Certificate>> KeyCache::all_certificates(std::string_view pem) {
  {
    std::lock_guard lock(mu_);
    if (auto it = certs_.find(pem); it != certs_.end()) return it->second;
  }
  // Parsed outside the lock: two threads may parse one text at once, and the
  // second insert keeps the first's equal value.
  auto parsed = Certificate::all_from_pem(pem);
  if (!parsed) return parsed;
  std::lock_guard lock(mu_);
  if (certs_.size() >= capacity_) certs_.clear();
  certs_.emplace(std::string(pem), *parsed);
  return parsed;
}

Result<std::vector<Certificate>> KeyCache::certificates(std::span<const std::string> pems) {
  std::vector<Certificate> out;
  out.reserve(pems.size());
  for (const std::string& pem : pems) {
    auto all = all_certificates(pem);
    if (!all) return std::move(all).failure();
    out.push_back(all->front());
  }
  return out;
}

Result<PrivateKey> KeyCache::key(std::string_view key_pem, std::string_view cert_pem) {
  std::string k(key_pem);
  k.append("\n--cert--\n").append(cert_pem);
  {
    std::lock_guard lock(mu_);
    if (auto it = keys_.find(k); it != keys_.end()) return it->second;
  }
  auto parsed = PrivateKey::from_pem(key_pem, cert_pem);
  if (!parsed) return parsed;
  std::lock_guard lock(mu_);
  if (keys_.size() >= capacity_) keys_.clear();
  keys_.emplace(std::move(k), *parsed);
  return parsed;
}

std::size_t KeyCache::size() const {
  std::lock_guard lock(mu_);
  return certs_.size() + keys_.size();
}

}  // namespace samlh::core
