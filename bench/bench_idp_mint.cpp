// bench-idp-mint: how close minting an Okta-shaped Response comes to the
// cost of the one RSA-2048 signature inside it.
//
//   BM_RsaSign2048   raw OpenSSL EVP RSA-2048 / SHA-256 signatures (the floor)
//   BM_MintOneSig    Idp::mint with one signature (Assertion signed, Response
//                    not), RSA-2048, one thread: model, tree, sign, serialize
//   BM_BuildOnly     model + tree + serialize, no signature (the overhead)
// then SP-initiated logins per second over loopback HTTP with 2 client
// connections (AuthnRequest in, POST form out), and last the summary line
//   mints_per_s=<X> rsa2048_sign_per_s=<Y> ratio=<X/Y>
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <thread>

#include <openssl/evp.h>
#include <yaml-cpp/yaml.h>

#include "core/bindings.hpp"
#include "core/browser/browser.hpp"
#include "core/http/http_server.hpp"
#include "core/init.hpp"
#include "idp-mock/server/idp.hpp"
#include "idp-mock/tenant/config.hpp"

using namespace samlh;

namespace {

const std::string kConfig = std::string(SAMLH_SOURCE_DIR) + "/idp-mock/examples/acme.yaml";

idp::TenantConfig one_signature_config() {
  auto cfg = idp::load_config(kConfig);
  idp::apply_settings(cfg.apps[0].app.settings, YAML::Load("response_signed: false\nassertion_signed: true"),
                      idp::SettingsSource{"bench", "."});
  return cfg;
}

struct Fixture {
  core::FixedClock clock{*core::parse_saml_time("2026-03-01T12:00:00Z")};
  std::unique_ptr<idp::Idp> idp;
  Fixture() {
    idp::IdpOptions o;
    o.seed = 1;
    o.log_sink = [](const std::string&) {};
    idp = std::make_unique<idp::Idp>(one_signature_config(), clock, o);
  }
};

void BM_RsaSign2048(benchmark::State& state) {
  Fixture f;
  const core::PrivateKey signing = f.idp->lock().state().apps[0].active().key;
  EVP_PKEY* key = signing.pkey();
  // A SignedInfo-sized message: the signature is over the c14n SignedInfo.
  std::string msg(450, 'x');
  unsigned char sig[512];
  for (auto _ : state) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    size_t len = sizeof sig;
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key);
    EVP_DigestSign(ctx, sig, &len, reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
    EVP_MD_CTX_free(ctx);
    benchmark::DoNotOptimize(sig);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_MintOneSig(benchmark::State& state) {
  Fixture f;
  idp::MintParams p;
  p.in_response_to = "_bench_request";
  for (auto _ : state) {
    auto m = f.idp->mint("hotjar", "carol@acme.test", p);
    if (!m) state.SkipWithError("mint failed");
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations());
}

// What mint() hands the builder for carol's SP-initiated response.
idp::MintInput carol_input(idp::Idp::State& s, core::Instant now) {
  idp::MintInput in;
  in.app = &s.apps[0].app;
  in.user = s.directory.find_user("carol@acme.test");
  in.groups = s.directory.groups_of("carol@acme.test");
  in.now = now;
  in.in_response_to = "_bench_request";
  return in;
}

void BM_BuildOnly(benchmark::State& state) {
  Fixture f;
  auto l = f.idp->lock();
  auto& s = l.state();
  const idp::MintInput in = carol_input(s, f.clock.now());
  for (auto _ : state) {
    auto model = idp::make_model(in, s.rng);
    auto doc = idp::build_response(model);
    benchmark::DoNotOptimize(idp::serialize_response(doc.get()));
  }
  state.SetItemsProcessed(state.iterations());
}

// Build + sign, no serialize: isolates the signing stage's XML work.
void BM_BuildAndSign(benchmark::State& state) {
  Fixture f;
  auto l = f.idp->lock();
  auto& s = l.state();
  const idp::MintInput in = carol_input(s, f.clock.now());
  auto model = idp::make_model(in, s.rng);
  auto o = idp::okta_sign_options(core::SignatureAlgorithm::rsa_sha256, core::DigestAlgorithm::sha256, true);
  const auto& key = s.apps[0].active().key;
  for (auto _ : state) {
    auto doc = idp::build_response(model);
    if (!idp::sign_assertion(doc.get(), key, o)) state.SkipWithError("sign failed");
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_RsaSign2048)->MinTime(2.0)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_MintOneSig)->MinTime(2.0)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BuildOnly)->MinTime(1.0)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BuildAndSign)->MinTime(1.0)->Unit(benchmark::kMicrosecond);

// Keeps items_per_second of each benchmark for the summary line.
class Capture : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, double> rate;
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      auto it = r.counters.find("items_per_second");
      if (it != r.counters.end()) rate[r.benchmark_name()] = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

// SP-initiated logins over loopback: 2 connections, each with an Okta
// session, each request an HTTP-Redirect AuthnRequest answered by the POST form.
double http_logins_per_second(double seconds) {
  core::SystemClock clock;
  idp::IdpOptions o;
  o.seed = 2;
  o.log_sink = [](const std::string&) {};
  auto cfg = idp::load_config(kConfig);  // Okta defaults: both signatures
  idp::Idp server_idp(std::move(cfg), clock, o);
  core::http::Server server(core::http::ServerOptions{}, [&](const core::http::Request& r) { return server_idp.route(r); });
  server.listen();
  server_idp.set_base_url(server.base_url());
  server.start();
  const std::string sso = server.base_url() + "/app/acme_hotjar_1/exk1acmeH0tjar5Sx0h7/sso/saml";
  std::atomic<long> done{0};
  std::atomic<bool> stop{false};
  std::atomic<bool> failed{false};
  auto worker = [&](int n) {
    core::browser::BrowserOptions quiet;
    quiet.record_evidence = false;  // a load generator keeps no evidence
    core::browser::Browser c("bench", quiet);
    auto request = [&](long i) {
      std::string xml = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_b" +
                        std::to_string(n) + "_" + std::to_string(i) +
                        "\" Version=\"2.0\" IssueInstant=\"2026-03-01T12:00:00Z\"/>";
      return c.fetch(sso + "?" + core::encode_redirect(xml, "SAMLRequest", std::string("rs")));
    };
    // Sign in once; the session cookie carries the rest.
    auto page = request(0);
    const auto forms = core::browser::parse_forms(page.body, page.url);
    const std::string* token = forms.empty() ? nullptr : forms.front().get("stateToken");
    if (token == nullptr) {
      std::fprintf(stderr, "no sign-in page: %d %s\n", page.status, page.body.substr(0, 200).c_str());
      failed = true;
      return;
    }
    c.post_form(server.base_url() + "/login", {{"stateToken", *token}, {"username", "carol@acme.test"}, {"password", "demo"}});
    for (long i = 1; !stop; ++i) {
      auto r = request(i);
      if (r.status != 200 || r.body.find("SAMLResponse") == std::string::npos) {
        std::fprintf(stderr, "login %ld failed: %d %s %s\n", i, r.status, r.error.c_str(), r.body.substr(0, 200).c_str());
        failed = true;
        return;
      }
      ++done;
    }
  };
  std::thread a(worker, 1), b(worker, 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // warm-up and sign-in
  long start_count = done.load();
  auto t0 = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  long end_count = done.load();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stop = true;
  a.join();
  b.join();
  server.stop();
  if (failed) return -1;
  return static_cast<double>(end_count - start_count) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  core::LibraryGuard guard;
  benchmark::Initialize(&argc, argv);
  Capture reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  double logins = std::getenv("SAMLH_BENCH_NO_HTTP") != nullptr ? 0.0 : http_logins_per_second(3.0);
  std::printf("sp_initiated_logins_per_s=%.1f (loopback HTTP, 2 client connections, 1 server thread, "
              "Response and Assertion signed)\n",
              logins);
  double mints = reporter.rate["BM_MintOneSig/min_time:2.000"];
  double signs = reporter.rate["BM_RsaSign2048/min_time:2.000"];
  double build = reporter.rate["BM_BuildOnly/min_time:1.000"];
  if (build > 0) std::printf("build_only_per_s=%.1f (model + tree + serialize, no signature)\n", build);
  std::printf("mints_per_s=%.1f rsa2048_sign_per_s=%.1f ratio=%.3f\n", mints, signs, signs > 0 ? mints / signs : 0.0);
  return mints > 0 && signs > 0 ? 0 : 1;
}
