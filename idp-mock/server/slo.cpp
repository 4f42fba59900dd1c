// SP-initiated Single Logout (okta-hotjar.md B.11 [O4]): the SP's
// LogoutRequest must be signed with its uploaded Signature Certificate; Okta
// ends its session and POSTs a signed LogoutResponse to the SP's Single
// Logout URL. Other apps' sessions are not touched ("SLO doesn't sign the end
// user out of other integrations").
#include "core/bindings.hpp"
#include "core/dsig.hpp"
#include "core/http/cookies.hpp"
#include "core/inspect_form.hpp"
#include "core/xml.hpp"
#include "idp-mock/server/flows.hpp"
#include "idp-mock/server/pages.hpp"

namespace samlh::idp::flows {

using core::http::Request;
using core::http::Response;

namespace {

struct LogoutRequestInfo {
  std::string id;
  std::string issuer;
  std::string name_id;
  std::optional<std::string> relay_state;
};

IdpResult<LogoutRequestInfo> read_logout_request(const Request& req, const SingleLogout& slo) {
  std::vector<core::Certificate> keys{*slo.signature_certificate};
  std::string xml;
  LogoutRequestInfo info;
  bool verified = false;
  if (req.method == "GET") {
    auto m = core::decode_redirect(req.query, "SAMLRequest");
    if (!m) return std::move(m).failure();
    // As for AuthnRequests (flows.cpp): unsigned, or a bad signature.
    if (!m->signature) return core::fail(IdpReason::idp_request_unsigned, "no Signature in the query string");
    if (auto v = core::verify_redirect_signature(*m, keys, true); !v) return std::move(v).failure();
    verified = true;
    xml = m->xml;
    info.relay_state = m->relay_state;
  } else {
    auto form = core::parse_form(req.body);
    if (!form) return std::move(form).failure();
    const std::string* v = core::form_get(*form, "SAMLRequest");
    if (v == nullptr) return core::fail(core::Reason::binding_missing, "no SAMLRequest");
    auto decoded = core::decode_post_value(*v);
    if (!decoded) return std::move(decoded).failure();
    xml = std::move(*decoded);
    if (const std::string* rs = core::form_get(*form, "RelayState")) info.relay_state = *rs;
  }
  auto doc = core::parse_untrusted(xml);
  if (!doc) return std::move(doc).failure();
  xmlNode* root = xmlDocGetRootElement(doc->get());
  if (!core::is_element(root, core::ns::kSamlp, "LogoutRequest"))
    return core::fail(IdpReason::idp_request_invalid, "root is not samlp:LogoutRequest");
  if (!verified) {
    // B.11: "it must be signed".
    xmlNode* sig = core::child(root, core::ns::kDs, "Signature");
    if (sig == nullptr) return core::fail(IdpReason::idp_request_unsigned, "unsigned LogoutRequest");
    if (auto r = core::register_id(doc->get(), root); !r) return std::move(r).failure();
    auto v = core::verify_enveloped(sig, root, keys, core::SignaturePolicy{true});
    if (!v) return core::fail(IdpReason::idp_request_unsigned, std::string(core::spelling(v.reason())));
  }
  info.id = core::attr(root, "ID");
  if (xmlNode* iss = core::child(root, core::ns::kSaml, "Issuer")) info.issuer = core::text(iss);
  if (xmlNode* nid = core::child(root, core::ns::kSaml, "NameID")) info.name_id = core::text(nid);
  if (info.id.empty()) return core::fail(IdpReason::idp_request_invalid, "LogoutRequest without ID");
  if (info.issuer != slo.sp_issuer)
    return core::fail(IdpReason::idp_request_invalid, "LogoutRequest Issuer is not the configured SP Issuer");
  return info;
}

const xmlChar* x(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }

core::ToolResult<std::string> logout_response(Idp::Locked& idp, AppRuntime& rt, const LogoutRequestInfo& info) {
  auto& s = idp.state();
  const App& a = rt.app;
  core::XmlDocPtr doc{xmlNewDoc(x("1.0"))};
  xmlNode* root = xmlNewDocNode(doc.get(), nullptr, x("LogoutResponse"), nullptr);
  xmlDocSetRootElement(doc.get(), root);
  xmlSetNs(root, xmlNewNs(root, x(std::string(core::ns::kSamlp)), x("saml2p")));
  xmlNewProp(root, x("Destination"), x(a.settings.single_logout.url));
  xmlNewProp(root, x("ID"), x(okta_id(s.rng)));
  xmlNewProp(root, x("InResponseTo"), x(info.id));
  xmlNewProp(root, x("IssueInstant"), x(core::format_saml_time(s.clock.now())));
  xmlNewProp(root, x("Version"), x("2.0"));
  xmlNode* iss = xmlNewChild(root, nullptr, x("Issuer"), nullptr);
  xmlSetNs(iss, xmlNewNs(iss, x(std::string(core::ns::kSaml)), x("saml2")));
  xmlNewProp(iss, x("Format"), x(urn::kNameIdEntity));
  xmlNodeAddContent(iss, x(a.issuer()));
  xmlNode* status = xmlNewChild(root, root->ns, x("Status"), nullptr);
  xmlNode* code = xmlNewChild(status, root->ns, x("StatusCode"), nullptr);
  xmlNewProp(code, x("Value"), x(urn::kStatusSuccess));
  auto o = okta_sign_options(a.settings.signature_algorithm, a.settings.digest_algorithm, false);
  if (auto st = core::sign_enveloped(root, rt.active().key, o); !st) return std::move(st).failure();
  return core::serialize(doc.get(), true);
}

}  // namespace

Response slo(Idp::Locked& idp, const Request& req, AppRuntime& rt) {
  auto& s = idp.state();
  const SingleLogout& cfg = rt.app.settings.single_logout;
  if (!cfg.enabled || !cfg.signature_certificate)
    return Response::html(404, pages::error(s.org, "Not Found", "Single Logout is not enabled for this app."));
  auto info = read_logout_request(req, cfg);
  if (!info) {
    idp.log("sso", "user.session.end", rt.app.name, "FAILURE: " + std::string(core::spelling(info.reason())));
    return Response::html(http_status(info.reason()), pages::error(s.org, "Bad Request", info.failure().detail));
  }
  std::string sid = req.cookie(kSessionCookie);
  std::string login;
  if (auto it = s.sessions.find(sid); it != s.sessions.end()) {
    login = it->second.login;
    s.sessions.erase(it);
  } else {
    // No cookie (e.g. a test client): end the sessions of the named user.
    std::erase_if(s.sessions, [&](const auto& kv) {
      const User* u = s.directory.find_user(kv.second.login);
      bool match = u != nullptr && (u->login == info->name_id || u->email == info->name_id);
      if (match) login = kv.second.login;
      return match;
    });
  }
  auto xml = logout_response(idp, rt, *info);
  if (!xml) return Response::html(500, pages::error(s.org, "Error", xml.failure().detail));
  idp.log("sso", "user.session.end", login.empty() ? info->name_id : login, "SLO app=" + rt.app.name);
  core::FormFields f{{"SAMLResponse", core::base64_encode(*xml)}};
  if (info->relay_state) f.emplace_back("RelayState", *info->relay_state);
  core::http::SetCookie gone;
  gone.name = kSessionCookie;
  gone.value = "";
  gone.max_age = 0;
  Response r = Response::html(200, s.demo ? core::inspect_post_form(cfg.url, f, "Continue to the SP")
                                          : core::auto_post_form(cfg.url, f, "Continue"));
  r.set("Set-Cookie", core::http::format_set_cookie(gone));
  return r;
}

}  // namespace samlh::idp::flows
