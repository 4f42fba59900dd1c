// The SP of --target-sp as the World sees it (harness/run/target.hpp
// resolves it from the SP's metadata and runs scenarios against it).
#pragma once

#include <cstdint>
#include <string>

namespace samlh::harness {

// The target, resolved once per run.
struct TargetSp {
  std::string entity_id;
  std::string acs;
  std::string base;             // scheme://host:port of the ACS
  std::string encryption_pem;   // empty: the metadata offers no encryption key
  std::string sp_login;
  std::string oracle;
  std::uint64_t nonce = 0;      // mixed into every scenario's seed: IDs are fresh per run
};

}  // namespace samlh::harness
