#include "attacks/mutation_util.hpp"

#include <xmlsec/crypto.h>
#include <xmlsec/keys.h>
#include <xmlsec/templates.h>
#include <xmlsec/xmldsig.h>

#include <libxml/c14n.h>

#include "core/bindings.hpp"
#include "core/rng.hpp"

namespace samlh::idp::mut {

namespace ns = core::ns;
using core::as_xml;

core::Error<MutationError> cannot(std::string why) { return core::fail(MutationError::not_applicable, std::move(why)); }

MutationResult<Doc> load(std::string_view xml) {
  auto parsed = core::parse_untrusted(xml);
  if (!parsed) return cannot("the base response does not parse: " + parsed.failure().detail);
  Doc d;
  d.doc = std::move(parsed).value();
  d.response = xmlDocGetRootElement(d.doc.get());
  if (!core::is_element(d.response, ns::kSamlp, "Response")) return cannot("the base is not a samlp:Response");
  d.assertion = core::child(d.response, ns::kSaml, "Assertion");
  if (d.assertion == nullptr) return cannot("the base response has no plaintext Assertion");
  return d;
}

std::string dump(const Doc& d) { return core::serialize(d.doc.get()); }

xmlNode* saml_child(const xmlNode* p, std::string_view local) { return core::child(p, ns::kSaml, local); }
xmlNode* samlp_child(const xmlNode* p, std::string_view local) { return core::child(p, ns::kSamlp, local); }
xmlNode* ds_child(const xmlNode* p, std::string_view local) { return core::child(p, ns::kDs, local); }
xmlNode* subject(const Doc& d) { return saml_child(d.assertion, "Subject"); }
xmlNode* name_id(const Doc& d) { return saml_child(subject(d), "NameID"); }
xmlNode* confirmation_data(const Doc& d) {
  return saml_child(saml_child(subject(d), "SubjectConfirmation"), "SubjectConfirmationData");
}
xmlNode* conditions(const Doc& d) { return saml_child(d.assertion, "Conditions"); }

xmlNode* attribute_value(const Doc& d, std::string_view name) {
  for (xmlNode* st : core::elements(d.assertion)) {
    if (!core::is_element(st, ns::kSaml, "AttributeStatement")) continue;
    for (xmlNode* a : core::elements(st)) {
      if (core::is_element(a, ns::kSaml, "Attribute") && core::attr(a, "Name") == name) {
        return saml_child(a, "AttributeValue");
      }
    }
  }
  return nullptr;
}

void set_text(xmlNode* n, std::string_view text) {
  const std::string t(text);
  xmlChar* escaped = xmlEncodeSpecialChars(n->doc, as_xml(t.c_str()));
  xmlNodeSetContent(n, escaped);
  xmlFree(escaped);
}

void set_attr(xmlNode* n, std::string_view name, std::string_view value) {
  xmlSetProp(n, as_xml(std::string(name).c_str()), as_xml(std::string(value).c_str()));
}

void remove_attr(xmlNode* n, std::string_view name) {
  if (xmlAttr* a = core::attr_node(n, name)) xmlRemoveProp(a);
}

void remove_node(xmlNode* n) {
  if (n == nullptr) return;
  xmlUnlinkNode(n);
  xmlFreeNode(n);
}

xmlNode* deep_copy(const xmlNode* n) { return xmlDocCopyNode(const_cast<xmlNode*>(n), n->doc, 1); }

xmlNode* new_element(xmlNode* where, std::string_view ns_uri, std::string_view prefix, std::string_view local) {
  xmlNode* el = xmlNewDocNode(where->doc, nullptr, as_xml(std::string(local).c_str()), nullptr);
  xmlNs* found = xmlSearchNsByHref(where->doc, where, as_xml(std::string(ns_uri).c_str()));
  if (found == nullptr) {
    found = xmlNewNs(el, as_xml(std::string(ns_uri).c_str()),
                     prefix.empty() ? nullptr : as_xml(std::string(prefix).c_str()));
  }
  xmlSetNs(el, found);
  return el;
}

xmlNode* new_plain_element(xmlDoc* doc, std::string_view local) {
  return xmlNewDocNode(doc, nullptr, as_xml(std::string(local).c_str()), nullptr);
}

void strip_signature(xmlNode* element) { remove_node(ds_child(element, "Signature")); }

void strip_all_signatures(Doc& d) {
  strip_signature(d.response);
  for (xmlNode* c : core::elements(d.response)) {
    if (core::is_element(c, ns::kSaml, "Assertion")) strip_signature(c);
  }
}

MutationStatus sign_element(xmlNode* element, const core::PrivateKey& key, const core::SignOptions& o) {
  if (auto st = core::sign_enveloped(element, key, o); !st) return failed(st.failure());
  return {};
}

MutationStatus sign_variant(Doc& d, SigningVariant v, const MutationMaterial& m) {
  if (v == SigningVariant::assertion || v == SigningVariant::both) {
    if (auto st = sign_element(d.assertion, m.idp_key, m.sign_options); !st) return st;
  }
  if (v == SigningVariant::response || v == SigningVariant::both) {
    if (auto st = sign_element(d.response, m.idp_key, m.sign_options); !st) return st;
  }
  return {};
}

MutationStatus encrypt(Doc& d, const MutationMaterial& m, const core::EncryptOptions& o) {
  if (!m.sp_encryption_cert) return cannot("no SP encryption certificate in the material");
  core::Rng rng{m.seed};
  auto wrapped = core::encrypt_assertion(d.assertion, *m.sp_encryption_cert, o, rng);
  if (!wrapped) return failed(wrapped.failure());
  d.assertion = nullptr;
  return {};
}

ReferenceSpec standard_reference(const xmlNode* element) {
  ReferenceSpec r;
  r.uri = "#";
  r.uri += core::attr(element, "ID");
  r.digest = xmlSecTransformSha256Id;
  r.transforms = {TransformSpec{xmlSecTransformEnvelopedId, {}, {}, {}, {}},
                  TransformSpec{xmlSecTransformExclC14NId, {}, {}, {}, "xs"}};
  return r;
}

namespace {

MutationStatus add_transform(xmlNode* ref, const TransformSpec& t) {
  xmlNode* node = xmlSecTmplReferenceAddTransform(ref, t.id);
  if (node == nullptr) return cannot("xmlsec cannot add the transform");
  if (!t.inclusive_prefixes.empty() &&
      xmlSecTmplTransformAddC14NInclNamespaces(node, as_xml(t.inclusive_prefixes.c_str())) < 0) {
    return cannot("cannot add InclusiveNamespaces");
  }
  if (t.id == xmlSecTransformXPathId && xmlSecTmplTransformAddXPath(node, as_xml(t.xpath.c_str()), nullptr) < 0) {
    return cannot("cannot add the XPath expression");
  }
  if (t.id == xmlSecTransformXPath2Id &&
      xmlSecTmplTransformAddXPath2(node, as_xml(t.xpath2_type.c_str()), as_xml(t.xpath.c_str()), nullptr) < 0) {
    return cannot("cannot add the XPath2 expression");
  }
  if (t.id == xmlSecTransformXsltId && xmlSecTmplTransformAddXsltStylesheet(node, as_xml(t.xslt.c_str())) < 0) {
    return cannot("cannot add the stylesheet");
  }
  return {};
}

}  // namespace

MutationStatus sign_crafted(xmlNode* element, const core::PrivateKey& key, const CraftedSignature& spec) {
  xmlDoc* doc = element->doc;
  if (auto st = core::register_id(doc, element); !st) return failed(st.failure());
  xmlNode* sig = xmlSecTmplSignatureCreateNsPref(doc, spec.c14n, spec.method, nullptr, as_xml("ds"));
  if (sig == nullptr) return cannot("xmlsec cannot create the signature template");
  if (xmlNode* issuer = saml_child(element, "Issuer")) {
    xmlAddNextSibling(issuer, sig);
  } else if (xmlNode* first = core::first_element(element)) {
    xmlAddPrevSibling(first, sig);
  } else {
    xmlAddChild(element, sig);
  }
  if (spec.hmac_output_bits > 0) {
    xmlNode* method = core::next_element(core::first_element(core::first_element(sig)));
    if (xmlSecTmplTransformAddHmacOutputLength(method, static_cast<xmlSecSize>(spec.hmac_output_bits)) < 0) {
      return cannot("cannot add HMACOutputLength");
    }
  }
  for (const ReferenceSpec& r : spec.references) {
    xmlNode* ref = xmlSecTmplSignatureAddReference(sig, r.digest, nullptr, as_xml(r.uri.c_str()), nullptr);
    if (ref == nullptr) return cannot("cannot add a Reference");
    for (const TransformSpec& t : r.transforms) {
      if (auto st = add_transform(ref, t); !st) return st;
    }
  }
  core::XmlSecDSigCtxPtr ctx(xmlSecDSigCtxCreate(nullptr));
  if (!ctx) return cannot("no signature context");
  // The generator side: every transform is allowed here on purpose.
  xmlSecKeyPtr k = nullptr;
  if (spec.hmac_key) {
    k = xmlSecKeyReadMemory(xmlSecKeyDataHmacId, reinterpret_cast<const xmlSecByte*>(spec.hmac_key->data()),
                            static_cast<xmlSecSize>(spec.hmac_key->size()));
    ctx->signKey = k;  // owned by the context
  } else {
    ctx->signKey = key.xmlsec_key();  // borrowed: taken back below
  }
  const int rc = xmlSecDSigCtxSign(ctx.get(), sig);
  if (!spec.hmac_key) ctx->signKey = nullptr;
  if (rc < 0) return cannot("xmlsec could not produce the crafted signature");
  if (spec.include_certificate && key.has_certificate() && !spec.hmac_key) {
    xmlNode* key_info = xmlNewChild(sig, sig->ns, as_xml("KeyInfo"), nullptr);
    xmlNode* x509 = xmlNewChild(key_info, sig->ns, as_xml("X509Data"), nullptr);
    xmlNewTextChild(x509, sig->ns, as_xml("X509Certificate"), as_xml(key.certificate().base64(76).c_str()));
  }
  return {};
}

namespace {
struct Subtree {
  const xmlNode* top;
};
// Visible in the c14n node set: the subtree of `top` (elements, their
// attributes and namespace nodes).
int in_subtree(void* user, xmlNode* node, xmlNode* parent) {
  const xmlNode* top = static_cast<Subtree*>(user)->top;
  const xmlNode* n = (node->type == XML_NAMESPACE_DECL || node->type == XML_ATTRIBUTE_NODE) ? parent : node;
  for (; n != nullptr; n = n->parent) {
    if (n == top) return 1;
  }
  return 0;
}
}  // namespace

MutationStatus resign_signed_info(xmlNode* signature, const core::PrivateKey& key, core::SignatureAlgorithm alg) {
  xmlNode* info = ds_child(signature, "SignedInfo");
  xmlNode* value = ds_child(signature, "SignatureValue");
  if (info == nullptr || value == nullptr) return cannot("no SignedInfo/SignatureValue to re-sign");
  const std::string c14n_uri = core::attr(ds_child(info, "CanonicalizationMethod"), "Algorithm");
  const int mode = c14n_uri == core::kUriC14n ? XML_C14N_1_0 : XML_C14N_EXCLUSIVE_1_0;
  Subtree sub{info};
  xmlOutputBufferPtr out = xmlAllocOutputBuffer(nullptr);
  if (out == nullptr) return cannot("no output buffer");
  const int rc = xmlC14NExecute(info->doc, in_subtree, &sub, mode, nullptr, 0, out);
  std::string bytes;
  if (rc >= 0) {
    bytes.assign(reinterpret_cast<const char*>(xmlOutputBufferGetContent(out)), xmlOutputBufferGetSize(out));
  }
  xmlOutputBufferClose(out);
  if (rc < 0) return cannot("c14n of SignedInfo failed");
  auto sig = core::sign_bytes(bytes, key, alg);
  if (!sig) return failed(sig.failure());
  set_text(value, core::base64_encode(*sig, 76));
  return {};
}

Post as_post(std::string xml) { return Post{std::move(xml), Encoding::xml, std::nullopt}; }

Mutated one(std::string xml, std::string note) {
  Mutated m;
  m.posts.push_back(as_post(std::move(xml)));
  m.note = std::move(note);
  return m;
}

}  // namespace samlh::idp::mut
