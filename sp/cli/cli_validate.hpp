// `sp validate`: offline validation of a captured SAML Response (or every
// response in a HAR / SAML-tracer capture) against pinned IdP certificates,
// with a verdict and the trace of every check.
//
// Exit codes: 0 every response accepted; 1 any rejected (a message that is
// malformed, not base64, carries a DOCTYPE or cannot be decrypted is a
// rejection with its reason); 2 usage or configuration errors, an unreadable
// or oversized input, a capture that cannot be read or holds no response.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace samlh::sp::cli {

inline constexpr int kExitAccepted = 0;
inline constexpr int kExitRejected = 1;
inline constexpr int kExitUsage = 2;

// Inputs larger than this are refused before they are read (exit 2).
inline constexpr std::size_t kMaxInputBytes = 64u * 1024u * 1024u;

struct ValidateOptions {
  std::vector<std::string> idp_certs;  // PEM files; each may hold several certificates
  std::string idp_metadata;            // IdP metadata XML file
  std::string sp_entity_id;
  std::string acs;
  std::string idp_entity_id;  // overrides the metadata's entityID
  std::string now;            // RFC 3339; empty: the system clock
  std::optional<long long> skew_s;
  std::optional<long long> max_age_s;
  std::optional<std::string> request_id;
  std::optional<std::string> relay_state;  // the RelayState sent with the request
  bool allow_idp_initiated = false;
  bool any_in_response_to = false;
  std::string sp_key;  // PEM private key file
  bool allow_sha1 = false;
  bool allow_rsa15 = false;
  bool allow_3des = false;
  bool require_gcm = false;
  bool strict_cert_validity = false;
  std::string signing_policy = "assertion-or-response";
  std::string relay_state_policy = "local-path";
  bool json = false;
  std::string color = "auto";  // auto | always | never
  bool list_reasons = false;
  bool list_checks = false;
  bool list_weak = false;
  std::string input;  // a file, or "-" for stdin
};

// Registers the `validate` subcommand and its options on `app`.
CLI::App* add_validate_command(CLI::App& app, ValidateOptions& options);

struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool out_is_terminal = false;
};

// Runs a parsed `validate` command; returns the exit code.
int run_validate(const ValidateOptions& options, Io io);

}  // namespace samlh::sp::cli
