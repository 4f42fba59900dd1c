#include "harness/world/live.hpp"

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/file_reader.hpp"
#include "harness/world/world.hpp"

namespace samlh::harness {
namespace {

namespace fs = std::filesystem;

unsigned short free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free loopback port");
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

bool accepts(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

pid_t spawn(const std::vector<std::string>& argv, const std::string& log) {
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::close(fd);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

void stop(pid_t pid) {
  if (pid <= 0) return;
  ::kill(pid, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

std::string read_log(const std::string& log) {
  auto text = core::read_capped(log, core::kMaxConfigFileBytes);
  return text ? std::move(text).value() : "(" + text.failure().detail + ")";
}

// Waits until the child says it listens on `port` (both servers print their
// URL once bound). Accepting connections is not proof: between free_port()
// and the child's bind, another process may take the port. False when the
// child exited (the port was taken: try others); throws after 30 s.
bool wait_for(unsigned short port, pid_t pid, const std::string& what, const std::string& log) {
  const std::string mine = "http://127.0.0.1:" + std::to_string(port);
  for (int i = 0; i < 1500; ++i) {
    if (read_log(log).find(mine) != std::string::npos && accepts(port)) return true;
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error(what + " did not start on port " + std::to_string(port) + ": " + read_log(log).substr(0, 400));
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

}  // namespace

std::string with_ports(std::string text, unsigned short idp_port, unsigned short sp_port) {
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"127.0.0.1:7000", "127.0.0.1:" + std::to_string(idp_port)},
                                 {"127.0.0.1:8081", "127.0.0.1:" + std::to_string(sp_port)}}) {
    for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
      text.replace(pos, from.size(), to);
    }
  }
  // the IdP's own listen port
  const std::string key = "port: 7000";
  if (auto pos = text.find(key); pos != std::string::npos) text.replace(pos, key.size(), "port: " + std::to_string(idp_port));
  return text;
}

LiveServers::LiveServers(const WorldOptions& o, const std::string& /*idp_config_path*/,
                         const std::string& idp_config_text, const std::string& sp_config_text, std::uint64_t seed,
                         core::Instant start) {
  char tmpl[] = "/tmp/samlh-live-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("cannot create a temporary directory");
  dir_ = tmpl;
  // The configurations name certificates as ../../certs/...: mirror that.
  fs::create_directories(fs::path(dir_) / "a" / "b");
  fs::create_symlink(fs::path(o.root) / "certs", fs::path(dir_) / "certs");
  const fs::path idp_cfg = fs::path(dir_) / "a" / "b" / "idp.yaml";
  const fs::path sp_cfg = fs::path(dir_) / "a" / "b" / "sp.yaml";
  const std::string now = core::format_saml_time(start);
  const std::string idp_log = dir_ + "/idp-mock.log";
  const std::string sp_log = dir_ + "/sp.log";
  // A port can be taken between free_port() and the child's bind: then the
  // child exits, and both start again on other ports.
  for (int attempt = 1;; ++attempt) {
    idp_port_ = free_port();
    sp_port_ = free_port();
    while (sp_port_ == idp_port_) sp_port_ = free_port();
    write(idp_cfg, with_ports(idp_config_text, idp_port_, sp_port_));
    write(sp_cfg, with_ports(sp_config_text, idp_port_, sp_port_));
    std::error_code ec;
    fs::remove(dir_ + "/sp.db", ec);
    idp_pid_ = spawn({o.bin_dir + "/idp-mock", "serve", "--config", idp_cfg.string(), "--port",
                      std::to_string(idp_port_), "--seed", std::to_string(seed), "--now", now},
                     idp_log);
    sp_pid_ = spawn({o.bin_dir + "/sp", "serve", "--config", sp_cfg.string(), "--port", std::to_string(sp_port_),
                     "--db", dir_ + "/sp.db", "--seed", std::to_string(seed), "--now", now, "--test-clock",
                     "--no-rate-limits"},
                    sp_log);
    try {
      if (wait_for(idp_port_, idp_pid_, "idp-mock", idp_log) && wait_for(sp_port_, sp_pid_, "sp", sp_log)) return;
      if (attempt == 5) {
        throw std::runtime_error("the servers exited at start five times: " + read_log(idp_log).substr(0, 300) +
                                 read_log(sp_log).substr(0, 300));
      }
    } catch (...) {
      stop(idp_pid_);
      stop(sp_pid_);
      fs::remove_all(dir_, ec);
      throw;
    }
    stop(idp_pid_);
    stop(sp_pid_);
  }
}

LiveServers::~LiveServers() {
  stop(idp_pid_);
  stop(sp_pid_);
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string LiveServers::idp_config_path() const { return dir_ + "/a/b/idp.yaml"; }

std::string LiveServers::idp_base() const { return "http://127.0.0.1:" + std::to_string(idp_port_); }
std::string LiveServers::sp_base() const { return "http://127.0.0.1:" + std::to_string(sp_port_); }

}  // namespace samlh::harness
