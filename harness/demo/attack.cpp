// parse_attack, material_from (attack.hpp).
#include "harness/demo/attack.hpp"

#include <algorithm>

#include "core/dsig.hpp"
#include "core/xml.hpp"

namespace samlh::harness::demo {
namespace {

namespace ns = core::ns;

const std::string* field(const std::vector<std::pair<std::string, std::string>>& fields, std::string_view name) {
  for (const auto& [k, v] : fields)
    if (k == name) return &v;
  return nullptr;
}

AttackOrProblem problem(int status, std::string message) { return {std::nullopt, {status, std::move(message)}}; }

// A value quoted in a message: cut, so a huge value never fills a page.
std::string quoted(const std::string& v) { return "\"" + (v.size() > 60 ? v.substr(0, 60) + "..." : v) + "\""; }

// The first ds:Signature child of `parent`, removed from the tree; its
// SignatureMethod, DigestMethod and exc-c14n PrefixList read into `o`.
bool take_signature(xmlNode* parent, core::SignOptions& o) {
  xmlNode* sig = core::child(parent, ns::kDs, "Signature");
  if (sig == nullptr) return false;
  xmlNode* info = core::child(sig, ns::kDs, "SignedInfo");
  const xmlNode* method = core::child(info, ns::kDs, "SignatureMethod");
  if (auto a = core::signature_algorithm_from_uri(core::attr(method, "Algorithm"))) o.signature = *a;
  xmlNode* ref = core::child(info, ns::kDs, "Reference");
  if (auto d = core::digest_algorithm_from_uri(core::attr(core::child(ref, ns::kDs, "DigestMethod"), "Algorithm")))
    o.digest = *d;
  for (xmlNode* t : core::elements(core::child(ref, ns::kDs, "Transforms")))
    for (xmlNode* inc : core::elements(t))
      if (core::has_attr(inc, "PrefixList")) o.inclusive_prefixes = core::attr(inc, "PrefixList");
  xmlUnlinkNode(sig);
  xmlFreeNode(sig);
  return true;
}

}  // namespace

AttackOrProblem parse_attack(const std::vector<std::pair<std::string, std::string>>& fields,
                             const std::vector<std::string>& users) {
  AttackChoice c;
  for (auto [name, out] : {std::pair<const char*, std::string*>{"mutation", &c.mutation},
                           {"victim", &c.victim},
                           {"attacker", &c.attacker}}) {
    const std::string* v = field(fields, name);
    if (v == nullptr || v->empty()) return problem(400, std::string("Choose a ") + name + ".");
    if (v->size() > kMaxField) return problem(400, std::string("The ") + name + " given is too long.");
    *out = *v;
  }
  const std::string* target = field(fields, "target");
  if (target == nullptr || (*target != "ours" && *target != "vulnerable"))
    return problem(400, "Choose the target SP: ours or the vulnerable one.");
  c.target = *target == "ours" ? Target::ours : Target::vulnerable;
  if (idp::find_mutation(c.mutation) == nullptr)
    return problem(404, "There is no mutation " + quoted(c.mutation) + " in the attack pack.");
  for (const std::string* who : {&c.victim, &c.attacker})
    if (std::find(users.begin(), users.end(), *who) == users.end())
      return problem(404, "There is no user " + quoted(*who) + " in the IdP's directory.");
  return {std::move(c), {}};
}

std::optional<idp::MutationMaterial> material_from(const std::string& genuine_xml, const AttackKeys& keys,
                                                   const std::string& victim, std::string& why) {
  auto doc = core::parse_untrusted(genuine_xml);
  if (!doc) {
    why = "the IdP's response is not XML: " + doc.failure().detail;
    return std::nullopt;
  }
  xmlNode* response = xmlDocGetRootElement(doc->get());
  if (core::child(response, ns::kSaml, "EncryptedAssertion") != nullptr) {
    why = "the app encrypts its assertions; attack mode starts from a plain one (turn assertion encryption off)";
    return std::nullopt;
  }
  core::SignOptions o;
  const bool response_signed = take_signature(response, o);
  const bool assertion_signed = take_signature(core::child(response, ns::kSaml, "Assertion"), o);
  if (!response_signed && !assertion_signed) {
    why = "the IdP's response carries no signature";
    return std::nullopt;
  }
  return idp::MutationMaterial{core::serialize(doc->get()),
                               response_signed && assertion_signed ? idp::SigningVariant::both
                               : response_signed                   ? idp::SigningVariant::response
                                                                   : idp::SigningVariant::assertion,
                               o,
                               keys.idp,
                               keys.attacker,
                               keys.attacker_clone,
                               std::nullopt,
                               core::EncryptOptions{},
                               victim,
                               1};
}

}  // namespace samlh::harness::demo
