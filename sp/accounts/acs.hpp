// The Assertion Consumer Service as a business transaction: a POSTed
// response is judged by the validator with its organization's settings, then
// by the account rules, and every audit record is written here. The HTTP
// route (sp/server/routes_acs.cpp) only decodes the request and renders the
// answer.
//
// Three steps, so that the costly signature checks run outside the store
// lock (a server with several threads validates in parallel):
//  1. begin(): the organization's settings are read and the browser's
//     request binding is consumed (committed: single use even when two POSTs
//     race). Without a binding cookie there is nothing to consume or write,
//     and the last snapshot of the settings serves without the store lock
//     (Store::last_org_snapshot; confirmed in step 3);
//  2. judge(): the validator runs, its replay check only noting the
//     assertion ID (SqliteReplayCache::Claim);
//  3. finish(): under the lock, the settings are confirmed current (if they
//     changed since step 1, the POST is judged again by the current ones);
//     then the assertion ID, the verdict record and the login decision (with
//     its own audit record and the session) commit together, one commit per
//     POST, before the answer; an ID the store already has turns the verdict
//     into replay_assertion.
// consume() runs the three; they are public so tests can interleave a
// settings change or a second POST between them.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/key_cache.hpp"
#include "core/rng.hpp"
#include "sp/accounts/accounts.hpp"
#include "sp/store/sqlite_replay_cache.hpp"
#include "sp/store/store.hpp"
#include "sp/validator/validator.hpp"

namespace samlh::sp {

struct AcsOptions {
  std::size_t max_form_bytes = 512 * 1024;  // a larger POST is refused (binding_too_large)
  std::size_t max_xml_bytes = 256 * 1024;   // the largest XML document parsed (SpOptions says why)
};

// A POST to /sso/<org>/acs as the route decoded it.
struct AcsRequest {
  std::string org;             // the slug in the URL
  std::string form;            // the urlencoded body (SAMLResponse, RelayState)
  std::string binding_cookie;  // the browser's request binding cookie; empty: none was sent
  bool keep_evidence = false;  // the demo's inspector: the answer carries the validator's evidence
};

// What the POST came to.
struct AcsAnswer {
  std::optional<Verdict> verdict;              // set when the response was judged
  std::optional<Outcome<LoginOutcome>> login;  // set when the verdict accepted it
  std::optional<Refusal> refusal;  // why there is no session; nullopt: signed in
  std::shared_ptr<const Organization> org;     // the settings it was judged by (null: none)
  bool decided = false;  // the decision committed: the binding is spent
  std::string next;      // signed in: the stored target, a local RelayState, or /app
  std::optional<ValidationEvidence> evidence;  // AcsRequest::keep_evidence and the response was judged

  bool signed_in() const noexcept { return !refusal.has_value(); }
};

// The only RelayState the SP sends a browser to: "/x", at most 80 bytes, no
// "//", "/\" or control characters (Bindings 3.4.3).
bool local_path(std::string_view s);

// A POST between the steps.
class AcsPending {
 public:
  // The browser's AuthnRequest this POST may answer (consumed in step 1).
  struct Binding {
    std::optional<OutstandingRequest> request;
    std::string note;     // what it answers, or why there is none: ends the audit detail
    bool cookie = false;  // a binding cookie was sent (resolved or not)
  };

 private:
  friend class Acs;
  explicit AcsPending(AcsRequest r) : req(std::move(r)) {}

  AcsRequest req;
  core::Instant now{};
  std::shared_ptr<const Organization> org;  // a snapshot, used outside the lock
  Binding binding;
  std::optional<SqliteReplayCache::Claim> claim;
  Verdict verdict;
  std::optional<ValidationEvidence> evidence;  // req.keep_evidence
  std::optional<AcsAnswer> early;  // decided in step 1 (no organization, SSO off, a storage failure)
};

class Acs {
 public:
  Acs(Store& store, Accounts& accounts, SqliteReplayCache& replay, core::KeyCache& keys, const core::Clock& clock,
      core::Rng& rng, AcsOptions options = {});

  // The three steps; never throws (a storage failure is login_store_failed).
  AcsAnswer consume(const AcsRequest& req);

  AcsPending begin(AcsRequest req);
  void judge(AcsPending& p);
  AcsAnswer finish(AcsPending& p);

 private:
  std::optional<AcsAnswer> settings_and_binding(AcsPending& p);
  core::Result<ValidatorSettings> validator_settings(const Organization& org, const AcsPending::Binding& b);
  Verdict validate_by(AcsPending& p, const Organization& org);

  Store& store_;
  Accounts& accounts_;
  SqliteReplayCache& replay_;
  core::KeyCache& keys_;
  const core::Clock& clock_;
  core::Rng& rng_;
  AcsOptions options_;
};

}  // namespace samlh::sp
