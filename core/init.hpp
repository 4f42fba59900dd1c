// One initialisation guard for libxml2, xmlsec and OpenSSL.
//
// Create exactly one LibraryGuard in main() (or in the test environment)
// before any other call into core, and keep it alive until exit. It also
// installs the process-wide hardening: no external entity loading, no
// network or file I/O from xmlsec, and xmlsec's own parse options stripped of
// XML_PARSE_HUGE (xmlsec reparses decrypted plaintext with them).
#pragma once

namespace samlh::core {

class LibraryGuard {
 public:
  LibraryGuard();
  ~LibraryGuard();
  LibraryGuard(const LibraryGuard&) = delete;
  LibraryGuard& operator=(const LibraryGuard&) = delete;
};

// True once a guard is alive; core functions assert it in debug builds.
bool libraries_ready() noexcept;

// The parse options used for every untrusted document and for xmlsec's
// reparse of decrypted plaintext: no network, no entity substitution, no DTD
// loading or validation, no XInclude, no HUGE.
int hardened_parse_options() noexcept;

}  // namespace samlh::core
