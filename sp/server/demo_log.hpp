// `sp serve --demo`: the logins a class inspects, kept in memory only. A
// bounded ring of recent logins (the oldest goes first), each with what the
// inspector page shows: the AuthnRequest the SP sent (SP-initiated), the
// validator's evidence and trace, the verdict and the account decision.
// Nothing here is ever written to disk, and it holds no private key and no
// password (the SP's key decrypts inside the validator; only the decrypted
// assertion is kept). Thread-safe: the server's threads share one log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "sp/model/gaps.hpp"
#include "sp/model/login_reason.hpp"
#include "sp/model/role.hpp"
#include "sp/validator/validator.hpp"

namespace samlh::sp {

// The AuthnRequest of an SP-initiated login, as the SP sent it.
struct DemoRequest {
  std::string id;
  std::string binding;  // "HTTP-Redirect" or "HTTP-POST"
  std::string xml;      // the request (POST: with its enveloped signature)
  std::string relay_state;
  std::string sig_alg;        // Redirect: the SigAlg URI; empty: not signed over the query
  std::string signature_b64;  // Redirect: the Signature parameter (base64)
  core::Instant sent{};
};

// What the account rules decided for an accepted response.
struct DemoAccountDecision {
  std::optional<Refusal> refusal;  // nullopt: signed in
  std::string email;
  std::optional<Role> role;  // the member's SP role (signed in)
  bool invitation_accepted = false;
  std::vector<Gap> gaps;
  std::int64_t audit_seq = 0;
};

struct DemoLogin {
  std::uint64_t id = 0;
  core::Instant at{};
  std::string org;
  std::optional<DemoRequest> request;       // SP-initiated: the request this browser's binding named
  std::optional<ValidationEvidence> evidence;
  std::size_t xml_received = 0;             // bytes decoded; evidence->xml keeps at most SpOptions::max_xml_bytes
  std::optional<Verdict> verdict;           // unset: refused before validation (no organization, SSO off)
  std::optional<Refusal> refusal;           // nullopt: signed in
  std::optional<DemoAccountDecision> account;
  std::string session_sha256;               // signed in: links /app to this login
};

class DemoLog {
 public:
  static constexpr std::size_t kDefaultCapacity = 100;
  explicit DemoLog(std::size_t capacity = kDefaultCapacity);

  // A request sent to the browser whose binding cookie hashes to
  // `browser_sha256`; taken back when that browser posts a response.
  void request_sent(const std::string& browser_sha256, DemoRequest r);
  std::optional<DemoRequest> take_request(const std::string& browser_sha256);

  // Keeps `l` (its id assigned here, from 1 up), dropping the oldest beyond
  // the capacity; returns the id.
  std::uint64_t add(DemoLogin l);
  std::shared_ptr<const DemoLogin> find(std::uint64_t id) const;
  std::vector<std::shared_ptr<const DemoLogin>> recent() const;  // newest first
  std::optional<std::uint64_t> login_of_session(const std::string& session_sha256) const;
  std::size_t capacity() const noexcept { return capacity_; }

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::deque<std::shared_ptr<const DemoLogin>> logins_;            // oldest first
  std::deque<std::pair<std::string, DemoRequest>> requests_;       // oldest first, same bound
  std::uint64_t next_id_ = 1;
};

}  // namespace samlh::sp
