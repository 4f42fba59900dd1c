// Private to the server's sources: the handlers route() dispatches to, and
// the small helpers they share. Each handler is a function of the request
// and SpState; none keeps state of its own.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/cookies.hpp"
#include "core/http/http_server.hpp"
#include "sp/server/reason_http.hpp"
#include "sp/server/server.hpp"

namespace samlh::sp::routes {

using core::http::Request;
using core::http::Response;

// --- helpers (server.cpp)
Response error_page(const HttpError& e);
// {"error": spelling, "message": sentence} plus `extra` members.
Response json_error(const HttpError& e, std::string extra_members = {});
bool wants_json(const Request& req);
// A query or form field; nullopt when absent or the text is malformed.
std::optional<std::string> field(std::string_view urlencoded, std::string_view name);
// The organization (store lock held inside); login_org_unknown / login_store_failed.
LoginResult<Organization> find_org(SpState& st, const std::string& slug);
std::string set_cookie(const core::http::SetCookie& c);
// 429 with Retry-After: a client over one of SpOptions::limits.
Response too_many(const Request& req, std::chrono::seconds wait);

// --- SSO (routes_sso.cpp, routes_acs.cpp, routes_slo.cpp)
Response sso_login(const Request& req, SpState& st, const std::string& org, std::optional<std::string> invitation);
Response acs(const Request& req, SpState& st, const std::string& org);
Response metadata(const Request& req, SpState& st, const std::string& org);
// The same metadata on an HTML page (/sso/<org>/metadata/view); the file's
// address above stays as it is (target mode reads it).
Response metadata_view(const Request& req, SpState& st, const std::string& org);
Response slo(const Request& req, SpState& st, const std::string& org);

// --- pages (routes_app.cpp)
Response index(const Request& req, SpState& st);
Response app(const Request& req, SpState& st, bool json);
Response password_login(const Request& req, SpState& st);
Response signup(const Request& req, SpState& st);
Response logout(const Request& req, SpState& st);

// --- the what-if SCIM endpoint (routes_scim.cpp): everything under /scim/
Response scim(const Request& req, SpState& st, const std::vector<std::string>& segments);
// --- demo mode (routes_demo.cpp): the login inspector under /demo/, the
// banner of every HTML page, and what the ACS and login routes record
Response demo(const Request& req, SpState& st, const std::vector<std::string>& segments);
void demo_banner(Response& res);
// The request just sent (`res`: its redirect or POST form) to the browser of
// binding token `browser`.
void demo_request_sent(SpState& st, const std::string& browser, const Response& res, const std::string& xml,
                       const std::string& relay_state, RequestBinding binding);
// Keeps an ACS answer; returns the login's inspector id.
std::uint64_t demo_keep_login(SpState& st, const std::string& org, const std::string& binding_cookie,
                              const AcsAnswer& a);

// --- admin API (routes_admin.cpp): everything under /api/
Response admin(const Request& req, SpState& st, const std::vector<std::string>& segments);

}  // namespace samlh::sp::routes
