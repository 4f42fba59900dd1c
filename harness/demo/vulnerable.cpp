// VulnerableSp (vulnerable.hpp).
#include "harness/demo/vulnerable.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/http/http_client.hpp"
#include "core/http/url.hpp"

namespace samlh::harness::demo {

bool loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

VulnerableSp::VulnerableSp(const std::string& python, const std::string& script, const std::string& host,
                           unsigned short port, const std::string& idp_metadata_url) {
  if (!loopback_host(host)) throw std::runtime_error("the vulnerable SP listens on loopback only, not " + host);
  base_ = "http://" + host + ":" + std::to_string(port);
  const std::vector<std::string> argv{python, script, "--host", host, "--port", std::to_string(port),
                                      "--idp-metadata-url", idp_metadata_url};
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("cannot start the vulnerable SP (fork)");
  if (pid_ == 0) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  core::http::Client client(core::http::ClientOptions{std::chrono::milliseconds(1000), 1024 * 1024, {}});
  const auto url = core::http::parse_url(base_ + "/");
  for (int i = 0; i < 100 && url; ++i) {
    if (client.request("GET", *url, {}, "").status == 200) return;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("the vulnerable SP exited at start (port " + std::to_string(port) + " in use?)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  stop();
  throw std::runtime_error("the vulnerable SP did not answer at " + base_);
}

VulnerableSp::~VulnerableSp() { stop(); }

void VulnerableSp::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace samlh::harness::demo
