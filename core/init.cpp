#include "core/init.hpp"

#include <atomic>
#include <stdexcept>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/io.h>
#include <xmlsec/parser.h>
#include <xmlsec/xmlsec.h>

#include "core/xmlsec_errors.hpp"

namespace samlh::core {
namespace {

std::atomic<bool> g_ready{false};

// Why: an external entity, DTD or XInclude must never be fetched, whatever
// parse options some code path forgets. Every load request is refused.
xmlParserInputPtr refuse_external_entity(const char* /*url*/, const char* /*id*/, xmlParserCtxtPtr /*ctxt*/) {
  return nullptr;
}

// libxml2 and xmlsec print to stderr by default; parse errors are collected
// per parse (see xml.cpp) and xmlsec errors per thread (xmlsec_errors.hpp).
void silent_generic(void* /*ctx*/, const char* /*msg*/, ...) {}
void silent_structured(void* /*ctx*/, xmlErrorPtr /*error*/) {}

}  // namespace

int hardened_parse_options() noexcept {
  // Deliberately absent: XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR,
  // XML_PARSE_DTDVALID, XML_PARSE_XINCLUDE, XML_PARSE_HUGE, XML_PARSE_RECOVER.
  return XML_PARSE_NONET | XML_PARSE_NOXINCNODE;
}

LibraryGuard::LibraryGuard() {
  if (g_ready.exchange(true)) throw std::logic_error("LibraryGuard created twice");
  xmlInitParser();
  xmlSetExternalEntityLoader(refuse_external_entity);
  xmlThrDefSetGenericErrorFunc(nullptr, silent_generic);
  xmlThrDefSetStructuredErrorFunc(nullptr, silent_structured);
  xmlSetGenericErrorFunc(nullptr, silent_generic);
  xmlSetStructuredErrorFunc(nullptr, silent_structured);

  if (xmlSecInit() < 0) throw std::runtime_error("xmlsec initialisation failed");
  if (xmlSecCheckVersion() != 1) throw std::runtime_error("xmlsec library version mismatch");
  if (xmlSecCryptoAppInit(nullptr) < 0) throw std::runtime_error("xmlsec crypto app initialisation failed");
  if (xmlSecCryptoInit() < 0) throw std::runtime_error("xmlsec crypto initialisation failed");
  install_xmlsec_error_capture();
  // xmlsec reparses decrypted plaintext with these options; its default
  // includes XML_PARSE_HUGE, which lifts libxml2's depth and size limits.
  xmlSecParserSetDefaultOptions(hardened_parse_options() | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  // No URI may be opened by xmlsec (file, http, ftp): remove every callback.
  xmlSecIOCleanupCallbacks();
}

LibraryGuard::~LibraryGuard() {
  xmlSecCryptoShutdown();
  xmlSecCryptoAppShutdown();
  xmlSecShutdown();
  xmlCleanupParser();
  g_ready.store(false);
}

bool libraries_ready() noexcept { return g_ready.load(); }

}  // namespace samlh::core
