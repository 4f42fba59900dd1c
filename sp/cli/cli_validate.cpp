#include "sp/cli/cli_validate.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <istream>
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "core/clock.hpp"
#include "core/file_reader.hpp"
#include "core/keys.hpp"
#include "core/metadata.hpp"
#include "sp/capture/capture.hpp"
#include "sp/cli/cli_hints.hpp"
#include "sp/cli/cli_output.hpp"
#include "sp/validator/replay_cache.hpp"
#include "sp/validator/validator.hpp"

namespace samlh::sp::cli {
namespace {

// A configuration or usage problem: reported on stderr, exit 2, with a hint
// line when one says what to do.
struct UsageError {
  std::string message;
  std::string hint = {};
};

template <class T>
struct Loaded {
  std::optional<T> value;
  std::string error;
};

// Reads INPUT ("-": stdin) under kMaxInputBytes, whatever it is: a file, a
// pipe, a device; more is refused having read one byte past the cap.
Loaded<std::string> read_input(const std::string& path, std::istream& in) {
  const std::string name = path == "-" ? "stdin" : "INPUT '" + path + "'";
  auto r = path == "-" ? core::read_capped(in, name, kMaxInputBytes) : core::read_capped(path, kMaxInputBytes);
  if (!r) return {std::nullopt, "cannot read " + name + ": " + r.failure().detail};
  return {std::move(r).value(), {}};
}

// A key, certificate or metadata file, under core::kMaxKeyFileBytes.
std::string load_text(const std::string& path, const std::string& what) {
  auto r = core::read_capped(path, core::kMaxKeyFileBytes);
  if (!r) throw UsageError{"cannot read " + what + " '" + path + "': " + r.failure().detail};
  return std::move(r).value();
}

// The relaxable options, as the organization's settings in the SP hold them.
ValidationPolicy build_policy(const ValidateOptions& o) {
  ValidationPolicy p;
  if (o.skew_s) {
    if (*o.skew_s < 0 || *o.skew_s > 86'400) throw UsageError{"--skew must be between 0 and 86400 seconds"};
    p.skew = std::chrono::seconds{*o.skew_s};
  }
  if (o.max_age_s) {
    if (*o.max_age_s < 0 || *o.max_age_s > 31'536'000) throw UsageError{"--max-age must be between 0 and 31536000 seconds"};
    p.max_issue_age = std::chrono::seconds{*o.max_age_s};
  }
  p.allow_sha1 = o.allow_sha1;
  p.allow_rsa_1_5 = o.allow_rsa15;
  p.allow_3des = o.allow_3des;
  p.require_gcm = o.require_gcm;
  p.strict_cert_validity = o.strict_cert_validity;
  // The command line spells the policies with hyphens where the table has
  // underscores (and only so).
  std::string spelled = o.signing_policy;
  std::optional<SigningPolicy> signing;
  if (spelled.find('_') == std::string::npos) {
    std::replace(spelled.begin(), spelled.end(), '-', '_');
    signing = signing_policy_from_spelling(spelled);
  }
  if (!signing) throw UsageError{"--signing-policy must be assertion-or-response, assertion, response or both"};
  p.signing = *signing;
  return p;
}

// Every required option that is missing, named at once.
void check_required(const ValidateOptions& o) {
  std::vector<std::string> missing;
  if (o.idp_certs.empty() && o.idp_metadata.empty()) missing.emplace_back("--idp-cert PEM (or --idp-metadata XML)");
  if (o.sp_entity_id.empty()) missing.emplace_back("--sp-entity-id ID");
  if (o.acs.empty()) missing.emplace_back("--acs URL");
  if (o.input.empty()) missing.emplace_back("INPUT (a file, or - for stdin)");
  if (missing.empty()) return;
  std::string list;
  for (std::size_t i = 0; i < missing.size(); ++i) {
    list += (i == 0 ? "" : i + 1 == missing.size() ? " and " : ", ") + missing[i];
  }
  throw UsageError{(missing.size() == 1 ? "missing " : "missing, all required: ") + list,
                   "sp validate --idp-cert PEM --sp-entity-id ID --acs URL INPUT (see --help)"};
}

ValidatorSettings build_settings(const ValidateOptions& o) {
  check_required(o);
  if (!o.idp_certs.empty() && !o.idp_metadata.empty()) {
    throw UsageError{"give the IdP's certificate with --idp-cert PEM (twice for a rollover) or --idp-metadata XML, not both"};
  }
  ValidatorSettings s = settings_for(build_policy(o));
  s.sp_entity_id = o.sp_entity_id;
  s.acs_url = o.acs;
  for (const std::string& path : o.idp_certs) {
    const std::string pem = load_text(path, "--idp-cert");
    auto certs = core::Certificate::all_from_pem(pem);
    if (!certs) {
      throw UsageError{"--idp-cert '" + path + "' holds no usable certificate: " + certs.failure().detail,
                       idp_cert_hint(pem)};
    }
    for (auto& c : *certs) s.idp_certificates.push_back(std::move(c));
  }
  if (!o.idp_metadata.empty()) {
    auto md = core::parse_idp_metadata(load_text(o.idp_metadata, "--idp-metadata"));
    if (!md) {
      throw UsageError{"--idp-metadata '" + o.idp_metadata + "' is not usable IdP metadata (" +
                       std::string(core::spelling(md.reason())) + ": " + md.failure().detail + ")"};
    }
    if (md->signing_certificates.empty()) throw UsageError{"--idp-metadata '" + o.idp_metadata + "' has no signing certificate"};
    s.idp_certificates = md->signing_certificates;  // every signing certificate: rollover
    s.idp_entity_id = md->entity_id;
  }
  if (!o.idp_entity_id.empty()) s.idp_entity_id = o.idp_entity_id;
  s.request_id = o.request_id;
  s.expected_relay_state = o.relay_state;
  s.allow_idp_initiated = o.allow_idp_initiated;
  s.any_in_response_to = o.any_in_response_to;
  if (!o.sp_key.empty()) {
    const std::string pem = load_text(o.sp_key, "--sp-key");
    // Why: OpenSSL would prompt on the terminal for a passphrase.
    if (pem.find("ENCRYPTED") != std::string::npos) {
      throw UsageError{"--sp-key '" + o.sp_key + "' is passphrase-protected; give an unencrypted PEM key"};
    }
    auto key = core::PrivateKey::from_pem(pem);
    if (!key) throw UsageError{"--sp-key '" + o.sp_key + "' is not a usable private key: " + key.failure().detail};
    s.sp_key = std::move(key).value();
  }
  if (o.relay_state_policy == "local-path") s.relay_state = RelayStatePolicy::local_path;
  else if (o.relay_state_policy == "any") s.relay_state = RelayStatePolicy::any;
  else throw UsageError{"--relay-state-policy must be local-path or any"};
  return s;
}

std::unique_ptr<core::Clock> make_clock(const std::string& now) {
  if (now.empty()) return std::make_unique<core::SystemClock>();
  auto t = core::parse_rfc3339(now);
  if (!t) throw UsageError{"--now '" + now + "' is not an RFC 3339 time such as 2026-03-01T12:01:00Z"};
  return std::make_unique<core::FixedClock>(*t);
}

// A response that could not be extracted from its capture: rejected at decode.
Verdict extraction_failure(const core::Failure& f) {
  Verdict v;
  v.reason = f.reason;
  v.reason_detail = f.detail;
  for (std::string_view name : check_names()) {
    CheckRecord rec{std::string(name), CheckStatus::not_run, {}};
    if (v.checks.empty()) {
      rec.status = CheckStatus::failed;
      rec.detail = f.detail;
    }
    v.checks.push_back(std::move(rec));
  }
  return v;
}

bool use_color(const ValidateOptions& o, const Io& io) {
  if (o.color == "always") return true;
  if (o.color == "never") return false;
  return io.out_is_terminal && std::getenv("NO_COLOR") == nullptr;
}

int validate_all(const ValidateOptions& o, Io io) {
  const ValidatorSettings base = build_settings(o);
  const std::unique_ptr<core::Clock> clock = make_clock(o.now);
  const Loaded<std::string> input = read_input(o.input, io.in);
  if (!input.value) throw UsageError{input.error};
  if (input.value->find_first_not_of(" \t\r\n") == std::string::npos) {
    throw UsageError{(o.input == "-" ? std::string("stdin") : "INPUT '" + o.input + "'") + " is empty"};
  }

  CaptureLimits limits;
  limits.binding = base.binding_limits;
  limits.parse = base.parse_limits;
  const CaptureRead read = read_capture(*input.value, o.input == "-" ? "stdin" : o.input, limits);
  if (!read.capture) throw UsageError{read.error};
  const Capture& capture = *read.capture;
  const bool is_capture = capture.format != CaptureFormat::message;
  for (const std::string& n : capture.notes) io.err << "note: " << terminal_safe(n) << "\n";
  if (capture.responses.empty()) {
    throw UsageError{"the " + std::string(spelling(capture.format)) + " capture holds no SAMLResponse"};
  }

  MemoryReplayCache replay;  // one per run: a capture that replays an assertion is caught
  RequestTracker tracker(capture.requests);
  const TextStyle style{use_color(o, io)};
  const HintContext hint_context{!o.now.empty(), o.sp_entity_id, is_capture ? std::string_view{} : *input.value};
  std::size_t accepted = 0;
  for (std::size_t i = 0; i < capture.responses.size(); ++i) {
    const CapturedResponse& r = capture.responses[i];
    ValidatorSettings s = base;
    s.relay_state_unknown = r.relay_state_unknown;
    std::vector<std::string> notes;
    RequestTracker::Match match;
    std::optional<ResponsePeek> peek;
    if (is_capture && !o.request_id && !r.extract_failure) {
      peek = peek_response(r, limits);
      const std::string& irt = peek->in_response_to;
      if (!irt.empty()) match = tracker.match(r, irt);
      if (match.request != nullptr) {
        s.request_id = match.request->id;
        if (!o.relay_state && match.request->relay_state) s.expected_relay_state = match.request->relay_state;
        notes.push_back("request ID '" + match.request->id + "' from the AuthnRequest of " + match.request->source +
                        (match.exact ? "" : " (the latest outstanding request; this response answers '" + irt + "')"));
      } else if (!irt.empty()) {
        notes.push_back("answers '" + irt + "' but no outstanding AuthnRequest precedes it in the capture");
      }
    }
    const Verdict v = r.extract_failure ? extraction_failure(*r.extract_failure)
                                        : validate(r.payload, r.encoding, s, *clock, &replay);
    if (v.accepted) {
      ++accepted;
      // Consumed only when the signed InResponseTo the validator used names it.
      if (match.request != nullptr && v.identity && v.identity->in_response_to == match.request->id) {
        tracker.consume(match.request);
      }
    }
    if (o.json) {
      io.out << verdict_json(v, is_capture ? r.source : std::string{}) << "\n";
    } else {
      if (i > 0) io.out << "\n";
      print_verdict_text(io.out, v, r.source, notes, style);
    }
    if (!v.accepted) {
      if (!peek) peek = peek_response(r, limits);
      const std::string prefix = capture.responses.size() > 1 ? "hint (" + r.source + "): " : "hint: ";
      for (const std::string& h : refusal_hints(v, *peek, hint_context)) io.err << prefix << terminal_safe(h) << "\n";
    }
  }
  if (!o.json && capture.responses.size() > 1) {
    io.out << "\n" << capture.responses.size() << " responses: " << accepted << " accepted, "
           << capture.responses.size() - accepted << " rejected\n";
  }
  io.out.flush();
  return accepted == capture.responses.size() ? kExitAccepted : kExitRejected;
}

}  // namespace

CLI::App* add_validate_command(CLI::App& app, ValidateOptions& o) {
  CLI::App* v = app.add_subcommand("validate", "Validate a captured SAML Response (or every response in a HAR or "
                                               "SAML-tracer capture) and show the trace of every check");
  v->add_option("--idp-cert", o.idp_certs, "IdP signing certificate (PEM file, at most " + core::cap_text(core::kMaxKeyFileBytes) + "); give it twice for a rollover")
      ->type_name("PEM");
  v->add_option("--idp-metadata", o.idp_metadata, "IdP metadata: every signing certificate and the entity ID (at most " + core::cap_text(core::kMaxKeyFileBytes) + ")")
      ->type_name("XML");
  v->add_option("--sp-entity-id", o.sp_entity_id, "This SP's entity ID (the expected Audience)")->type_name("ID");
  v->add_option("--acs", o.acs, "This SP's ACS URL (the expected Destination and Recipient)")->type_name("URL");
  v->add_option("--idp-entity-id", o.idp_entity_id, "The expected Issuer (default: the metadata's entityID)")
      ->type_name("ID");
  v->add_option("--now", o.now, "Validation time (default: now)")->type_name("RFC3339");
  v->add_option("--skew", o.skew_s, "Allowed clock skew (default 180)")->type_name("SECONDS");
  v->add_option("--max-age", o.max_age_s, "Maximum age of IssueInstant (default 600)")->type_name("SECONDS");
  v->add_option("--request-id", o.request_id, "The AuthnRequest ID the response must answer")->type_name("ID");
  v->add_option("--relay-state", o.relay_state, "The RelayState sent with the request; the response must carry it back")
      ->type_name("VALUE");
  v->add_flag("--allow-idp-initiated", o.allow_idp_initiated, "Accept unsolicited (IdP-initiated) responses");
  v->add_flag("--any-in-response-to", o.any_in_response_to,
              "Offline review: accept an InResponseTo without a request ID to compare (reported weak)");
  v->add_option("--sp-key", o.sp_key, "SP private key to decrypt an EncryptedAssertion (at most " + core::cap_text(core::kMaxKeyFileBytes) + ")")->type_name("PEM");
  v->add_flag("--allow-sha1", o.allow_sha1, "Accept RSA-SHA1 signatures and SHA-1 digests (reported weak)");
  v->add_flag("--allow-rsa15", o.allow_rsa15, "Accept RSA PKCS#1 v1.5 key transport (reported weak)");
  v->add_flag("--allow-3des", o.allow_3des, "Accept 3DES-CBC encrypted assertions (reported weak)");
  v->add_flag("--require-gcm", o.require_gcm, "Refuse CBC data ciphers");
  v->add_flag("--strict-cert-validity", o.strict_cert_validity, "Refuse a pinned certificate outside its validity");
  v->add_option("--signing-policy", o.signing_policy, "Which signatures must cover the assertion")->type_name("POLICY")
      ->check(CLI::IsMember({"assertion-or-response", "assertion", "response", "both"}))
      ->default_str("assertion-or-response");
  v->add_option("--relay-state-policy", o.relay_state_policy, "Where a RelayState may point: local-path, only a same-origin path; any, any short value")->type_name("POLICY")
      ->check(CLI::IsMember({"local-path", "any"}))
      ->default_str("local-path");
  v->add_flag("--json", o.json, "One JSON object per response, one per line");
  v->add_option("--color", o.color, "Colour the table: auto (a terminal and NO_COLOR unset), always, never")->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
  v->add_flag("--list-reasons", o.list_reasons, "Print every message reason with its sentence, and exit");
  v->add_flag("--list-checks", o.list_checks, "Print the checks in pipeline order, and exit");
  v->add_flag("--list-weak", o.list_weak, "Print every weak-option spelling with its sentence, and exit");
  v->add_option("INPUT", o.input,
                "A file or - (stdin), at most " + core::cap_text(kMaxInputBytes) + ": raw XML, the base64 POST value, a form body, a HAR file or a SAML-tracer export")->type_name("PATH");
  return v;
}

int run_validate(const ValidateOptions& o, Io io) {
  if (o.list_reasons || o.list_checks || o.list_weak) {
    if (o.list_reasons) print_reasons(io.out, o.json);
    if (o.list_checks) print_checks(io.out, o.json);
    if (o.list_weak) print_weaknesses(io.out, o.json);
    return kExitAccepted;
  }
  try {
    return validate_all(o, io);
  } catch (const UsageError& e) {
    io.err << "sp validate: " << terminal_safe(e.message) << "\n";
    if (!e.hint.empty()) io.err << "hint: " << terminal_safe(e.hint) << "\n";
    return kExitUsage;
  }
}

}  // namespace samlh::sp::cli
