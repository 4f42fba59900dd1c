// libFuzzer target: arbitrary bytes through sp::validate (decode + hardened
// parse + structure + signatures + decryption + every protocol check).
//
// The first byte picks the InputEncoding ('X' xml, 'B' base64, 'F' form,
// 'D' detect; any other byte: byte % 4 in that order); the rest is the input.
// Settings are fixed: the interop vectors' pinned IdP certificate, SP key,
// entity IDs, ACS and request ID, and a fixed clock at which the seed
// responses (tests/fuzz/corpus) are valid, so mutations reach every check.
// Besides the sanitizers, the verdict's contract is asserted on every input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/file_reader.hpp"
#include "core/clock.hpp"
#include "core/init.hpp"
#include "core/keys.hpp"
#include "sp/validator/replay_cache.hpp"
#include "sp/validator/validator.hpp"

namespace {

using samlh::sp::InputEncoding;

struct Fixed {
  samlh::core::LibraryGuard guard;
  samlh::sp::ValidatorSettings settings;
  samlh::core::FixedClock clock{*samlh::core::parse_rfc3339("2026-03-01T12:01:00Z")};
};

std::string slurp(const char* rel) {
  auto r = samlh::core::read_capped(std::string(SAMLH_VECTORS_DIR) + "/" + rel, samlh::core::kMaxConfigFileBytes);
  if (!r) std::abort();
  return *r;
}

Fixed& fixed() {
  static Fixed* f = [] {
    auto* x = new Fixed;  // never destroyed: libFuzzer exits without unwinding
    x->settings.idp_certificates = {*samlh::core::Certificate::from_pem(slurp("keys/idp.crt"))};
    x->settings.sp_key = *samlh::core::PrivateKey::from_pem(slurp("keys/sp.key"));
    x->settings.idp_entity_id = "http://idp.vectors.test/metadata";
    x->settings.sp_entity_id = "https://sp.vectors.test/saml/metadata";
    x->settings.acs_url = "https://sp.vectors.test/sso/acme/acs";
    x->settings.request_id = "id_req_vectors_1";
    x->settings.allow_idp_initiated = true;
    return x;
  }();
  return *f;
}

InputEncoding pick(std::uint8_t b) {
  switch (b) {
    case 'X': return InputEncoding::xml;
    case 'B': return InputEncoding::base64;
    case 'F': return InputEncoding::form;
    case 'D': return InputEncoding::detect;
    default: break;
  }
  constexpr InputEncoding kByIndex[] = {InputEncoding::xml, InputEncoding::base64, InputEncoding::form, InputEncoding::detect};
  return kByIndex[b % 4];
}

// The Verdict contract (sp/validator/verdict.hpp): a reason iff rejected, identity iff
// accepted, every check recorded in order, exactly one failed check when
// rejected and nothing run after it.
void check_contract(const samlh::sp::Verdict& v) {
  const auto names = samlh::sp::check_names();
  if (v.accepted == v.reason.has_value()) std::abort();
  if (v.accepted != v.identity.has_value()) std::abort();
  if (v.checks.size() != names.size()) std::abort();
  std::size_t failed = 0;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (v.checks[i].name != names[i]) std::abort();
    if (failed != 0 && v.checks[i].status != samlh::sp::CheckStatus::not_run) std::abort();
    if (v.checks[i].status == samlh::sp::CheckStatus::failed) ++failed;
  }
  if (failed != (v.accepted ? 0u : 1u)) std::abort();
  if (v.accepted && v.identity->name_id.empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)fixed();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  Fixed& f = fixed();
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  samlh::sp::MemoryReplayCache replay;
  const samlh::sp::Verdict v = samlh::sp::validate(input, pick(data[0]), f.settings, f.clock, &replay);
  check_contract(v);
  return 0;
}
