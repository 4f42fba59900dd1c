// Internal to the validator: the state checks share, and their outcome type.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/handles.hpp"
#include "core/result.hpp"
#include "sp/validator/validator.hpp"

namespace samlh::sp::detail {

struct ValidationContext {
  ValidationContext(std::string_view in, InputEncoding enc, const ValidatorSettings& s, const core::Clock& clk,
                    ReplayCache* cache)
      : input(in), encoding(enc), settings(s), clock(clk), replay(cache) {}

  std::string_view input;
  InputEncoding encoding;
  const ValidatorSettings& settings;
  const core::Clock& clock;
  ReplayCache* replay;
  core::Instant now{};

  // decode / parse
  std::string xml;
  std::optional<std::string> relay_state;
  core::XmlDocPtr doc;
  xmlNode* response = nullptr;

  // structure
  xmlNode* assertion = nullptr;            // the one Assertion (after decrypt: in place)
  xmlNode* encrypted_assertion = nullptr;  // when encrypted
  xmlNode* response_signature = nullptr;
  xmlNode* assertion_signature = nullptr;

  // signatures: which element's signature verified, and with which key
  bool response_verified = false;
  bool assertion_verified = false;
  bool ciphertext_authenticated = false;  // GCM, or covered by a verified Response signature
  std::optional<std::size_t> key_index;
  std::vector<core::Weakness> weak;

  // protocol facts read from verified nodes
  std::string in_response_to;  // from the accepted bearer confirmation
  core::Instant expires{};     // earliest NotOnOrAfter (conditions, bearer)
  Identity identity;
};

struct Outcome {
  CheckStatus status = CheckStatus::passed;
  std::string detail;
  std::optional<core::Reason> reason;

  static Outcome pass(std::string d = {}) { return {CheckStatus::passed, std::move(d), std::nullopt}; }
  static Outcome skip(std::string why) { return {CheckStatus::skipped, std::move(why), std::nullopt}; }
  static Outcome fail(core::Reason r, std::string d) { return {CheckStatus::failed, std::move(d), r}; }
  static Outcome from(const core::Failure& f) { return fail(f.reason, f.detail); }
};

using CheckFn = Outcome (*)(ValidationContext&);

// message shape (checks_message.cpp)
Outcome check_decode(ValidationContext& c);
Outcome check_parse(ValidationContext& c);
Outcome check_structure(ValidationContext& c);
// signatures (checks_signature.cpp)
Outcome check_signature_profile(ValidationContext& c);
Outcome check_response_signature(ValidationContext& c);
Outcome check_decrypt(ValidationContext& c);
Outcome check_assertion_signature(ValidationContext& c);
Outcome check_signature_policy(ValidationContext& c);
Outcome check_certificate(ValidationContext& c);
// protocol (checks_protocol.cpp, checks_subject.cpp)
Outcome check_status(ValidationContext& c);
Outcome check_issuer(ValidationContext& c);
Outcome check_destination(ValidationContext& c);
Outcome check_subject_confirmation(ValidationContext& c);
Outcome check_conditions(ValidationContext& c);
Outcome check_in_response_to(ValidationContext& c);
Outcome check_authn_statement(ValidationContext& c);
Outcome check_subject(ValidationContext& c);
Outcome check_relay_state(ValidationContext& c);
Outcome check_replay(ValidationContext& c);

// Shared by the structure check and the post-decryption check.
core::Status check_assertion_shape(const xmlNode* assertion);

}  // namespace samlh::sp::detail
