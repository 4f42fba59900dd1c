// The tenant `idp-mock serve|mint|init --sp-metadata ... | --acs --audience`
// stands up without a tenant YAML (issue 22): one Okta-shaped app per SP
// (tenant/sp_apps.hpp) over the demo tenant's directory and test key, or
// the ones given.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "idp-mock/tenant/config.hpp"

namespace samlh::idp {

// Bounds on fetching metadata: it is untrusted input from the network.
struct MetadataFetch {
  std::chrono::milliseconds deadline{5'000};  // connect, send and read together
  std::size_t max_bytes = 1024 * 1024;
};

struct QuickSetup {
  std::vector<std::string> sp_metadata;  // http:// URLs or files, one app each
  std::string acs;                       // with audience: one app without metadata
  std::string audience;
  bool encrypt = false;
  std::string signing_key;  // PEM files; empty: the demo tenant's
  std::string signing_cert;
  std::string users;        // a directory file; empty: the demo tenant's
  std::string demo_tenant;  // the demo tenant YAML (idp-mock/examples/acme.yaml)
  MetadataFetch fetch;

  bool wanted() const { return !sp_metadata.empty() || !acs.empty(); }
};

// The text of one SP metadata document from an http:// URL (one GET, the
// deadline and size cap above, 200 only) or a file (the size cap). Throws
// ConfigError naming the source and what went wrong.
std::string read_sp_metadata(const std::string& source, const MetadataFetch& fetch);

// The tenant of `q`; throws ConfigError (exit 2) on the first problem, so
// no app is ever half-configured.
TenantConfig quick_tenant(const QuickSetup& q);

// The signing key and certificate files `q` uses (for `init`).
struct SigningPaths {
  std::string key;
  std::string certificate;
};
SigningPaths signing_paths(const QuickSetup& q);

}  // namespace samlh::idp
