// idp-mock's SCIM 2.0 provisioning client (issue 20, a what-if: Hotjar
// offers no SCIM, okta-hotjar.md E.4), shaped like Okta's [O20]: each job is
// one directory change of one app (assign, profile update, deactivate, Group
// Push), turned into SCIM requests on a worker thread so the IdP keeps
// serving while a SCIM server is slow. The queue is bounded; every request,
// retry and outcome goes to a bounded log the control API shows
// (GET /api/v1/provisioning). Requests go through core's HTTP client with a
// deadline and a body cap; 429 (Retry-After) and 5xx (and transport errors)
// are retried with a bounded backoff and a bounded total. The README's
// "SCIM provisioning" section cites what each request follows.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/http/http_client.hpp"

namespace samlh::idp {

// Where the client's requests go: the seam between the SCIM client and the
// wire. HttpScimTransport (core's HTTP client) is what idp-mock serves with;
// a test or the harness may answer in process instead (the harness's adapter
// calls the SP's SCIM service directly, harness/world/scim_adapter.hpp).
// Called on the client's worker thread only, one request at a time.
class ScimTransport {
 public:
  virtual ~ScimTransport() = default;
  // Status 0 with `error`: a transport error (retried like a 5xx).
  virtual core::http::ClientResponse request(std::string_view method, const core::http::Url& url,
                                             const core::http::Headers& headers, const std::string& body) = 0;
};

// Over HTTP with core's client: a deadline per attempt and a body cap.
class HttpScimTransport final : public ScimTransport {
 public:
  explicit HttpScimTransport(core::http::ClientOptions options) : client_(std::move(options)) {}
  core::http::ClientResponse request(std::string_view method, const core::http::Url& url,
                                     const core::http::Headers& headers, const std::string& body) override {
    return client_.request(method, url, headers, body);
  }

 private:
  core::http::Client client_;
};

// What Okta sends of a user: its app profile in SCIM's core User names.
struct ScimUser {
  std::string okta_id;    // sent as externalId
  std::string user_name;  // the application username
  std::string given_name;
  std::string family_name;
  std::string email;
  std::string display_name;
  bool operator==(const ScimUser&) const = default;
};

struct ScimJob {
  enum class Kind { assign, update, deactivate, push_group };
  Kind kind = Kind::assign;
  std::string app;
  std::string base_url;  // the SCIM connector base URL
  std::string token;
  bool create_users = false;  // assign: POST when the look-up finds nobody
  ScimUser user;
  // push_group: the Okta group and the Okta IDs (with user names) of the
  // members the app has provisioned.
  std::string group_id;
  std::string group_name;
  std::vector<std::pair<std::string, std::string>> members;
};

// One request (one attempt) or one decision without a request.
struct ScimLogEntry {
  std::uint64_t seq = 0;
  std::string app;
  std::string action;  // user.lookup, user.create, user.update, user.deactivate, user.reactivate, group.*
  std::string target;  // the user name or group name
  std::string method;  // "" for a decision without a request
  std::string path;    // path and query, under the base URL
  int status = 0;      // 0: transport error or no request
  int attempt = 0;
  std::string outcome;  // ok | retry | failed | skipped | dropped
  std::string detail;
};

struct ScimClientOptions {
  int max_attempts = 4;
  std::chrono::milliseconds base_delay{200};   // doubled per retry
  std::chrono::milliseconds max_delay{2'000};  // per wait, Retry-After included
  std::chrono::milliseconds max_total{8'000};  // all waits of one request together
  std::chrono::milliseconds timeout{5'000};    // per attempt (core's client)
  std::size_t body_limit = 1024 * 1024;
  std::size_t queue_limit = 1'024;
  std::size_t log_limit = 4'096;
  // null: HttpScimTransport with `timeout` and `body_limit`.
  std::shared_ptr<ScimTransport> transport;
};

class ScimProvisioner {
 public:
  explicit ScimProvisioner(ScimClientOptions options = {});
  ~ScimProvisioner();  // stops the worker (an attempt under way ends by its deadline)
  ScimProvisioner(const ScimProvisioner&) = delete;
  ScimProvisioner& operator=(const ScimProvisioner&) = delete;

  // Queues a job; false (and a "dropped" log line) when the queue is full.
  bool enqueue(ScimJob job);

  struct Status {
    std::size_t pending = 0;  // queued plus the one under way
    std::uint64_t dropped = 0;
    std::vector<ScimLogEntry> log;  // seq > since
  };
  Status status(std::uint64_t since = 0) const;
  // Waits until no job is queued or under way (or `timeout`); true when idle.
  bool wait_idle(std::chrono::milliseconds timeout);

  struct Worker;  // the worker thread's own state (scim_client.cpp)

 private:
  void run();
  void record(ScimLogEntry e);
  // Waits up to `d` unless stopping; false when stopping.
  bool wait(std::chrono::milliseconds d);
  friend struct Worker;

  ScimClientOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ScimJob> queue_;
  bool busy_ = false;
  bool stop_ = false;
  std::uint64_t next_seq_ = 1;
  std::uint64_t dropped_ = 0;
  std::deque<ScimLogEntry> log_;
  std::unique_ptr<Worker> worker_;
  std::thread thread_;  // started by the first enqueue
};

// What the IdP has provisioned per app (the diff in provisioning.cpp keeps
// it): users by Okta ID with the profile last pushed and whether they are
// active there; pushed groups by Okta ID with their members' Okta IDs.
struct ProvisionedUser {
  ScimUser doc;
  bool active = true;
};
struct ProvisionedApp {
  std::map<std::string, ProvisionedUser> users;
  std::map<std::string, std::set<std::string>> groups;
};

}  // namespace samlh::idp
