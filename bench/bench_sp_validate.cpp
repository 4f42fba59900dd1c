// bench-sp-validate: validations per second of one Okta-shaped signed
// response (RSA-2048, Assertion signed) through sp::validate, one thread,
// next to the RSA-2048 verify rate of this machine measured in the same run
// with OpenSSL EVP directly. The last line is exactly:
//   validations_per_s=<X> rsa2048_verify_per_s=<Y> ratio=<X/Y>
//
// The response is the base64 HTTP-POST value an SP receives, so decode,
// hardened parse, structure scan, signature profile, c14n + SHA-256 +
// RSA verification and every protocol check are all in the loop. Each
// iteration gets a fresh in-memory replay cache (so replay never fails).
// Both rates are per second of CPU time of the benchmark thread (a shared
// machine's wall clock also counts time spent waiting for a core), best of
// three repetitions.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <string>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "core/bindings.hpp"
#include "core/handles.hpp"
#include "core/init.hpp"
#include "sp/validator/replay_cache.hpp"
#include "sp/validator/validator.hpp"
#include "tests/support/signed_okta_response.hpp"

namespace samlh::bench {
namespace {

std::string slurp(const std::string& rel) {
  auto r = core::read_file(std::string(SAMLH_SOURCE_DIR) + "/" + rel);
  if (!r) throw std::runtime_error(r.failure().detail);
  return *r;
}

struct Subject {
  Subject(core::PrivateKey k, core::Certificate c) : key(std::move(k)), cert(std::move(c)) {}
  core::PrivateKey key;
  core::Certificate cert;
  test::OktaShape shape;
  std::string xml;         // the signed Response
  std::string post_value;  // its base64, as POSTed
  sp::ValidatorSettings settings;
  core::FixedClock clock{*core::parse_rfc3339("2026-03-01T12:01:00Z")};
  std::string signed_data;  // a SignedInfo-sized message for the raw RSA rate
  std::string signature;
};

Subject make_subject() {
  Subject s{*core::PrivateKey::from_pem(slurp("certs/idp.key"), slurp("certs/idp.crt")),
            *core::Certificate::from_pem(slurp("certs/idp.crt"))};
  auto signed_xml = test::sign_okta_assertion(test::okta_response(s.shape), s.key);
  if (!signed_xml) throw std::runtime_error("signing failed: " + signed_xml.failure().detail);
  s.xml = *signed_xml;
  s.post_value = core::base64_encode(s.xml);
  s.settings.idp_certificates = {s.cert};
  s.settings.idp_entity_id = s.shape.issuer;
  s.settings.sp_entity_id = s.shape.audience;
  s.settings.acs_url = s.shape.acs;
  s.settings.request_id = s.shape.request_id;
  // About the size of the SignedInfo that the RSA key signs in the response.
  s.signed_data = std::string(600, 'x');
  auto sig = core::sign_bytes(s.signed_data, s.key, core::SignatureAlgorithm::rsa_sha256);
  if (!sig) throw std::runtime_error("sign_bytes failed");
  s.signature = *sig;
  return s;
}

Subject& subject() {
  static Subject s = make_subject();
  return s;
}

void BM_SpValidateOktaResponse(benchmark::State& state) {
  Subject& s = subject();
  for (auto _ : state) {
    sp::MemoryReplayCache replay;
    sp::Verdict v = sp::validate(s.post_value, sp::InputEncoding::base64, s.settings, s.clock, &replay);
    if (!v.accepted) {
      state.SkipWithError("the benchmark response was rejected");
      break;
    }
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(state.iterations());
}

// For information: the same response handed over as raw XML (no base64).
void BM_SpValidateOktaResponseRawXml(benchmark::State& state) {
  Subject& s = subject();
  for (auto _ : state) {
    sp::MemoryReplayCache replay;
    sp::Verdict v = sp::validate(s.xml, sp::InputEncoding::xml, s.settings, s.clock, &replay);
    if (!v.accepted) {
      state.SkipWithError("the benchmark response was rejected");
      break;
    }
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(state.iterations());
}

// One complete EVP verification per iteration: a fresh context,
// EVP_DigestVerifyInit (SHA-256) and the one-shot EVP_DigestVerify.
void BM_Rsa2048VerifyEvp(benchmark::State& state) {
  Subject& s = subject();
  EVP_PKEY* pub = s.cert.public_key();
  const auto* sig = reinterpret_cast<const unsigned char*>(s.signature.data());
  const auto* data = reinterpret_cast<const unsigned char*>(s.signed_data.data());
  for (auto _ : state) {
    core::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pub) != 1 ||
        EVP_DigestVerify(ctx.get(), sig, s.signature.size(), data, s.signed_data.size()) != 1) {
      state.SkipWithError("RSA verification failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_SpValidateOktaResponse)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(3);
BENCHMARK(BM_SpValidateOktaResponseRawXml)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(3);
BENCHMARK(BM_Rsa2048VerifyEvp)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(3);

// Keeps the best per-second rate of each benchmark while printing as usual.
class RateReporter : public benchmark::ConsoleReporter {
 public:
  RateReporter() : benchmark::ConsoleReporter(OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.error_occurred || r.run_type != Run::RT_Iteration || r.cpu_accumulated_time <= 0) continue;
      const double rate = static_cast<double>(r.iterations) / r.cpu_accumulated_time;
      double& best = best_[r.run_name.function_name];
      best = std::max(best, rate);
    }
    ConsoleReporter::ReportRuns(runs);
  }
  double best(const std::string& name) const {
    auto it = best_.find(name);
    return it == best_.end() ? 0.0 : it->second;
  }

 private:
  std::map<std::string, double> best_;
};

}  // namespace
}  // namespace samlh::bench

int main(int argc, char** argv) {
  samlh::core::LibraryGuard guard;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  samlh::bench::Subject& s = samlh::bench::subject();
  std::cout << "Okta-shaped response: " << s.post_value.size() << " bytes of base64, RSA-2048 assertion signature\n";
  samlh::bench::RateReporter reporter;
  reporter.SetErrorStream(&std::cout);  // the context too, so our line is the last one
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  const double x = reporter.best("BM_SpValidateOktaResponse");
  const double y = reporter.best("BM_Rsa2048VerifyEvp");
  if (const double raw = reporter.best("BM_SpValidateOktaResponseRawXml"); raw > 0 && y > 0) {
    std::cout << fmt::format("(for information: raw XML input, no base64: {:.0f} validations/s, ratio {:.3f})", raw,
                             raw / y)
              << std::endl;
  }
  if (x <= 0 || y <= 0) {
    std::cerr << "bench-sp-validate: a benchmark did not run (filtered out or failed)\n";
    return 1;
  }
  std::cout << fmt::format("validations_per_s={:.0f} rsa2048_verify_per_s={:.0f} ratio={:.3f}", x, y, x / y) << std::endl;
  return 0;
}
