// RAII for every C handle of libxml2, xmlsec and OpenSSL.
//
// One place for the deleters; no naked free elsewhere. Where ownership passes
// to xmlsec (a key adopted into an xmlSecKey, a node inserted into a tree),
// the call site says so in a comment and calls release().
#pragma once

#include <memory>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <xmlsec/keys.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlenc.h>

namespace samlh::core {

template <class T, void (*Fn)(T*)>
struct CDeleter {
  void operator()(T* p) const noexcept {
    if (p != nullptr) Fn(p);
  }
};

template <class T, void (*Fn)(T*)>
using CPtr = std::unique_ptr<T, CDeleter<T, Fn>>;

// libxml2
using XmlDocPtr = CPtr<xmlDoc, xmlFreeDoc>;
using XmlNodePtr = CPtr<xmlNode, xmlFreeNode>;
using XmlParserCtxtPtr = CPtr<xmlParserCtxt, xmlFreeParserCtxt>;

inline void free_xml_char(xmlChar* p) { xmlFree(p); }
using XmlCharPtr = CPtr<xmlChar, free_xml_char>;

// xmlsec
using XmlSecKeyPtr = CPtr<xmlSecKey, xmlSecKeyDestroy>;
using XmlSecKeysMngrPtr = CPtr<xmlSecKeysMngr, xmlSecKeysMngrDestroy>;
using XmlSecDSigCtxPtr = CPtr<xmlSecDSigCtx, xmlSecDSigCtxDestroy>;
using XmlSecEncCtxPtr = CPtr<xmlSecEncCtx, xmlSecEncCtxDestroy>;

// OpenSSL
using EvpPkeyPtr = CPtr<EVP_PKEY, EVP_PKEY_free>;
using EvpPkeyCtxPtr = CPtr<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using EvpMdCtxPtr = CPtr<EVP_MD_CTX, EVP_MD_CTX_free>;
using X509Ptr = CPtr<X509, X509_free>;
inline void free_bio(BIO* b) { BIO_free_all(b); }
using BioPtr = CPtr<BIO, free_bio>;

// An xmlsec key holding one more reference to `pkey` (the caller keeps its
// own); nullptr when xmlsec cannot use the key. The one place a key is
// adopted into xmlsec (keys.cpp): xmlSecOpenSSLEvpKeyAdopt takes the extra
// reference, xmlSecKeySetValue takes the key data, the returned key owns all.
XmlSecKeyPtr xmlsec_key_of(EVP_PKEY* pkey);

}  // namespace samlh::core
