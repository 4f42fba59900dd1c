#include "sp/validator/validator.hpp"

#include <array>

#include "sp/validator/validator_context.hpp"

namespace samlh::sp {
namespace {

using detail::CheckFn;
using detail::Outcome;
using detail::ValidationContext;

struct Step {
  std::string_view name;
  CheckFn fn;
};

// The pipeline. Order matters: nothing is read from the message before its
// shape is known, and nothing is believed before a pinned key vouched for it.
constexpr std::array kPipeline{
    Step{"decode", detail::check_decode},
    Step{"parse", detail::check_parse},
    Step{"structure", detail::check_structure},
    Step{"signature_profile", detail::check_signature_profile},
    Step{"response_signature", detail::check_response_signature},
    Step{"decrypt", detail::check_decrypt},
    Step{"assertion_signature", detail::check_assertion_signature},
    Step{"signature_policy", detail::check_signature_policy},
    Step{"certificate", detail::check_certificate},
    Step{"status", detail::check_status},
    Step{"issuer", detail::check_issuer},
    Step{"destination", detail::check_destination},
    Step{"subject_confirmation", detail::check_subject_confirmation},
    Step{"conditions", detail::check_conditions},
    Step{"in_response_to", detail::check_in_response_to},
    Step{"authn_statement", detail::check_authn_statement},
    Step{"subject", detail::check_subject},
    Step{"relay_state", detail::check_relay_state},
    Step{"replay", detail::check_replay},
};

constexpr auto make_names() {
  std::array<std::string_view, kPipeline.size()> names{};
  for (std::size_t i = 0; i < kPipeline.size(); ++i) names[i] = kPipeline[i].name;
  return names;
}
constexpr auto kNames = make_names();

// The evidence a step leaves, copied only for a caller who asked.
void keep_evidence(const Step& step, const ValidationContext& ctx, bool before, ValidationEvidence& e) {
  if (step.fn == detail::check_decrypt) {
    if (before && ctx.encrypted_assertion != nullptr) e.encrypted_assertion = core::serialize_node(ctx.encrypted_assertion);
    if (!before && ctx.encrypted_assertion != nullptr && ctx.assertion != nullptr) {
      e.decrypted_assertion = core::serialize_node(ctx.assertion);
    }
  } else if (step.fn == detail::check_decode && !before) {
    e.xml = ctx.xml;
    e.relay_state = ctx.relay_state;
  }
}

}  // namespace

std::span<const std::string_view> check_names() { return kNames; }

ValidatorSettings settings_for(const ValidationPolicy& p) {
  ValidatorSettings s;
  s.signing = p.signing;
  s.allow_sha1 = p.allow_sha1;
  s.allow_rsa_1_5 = p.allow_rsa_1_5;
  s.allow_3des = p.allow_3des;
  s.require_gcm = p.require_gcm;
  s.strict_cert_validity = p.strict_cert_validity;
  s.skew = p.skew;
  s.max_issue_age = p.max_issue_age;
  return s;
}

Verdict validate(std::string_view input, InputEncoding encoding, const ValidatorSettings& settings,
                 const core::Clock& clock, ReplayCache* replay, ValidationEvidence* evidence) {
  ValidationContext ctx{input, encoding, settings, clock, replay};
  ctx.now = clock.now();
  Verdict v;
  v.checks.reserve(kPipeline.size());
  bool failed = false;
  for (const Step& step : kPipeline) {
    CheckRecord rec{std::string(step.name), CheckStatus::not_run, {}};
    if (!failed) {
      if (evidence != nullptr) keep_evidence(step, ctx, true, *evidence);
      Outcome o = step.fn(ctx);
      if (evidence != nullptr) keep_evidence(step, ctx, false, *evidence);
      rec.status = o.status;
      rec.detail = std::move(o.detail);
      if (o.status == CheckStatus::failed) {
        failed = true;
        v.reason = o.reason;
        v.reason_detail = rec.detail;
      }
    }
    v.checks.push_back(std::move(rec));
  }
  v.accepted = !failed;
  v.weak = std::move(ctx.weak);
  if (v.accepted) v.identity = std::move(ctx.identity);  // nothing unsigned is ever reported as identity
  return v;
}

void refuse_as_replay(Verdict& v, std::string detail) {
  for (CheckRecord& c : v.checks) {
    if (c.name == "replay") {
      c.status = CheckStatus::failed;
      c.detail = detail;
    }
  }
  v.accepted = false;
  v.reason = core::Reason::replay_assertion;
  v.reason_detail = std::move(detail);
  v.identity.reset();
}

}  // namespace samlh::sp
