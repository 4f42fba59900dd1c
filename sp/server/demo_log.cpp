#include "sp/server/demo_log.hpp"

#include <algorithm>

namespace samlh::sp {

DemoLog::DemoLog(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {}

void DemoLog::request_sent(const std::string& browser_sha256, DemoRequest r) {
  std::lock_guard lock(mu_);
  requests_.emplace_back(browser_sha256, std::move(r));
  while (requests_.size() > capacity_) requests_.pop_front();
}

std::optional<DemoRequest> DemoLog::take_request(const std::string& browser_sha256) {
  std::lock_guard lock(mu_);
  for (auto it = requests_.begin(); it != requests_.end(); ++it) {
    if (it->first == browser_sha256) {
      DemoRequest r = std::move(it->second);
      requests_.erase(it);
      return r;
    }
  }
  return std::nullopt;
}

std::uint64_t DemoLog::add(DemoLogin l) {
  std::lock_guard lock(mu_);
  l.id = next_id_++;
  const std::uint64_t id = l.id;
  logins_.push_back(std::make_shared<const DemoLogin>(std::move(l)));
  while (logins_.size() > capacity_) logins_.pop_front();
  return id;
}

std::shared_ptr<const DemoLogin> DemoLog::find(std::uint64_t id) const {
  std::lock_guard lock(mu_);
  for (const auto& l : logins_) {
    if (l->id == id) return l;
  }
  return nullptr;
}

std::vector<std::shared_ptr<const DemoLogin>> DemoLog::recent() const {
  std::lock_guard lock(mu_);
  return {logins_.rbegin(), logins_.rend()};
}

std::optional<std::uint64_t> DemoLog::login_of_session(const std::string& session_sha256) const {
  std::lock_guard lock(mu_);
  for (auto it = logins_.rbegin(); it != logins_.rend(); ++it) {
    if (!(*it)->session_sha256.empty() && (*it)->session_sha256 == session_sha256) return (*it)->id;
  }
  return std::nullopt;
}

}  // namespace samlh::sp
