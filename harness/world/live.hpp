// --live: the real idp-mock and sp executables as processes on loopback,
// each on a free port, with the default configurations rewritten to those
// ports, a virtual clock started at the scenario's start (moved through their
// control APIs), and a private temporary directory for configs, database
// and logs. Stopped (SIGTERM, then SIGKILL) and cleaned up on destruction.
#pragma once

#include <string>
#include <sys/types.h>

#include "core/clock.hpp"

namespace samlh::harness {

struct WorldOptions;

class LiveServers {
 public:
  // Throws std::runtime_error when a server does not come up.
  LiveServers(const WorldOptions& o, const std::string& idp_config_path, const std::string& idp_config_text,
              const std::string& sp_config_text, std::uint64_t seed, core::Instant start);
  ~LiveServers();
  LiveServers(const LiveServers&) = delete;
  LiveServers& operator=(const LiveServers&) = delete;

  std::string idp_base() const;
  std::string sp_base() const;
  // The IdP configuration as the live IdP runs it (ports rewritten); the
  // harness's embedded minter loads the same file.
  std::string idp_config_path() const;

 private:
  std::string dir_;
  unsigned short idp_port_ = 0;
  unsigned short sp_port_ = 0;
  pid_t idp_pid_ = -1;
  pid_t sp_pid_ = -1;
};

// Rewrites the default ports (7000, 8081) in a configuration text.
std::string with_ports(std::string text, unsigned short idp_port, unsigned short sp_port);

}  // namespace samlh::harness
