// `build/bin/sp serve` as a child process on port 0: started, its port read
// from the "listening on" line, killed with SIGKILL (a crash) or SIGTERM.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace samlh::test {

class ServeProcess {
 public:
  explicit ServeProcess(std::vector<std::string> argv) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    posix_spawn_file_actions_addclose(&fa, out[1]);
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    const int rc = posix_spawn(&pid_, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(out[1]);
    if (rc != 0) throw std::runtime_error("posix_spawn " + argv[0] + " failed");
    out_ = out[0];
    // Read until the "listening on http://127.0.0.1:PORT" line (10 s at most).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
    while (port_ == 0 && std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buf[4096];
      const ssize_t n = ::read(out_, buf, sizeof buf);
      if (n <= 0) break;
      output_.append(buf, static_cast<std::size_t>(n));
      const auto at = output_.find("listening on http://127.0.0.1:");
      const auto eol = at == std::string::npos ? std::string::npos : output_.find('\n', at);
      if (eol != std::string::npos) port_ = std::stoi(output_.substr(at + 30, eol - at - 30));
    }
    if (port_ == 0) {
      kill(SIGKILL);
      throw std::runtime_error("sp serve did not start: " + output_);
    }
  }
  ~ServeProcess() { kill(SIGKILL); }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& output() const { return output_; }

  // Sends `sig` and reaps the child; the exit code (-1 when a signal ended it).
  int kill(int sig) {
    if (pid_ <= 0) return exit_;
    ::kill(pid_, sig);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    if (out_ >= 0) ::close(out_);
    out_ = -1;
    exit_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return exit_;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
  int exit_ = -1;
  std::string output_;
};

}  // namespace samlh::test
