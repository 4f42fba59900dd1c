// The admin API: JSON over HTTP mirroring what a Hotjar admin does in the UI
// ([H2] A.5, [H3] A.8, [H9]). The bearer token (from the configuration)
// names the acting member; Accounts checks that member's role in the
// organization for every action, and this file does the same for reads
// (roster, audit) and observations. Every error body carries the reason
// spelling and its sentence; every action answers its audit_seq and gaps.
// This API is the harness's test API: Hotjar documents no such API.
//
// An auditor token (config `auditor_tokens`, SpOptions::auditors) is no
// member: it may read the roster, the invitations and the audit log of every
// organization and report IdP events (which change nothing but the audit
// log); every other call is login_forbidden. The harness reads through one,
// so removing a member (even the Account Owner's last Admin) never hides the
// audit log from the report.
//
//   GET    /api/roster/<org>[.csv]                  members and pending invitations (JSON, or CSV)
//   POST   /api/orgs/<org>/invitations              {email, role} -> invitation + link
//   GET    /api/orgs/<org>/invitations              every invitation with its status
//   DELETE /api/orgs/<org>/invitations/<token>      revoke
//   POST   /api/orgs/<org>/invitations/expire       mark lapsed invitations expired
//   PUT    /api/orgs/<org>/members/<email>/role     {role}
//   DELETE /api/orgs/<org>/members/<email>          remove
//   POST   /api/orgs/<org>/owner                    {email}: transfer ownership
//   PUT    /api/orgs/<org>/sso                      {enabled, enforced, idp_initiated_allowed} (each optional)
//   GET    /api/orgs/<org>/audit?event=&subject=&reason=&since=&after_seq=&limit=
//   GET    /api/audit/unknown-orgs?after_seq=&limit=  refusals for slugs that are no organization
//   POST   /api/orgs/<org>/idp-events               {kind, email, new_email, groups, at}: an observation
#include <nlohmann/json.hpp>

#include "core/http/bearer.hpp"
#include "sp/server/admin_json.hpp"
#include "sp/server/routes.hpp"

namespace samlh::sp::routes {

namespace {

using nlohmann::json;

constexpr std::string_view kRealm = "saml-harness SP admin API";


struct Call {
  const Request& req;
  SpState& st;
  std::string org;
  std::string actor;
  json body;
  bool auditor = false;
};

Response bad_body() { return json_error(ApiError::api_bad_json, R"("detail":"the body is not a JSON object")"); }

template <class T, class Render>
Response answer(const Outcome<T>& out, int ok_status, Render render) {
  json extra{{"audit_seq", out.audit_seq}, {"gaps", gap_spellings(out.gaps)}};
  if (!out.ok()) {
    const std::string e = extra.dump();
    return json_error(out.reason(), e.substr(1, e.size() - 2));
  }
  json j = render(out.result.value());
  j["ok"] = true;
  j["audit_seq"] = out.audit_seq;
  j["gaps"] = gap_spellings(out.gaps);
  return Response::json(ok_status, j.dump() + "\n");
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Reads are admin actions too: the acting member must manage the org.
std::optional<Response> require_manager(Call& c) {
  auto db = c.st.store.lock();
  auto o = db->org_by_slug(c.org);
  if (!o) return json_error(LoginReason::login_org_unknown);
  if (c.auditor) return std::nullopt;
  auto m = db->member(o->id, c.actor);
  if (!m || !can_manage_members(m->role)) return json_error(LoginReason::login_forbidden);
  return std::nullopt;
}

Response roster(Call& c, bool csv) {
  if (auto denied = require_manager(c)) return *denied;
  auto r = c.st.accounts.roster(c.org);
  if (!r) return json_error(r.reason());
  if (csv) return Response{200, {{"Content-Type", "text/csv; charset=utf-8"}}, roster_csv(*r)};
  return Response::json(200, roster_json(*r).dump() + "\n");
}

// Every invitation of the org, oldest first, with its status and link (an
// admin sees the links it could resend).
Response invitations(Call& c) {
  if (auto denied = require_manager(c)) return *denied;
  auto db = c.st.store.lock();
  auto o = db->org_by_slug(c.org);
  if (!o) return json_error(LoginReason::login_org_unknown);
  json arr = json::array();
  for (const Invitation& i : db->invitations(o->id)) arr.push_back(invitation_json(c.org, i));
  return Response::json(200, json{{"org", c.org}, {"invitations", arr}}.dump() + "\n");
}

Response audit(Call& c) {
  if (auto denied = require_manager(c)) return *denied;
  auto q = audit_query_from(c.req.query, c.org);
  if (!q) return json_error(ApiError::api_bad_filter, R"("detail":"bad audit filter")");
  auto records = c.st.audit.query(*q);
  if (!records) return json_error(records.reason());
  json arr = json::array();
  for (const AuditRecord& r : *records) arr.push_back(json::parse(to_json_line(r)));
  return Response::json(200, json{{"records", arr}}.dump() + "\n");
}

// Refusals at /sso/<slug>/... for a slug the SP has no organization for
// (login_org_unknown): a typo in an IdP's SSO URL, or a stale link, shows up
// here and nowhere else. Why any Admin or Account Owner may read them: the
// records carry the slug asked for, the time and the route, nothing from the
// request (no response is read for an organization that does not exist),
// and the admin who mistyped the slug cannot know which one to ask for.
Response unknown_org_audit(Call& c) {
  if (!c.auditor) {
    auto db = c.st.store.lock();
    bool manages = false;
    for (const Organization& o : db->orgs()) {
      auto m = db->member(o.id, c.actor);
      manages = manages || (m && can_manage_members(m->role));
    }
    if (!manages) return json_error(LoginReason::login_forbidden);
  }
  auto q = audit_query_from(c.req.query, "");
  if (!q) return json_error(ApiError::api_bad_filter, R"("detail":"bad audit filter")");
  q->org.reset();
  q->reason = std::string(spelling(LoginReason::login_org_unknown));
  auto records = c.st.audit.query(*q);
  if (!records) return json_error(records.reason());
  json arr = json::array();
  for (const AuditRecord& r : *records) arr.push_back(json::parse(to_json_line(r)));
  return Response::json(200, json{{"records", arr}}.dump() + "\n");
}

Response invite(Call& c) {
  auto role = role_from_spelling(str(c.body, "role"));
  if (!role) return json_error(ApiError::api_bad_field, R"("detail":"role must be admin, read_write or read_only")");
  auto out = c.st.accounts.invite(c.org, str(c.body, "email"), *role, c.actor);
  return answer(out, 201, [&](const Invitation& i) { return invitation_json(c.org, i); });
}

Response sso(Call& c) {
  auto o = find_org(c.st, c.org);
  if (!o) return json_error(o.reason());
  SsoSwitches s{o->sso.sso_enabled, o->sso.sso_enforced, o->sso.idp_initiated_allowed};
  auto flag = [&](const char* k, bool& v) {
    if (auto it = c.body.find(k); it != c.body.end() && it->is_boolean()) v = it->get<bool>();
  };
  flag("enabled", s.enabled);
  flag("enforced", s.enforced);
  flag("idp_initiated_allowed", s.idp_initiated_allowed);
  auto out = c.st.accounts.set_sso(c.org, s, c.actor);
  return answer(out, 200, [](const SsoSettings& x) {
    return json{{"sso_enabled", x.sso_enabled}, {"sso_enforced", x.sso_enforced},
                {"idp_initiated_allowed", x.idp_initiated_allowed}};
  });
}

Response idp_event(Call& c) {
  if (auto denied = require_manager(c)) return *denied;
  auto ev = idp_event_from(c.body, c.st.clock.now());
  if (!ev) return json_error(ApiError::api_bad_field, R"("detail":"kind must be an IdP event kind, email a string")");
  auto out = c.st.accounts.observe_idp_event(c.org, *ev);
  return answer(out, 200, [](const IdpObservation& o) { return json{{"seq", o.seq}, {"kind", spelling(o.event.kind)}}; });
}

Response org_action(Call& c, const std::vector<std::string>& seg) {
  const std::string& m = c.req.method;
  const std::string what = seg.size() > 3 ? seg[3] : "";
  if (c.auditor) {
    // Reads and observations only.
    if (seg.size() == 4 && what == "audit" && m == "GET") return audit(c);
    if (seg.size() == 4 && what == "invitations" && m == "GET") return invitations(c);
    if (seg.size() == 4 && what == "idp-events" && m == "POST") return idp_event(c);
    return json_error(LoginReason::login_forbidden, R"("detail":"an auditor token reads and observes only")");
  }
  if (seg.size() == 4 && what == "audit" && m == "GET") return audit(c);
  if (seg.size() == 4 && what == "invitations" && m == "POST") return invite(c);
  if (seg.size() == 4 && what == "invitations" && m == "GET") return invitations(c);
  if (seg.size() == 5 && what == "invitations" && seg[4] == "expire" && m == "POST") {
    if (auto denied = require_manager(c)) return *denied;
    auto out = c.st.accounts.expire_invitations(c.org);
    return answer(out, 200, [](const std::vector<Invitation>& v) { return json{{"expired", v.size()}}; });
  }
  if (seg.size() == 5 && what == "invitations" && m == "DELETE") {
    auto out = c.st.accounts.revoke_invitation(c.org, seg[4], c.actor);
    return answer(out, 200, [&](const Invitation& i) { return invitation_json(c.org, i); });
  }
  if (seg.size() == 6 && what == "members" && seg[5] == "role" && (m == "PUT" || m == "POST")) {
    auto role = role_from_spelling(str(c.body, "role"));
    if (!role) return json_error(ApiError::api_bad_field, R"("detail":"unknown role")");
    auto out = c.st.accounts.change_role(c.org, percent_decode(seg[4]), *role, c.actor);
    return answer(out, 200, member_json);
  }
  if (seg.size() == 5 && what == "members" && m == "DELETE") {
    auto out = c.st.accounts.remove_member(c.org, percent_decode(seg[4]), c.actor);
    return answer(out, 200, member_json);
  }
  if (seg.size() == 4 && what == "owner" && m == "POST") {
    auto out = c.st.accounts.transfer_ownership(c.org, str(c.body, "email"), c.actor);
    return answer(out, 200, [](const Account& a) { return json{{"account", a.name}, {"owner", a.owner_email}}; });
  }
  if (seg.size() == 4 && what == "sso" && (m == "PUT" || m == "POST")) return sso(c);
  if (seg.size() == 4 && what == "idp-events" && m == "POST") return idp_event(c);
  return Response::json(404, R"({"error":"not_found","message":"No such API endpoint or method."})" "\n");
}

}  // namespace

Response admin(const Request& req, SpState& st, const std::vector<std::string>& seg) {
  // RFC 6750 3: no credentials, bad ones and an unknown token are 401 with a
  // challenge; a known token whose member lacks the role is 403 (below).
  const core::http::BearerCredentials cred = core::http::bearer_credentials(req);
  if (cred.status != core::http::BearerStatus::ok) {
    const bool missing = cred.status == core::http::BearerStatus::missing;
    return json_error(ApiError::api_unauthorized, missing ? R"("detail":"Authorization: Bearer <admin token> required")"
                                                          : R"("detail":"the Authorization header is not Bearer <token>")")
        .set("WWW-Authenticate", core::http::bearer_challenge(kRealm, missing ? "" : "invalid_request"));
  }
  const std::string& token = cred.token;
  Call c{req, st, "", "", json::object()};
  if (auto it = st.options.auditors.find(sha256_hex(token)); it != st.options.auditors.end()) {
    c.actor = "auditor:" + it->second;
    c.auditor = true;
  } else {
    auto actor = st.accounts.admin_actor(token);
    if (!actor && actor.reason() == LoginReason::login_forbidden) {
      return json_error(ApiError::api_unauthorized, R"("detail":"unknown admin token")")
          .set("WWW-Authenticate", core::http::bearer_challenge(kRealm, "invalid_token"));
    }
    if (!actor) return json_error(actor.reason());
    c.actor = *actor;
  }
  if (!req.body.empty()) {
    c.body = json::parse(req.body, nullptr, false);
    if (c.body.is_discarded() || !c.body.is_object()) return bad_body();
  }
  if (seg.size() == 3 && seg[1] == "roster" && req.method == "GET") {
    std::string org = seg[2];
    const bool csv_suffix = org.size() > 4 && org.compare(org.size() - 4, 4, ".csv") == 0;
    if (csv_suffix) org.resize(org.size() - 4);
    c.org = org;
    const bool csv = csv_suffix || field(req.query, "format").value_or("") == "csv";
    return roster(c, csv);
  }
  if (seg.size() == 3 && seg[1] == "audit" && seg[2] == "unknown-orgs" && req.method == "GET") {
    return unknown_org_audit(c);
  }
  if (seg.size() >= 4 && seg[1] == "orgs") {
    c.org = seg[2];
    return org_action(c, seg);
  }
  return Response::json(404, R"({"error":"not_found","message":"No such API endpoint or method."})" "\n");
}

}  // namespace samlh::sp::routes
