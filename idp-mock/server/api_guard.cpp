#include "idp-mock/server/api_guard.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "core/http/bearer.hpp"

namespace samlh::idp {

using core::http::Request;
using core::http::Response;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

Response refuse(int status, const std::string& code, const std::string& summary) {
  return Response::json(status, nlohmann::json{{"errorCode", code}, {"errorSummary", summary}}.dump(2) + "\n");
}

// The host of a Host header value: "[::1]:7000" -> "[::1]", "a.test:80" -> "a.test".
std::string host_part(const std::string& authority) {
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    return close == std::string::npos ? authority : authority.substr(0, close + 1);
  }
  return authority.substr(0, authority.find(':'));
}

bool host_allowed(const ApiGuard& g, const std::string& host) {
  const std::string h = lower(host);
  if (h == "localhost" || h == "127.0.0.1" || h == "[::1]") return true;
  return std::any_of(g.host_names.begin(), g.host_names.end(), [&](const std::string& n) {
    const std::string name = lower(n);
    return name == h || (name.find(':') != std::string::npos && name.front() != '[' && "[" + name + "]" == h);
  });
}

bool is_json(const std::string* content_type) {
  if (content_type == nullptr) return false;
  const std::string t = lower(content_type->substr(0, content_type->find(';')));
  const auto end = t.find_last_not_of(" \t");
  return t.substr(0, end == std::string::npos ? 0 : end + 1) == "application/json";
}

using nlohmann::json;

std::optional<std::string> type_error(const json& j, const char* field, json::value_t want, const char* what) {
  const auto it = j.find(field);
  if (it == j.end()) return std::nullopt;
  const bool ok = want == json::value_t::number_integer
                      ? it->is_number_integer() &&
                            !(it->is_number_unsigned() &&
                              it->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
                      : it->type() == want;
  if (ok) return std::nullopt;
  return "'" + std::string(field) + "' must be " + what;
}

}  // namespace

std::optional<std::string> wrong_field_type(const Request& req) {
  if (req.body.empty() || req.path.ends_with("/settings")) return std::nullopt;
  const json j = json::parse(req.body, nullptr, false);
  if (!j.is_object()) return std::nullopt;  // the handlers answer that one
  for (const char* f : {"login", "email", "password", "firstName", "lastName", "displayName", "status", "name",
                        "description", "acs", "in_response_to", "now"}) {
    if (auto e = type_error(j, f, json::value_t::string, "a string")) return e;
  }
  for (const char* f : {"profile", "credentials"}) {
    if (auto e = type_error(j, f, json::value_t::object, "an object")) return e;
  }
  for (const char* f : {"offset_ms", "offset_seconds"}) {
    if (auto e = type_error(j, f, json::value_t::number_integer, "an integer")) return e;
  }
  if (auto e = type_error(j, "members", json::value_t::array, "a list of logins")) return e;
  if (j.contains("members")) {
    for (const json& m : j["members"]) {
      if (!m.is_string()) return "'members' must be a list of logins (strings)";
    }
  }
  if (j.contains("profile")) {
    if (auto e = type_error(j["profile"], "login", json::value_t::string, "a string")) return "profile: " + *e;
  }
  if (j.contains("credentials")) {
    const json& c = j["credentials"];
    if (auto e = type_error(c, "password", json::value_t::object, "an object")) return "credentials: " + *e;
    if (c.contains("password")) {
      if (auto e = type_error(c["password"], "value", json::value_t::string, "a string")) {
        return "credentials.password: " + *e;
      }
    }
  }
  return std::nullopt;
}

std::optional<Response> guard_control_api(const ApiGuard& guard, const Request& req) {
  // In-process calls (tests, the harness's in-process world) come from no
  // peer and carry what their transport sets; network ones always have a peer.
  const std::string* host = req.header("host");
  if (host == nullptr ? !req.remote.empty() : !host_allowed(guard, host_part(*host))) {
    return refuse(421, "E0000015", "the control API answers only to this server's own host names");
  }
  if (req.method == "OPTIONS") {
    return refuse(405, "E0000022", "OPTIONS is not answered: the control API allows no cross-origin calls")
        .set("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE");
  }
  if (!guard.token.empty()) {
    const auto cred = core::http::bearer_credentials(req);
    if (cred.status != core::http::BearerStatus::ok || cred.token != guard.token) {
      const char* error = cred.status == core::http::BearerStatus::missing   ? ""
                          : cred.status == core::http::BearerStatus::malformed ? "invalid_request"
                                                                               : "invalid_token";
      return refuse(401, "E0000011", "Authorization: Bearer <control API token> required")
          .set("WWW-Authenticate", core::http::bearer_challenge("idp-mock control API", error));
    }
  }
  if (req.method == "GET" || req.method == "HEAD") return std::nullopt;
  if (const std::string* origin = req.header("origin")) {
    const bool same = host != nullptr && lower(*origin) == "http://" + lower(*host);
    if (!same) return refuse(403, "E0000006", "cross-origin request refused: Origin " + *origin);
  }
  if (req.method == "POST" && !is_json(req.header("content-type"))) {
    return refuse(415, "E0000003", "the control API takes Content-Type: application/json");
  }
  return std::nullopt;
}

bool is_loopback_address(const std::string& address) {
  const std::string a = lower(address);
  if (a == "localhost" || a == "::1" || a == "[::1]") return true;
  return a.rfind("127.", 0) == 0 && a.find_first_not_of("0123456789.") == std::string::npos;
}

std::optional<std::string> remote_listen_refusal(const std::string& address, bool allow_remote,
                                                 const std::string& token) {
  if (is_loopback_address(address)) return std::nullopt;
  if (!allow_remote) {
    return "listen.address " + address + " is not loopback: the control API has no accounts; give --allow-remote "
           "and a control API token (IDP_MOCK_API_TOKEN) to serve it off-host";
  }
  if (token.size() < 32) {
    return "--allow-remote needs a control API token of at least 32 characters in IDP_MOCK_API_TOKEN";
  }
  return std::nullopt;
}

}  // namespace samlh::idp
