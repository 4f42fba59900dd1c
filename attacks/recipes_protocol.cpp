// Protocol rows (PR-*) and RelayState (RL-*): the message stays validly
// signed by the IdP; what it says is wrong.
#include <functional>
#include <string>

#include "attacks/mutation_util.hpp"
#include "attacks/recipes.hpp"

namespace samlh::idp::recipes {
namespace {

using namespace mut;
namespace ns = core::ns;
using Edit = std::function<void(Doc&)>;

MutationResult<Mutated> edit(const MutationMaterial& m, const Edit& e, std::string note,
                           std::optional<SigningVariant> forced = std::nullopt) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  e(*d);
  if (auto st = sign_variant(*d, forced.value_or(m.variant), m); !st) return st.failure();
  return one(dump(*d), std::move(note));
}

core::Instant issued(const Doc& d) {
  return core::parse_saml_time(core::attr(d.response, "IssueInstant")).value_or(core::Instant{});
}
std::string shifted(const Doc& d, std::chrono::seconds by) { return core::format_saml_time(issued(d) + by); }

void set_in_response_to(Doc& d, const std::string& v) {
  set_attr(d.response, "InResponseTo", v);
  if (xmlNode* scd = confirmation_data(d)) set_attr(scd, "InResponseTo", v);
}

void set_destination(Doc& d, const std::function<std::string(std::string)>& f) {
  set_attr(d.response, "Destination", f(core::attr(d.response, "Destination")));
}

xmlNode* status_code(Doc& d) { return samlp_child(samlp_child(d.response, "Status"), "StatusCode"); }

MutationResult<Mutated> relay(const MutationMaterial& m, std::string relay_state, std::string note) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  if (auto st = sign_variant(*d, m.variant, m); !st) return st.failure();
  Mutated out = one(dump(*d), std::move(note));
  out.posts.front().relay_state = std::move(relay_state);
  return out;
}

}  // namespace

// --- replay ------------------------------------------------------------------------
MutationResult<Mutated> pr1_replay(const MutationMaterial& m) {
  auto r = edit(m, [](Doc&) {}, "PR-1: the same valid response posted twice");
  if (r) r->posts.push_back(r->posts.front());
  return r;
}
MutationResult<Mutated> pr2_replay_new_wrapper(const MutationMaterial& m) {
  auto d = load(m.unsigned_xml);
  if (!d) return d.failure();
  if (auto st = sign_element(d->assertion, m.idp_key, m.sign_options); !st) return st.failure();
  Mutated out = one(dump(*d), "PR-2: the signed assertion again, in a fresh unsigned Response");
  set_attr(d->response, "ID", core::attr(d->response, "ID") + "9");
  out.posts.push_back(as_post(dump(*d)));
  return out;
}
MutationResult<Mutated> pr3_one_time_use_replay(const MutationMaterial& m) {
  auto r = edit(
      m,
      [](Doc& d) {
        xmlNode* c = conditions(d);
        xmlAddChild(c, new_element(c, ns::kSaml, "saml2", "OneTimeUse"));
      },
      "PR-3: OneTimeUse, posted twice");
  if (r) r->posts.push_back(r->posts.front());
  return r;
}

// --- InResponseTo -------------------------------------------------------------------
MutationResult<Mutated> pr4_in_response_to_other(const MutationMaterial& m) {
  return edit(m, [](Doc& d) { set_in_response_to(d, "_OTHER_REQUEST"); }, "PR-4: InResponseTo names another request");
}
MutationResult<Mutated> pr5_in_response_to_missing(const MutationMaterial& m) {
  return edit(
      m,
      [](Doc& d) {
        remove_attr(d.response, "InResponseTo");
        if (xmlNode* scd = confirmation_data(d)) remove_attr(scd, "InResponseTo");
      },
      "PR-5 / PR-9: InResponseTo removed (an unsolicited response)");
}
MutationResult<Mutated> pr5_unsigned_in_response_to(const MutationMaterial& m) {
  return edit(
      m, [](Doc& d) { remove_attr(confirmation_data(d), "InResponseTo"); },
      "PR-5 variant: an unsolicited signed assertion in an unsigned Response claiming InResponseTo",
      SigningVariant::assertion);
}
MutationResult<Mutated> pr6_posted_from_another_browser(const MutationMaterial& m) {
  // Login CSRF: the attacker's own valid response, answering the attacker's
  // request, auto-posted by a page in the victim's browser, which never
  // started a login (no request binding cookie).
  auto r = edit(m, [](Doc&) {}, "PR-6: a valid response posted from a browser that did not start the login");
  if (r) r->posts.front().fresh_browser = true;
  return r;
}
MutationResult<Mutated> pr8_in_response_to_differ(const MutationMaterial& m) {
  return edit(
      m, [](Doc& d) { set_attr(confirmation_data(d), "InResponseTo", "_OTHER_REQUEST"); },
      "PR-8: the Response and the bearer confirmation answer different requests");
}

// --- Destination, Recipient, Audience, Issuer ---------------------------------------
MutationResult<Mutated> pr10_destination_other(const MutationMaterial& m) {
  return edit(m, [](Doc& d) { set_destination(d, [](std::string) { return "https://other-sp.test/acs"; }); },
              "PR-10: Destination is another SP's ACS");
}
MutationResult<Mutated> pr10_destination_http(const MutationMaterial& m) {
  return edit(
      m,
      [](Doc& d) {
        set_destination(d, [](std::string s) {
          if (s.rfind("https://", 0) == 0) {
            s.erase(4, 1);  // https -> http
          } else if (s.rfind("http://", 0) == 0) {
            s.insert(4, "s");  // http -> https
          } else {
            s += "x";
          }
          return s;
        });
      },
      "PR-10: Destination with the other scheme (http/https)");
}
MutationResult<Mutated> pr10_destination_trailing_slash(const MutationMaterial& m) {
  return edit(m, [](Doc& d) { set_destination(d, [](std::string s) { return s + "/"; }); },
              "PR-10: Destination with a trailing slash");
}
MutationResult<Mutated> pr10_destination_host_case(const MutationMaterial& m) {
  return edit(
      m,
      [](Doc& d) {
        set_destination(d, [](std::string s) {
          const std::string before = s;
          const auto host = s.find("://");
          if (host != std::string::npos && host + 3 < s.size()) {
            for (std::size_t i = host + 3; i < s.size() && s[i] != '/' && s[i] != ':'; ++i) {
              s[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
            }
          }
          // An IP literal has no case: change the scheme's case instead.
          if (s == before) {
            for (std::size_t i = 0; i < s.size() && s[i] != ':'; ++i) {
              s[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
            }
          }
          return s;
        });
      },
      "PR-10: Destination host (or, for an IP literal, scheme) in upper case");
}
MutationResult<Mutated> pr10_destination_port(const MutationMaterial& m) {
  return edit(
      m,
      [](Doc& d) {
        set_destination(d, [](std::string s) {
          const auto host = s.find("://");
          const auto path = s.find('/', host == std::string::npos ? 0 : host + 3);
          const std::string port = s.rfind("https", 0) == 0 ? ":443" : ":80";
          if (path == std::string::npos) return s + port;
          const auto colon = s.find(':', host + 3);
          if (colon != std::string::npos && colon < path) return s.substr(0, colon) + ":1" + s.substr(colon + 1);
          return s.substr(0, path) + port + s.substr(path);
        });
      },
      "PR-10: Destination with an explicit or different port");
}
MutationResult<Mutated> pr10_destination_query(const MutationMaterial& m) {
  return edit(m, [](Doc& d) { set_destination(d, [](std::string s) { return s + "?x=1"; }); },
              "PR-10: Destination with a query string");
}
MutationResult<Mutated> pr11_destination_missing(const MutationMaterial& m) {
  return edit(m, [](Doc& d) { remove_attr(d.response, "Destination"); },
              "PR-11: a signed Response without Destination", SigningVariant::both);
}
MutationResult<Mutated> pr12_recipient_other(const MutationMaterial& m) {
  return edit(m, [](Doc& d) { set_attr(confirmation_data(d), "Recipient", "https://other-sp.test/acs"); },
              "PR-12: Recipient is another SP's ACS");
}
MutationResult<Mutated> pr12_recipient_missing(const MutationMaterial& m) {
  return edit(m, [](Doc& d) { remove_attr(confirmation_data(d), "Recipient"); }, "PR-12: no Recipient");
}
MutationResult<Mutated> pr13_audience_other(const MutationMaterial& m) {
  return edit(
      m,
      [](Doc& d) {
        xmlNode* aud = saml_child(saml_child(conditions(d), "AudienceRestriction"), "Audience");
        set_text(aud, "https://other-sp.test/metadata");
      },
      "PR-13: Audience is another SP");
}
MutationResult<Mutated> pr14_audience_missing(const MutationMaterial& m) {
  return edit(m, [](Doc& d) { remove_node(saml_child(conditions(d), "AudienceRestriction")); },
              "PR-14: no AudienceRestriction");
}
MutationResult<Mutated> pr15_two_audience_restrictions(const MutationMaterial& m) {
  return edit(
      m,
      [](Doc& d) {
        xmlNode* ar = saml_child(conditions(d), "AudienceRestriction");
        xmlNode* other = deep_copy(ar);
        set_text(saml_child(other, "Audience"), "https://other-sp.test/metadata");
        xmlAddNextSibling(ar, other);
      },
      "PR-15: two AudienceRestrictions, one without this SP");
}
MutationResult<Mutated> pr16_issuer_other(const MutationMaterial& m) {
  return edit(
      m,
      [](Doc& d) {
        set_text(saml_child(d.response, "Issuer"), "http://www.okta.com/exkOTHERIDP00000000");
        set_text(saml_child(d.assertion, "Issuer"), "http://www.okta.com/exkOTHERIDP00000000");
      },
      "PR-16: another IdP's Issuer, signed with this IdP's key");
}
MutationResult<Mutated> pr17_response_issuer_missing(const MutationMaterial& m) {
  return edit(m, [](Doc& d) { remove_node(saml_child(d.response, "Issuer")); },
              "PR-17: a signed Response without Issuer", SigningVariant::both);
}
MutationResult<Mutated> pr17_issuers_differ(const MutationMaterial& m) {
  return edit(m, [](Doc& d) { set_text(saml_child(d.response, "Issuer"), "http://www.okta.com/exkOTHERIDP00000000"); },
              "PR-17: the Response and Assertion Issuers differ");
}
MutationResult<Mutated> pr17_issuer_format(const MutationMaterial& m) {
  return edit(
      m,
      [](Doc& d) {
        set_attr(saml_child(d.assertion, "Issuer"), "Format", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
      },
      "PR-17: the Assertion Issuer has a Format other than entity");
}

// --- time ---------------------------------------------------------------------------------
MutationResult<Mutated> pr18_expired(const MutationMaterial& m) {
  return edit(
      m, [](Doc& d) { set_attr(conditions(d), "NotOnOrAfter", shifted(d, -std::chrono::seconds{181})); },
      "PR-18: Conditions NotOnOrAfter = IssueInstant - 181 s (past the default skew)");
}
MutationResult<Mutated> pr19_confirmation_expired(const MutationMaterial& m) {
  return edit(
      m, [](Doc& d) { set_attr(confirmation_data(d), "NotOnOrAfter", shifted(d, -std::chrono::seconds{181})); },
      "PR-19: the bearer NotOnOrAfter has passed, Conditions still open");
}
MutationResult<Mutated> pr20_not_yet_valid(const MutationMaterial& m) {
  return edit(
      m, [](Doc& d) { set_attr(conditions(d), "NotBefore", shifted(d, std::chrono::seconds{600})); },
      "PR-20: Conditions NotBefore = IssueInstant + 10 min (beyond any sane skew)");
}
MutationResult<Mutated> pr21_confirmation_not_before(const MutationMaterial& m) {
  return edit(
      m, [](Doc& d) { set_attr(confirmation_data(d), "NotBefore", shifted(d, -std::chrono::seconds{60})); },
      "PR-21: NotBefore on the bearer SubjectConfirmationData (MUST NOT)");
}
MutationResult<Mutated> pr22_stale_issue_instant(const MutationMaterial& m) {
  return edit(
      m,
      [](Doc& d) {
        const std::string old = shifted(d, -std::chrono::hours{24});
        set_attr(d.response, "IssueInstant", old);
        set_attr(d.assertion, "IssueInstant", old);
      },
      "PR-22: IssueInstant a day old, Conditions still open");
}

// --- subject confirmation, status, statements, version ------------------------------------
MutationResult<Mutated> pr23_holder_of_key(const MutationMaterial& m) {
  return edit(
      m,
      [](Doc& d) {
        set_attr(saml_child(subject(d), "SubjectConfirmation"), "Method", "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key");
      },
      "PR-23: holder-of-key instead of bearer");
}
MutationResult<Mutated> pr23_sender_vouches(const MutationMaterial& m) {
  return edit(
      m,
      [](Doc& d) {
        set_attr(saml_child(subject(d), "SubjectConfirmation"), "Method", "urn:oasis:names:tc:SAML:2.0:cm:sender-vouches");
      },
      "PR-23: sender-vouches instead of bearer");
}
MutationResult<Mutated> pr24_confirmation_data_missing(const MutationMaterial& m) {
  return edit(m, [](Doc& d) { remove_node(confirmation_data(d)); }, "PR-24: no SubjectConfirmationData");
}
MutationResult<Mutated> pr25_only_invalid_bearers(const MutationMaterial& m) {
  return edit(
      m,
      [](Doc& d) {
        xmlNode* sc = saml_child(subject(d), "SubjectConfirmation");
        xmlNode* second = deep_copy(sc);
        xmlAddNextSibling(sc, second);
        set_attr(saml_child(sc, "SubjectConfirmationData"), "Recipient", "https://other-sp.test/acs");
        set_attr(saml_child(second, "SubjectConfirmationData"), "NotOnOrAfter", shifted(d, -std::chrono::seconds{181}));
      },
      "PR-25: two bearer confirmations, each failing one check");
}
MutationResult<Mutated> pr26_status_requester(const MutationMaterial& m) {
  return edit(m, [](Doc& d) { set_attr(status_code(d), "Value", "urn:oasis:names:tc:SAML:2.0:status:Requester"); },
              "PR-26: Status Requester with a valid assertion present");
}
MutationResult<Mutated> pr26_status_authn_failed(const MutationMaterial& m) {
  return edit(
      m,
      [](Doc& d) {
        xmlNode* code = status_code(d);
        set_attr(code, "Value", "urn:oasis:names:tc:SAML:2.0:status:Responder");
        xmlNode* sub = new_element(code, ns::kSamlp, "saml2p", "StatusCode");
        set_attr(sub, "Value", "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed");
        xmlAddChild(code, sub);
      },
      "PR-26: Status Responder/AuthnFailed with a valid assertion present");
}
MutationResult<Mutated> pr27_no_authn_statement(const MutationMaterial& m) {
  return edit(m, [](Doc& d) { remove_node(saml_child(d.assertion, "AuthnStatement")); }, "PR-27: no AuthnStatement");
}
MutationResult<Mutated> pr28_version_1_1(const MutationMaterial& m) {
  return edit(
      m,
      [](Doc& d) {
        set_attr(d.response, "Version", "1.1");
        set_attr(d.assertion, "Version", "1.1");
      },
      "PR-28: Version 1.1");
}

// --- message type and timestamps (re-signed, so only the shape is wrong) ------------
MutationResult<Mutated> struct_logout_response_root(const MutationMaterial& m) {
  return edit(
      m, [](Doc& d) { xmlNodeSetName(d.response, core::as_xml("LogoutResponse")); },
      "struct: the root renamed to samlp:LogoutResponse (another message type), then signed");
}
MutationResult<Mutated> struct_issue_instant_no_zone(const MutationMaterial& m) {
  return edit(
      m,
      [](Doc& d) {
        std::string t = core::attr(d.response, "IssueInstant");
        if (!t.empty() && t.back() == 'Z') t.pop_back();
        set_attr(d.response, "IssueInstant", t);
      },
      "struct: the Response IssueInstant without 'Z' (a local time, SAML Core 1.3.3), then signed");
}


// --- RelayState -------------------------------------------------------------------------------
MutationResult<Mutated> rl1_off_site(const MutationMaterial& m) {
  return relay(m, "https://evil.example/", "RL-1: RelayState points off-site");
}
MutationResult<Mutated> rl2_protocol_relative(const MutationMaterial& m) {
  return relay(m, "//evil.example/", "RL-2: a protocol-relative RelayState");
}
MutationResult<Mutated> rl2_backslash(const MutationMaterial& m) {
  return relay(m, "/\\evil.example", "RL-2: '/\\' that browsers read as '//'");
}
MutationResult<Mutated> rl2_tab(const MutationMaterial& m) { return relay(m, "/\t/evil.example", "RL-2: a tab inside the path"); }
MutationResult<Mutated> rl2_javascript(const MutationMaterial& m) {
  return relay(m, "javascript:alert(1)", "RL-2: a javascript: URL");
}
MutationResult<Mutated> rl2_crlf(const MutationMaterial& m) {
  return relay(m, "/app\r\nSet-Cookie: x=1", "RL-2: CR LF (header injection)");
}
MutationResult<Mutated> rl3_oversize(const MutationMaterial& m) {
  return relay(m, "/" + std::string(80, 'a'), "RL-3: an 81-byte RelayState");
}
MutationResult<Mutated> rl4_swapped(const MutationMaterial& m) {
  return relay(m, "/swapped-by-attacker", "RL-4: a RelayState other than the one sent with the request");
}

MutationResult<Mutated> rl4_dropped(const MutationMaterial& m) {
  auto r = relay(m, "", "RL-4 variant: the RelayState sent with the request does not come back");
  if (r) {
    r->posts.front().relay_state.reset();
    r->posts.front().drop_relay_state = true;
  }
  return r;
}

}  // namespace samlh::idp::recipes
