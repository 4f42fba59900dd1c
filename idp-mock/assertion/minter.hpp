// From an app, a user and a flow to a finished Okta-shaped Response: the
// values Okta would choose (okta-hotjar.md B.5-B.9), then the stages of
// response_builder.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/keys.hpp"
#include "core/result.hpp"
#include "core/rng.hpp"
#include "idp-mock/assertion/response_builder.hpp"
#include "idp-mock/tenant/directory.hpp"
#include "idp-mock/tenant/settings.hpp"

namespace samlh::idp {

// "id" + 25-27 decimal digits, as Okta's IDs (B.6).
std::string okta_id(core::Rng& rng);

// The application username (B.5): Okta username, email, or the custom
// template; `frozen` wins when "Update application username on" is Create only.
std::string application_username(const AppSettings& s, const User& u, const std::vector<std::string>& groups,
                                 const std::optional<std::string>& frozen);

// Attribute and group attribute statements evaluated for this user (B.9).
// An expression that yields null, or a group filter that matches nothing,
// leaves its attribute out ([U] in B.9; documented assumption).
std::vector<AttributeModel> evaluate_attributes(const AppSettings& s, const User& u,
                                                const std::vector<std::string>& groups,
                                                const std::string& app_username);

struct MintInput {
  const App* app = nullptr;
  const User* user = nullptr;
  std::vector<std::string> groups;
  std::optional<std::string> frozen_username;
  core::Instant now{};
  std::optional<core::Instant> authn_instant;  // Okta sign-in time; default now
  std::string acs;                             // chosen ACS; empty: Single sign-on URL
  std::optional<std::string> in_response_to;   // AuthnRequest ID (SP-initiated)
  std::string session_index;                   // empty: B.8 rule
};

// The values of an Okta Response for this input. IDs come from `rng`.
ResponseModel make_model(const MintInput& in, core::Rng& rng);

// A non-success Response (e.g. Responder/NoPassive), no assertion.
ResponseModel make_status_model(const App& app, const std::string& destination,
                                const std::optional<std::string>& in_response_to, core::Instant now,
                                const std::string& sub_status, const std::string& message, core::Rng& rng);

// The app's signing plan (B.3, B.12).
SecurityPlan security_plan(const AppSettings& s, bool xs_declared);

struct Minted {
  std::string xml;
  ResponseModel model;
};

// make_model, build, secure (Okta's order), serialize. Fails only when
// signing or encrypting fails (core::ToolError).
core::ToolResult<Minted> mint(const MintInput& in, const core::PrivateKey& key, core::Rng& rng);
core::ToolResult<std::string> finish(const ResponseModel& m, const AppSettings& s, const core::PrivateKey& key,
                                 core::Rng& rng);

}  // namespace samlh::idp
