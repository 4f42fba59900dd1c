// The deliberately vulnerable demo SP as a child process of `harness demo`:
// /usr/bin/python3 harness/demo/vulnerable_sp/vulnerable_sp.py on a loopback
// address, stopped (SIGTERM, then SIGKILL) when this object goes.
#pragma once

#include <sys/types.h>

#include <string>

namespace samlh::harness::demo {

// True for the addresses `harness demo` may listen on: 127.0.0.0/8, ::1, localhost.
bool loopback_host(const std::string& host);

class VulnerableSp {
 public:
  // Starts it on host:port, trusting the IdP metadata at `idp_metadata_url`;
  // waits until it answers. Throws std::runtime_error when it does not.
  VulnerableSp(const std::string& python, const std::string& script, const std::string& host, unsigned short port,
               const std::string& idp_metadata_url);
  ~VulnerableSp();
  VulnerableSp(const VulnerableSp&) = delete;
  VulnerableSp& operator=(const VulnerableSp&) = delete;
  const std::string& base_url() const { return base_; }

 private:
  void stop();  // SIGTERM, then SIGKILL after a second
  pid_t pid_ = -1;
  std::string base_;
};

}  // namespace samlh::harness::demo
