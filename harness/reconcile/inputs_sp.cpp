// The SP side: Hotjar's team member list as an admin copies it (members
// only: invitees are not listed until they accept [H2]) and our SP's roster
// export, CSV or JSON (sp/server/admin_json.cpp roster_csv / roster_json).
#include <nlohmann/json.hpp>

#include <set>

#include "harness/reconcile/inputs.hpp"
#include "harness/reconcile/table.hpp"

namespace samlh::harness::reconcile {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxJsonDepth = 16;

// Our SP's CSV export prefixes a cell that starts with = + - @ with a quote
// so a spreadsheet does not run it as a formula; this undoes it.
std::string unescape_formula(const std::string& cell) {
  if (cell.size() >= 2 && cell[0] == '\'' && std::string_view("=+-@").find(cell[1]) != std::string_view::npos) {
    return cell.substr(1);
  }
  return cell;
}

InputError bad(const Evidence& at, std::string detail) {
  InputError e = input_error(Problem::bad_value, at.file, at.line, std::move(detail));
  if (!at.pointer.empty()) e.detail = at.pointer + ": " + e.detail;
  return e;
}

std::optional<InputError> check_email(const Evidence& at, const std::string& email) {
  if (email.empty()) return bad(at, "an empty email");
  if (email.find('@') == std::string::npos) return bad(at, "'" + email + "' is not an email address");
  return std::nullopt;
}

Loaded<Role> role_of(const Evidence& at, const std::string& text) {
  auto r = parse_role(text);
  if (!r) return bad(at, "unknown role '" + text + "' (read_only, read_write, admin, account_owner or Hotjar's names)");
  return *r;
}

// Duplicates (ASCII case aside) are refused: one roster lists a person once.
std::optional<InputError> check_unique(const SpRoster& r) {
  std::set<std::string> seen;
  for (const auto& m : r.members) {
    if (!seen.insert(lower_ascii(m.email)).second) {
      InputError e = input_error(Problem::duplicate, m.at.file, m.at.line, "member '" + m.email + "' is listed twice");
      return e;
    }
  }
  seen.clear();
  for (const auto& i : r.invitations) {
    if (!seen.insert(lower_ascii(i.email)).second) {
      return input_error(Problem::duplicate, i.at.file, i.at.line, "invitation for '" + i.email + "' is listed twice");
    }
  }
  return std::nullopt;
}

std::optional<InputError> read_sp_row(SpRoster& r, const ColumnMap& m, const Row& row, const std::string& file) {
  const Evidence at{file, row.line, {}};
  const std::string kind = lower_ascii(m.get(row, Field::kind));
  const std::string email = unescape_formula(m.get(row, Field::email));
  if (auto e = check_email(at, email)) return e;
  auto role = role_of(at, m.get(row, Field::role));
  if (!role) return std::move(role).error();
  const std::string status = lower_ascii(m.get(row, Field::sp_status));
  if (kind == "member") {
    if (status != "active") return bad(at, "member status '" + status + "' (our SP exports 'active')");
    r.members.push_back(SpMember{at, email, {}, *role});
    return std::nullopt;
  }
  if (kind != "invitation") return bad(at, "kind '" + kind + "' (expected member or invitation)");
  if (status != "pending" && status != "accepted" && status != "revoked" && status != "expired") {
    return bad(at, "invitation status '" + status + "' (pending, accepted, revoked or expired)");
  }
  SpInvitation inv{at, email, *role, unescape_formula(m.get(row, Field::inviter)), std::nullopt};
  if (const auto& ex = m.get(row, Field::expires); !ex.empty()) {
    auto t = parse_timestamp(ex);
    if (!t) return bad(at, "expires '" + ex + "' is not an ISO 8601 timestamp");
    inv.expires = *t;
  }
  if (status == "pending") r.invitations.push_back(std::move(inv));
  return std::nullopt;
}

Loaded<SpRoster> from_table(const Table& t) {
  auto m = detect_shape(t, Side::sp);
  if (!m) return std::move(m).error();
  SpRoster r;
  r.source = InputInfo{t.file, m->shape, t.rows.size()};
  r.lists_invitations = m->shape == Shape::sp_roster_csv;
  for (const Row& row : t.rows) {
    if (m->shape == Shape::sp_roster_csv) {
      if (auto e = read_sp_row(r, *m, row, t.file)) return std::move(*e);
      continue;
    }
    const Evidence at{t.file, row.line, {}};
    const std::string& email = m->get(row, Field::email);
    if (auto e = check_email(at, email)) return std::move(*e);
    auto role = role_of(at, m->get(row, Field::role));
    if (!role) return std::move(role).error();
    r.members.push_back(SpMember{at, email, m->get(row, Field::user_name), *role});
  }
  return r;
}

// Nesting depth outside strings; a cheap guard before the JSON parser.
std::size_t json_depth(std::string_view text) {
  std::size_t depth = 0;
  std::size_t max = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      max = std::max(max, ++depth);
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return max;
}

std::string text_at(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Loaded<SpRoster> from_json(std::string_view text, const std::string& file) {
  const auto bad_json = [&](std::string d) { return input_error(Problem::bad_json, file, 0, std::move(d)); };
  if (json_depth(text) > kMaxJsonDepth) return bad_json("nested deeper than the roster shape allows");
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return bad_json("not valid JSON");
  if (!doc.is_object() || !doc.contains("members") || !doc["members"].is_array() ||
      !doc.contains("pending_invitations") || !doc["pending_invitations"].is_array()) {
    return bad_json("not our SP's roster: expected {\"org\", \"members\": [...], \"pending_invitations\": [...]}");
  }
  SpRoster r;
  r.org = text_at(doc, "org");
  r.source = InputInfo{file, Shape::sp_roster_json, doc["members"].size() + doc["pending_invitations"].size()};
  const json& members = doc["members"];
  for (std::size_t i = 0; i < members.size(); ++i) {
    const Evidence at{file, 0, "/members/" + std::to_string(i)};
    if (!members[i].is_object()) return bad(at, "a member must be an object");
    const std::string email = text_at(members[i], "email");
    if (auto e = check_email(at, email)) return std::move(*e);
    auto role = role_of(at, text_at(members[i], "role"));
    if (!role) return std::move(role).error();
    r.members.push_back(SpMember{at, email, {}, *role});
  }
  const json& invitations = doc["pending_invitations"];
  for (std::size_t i = 0; i < invitations.size(); ++i) {
    const Evidence at{file, 0, "/pending_invitations/" + std::to_string(i)};
    if (!invitations[i].is_object()) return bad(at, "an invitation must be an object");
    SpInvitation inv{at, text_at(invitations[i], "email"), Role::read_only, text_at(invitations[i], "inviter"), {}};
    if (auto e = check_email(at, inv.email)) return std::move(*e);
    auto role = role_of(at, text_at(invitations[i], "role"));
    if (!role) return std::move(role).error();
    inv.role = *role;
    if (const std::string ex = text_at(invitations[i], "expires"); !ex.empty()) {
      auto t = parse_timestamp(ex);
      if (!t) return bad(at, "expires '" + ex + "' is not an ISO 8601 timestamp");
      inv.expires = *t;
    }
    const std::string status = text_at(invitations[i], "status");
    if (status.empty() || status == "pending") r.invitations.push_back(std::move(inv));
  }
  return r;
}

}  // namespace

bool starts_json(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

std::string Evidence::text() const {
  if (!pointer.empty()) return file + "#" + pointer;
  return line == 0 ? file : file + ":" + std::to_string(line);
}

Loaded<SpRoster> parse_sp_text(std::string_view text, const std::string& file) {
  auto checked = check_text(text, file);
  if (!checked) return std::move(checked).error();
  Loaded<SpRoster> r = [&]() -> Loaded<SpRoster> {
    if (starts_json(text)) return from_json(text, file);
    auto table = parse_table(text, file);
    if (!table) return std::move(table).error();
    return from_table(*table);
  }();
  if (!r) return r;
  if (auto e = check_unique(*r)) return std::move(*e);
  return r;
}

Loaded<SpRoster> load_sp_file(const std::string& path) {
  auto text = read_capped(path);
  if (!text) return std::move(text).error();
  return parse_sp_text(*text, path);
}

}  // namespace samlh::harness::reconcile
