// status, issuer, destination, conditions, in_response_to, authn_statement,
// relay_state, replay: the protocol checks on the verified message.
#include <algorithm>
#include <string>

#include "core/xml.hpp"
#include "sp/validator/validator_context.hpp"

namespace samlh::sp::detail {
namespace {

using core::Reason;
namespace ns = core::ns;

constexpr std::string_view kSuccess = "urn:oasis:names:tc:SAML:2.0:status:Success";
constexpr std::string_view kEntityFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity";

std::string fmt(core::Instant t) { return core::format_saml_time(t); }

// Issuer value and Format (Profiles 4.1.4.2: Format omitted or entity).
core::Status check_one_issuer(const xmlNode* issuer, const std::string& expected, const char* where) {
  const std::string format = core::attr(issuer, "Format");
  if (!format.empty() && format != kEntityFormat) {
    return core::fail(Reason::issuer_mismatch, std::string(where) + " Issuer Format " + format);
  }
  if (!expected.empty() && core::text(issuer) != expected) {
    return core::fail(Reason::issuer_mismatch, std::string(where) + " Issuer '" + core::text(issuer) + "', expected '" +
                                                   expected + "'");
  }
  return {};
}

}  // namespace

Outcome check_status(ValidationContext& c) {
  const xmlNode* status = core::child(c.response, ns::kSamlp, "Status");
  const xmlNode* code = core::child(status, ns::kSamlp, "StatusCode");
  const std::string value = core::attr(code, "Value");
  // Core 3.2.2.2: only a top-level Success means the IdP vouches for the user.
  if (value != kSuccess) {
    const std::string sub = core::attr(core::child(code, ns::kSamlp, "StatusCode"), "Value");
    return Outcome::fail(Reason::status_not_success, value + (sub.empty() ? "" : " / " + sub));
  }
  return Outcome::pass("Success");
}

Outcome check_issuer(ValidationContext& c) {
  const xmlNode* resp_issuer = core::child(c.response, ns::kSaml, "Issuer");
  const xmlNode* a_issuer = core::child(c.assertion, ns::kSaml, "Issuer");
  if (a_issuer == nullptr || core::text(a_issuer).empty()) return Outcome::fail(Reason::issuer_missing, "Assertion without Issuer");
  // Profiles 4.1.4.2: a signed Response, or one with an encrypted assertion, MUST carry an Issuer.
  if (resp_issuer == nullptr && (c.response_signature != nullptr || c.encrypted_assertion != nullptr)) {
    return Outcome::fail(Reason::issuer_missing, "signed or encrypted Response without Issuer");
  }
  const std::string& expected = c.settings.idp_entity_id;
  if (resp_issuer != nullptr) {
    if (auto st = check_one_issuer(resp_issuer, expected, "Response"); !st) return Outcome::from(st.failure());
    if (core::text(resp_issuer) != core::text(a_issuer)) {
      return Outcome::fail(Reason::issuer_mismatch, "Response Issuer differs from the Assertion Issuer");
    }
  }
  if (auto st = check_one_issuer(a_issuer, expected, "Assertion"); !st) return Outcome::from(st.failure());
  c.identity.issuer = core::text(a_issuer);
  if (expected.empty()) {
    return Outcome::skip("issuer '" + c.identity.issuer + "' not compared: no IdP entity ID configured");
  }
  return Outcome::pass(c.identity.issuer);
}

Outcome check_destination(ValidationContext& c) {
  if (!core::has_attr(c.response, "Destination")) {
    // Bindings 3.5.5.2: a signed message MUST carry Destination.
    if (c.response_signature != nullptr) return Outcome::fail(Reason::dest_missing, "signed Response without Destination");
    return Outcome::pass("no Destination (the Response is unsigned)");
  }
  const std::string dest = core::attr(c.response, "Destination");
  // Exact comparison (Core 1.3.1): no case folding, no trailing-slash or port games (PR-10).
  if (dest != c.settings.acs_url) {
    return Outcome::fail(Reason::dest_mismatch, "Destination '" + dest + "', expected '" + c.settings.acs_url + "'");
  }
  return Outcome::pass(dest);
}

Outcome check_conditions(ValidationContext& c) {
  const auto skew = std::chrono::duration_cast<core::Millis>(c.settings.skew);
  const auto max_age = std::chrono::duration_cast<core::Millis>(c.settings.max_issue_age);
  for (const xmlNode* n : {static_cast<const xmlNode*>(c.response), static_cast<const xmlNode*>(c.assertion)}) {
    const core::Instant issued = *core::parse_saml_time(core::attr(n, "IssueInstant"));
    if (issued > c.now + skew) return Outcome::fail(Reason::cond_issue_instant, "IssueInstant " + fmt(issued) + " is in the future");
    if (issued + max_age + skew < c.now) {
      return Outcome::fail(Reason::cond_issue_instant, "IssueInstant " + fmt(issued) + " is older than the limit");
    }
  }
  const xmlNode* cond = core::child(c.assertion, ns::kSaml, "Conditions");
  // Profiles 4.1.4.2: the assertion MUST carry an AudienceRestriction.
  if (cond == nullptr) return Outcome::fail(Reason::cond_audience_missing, "no Conditions");
  if (core::has_attr(cond, "NotBefore")) {
    const auto nb = core::parse_saml_time(core::attr(cond, "NotBefore"));
    if (!nb) return Outcome::fail(Reason::struct_invalid_time, "NotBefore '" + core::attr(cond, "NotBefore") + "'");
    if (c.now + skew < *nb) return Outcome::fail(Reason::cond_not_yet_valid, "NotBefore " + fmt(*nb) + ", now " + fmt(c.now));
  }
  if (core::has_attr(cond, "NotOnOrAfter")) {
    const auto noa = core::parse_saml_time(core::attr(cond, "NotOnOrAfter"));
    if (!noa) return Outcome::fail(Reason::struct_invalid_time, "NotOnOrAfter '" + core::attr(cond, "NotOnOrAfter") + "'");
    // NotOnOrAfter is exclusive (Core 2.5.1.2).
    if (c.now - skew >= *noa) return Outcome::fail(Reason::cond_expired, "NotOnOrAfter " + fmt(*noa) + ", now " + fmt(c.now));
    c.expires = c.expires == core::Instant{} ? *noa : std::min(c.expires, *noa);
  }
  std::size_t restrictions = 0;
  for (xmlNode* ch : core::elements(cond)) {
    if (core::is_element(ch, ns::kSaml, "AudienceRestriction")) {
      ++restrictions;
      bool found = false;
      std::string named;  // what this restriction names, for the detail
      for (xmlNode* aud : core::elements(ch)) {
        if (!core::is_element(aud, ns::kSaml, "Audience")) continue;
        const std::string value = core::text(aud);
        if (value == c.settings.sp_entity_id) found = true;
        named += (named.empty() ? "'" : ", '") + value + "'";
      }
      // Core 2.5.1.4: every AudienceRestriction must be satisfied (PR-15).
      if (!found) {
        return Outcome::fail(Reason::cond_audience_mismatch,
                             "an AudienceRestriction names " + (named.empty() ? std::string("no Audience") : named) +
                                 ", not the expected '" + c.settings.sp_entity_id + "'");
      }
    } else if (!core::is_element(ch, ns::kSaml, "OneTimeUse") && !core::is_element(ch, ns::kSaml, "ProxyRestriction")) {
      // Core 2.5.1.5: a condition we do not understand makes the assertion invalid.
      return Outcome::fail(Reason::struct_schema, "unknown condition " + std::string(core::local_name(ch)));
    }
  }
  if (restrictions == 0) return Outcome::fail(Reason::cond_audience_missing, "no AudienceRestriction");
  return Outcome::pass("audience '" + c.settings.sp_entity_id + "' in " + std::to_string(restrictions) +
                       " restriction(s); valid at " + fmt(c.now) + " (skew " + std::to_string(c.settings.skew.count()) + " s)");
}

Outcome check_in_response_to(ValidationContext& c) {
  const bool resp_has = core::has_attr(c.response, "InResponseTo");
  const std::string resp = core::attr(c.response, "InResponseTo");
  const std::string& scd = c.in_response_to;  // from the accepted bearer confirmation (signed)
  if (resp_has && !scd.empty() && resp != scd) {
    return Outcome::fail(Reason::inresp_mismatch, "Response says '" + resp + "', bearer confirmation says '" + scd + "'");
  }
  // Only signed content decides whether a response was solicited: an
  // InResponseTo on an unsigned Response around an unsolicited assertion is
  // ignored, so it cannot turn an IdP-initiated assertion into an answer to
  // someone's request (Profiles 4.1.4.2 puts the binding value in the signed
  // SubjectConfirmationData).
  const std::string value = !scd.empty() ? scd : (c.response_verified ? resp : std::string{});
  c.identity.in_response_to = value;
  if (!value.empty()) {
    if (c.settings.request_id) {
      if (value != *c.settings.request_id) {
        return Outcome::fail(Reason::inresp_mismatch, "answers '" + value + "', expected '" + *c.settings.request_id + "'");
      }
      return Outcome::pass("answers request " + value);
    }
    if (c.settings.any_in_response_to) {
      c.weak.push_back(core::Weakness::any_in_response_to);
      return Outcome::pass("answers '" + value + "' (not compared: --any-in-response-to, weak)");
    }
    return Outcome::fail(Reason::inresp_unexpected, "answers '" + value + "' but no request ID is known");
  }
  const std::string ignored = resp_has ? " (the unsigned Response's InResponseTo was ignored)" : "";
  if (!c.settings.allow_idp_initiated) {
    return Outcome::fail(Reason::inresp_unsolicited, "unsolicited response; IdP-initiated login is not allowed" + ignored);
  }
  return Outcome::pass("unsolicited (IdP-initiated) response, allowed by policy" + ignored);
}

Outcome check_authn_statement(ValidationContext& c) {
  const xmlNode* st = core::child(c.assertion, ns::kSaml, "AuthnStatement");
  // Profiles 4.1.4.2: at least one AuthnStatement.
  if (st == nullptr) return Outcome::fail(Reason::authn_statement_missing, "no AuthnStatement");
  const auto instant = core::parse_saml_time(core::attr(st, "AuthnInstant"));
  if (!instant) return Outcome::fail(Reason::struct_invalid_time, "AuthnInstant '" + core::attr(st, "AuthnInstant") + "'");
  if (core::has_attr(st, "SessionNotOnOrAfter")) {
    const auto end = core::parse_saml_time(core::attr(st, "SessionNotOnOrAfter"));
    if (!end) return Outcome::fail(Reason::struct_invalid_time, "SessionNotOnOrAfter");
    if (c.now - std::chrono::duration_cast<core::Millis>(c.settings.skew) >= *end) {
      return Outcome::fail(Reason::cond_expired, "SessionNotOnOrAfter " + fmt(*end) + " has passed");
    }
  }
  c.identity.authn_instant = *instant;
  c.identity.session_index = core::attr(st, "SessionIndex");
  const std::string ctx =
      core::text(core::child(core::child(st, ns::kSaml, "AuthnContext"), ns::kSaml, "AuthnContextClassRef"));
  return Outcome::pass("AuthnInstant " + fmt(*instant) + (ctx.empty() ? "" : ", " + ctx));
}

Outcome check_relay_state(ValidationContext& c) {
  if (!c.relay_state && c.settings.relay_state_unknown) return Outcome::skip(*c.settings.relay_state_unknown);
  if (!c.relay_state) {
    // Bindings 3.5.3: a RelayState sent with the request MUST come back unchanged.
    if (c.settings.expected_relay_state) {
      return Outcome::fail(Reason::binding_relay_state, "the RelayState sent with the request did not come back");
    }
    return Outcome::skip("no RelayState");
  }
  const std::string& rs = *c.relay_state;
  if (c.settings.expected_relay_state && rs != *c.settings.expected_relay_state) {
    return Outcome::fail(Reason::binding_relay_state, "RelayState differs from the one sent with the request");
  }
  // Bindings 3.4.3/3.5.3: at most 80 bytes.
  if (rs.size() > 80) return Outcome::fail(Reason::binding_relay_state, std::to_string(rs.size()) + " bytes (limit 80)");
  for (const char ch : rs) {
    const auto u = static_cast<unsigned char>(ch);
    if (u < 0x20 || u == 0x7F || u >= 0x80) return Outcome::fail(Reason::binding_relay_state, "control or non-ASCII character");
  }
  if (c.settings.relay_state == RelayStatePolicy::local_path) {
    // Only a same-origin path: "/x" but never "//host", "/\host" or any backslash (RL-1, RL-2).
    const bool ok = !rs.empty() && rs[0] == '/' && (rs.size() == 1 || (rs[1] != '/' && rs[1] != '\\')) &&
                    rs.find('\\') == std::string::npos;
    if (!ok) return Outcome::fail(Reason::binding_relay_state, "not a same-origin path");
  }
  return Outcome::pass(rs);
}

Outcome check_replay(ValidationContext& c) {
  if (c.replay == nullptr) return Outcome::skip("no replay cache");
  const std::string id = core::attr(c.assertion, "ID");
  // Profiles 4.1.4.5: keyed on the Assertion ID, kept until it expires (PR-1, PR-2).
  if (!c.replay->remember(c.identity.issuer, id, c.expires, c.now)) {
    return Outcome::fail(Reason::replay_assertion, "assertion " + id + " was already used");
  }
  return Outcome::pass("assertion " + id + " first seen; remembered until " + fmt(c.expires));
}

}  // namespace samlh::sp::detail
