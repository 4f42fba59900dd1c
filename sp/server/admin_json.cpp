#include "sp/server/admin_json.hpp"

#include <charconv>

#include "core/bindings.hpp"
#include "core/http/url.hpp"

namespace samlh::sp {

using nlohmann::json;

namespace {

std::string time_text(core::Instant t) { return core::format_saml_time(t); }

std::string csv_cell(std::string_view s) {
  // RFC 4180; a leading = + - @ is prefixed with ' so a spreadsheet does not
  // run it as a formula (CSV injection).
  std::string v(s);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v.insert(v.begin(), '\'');
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (const char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::optional<std::int64_t> number(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

}  // namespace

json gap_spellings(const std::vector<Gap>& gaps) {
  json a = json::array();
  for (Gap g : gaps) a.push_back(spelling(g));
  return a;
}

json member_json(const Member& m) {
  return json{{"email", m.email},
              {"role", spelling(m.role)},
              {"role_name", display_name(m.role)},
              {"origin", spelling(m.origin)},
              {"created", time_text(m.created)},
              {"first_sso_login", m.first_sso_login ? json(time_text(*m.first_sso_login)) : json(nullptr)}};
}

json invitation_json(const std::string& org, const Invitation& i) {
  return json{{"token", i.token},     {"email", i.email},
              {"role", spelling(i.role)}, {"inviter", i.inviter},
              {"created", time_text(i.created)}, {"expires", time_text(i.expires)},
              {"status", spelling(i.status)},    {"link", Invitation::link_path(org, i.token)}};
}

json roster_json(const Roster& r) {
  json members = json::array();
  for (const Member& m : r.members) members.push_back(member_json(m));
  json invitations = json::array();
  for (const Invitation& i : r.pending_invitations) {
    json j = invitation_json(r.org, i);
    j.erase("token");  // why: the token is half of what accepts the invitation
    j.erase("link");
    invitations.push_back(std::move(j));
  }
  return json{{"org", r.org}, {"members", members}, {"pending_invitations", invitations}};
}

std::string roster_csv(const Roster& r) {
  std::string out = "kind,email,role,status,inviter,created,expires\r\n";
  for (const Member& m : r.members) {
    out += "member," + csv_cell(m.email) + "," + std::string(spelling(m.role)) + ",active,," + time_text(m.created) +
           ",\r\n";
  }
  for (const Invitation& i : r.pending_invitations) {
    out += "invitation," + csv_cell(i.email) + "," + std::string(spelling(i.role)) + "," +
           std::string(spelling(i.status)) + "," + csv_cell(i.inviter) + "," + time_text(i.created) + "," +
           time_text(i.expires) + "\r\n";
  }
  return out;
}

std::optional<AuditQuery> audit_query_from(std::string_view query, const std::string& org) {
  auto form = core::parse_form(query);
  if (!form) return std::nullopt;
  AuditQuery q;
  q.org = org;
  for (const auto& [k, v] : *form) {
    if (k == "event") {
      q.event = audit_event_from_spelling(v);
      if (!q.event) return std::nullopt;  // only the table's spellings
    } else if (k == "subject") {
      q.subject = v;
    } else if (k == "reason") {
      q.reason = v;
    } else if (k == "since") {
      auto t = core::parse_rfc3339(v);
      if (!t) return std::nullopt;
      q.since = *t;
    } else if (k == "after_seq") {
      auto n = number(v);
      if (!n) return std::nullopt;
      q.after_seq = *n;
    } else if (k == "limit") {
      auto n = number(v);
      if (!n || *n > 10'000) return std::nullopt;
      q.limit = static_cast<std::size_t>(*n);
    } else {
      return std::nullopt;
    }
  }
  return q;
}

std::optional<IdpEvent> idp_event_from(const json& body, core::Instant now) {
  auto text = [&](const char* k) -> std::optional<std::string> {
    auto it = body.find(k);
    if (it == body.end()) return std::string();
    if (!it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  auto kind_text = text("kind");
  auto email = text("email");
  auto new_email = text("new_email");
  auto at = text("at");
  if (!kind_text || !email || !new_email || !at || email->empty()) return std::nullopt;
  auto kind = idp_event_kind_from_spelling(*kind_text);
  if (!kind) return std::nullopt;
  IdpEvent ev{*kind, *email, *new_email, {}, now};
  if (!at->empty()) {
    auto t = core::parse_rfc3339(*at);
    if (!t) return std::nullopt;
    ev.at = *t;
  }
  if (auto it = body.find("groups"); it != body.end()) {
    if (!it->is_array()) return std::nullopt;
    for (const json& g : *it) {
      if (!g.is_string()) return std::nullopt;
      ev.groups.push_back(g.get<std::string>());
    }
  }
  return ev;
}

std::string percent_decode(std::string_view s) {
  // A segment with a malformed escape stays as it came (it then names nobody).
  return core::http::percent_decode(s).value_or(std::string(s));
}

}  // namespace samlh::sp
