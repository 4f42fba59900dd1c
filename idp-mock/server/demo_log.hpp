// The IdP's inspector log (`idp-mock serve --demo`): the responses it issued
// most recently, each with what shaped it (the app's settings, the user's
// groups and what each group filter kept, the AuthnRequest it answered) and
// the exact bytes it sent. Bounded (oldest dropped first); no key or
// password is ever recorded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "idp-mock/assertion/minter.hpp"
#include "idp-mock/tenant/config.hpp"

namespace samlh::idp {

// The AuthnRequest a response answered (SP-initiated), as the IdP read it.
struct IssuedRequest {
  std::string id;
  std::string issuer;
  std::string acs_url;  // requested ("" when the request named none)
  std::string binding;  // HTTP-Redirect | HTTP-POST
  bool force_authn = false;
  bool is_passive = false;
  bool signed_ok = false;
  std::string xml;  // decoded, bounded (kMaxShownRequest)
};

// One statement of the group attribute statements, with its result.
struct IssuedGroupFilter {
  std::string name;
  std::string filter;  // starts_with | equals | contains | regex
  std::string value;
  std::vector<std::string> kept;  // the user's groups it matched
};

struct IssuedResponse {
  std::uint64_t id = 0;  // the inspector's number, from 1
  core::Instant at{};
  std::string via;  // "SSO flow" | "control API mint"
  std::string app;  // config name
  std::string app_label;
  std::string login;
  std::string response_id;
  std::vector<std::pair<std::string, std::string>> settings;  // what shaped it, in display order
  std::vector<std::string> groups;                            // the user's Okta groups
  std::vector<IssuedGroupFilter> group_filters;
  std::vector<std::pair<std::string, std::vector<std::string>>> attributes;  // as sent
  std::optional<IssuedRequest> request;
  std::optional<std::string> relay_state;
  std::string xml;  // the exact bytes sent
};

inline constexpr std::size_t kMaxShownRequest = 64 * 1024;

// What shaped `m`: the app's settings (never a key or a password), the
// user's groups, each group filter's result, the attributes as sent.
IssuedResponse describe_issue(const App& app, const User& user, const std::vector<std::string>& groups,
                              const Minted& m);

class IssuedLog {
 public:
  explicit IssuedLog(std::size_t capacity = 100) : capacity_(capacity) {}
  // Keeps `r` under the next number (returned); drops the oldest beyond capacity.
  std::uint64_t add(IssuedResponse r);
  const IssuedResponse* find(std::uint64_t id) const;
  // Newest first.
  std::vector<const IssuedResponse*> recent() const;
  std::size_t capacity() const { return capacity_; }

 private:
  std::size_t capacity_;
  std::uint64_t next_ = 1;
  std::deque<IssuedResponse> entries_;
};

}  // namespace samlh::idp
