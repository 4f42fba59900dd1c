// Exclusive XML Canonicalization 1.0 without comments (W3C xml-exc-c14n),
// fast path for the trees idp-mock builds: elements, attributes and text.
//
// Why: libxml2's xmlC14NExecute is general (node-set callbacks, relative URI
// checks on every namespace) and showed as the largest non-RSA cost when
// minting. This writer handles the common subset directly and returns
// false for anything else (comments, PIs, CDATA, entity references, xml:*
// attributes), so the caller falls back to libxml2. Its output is compared
// byte for byte with libxml2's in tests/idp-mock/assertion/builder_test.cpp.
#pragma once

#include <string>
#include <vector>

#include <libxml/tree.h>

namespace samlh::idp {

// Canonical form of the subtree at `apex`; `inclusive` is the
// InclusiveNamespaces PrefixList (e.g. {"xs"}). False: unsupported content.
bool exc_c14n_fast(const xmlNode* apex, const std::vector<std::string>& inclusive, std::string& out);

}  // namespace samlh::idp
