// Lifecycle steps: the closed vocabulary of actions (SCENARIOS.md).
#include <array>
#include <map>
#include <set>
#include <type_traits>

#include "harness/scenario/yaml_reader.hpp"

namespace samlh::harness::detail {
namespace {

// Each verb: which argument keys it takes, in enum order (the spelling
// tables check the enums are dense; the sizes below tie the specs to them).
struct VerbSpec {
  std::set<std::string> keys;
  std::set<std::string> required;
  bool scalar_form = false;  // `deactivate: dave@acme.test`
  std::string scalar_key;    // the key a bare scalar stands for
};

const std::array<VerbSpec, kIdpVerbSpellings.size()>& specs(IdpVerb) {
  static const std::array<VerbSpec, kIdpVerbSpellings.size()> k{{
      {{"login", "email", "first_name", "last_name", "groups", "password"}, {"login"}, false, ""},  // create_user
      {{"login"}, {"login"}, true, "login"},                                                       // deactivate
      {{"login"}, {"login"}, true, "login"},                                                       // reactivate
      {{"login"}, {"login"}, true, "login"},                                                       // suspend
      {{"login"}, {"login"}, true, "login"},                                                       // unsuspend
      {{"login", "group"}, {}, true, "login"},                                                     // assign
      {{"login", "group"}, {}, true, "login"},                                                     // unassign
      {{"login", "email"}, {"login", "email"}, false, ""},                                         // rename_email
      {{"login", "new_login"}, {"login", "new_login"}, false, ""},                                 // rename_login
      {{"login", "groups"}, {"login", "groups"}, false, ""},                                       // set_groups
      {{}, {}, false, ""},                                                                         // app_settings
      {{}, {}, true, "value"},                                                                     // rotate_certificate
  }};
  return k;
}

const std::array<VerbSpec, kSpVerbSpellings.size()>& specs(SpVerb) {
  static const std::array<VerbSpec, kSpVerbSpellings.size()> k{{
      {{"email", "role", "by"}, {"email", "role", "by"}, false, ""},                       // invite
      {{"email", "by"}, {"email", "by"}, false, ""},                                       // revoke
      {{"email", "role", "by"}, {"email", "role", "by"}, false, ""},                       // change_role
      {{"email", "by"}, {"email", "by"}, false, ""},                                       // remove
      {{"to", "by"}, {"to", "by"}, false, ""},                                             // transfer_owner
      {{"enabled", "enforced", "idp_initiated_allowed", "by"}, {"by"}, false, ""},         // set_sso
      {{"email", "password"}, {"email", "password"}, false, ""},                           // password_login
      {{"email", "password"}, {"email", "password"}, false, ""},                           // signup
      {{}, {}, true, "value"},                                                             // expire_invitations
  }};
  return k;
}

// Reads `{verb: arguments}` into a.verb, the typed verb and its arguments.
template <class Verb, std::size_t N>
Verb read_verb(const Reader& r, const YAML::Node& n, const core::SpellingTable<Verb, N>& verbs, Action& a,
               const std::string& where) {
  r.require_map(n, "'" + where + "'");
  if (n.size() != 1) r.fail(n, "'" + where + "' takes exactly one verb");
  const auto kv = *n.begin();
  a.verb = kv.first.Scalar();
  const auto verb = verbs.parse(a.verb);
  if (!verb) {
    std::string list;
    for (const auto& row : verbs.rows()) list += (list.empty() ? "" : ", ") + std::string(row.spelling);
    r.fail(kv.first, "unknown " + where + " action '" + a.verb + "' (expected one of: " + list + ")");
  }
  const VerbSpec& spec = specs(*verb)[static_cast<std::size_t>(*verb)];
  const YAML::Node args = kv.second;
  if constexpr (std::is_same_v<Verb, IdpVerb>) {
    if (*verb == IdpVerb::app_settings) {
      a.settings = r.app_settings(args, "app_settings");
      return *verb;
    }
  }
  if (args.IsScalar()) {
    if (!spec.scalar_form) r.fail(args, "'" + a.verb + "' needs a mapping of arguments");
    a.fields[spec.scalar_key] = args.Scalar();
    return *verb;
  }
  r.require_map(args, "'" + a.verb + "'");
  for (const auto& arg : args) {
    const std::string key = arg.first.Scalar();
    if (!spec.keys.count(key)) r.fail(arg.first, "unknown key '" + key + "' for " + where + " " + a.verb);
    if (key == "groups") {
      a.list = r.one_or_more(arg.second, key);
    } else {
      a.fields[key] = r.str(arg.second, key);
    }
  }
  for (const std::string& req : spec.required) {
    if (!args[req]) r.fail(args, where + " " + a.verb + " needs '" + req + "'");
  }
  if (a.fields.count("role") && !sp::role_from_spelling(a.fields["role"])) {
    r.fail(args["role"], "unknown role '" + a.fields["role"] + "'");
  }
  if constexpr (std::is_same_v<Verb, IdpVerb>) {
    if ((*verb == IdpVerb::assign || *verb == IdpVerb::unassign) && a.fields.count("login") == a.fields.count("group")) {
      r.fail(args, a.verb + " takes either 'login' or 'group'");
    }
  }
  return *verb;
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
        a.idp_verb = read_verb(r, n, kIdpVerbSpellings, a, "idp");
        break;
      case Action::Type::sp:
        a.sp_verb = read_verb(r, n, kSpVerbSpellings, a, "sp");
        break;
      case Action::Type::login:
        r.require_map(n, "'login'");
        r.keys(n, {"user", "flow", "via_invitation", "relay_state", "password", "passive"}, "login");
        if (!n["user"]) r.fail(n, "login needs 'user'");
        for (const auto& kv : n) a.fields[kv.first.as<std::string>()] = r.str(kv.second, kv.first.as<std::string>());
        if (a.fields.count("flow") && !kFlowSpellings.parse(a.fields["flow"])) {
          r.fail(n["flow"], "flow must be sp_initiated or idp_initiated");
        }
        if (a.fields.count("via_invitation")) {
          // true/false, the email of the invitation to open (someone else's
          // link), or made_up (a link whose token the SP never issued)
          std::string& v = a.fields["via_invitation"];
          if (v == "yes") v = "true";
          if (v == "no") v = "false";
          if (v != "true" && v != "false" && v != "made_up" && v.find('@') == std::string::npos) {
            r.fail(n["via_invitation"], "via_invitation is true, false, an email or made_up, not '" + v + "'");
          }
        }
        if (a.fields.count("passive")) {
          a.fields["passive"] = r.boolean(n["passive"], "passive") ? "true" : "false";
          const bool other_start = (a.fields.count("flow") && a.fields["flow"] == "idp_initiated") ||
                                   (a.fields.count("via_invitation") && a.fields["via_invitation"] != "false");
          if (a.fields["passive"] == "true" && other_start) {
            r.fail(n["passive"], "passive (IsPassive) is a plain SP-initiated login: no idp_initiated flow, no via_invitation");
          }
        }
        break;
      case Action::Type::logout:
      case Action::Type::visit:
        r.require_map(n, "'" + key + "'");
        r.keys(n, {"user"}, key);
        if (!n["user"]) r.fail(n, key + " needs 'user'");
        a.fields["user"] = r.str(n["user"], "user");
        break;
      case Action::Type::advance: {
        const std::string d = r.str(n, "advance");
        auto ms = core::parse_duration(d);
        if (!ms || ms->count() <= 0) r.fail(n, "advance takes a positive duration like 30s, 5m, 2h, 30d (SCENARIOS.md), not '" + d + "'");
        a.duration = *ms;
        break;
      }
      case Action::Type::none:
        break;
    }
  }
  if (found > 1) r.fail(step, "a step has at most one action (idp, sp, login, logout, visit, advance)");
  return a;
}

}  // namespace samlh::harness::detail
