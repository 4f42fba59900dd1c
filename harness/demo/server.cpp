// DemoApp (server.hpp): the routes, and the calls to the IdP and the SP.
#include "harness/demo/server.hpp"

#include <filesystem>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "core/bindings.hpp"
#include "core/file_reader.hpp"
#include "core/http/url.hpp"
#include "harness/demo/pages.hpp"

namespace samlh::harness::demo {
namespace {

using core::http::Request;
using core::http::Response;
using nlohmann::json;

constexpr std::size_t kMaxForm = 16 * 1024;  // an attack form is a few short fields

Response page(int status, std::string html) {
  Response r = Response::html(status, std::move(html));
  r.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  r.set("Cache-Control", "no-store");
  return r;
}

Response problem(int status, const std::string& text) {
  return page(status, message(status == 404 ? "Not found" : "Bad request", text));
}

json parse_json(const core::http::ClientResponse& r) {
  if (r.status != 200) return json();
  return json::parse(r.body, nullptr, false);
}

std::string decoded(std::string_view b64) {
  auto xml = core::decode_post_value(b64);
  return xml ? std::move(xml).value() : std::string();
}

std::string str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

}  // namespace

DemoApp::DemoApp(DemoOptions options, AttackKeys keys) : options_(std::move(options)), keys_(std::move(keys)) {}

core::http::ClientResponse DemoApp::call(const std::string& base, const std::string& method, const std::string& path,
                                         const std::string* json_body, const std::string& bearer) {
  auto url = core::http::parse_url(base + path);
  if (!url) return core::http::ClientResponse{0, {}, {}, "not a URL: " + base + path};
  core::http::Headers h;
  if (json_body != nullptr) h.emplace_back("Content-Type", "application/json");
  if (!bearer.empty()) h.emplace_back("Authorization", "Bearer " + bearer);
  std::lock_guard<std::mutex> lock(mu_);
  return client_.request(method, *url, h, json_body != nullptr ? *json_body : std::string());
}

Response DemoApp::route(const Request& req) {
  if (req.path == "/" && req.method == "GET") return home();
  if (req.path == "/attack" && req.method == "POST") return attack(req);
  return problem(404, "There is nothing at this address.");
}

Response DemoApp::home() {
  HomeView v;
  v.idp_inspector = options_.idp_url + "/demo/responses";
  v.sp_inspector = options_.sp_url + "/demo/logins";
  v.vulnerable_url = options_.vulnerable_url;
  const json users = parse_json(call(options_.idp_url, "GET", "/api/v1/users", nullptr));
  const json assigned = parse_json(call(options_.idp_url, "GET", "/api/v1/apps/" + options_.app + "/users", nullptr));
  const json app = parse_json(call(options_.idp_url, "GET", "/api/v1/apps/" + options_.app, nullptr));
  const json roster =
      parse_json(call(options_.sp_url, "GET", "/api/roster/" + options_.org, nullptr, options_.sp_token));
  v.sign_in_url = str(app, "ssoUrl");
  if (!users.is_array()) v.warning = "The IdP's control API did not answer at " + options_.idp_url + ".";
  if (!roster.is_object()) v.warning += " The SP's admin API did not answer at " + options_.sp_url + " (the token?).";
  for (const json& u : users.is_array() ? users : json::array()) {
    UserRow row;
    const json& p = u.contains("profile") ? u["profile"] : json();
    row.login = str(p, "login");
    row.name = str(p, "firstName") + " " + str(p, "lastName");
    row.okta_status = str(u, "status");
    for (const json& a : assigned.is_array() ? assigned : json::array())
      if (a.contains("profile") && str(a["profile"], "login") == row.login) row.assigned = true;
    row.sp_state = "none";
    if (roster.is_object()) {
      for (const json& m : roster.value("members", json::array())) {
        if (str(m, "email") != str(p, "email")) continue;
        row.sp_state = "member";
        row.sp_role = str(m, "role_name");
      }
      for (const json& i : roster.value("pending_invitations", json::array())) {
        if (str(i, "email") != str(p, "email") || row.sp_state != "none") continue;
        row.sp_state = "pending invitation";
        row.sp_role = str(i, "role");
      }
    }
    v.users.push_back(std::move(row));
  }
  return page(200, demo::home(v));
}

Response DemoApp::attack(const Request& req) {
  if (req.body.size() > kMaxForm) return problem(400, "The form is too large.");
  auto form = core::parse_form(req.body);
  if (!form) return problem(400, "The form could not be read: " + form.failure().detail);
  const json users = parse_json(call(options_.idp_url, "GET", "/api/v1/users", nullptr));
  if (!users.is_array()) return problem(502, "The IdP's control API did not answer at " + options_.idp_url + ".");
  std::vector<std::string> logins;
  for (const json& u : users)
    if (u.contains("profile")) logins.push_back(str(u["profile"], "login"));
  AttackOrProblem parsed = parse_attack(*form, logins);
  if (!parsed.choice) return problem(parsed.problem.status, parsed.problem.message);
  const AttackChoice& c = *parsed.choice;
  if (c.target == Target::vulnerable && options_.vulnerable_url.empty())
    return problem(400, "The deliberately vulnerable SP is not running (harness demo --vulnerable-listen).");
  // A genuine response through the IdP's control API: the attacker's own, or
  // for a replay the victim's (a captured response sent again).
  const bool replay = c.mutation.find("replay") != std::string::npos;
  const std::string& whose = replay ? c.victim : c.attacker;
  const std::string body = json{{"login", whose}}.dump();
  const json minted = parse_json(call(options_.idp_url, "POST", "/api/v1/apps/" + options_.app + "/mint", &body));
  const std::string genuine = str(minted, "xml");
  if (genuine.empty()) {
    return problem(400, "The IdP would not issue a response for " + whose +
                            " (not active, or not assigned to the app): choose another attacker.");
  }
  std::string why;
  auto material = material_from(genuine, keys_, c.victim, why);
  if (!material) return problem(400, "Attack mode cannot use this response: " + why + ".");
  auto mutated = idp::apply_mutation(c.mutation, *material);
  if (!mutated) return problem(400, "The mutation could not be made: " + mutated.failure().detail);
  const idp::MutationInfo* info = idp::find_mutation(c.mutation);
  AttackView v;
  v.mutation = c.mutation;
  v.rows = std::string(info->rows);
  v.summary = std::string(info->summary);
  v.note = mutated->note;
  v.victim = c.victim;
  v.attacker = c.attacker;
  v.genuine_for = whose;
  const bool ours = c.target == Target::ours;
  v.target_label = ours ? "ours (" + options_.sp_url + ")"
                        : "the deliberately vulnerable SP (" + options_.vulnerable_url + ")";
  v.inspector = ours ? options_.sp_url + "/demo/logins" : "";
  v.untouched = genuine;
  const std::string acs = ours ? options_.sp_url + "/sso/" + options_.org + "/acs" : options_.vulnerable_url + "/acs";
  for (const idp::Post& p : mutated->posts) {
    PostView post{acs, {}};
    std::string xml;
    if (p.encoding == idp::Encoding::form) {
      auto fields = core::parse_form(p.body);
      if (fields) post.fields = *fields;
      if (const std::string* r = fields ? core::form_get(*fields, "SAMLResponse") : nullptr)
        xml = decoded(*r);
    } else {
      xml = p.encoding == idp::Encoding::xml ? p.body : decoded(p.body);
      post.fields.emplace_back("SAMLResponse", p.encoding == idp::Encoding::xml ? core::base64_encode(p.body) : p.body);
      if (p.relay_state && !p.drop_relay_state) post.fields.emplace_back("RelayState", *p.relay_state);
    }
    v.mutated = xml;
    v.posts.push_back(std::move(post));
  }
  return page(200, demo::attack(v));
}

AppUrls read_app(core::http::Client& client, const std::string& idp_url, const std::string& app) {
  auto url = core::http::parse_url(idp_url + "/api/v1/apps/" + app);
  if (!url) return {};
  const json j = parse_json(client.request("GET", *url, {}, ""));
  return AppUrls{str(j, "ssoUrl"), str(j, "metadataUrl")};
}

core::PrivateKey idp_key_from_config(const std::string& path) {
  auto text = core::read_capped(path, core::kMaxConfigFileBytes);
  if (!text) throw std::runtime_error("cannot read " + path + ": " + text.failure().detail);
  YAML::Node root;
  try {
    root = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(path + ": not YAML: " + e.what());
  }
  const YAML::Node signing = root["signing"];
  if (!signing || !signing["key"] || !signing["certificate"])
    throw std::runtime_error(path + ": no signing.key and signing.certificate");
  const auto dir = std::filesystem::path(path).parent_path();
  auto read = [&](const char* which) {
    const auto file = (dir / signing[which].as<std::string>()).string();
    auto pem = core::read_capped(file, core::kMaxConfigFileBytes);
    if (!pem) throw std::runtime_error("cannot read " + file + ": " + pem.failure().detail);
    return *pem;
  };
  auto key = core::PrivateKey::from_pem(read("key"), read("certificate"));
  if (!key) throw std::runtime_error(path + ": the signing key does not load: " + key.failure().detail);
  return *key;
}

}  // namespace samlh::harness::demo
