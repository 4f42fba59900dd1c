// Lifecycle steps: the closed vocabulary of actions (SCENARIOS.md).
#include <map>
#include <set>

#include "harness/scenario/yaml_reader.hpp"

namespace samlh::harness::detail {
namespace {

// Each verb: which argument keys it takes; "_" means a bare scalar form.
struct Verb {
  std::set<std::string> keys;
  std::set<std::string> required;
  bool scalar_form = false;  // `deactivate: dave@acme.test`
  std::string scalar_key;    // the key a bare scalar stands for
};

const std::map<std::string, Verb>& idp_verbs() {
  static const std::map<std::string, Verb> v = {
      {"create_user", {{"login", "email", "first_name", "last_name", "groups", "password"}, {"login"}, false, ""}},
      {"deactivate", {{"login"}, {"login"}, true, "login"}},
      {"reactivate", {{"login"}, {"login"}, true, "login"}},
      {"suspend", {{"login"}, {"login"}, true, "login"}},
      {"unsuspend", {{"login"}, {"login"}, true, "login"}},
      {"assign", {{"login", "group"}, {}, true, "login"}},
      {"unassign", {{"login", "group"}, {}, true, "login"}},
      {"rename_email", {{"login", "email"}, {"login", "email"}, false, ""}},
      {"rename_login", {{"login", "new_login"}, {"login", "new_login"}, false, ""}},
      {"set_groups", {{"login", "groups"}, {"login", "groups"}, false, ""}},
      {"app_settings", {{}, {}, false, ""}},
      {"rotate_certificate", {{}, {}, true, "value"}},
  };
  return v;
}

const std::map<std::string, Verb>& sp_verbs() {
  static const std::map<std::string, Verb> v = {
      {"invite", {{"email", "role", "by"}, {"email", "role", "by"}, false, ""}},
      {"revoke", {{"email", "by"}, {"email", "by"}, false, ""}},
      {"change_role", {{"email", "role", "by"}, {"email", "role", "by"}, false, ""}},
      {"remove", {{"email", "by"}, {"email", "by"}, false, ""}},
      {"transfer_owner", {{"to", "by"}, {"to", "by"}, false, ""}},
      {"set_sso", {{"enabled", "enforced", "idp_initiated_allowed", "by"}, {"by"}, false, ""}},
      {"password_login", {{"email", "password"}, {"email", "password"}, false, ""}},
      {"signup", {{"email", "password"}, {"email", "password"}, false, ""}},
      {"expire_invitations", {{}, {}, true, "value"}},
  };
  return v;
}

void read_verb(const Reader& r, const YAML::Node& n, const std::map<std::string, Verb>& verbs, Action& a,
               const std::string& where) {
  r.require_map(n, "'" + where + "'");
  if (n.size() != 1) r.error(n, "'" + where + "' takes exactly one verb");
  const auto kv = *n.begin();
  a.verb = kv.first.as<std::string>();
  auto it = verbs.find(a.verb);
  if (it == verbs.end()) {
    std::string list;
    for (const auto& [name, v] : verbs) list += (list.empty() ? "" : ", ") + name;
    r.error(kv.first, "unknown " + where + " action '" + a.verb + "' (expected one of: " + list + ")");
  }
  const Verb& verb = it->second;
  const YAML::Node args = kv.second;
  if (a.verb == "app_settings") {
    a.settings = r.settings(args, "app_settings");
    return;
  }
  if (args.IsScalar()) {
    if (!verb.scalar_form) r.error(args, "'" + a.verb + "' needs a mapping of arguments");
    a.fields[verb.scalar_key] = args.as<std::string>();
    return;
  }
  r.require_map(args, "'" + a.verb + "'");
  for (const auto& arg : args) {
    const std::string key = arg.first.as<std::string>();
    if (!verb.keys.count(key)) r.error(arg.first, "unknown key '" + key + "' for " + where + " " + a.verb);
    if (key == "groups") {
      a.list = r.list(arg.second, key);
    } else {
      a.fields[key] = r.str(arg.second, key);
    }
  }
  for (const std::string& req : verb.required) {
    if (!args[req]) r.error(args, where + " " + a.verb + " needs '" + req + "'");
  }
  if (a.fields.count("role") && !sp::role_from_spelling(a.fields["role"])) {
    r.error(args["role"], "unknown role '" + a.fields["role"] + "'");
  }
  if ((a.verb == "assign" || a.verb == "unassign") && a.fields.count("login") == a.fields.count("group")) {
    r.error(args, a.verb + " takes either 'login' or 'group'");
  }
}

}  // namespace

Action parse_action(const Reader& r, const YAML::Node& step) {
  Action a;
  static const std::vector<std::pair<std::string, Action::Type>> kTypes = {
      {"idp", Action::Type::idp},     {"sp", Action::Type::sp},       {"login", Action::Type::login},
      {"logout", Action::Type::logout}, {"visit", Action::Type::visit}, {"advance", Action::Type::advance}};
  int found = 0;
  for (const auto& [key, type] : kTypes) {
    const YAML::Node n = step[key];
    if (!n) continue;
    ++found;
    a.type = type;
    switch (type) {
      case Action::Type::idp:
        read_verb(r, n, idp_verbs(), a, "idp");
        break;
      case Action::Type::sp:
        read_verb(r, n, sp_verbs(), a, "sp");
        break;
      case Action::Type::login:
        r.require_map(n, "'login'");
        r.only(n, {"user", "flow", "via_invitation", "relay_state", "password", "passive"}, "login");
        if (!n["user"]) r.error(n, "login needs 'user'");
        for (const auto& kv : n) a.fields[kv.first.as<std::string>()] = r.str(kv.second, kv.first.as<std::string>());
        if (a.fields.count("flow") && a.fields["flow"] != "sp_initiated" && a.fields["flow"] != "idp_initiated") {
          r.error(n["flow"], "flow must be sp_initiated or idp_initiated");
        }
        if (a.fields.count("via_invitation")) {
          // true/false, the email of the invitation to open (someone else's
          // link), or made_up (a link whose token the SP never issued)
          std::string& v = a.fields["via_invitation"];
          if (v == "yes") v = "true";
          if (v == "no") v = "false";
          if (v != "true" && v != "false" && v != "made_up" && v.find('@') == std::string::npos) {
            r.error(n["via_invitation"], "via_invitation is true, false, an email or made_up, not '" + v + "'");
          }
        }
        if (a.fields.count("passive")) {
          a.fields["passive"] = r.boolean(n["passive"], "passive") ? "true" : "false";
          const bool other_start = (a.fields.count("flow") && a.fields["flow"] == "idp_initiated") ||
                                   (a.fields.count("via_invitation") && a.fields["via_invitation"] != "false");
          if (a.fields["passive"] == "true" && other_start) {
            r.error(n["passive"], "passive (IsPassive) is a plain SP-initiated login: no idp_initiated flow, no via_invitation");
          }
        }
        break;
      case Action::Type::logout:
      case Action::Type::visit:
        r.require_map(n, "'" + key + "'");
        r.only(n, {"user"}, key);
        if (!n["user"]) r.error(n, key + " needs 'user'");
        a.fields["user"] = r.str(n["user"], "user");
        break;
      case Action::Type::advance: {
        const std::string d = r.str(n, "advance");
        auto ms = parse_duration(d);
        if (!ms || ms->count() <= 0) r.error(n, "advance takes a positive duration like 30s, 5m, 2h, 30d, not '" + d + "'");
        a.duration = *ms;
        break;
      }
      case Action::Type::none:
        break;
    }
  }
  if (found > 1) r.error(step, "a step has at most one action (idp, sp, login, logout, visit, advance)");
  return a;
}

}  // namespace samlh::harness::detail
