#include "harness/run/target_judge.hpp"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <map>

#include "attacks/mutations.hpp"
#include "core/http/url.hpp"

namespace samlh::harness {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// The checks a careful SP makes, and the one-line fixes.
struct Topic {
  const char* expected;
  const char* fix;
};
const Topic kSignature{
    "verify the IdP's signature with the certificate from its metadata and read the identity only from the "
    "element that signature covers",
    "read the NameID from the one assertion the verified signature references (by ID, exactly one match); refuse "
    "any other signed or unsigned copy"};
const Topic kKey{"verify only with the IdP's certificate from its metadata, with an allow-listed algorithm of that "
                 "key's type; never a key, certificate or HMAC secret taken from the message",
                 "pin the IdP's certificate; ignore KeyInfo; allow-list RSA-SHA256 (and stronger)"};
const Topic kEncrypted{"require a valid IdP signature on the (decrypted) assertion: encryption to the SP's public "
                       "key proves nothing about who wrote it",
                       "verify the assertion's signature after decryption and refuse an unsigned one"};
const Topic kReplay{"remember each assertion ID until its NotOnOrAfter and refuse it a second time",
                    "keep a replay cache of assertion IDs (shared by every server of the SP)"};
const Topic kCsrf{"accept a response only when its InResponseTo names a pending request this browser started "
                  "(unsolicited logins refused unless declared)",
                  "bind each AuthnRequest ID to the browser's session and require it, once, in InResponseTo"};
const Topic kDestination{"require Destination on a signed Response and compare it with this ACS URL exactly",
                         "compare Destination with the ACS URL byte for byte (after scheme/host case folding)"};
const Topic kRecipient{"require the bearer confirmation's Recipient and compare it with this ACS URL exactly",
                       "check Recipient equals the ACS URL; refuse a confirmation without one"};
const Topic kAudience{"require an AudienceRestriction and this SP's entity ID in every one of them",
                      "refuse an assertion without AudienceRestriction or with one that omits this SP"};
const Topic kIssuer{"require the IdP's entity ID as Issuer (Response and Assertion)",
                    "compare both Issuers with the trusted IdP's entity ID"};
const Topic kTime{"enforce NotBefore/NotOnOrAfter (Conditions and bearer confirmation) with a small skew",
                  "check the time window with a skew of a minute or two"};
const Topic kAge{"refuse an IssueInstant older than a few minutes", "limit the message age (e.g. 5 minutes)"};
const Topic kConfirmation{"require a bearer SubjectConfirmation whose data (Recipient, NotOnOrAfter, "
                          "InResponseTo) all hold",
                          "accept only bearer confirmations and check every field of their data"};
const Topic kStatus{"require Status Success before reading any assertion", "refuse a non-Success Status"};
const Topic kWeak{"refuse SHA-1 and MD5 digests and signatures, RSA 1.5 key transport and CBC where GCM is "
                  "wanted",
                  "allow-list SHA-256+ signatures and digests, RSA-OAEP and AES-GCM"};
const Topic kTransform{"allow only the enveloped-signature transform and exclusive c14n (without comments)",
                       "allow-list transforms and canonicalization methods"};
const Topic kDtd{"refuse any DOCTYPE (SAML messages never carry one)", "parse with DTDs and entities disabled"};
const Topic kSyntax{"follow the schema (Issuer Format, UTC timestamps, Version 2.0, an AuthnStatement)",
                    "validate the message against the SAML schema"};
const Topic kTolerance{"nothing: the content is the IdP's, the identity the one it signed",
                       "none needed (a tolerance, reported for completeness)"};
const Topic kRelay{"follow RelayState only when it is a same-origin path ('/x', not '//', no backslash, no "
                   "control character, no scheme)",
                   "redirect to RelayState only after checking it is a same-origin path; else use a default page"};
const Topic kHeader{"never write RelayState into a header unescaped (CR and LF refused)",
                    "refuse a RelayState with control characters, or percent-encode it"};

Threat make(Family f, Gain g, const Topic& t) { return Threat{f, g, t.expected, t.fix}; }

Threat attack_threat(const std::string& m) {
  using F = Family;
  using G = Gain;
  // Forgeries: no valid IdP signature covers what names the user.
  for (const char* p : {"sx1_", "sx2_", "sx3_", "ci6_", "tr7_", "ns1_", "binding_missing"}) {
    if (starts(m, p)) return make(F::forge, G::forged_accepted, kSignature);
  }
  for (const char* p : {"cf1_", "cf2_", "cf3_", "cf4_", "cf5_", "kc1_", "kc2_", "kc3_", "kc4_numeric"}) {
    if (starts(m, p)) return make(F::forge, G::forged_accepted, kKey);
  }
  for (const char* p : {"ea1_", "ea2_", "ea8_"}) {
    if (starts(m, p)) return make(F::forge, G::forged_accepted, kEncrypted);
  }
  // Positive controls: valid variants.
  for (const char* p : {"cf6_", "kc4_wrapped", "ns8_", "dt10_", "ms5_"}) {
    if (starts(m, p)) return make(F::positive, G::tolerated, kTolerance);
  }
  for (const char* p : {"ci1_", "ci2_", "ci3_", "ci4_", "ci5_"}) {
    if (starts(m, p)) return make(F::split, G::tolerated, kSignature);
  }
  for (const char* p : {"xsw", "sx4_", "sx5_", "sx8_", "ma", "ms", "cve", "id", "ns", "ea9_", "dt7_", "dt8_", "dt9_"}) {
    if (starts(m, p)) return make(F::wrap, G::tolerated, kSignature);
  }
  // Shapes only the IdP's key can make.
  for (const char* p : {"sx6_", "sx7_", "tr4_c14n", "tr4_three", "tr6_c14n", "ci7_"}) {
    if (starts(m, p)) return make(F::shape, G::tolerated, kTransform);
  }
  if (starts(m, "tr") || starts(m, "ea5_") || starts(m, "ea6_")) return make(F::shape, G::unsafe_transform_accepted, kTransform);
  if (starts(m, "al5_")) return make(F::shape, G::spec_deviation, kWeak);
  if (starts(m, "al") || starts(m, "ea3_") || starts(m, "ea4_")) return make(F::shape, G::weak_crypto_accepted, kWeak);
  if (m == "dt1_doctype" || m == "dt3_external_dtd" || m == "ea7_doctype_in_plaintext") {
    return make(F::shape, G::spec_deviation, kDtd);
  }
  if (starts(m, "dt")) return make(F::shape, G::policy_gap, kDtd);
  if (starts(m, "ds") || m == "xml_latin1_declaration" || starts(m, "binding_")) {
    return make(F::shape, G::tolerated, kTolerance);
  }
  // Protocol.
  if (starts(m, "pr1_") || starts(m, "pr2_") || starts(m, "pr3_")) return make(F::replay, G::replay_accepted, kReplay);
  for (const char* p : {"pr4_", "pr5_", "pr6_"}) {
    if (starts(m, p)) return make(F::csrf, G::csrf_accepted, kCsrf);
  }
  if (m == "pr10_destination_host_case") return make(F::shape, G::tolerated, kDestination);
  if (starts(m, "pr10_") || starts(m, "pr11_")) return make(F::shape, G::policy_gap, kDestination);
  if (starts(m, "pr12_")) return make(F::shape, G::policy_gap, kRecipient);
  if (starts(m, "pr13_") || starts(m, "pr14_") || starts(m, "pr15_")) return make(F::shape, G::policy_gap, kAudience);
  if (m == "pr16_issuer_other" || m == "pr17_issuers_differ") return make(F::shape, G::policy_gap, kIssuer);
  if (starts(m, "pr17_")) return make(F::shape, G::spec_deviation, kSyntax);
  if (starts(m, "pr18_") || starts(m, "pr19_") || starts(m, "pr20_")) return make(F::shape, G::policy_gap, kTime);
  if (starts(m, "pr21_")) return make(F::shape, G::spec_deviation, kConfirmation);
  if (starts(m, "pr22_")) return make(F::shape, G::policy_gap, kAge);
  if (starts(m, "pr8_") || starts(m, "pr23_") || starts(m, "pr24_") || starts(m, "pr25_")) {
    return make(F::shape, G::policy_gap, kConfirmation);
  }
  if (starts(m, "pr26_")) return make(F::shape, G::policy_gap, kStatus);
  if (starts(m, "pr27_") || starts(m, "pr28_") || m == "struct_issue_instant_no_zone") {
    return make(F::shape, G::spec_deviation, kSyntax);
  }
  if (m == "struct_logout_response_root") return make(F::shape, G::policy_gap, kSyntax);
  if (starts(m, "rl")) return make(F::relay, G::open_redirect, kRelay);
  // Not classified: read strictly (any session as someone else is a takeover).
  return make(F::wrap, G::tolerated, kSignature);
}

Threat format_threat(const Scenario& s) {
  using F = Family;
  using G = Gain;
  const std::string& n = s.name;
  if (s.expect.outcome != Outcome::refused) return make(F::format, G::tolerated, kTolerance);
  if (n == "sign-nothing" || n == "encrypt-unsigned") return make(F::forge, G::forged_accepted, kEncrypted);
  if (n == "rsa-sha1-refused" || n == "sha1-digest-refused" || n == "encrypt-rsa-1-5-refused" ||
      n == "encrypt-aes256-cbc-require-gcm") {
    return make(F::format, G::weak_crypto_accepted, kWeak);
  }
  if (n == "audience-trailing-slash") return make(F::format, G::policy_gap, kAudience);
  if (n == "destination-override" || n == "single-sign-on-url-mismatch") {
    return make(F::format, G::policy_gap, kDestination);
  }
  if (n == "recipient-override") return make(F::format, G::policy_gap, kRecipient);
  if (n == "issuer-override-untrusted") return make(F::format, G::policy_gap, kIssuer);
  if (starts(n, "idp-initiated-replay")) return make(F::replay, G::replay_accepted, kReplay);
  if (n == "idp-initiated-answering-unknown-request" || n == "idp-initiated-refused") {
    return make(F::csrf, G::csrf_accepted, kCsrf);
  }
  if (n == "idp-initiated-default-relay-state-absolute-url") return make(F::relay, G::open_redirect, kRelay);
  // The SP's own mapping or policy (our SP refuses these by its settings):
  // a foreign SP may choose either way.
  return make(F::format, G::tolerated, kTolerance);
}

bool same(const std::string& a, const std::string& b) { return !a.empty() && lower(a) == lower(b); }

// The text after CR LF in a RelayState, as "name: value" header lines.
std::vector<std::pair<std::string, std::string>> injected_headers(const std::string& relay) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t at = relay.find_first_of("\r\n");
  while (at != std::string::npos) {
    const std::size_t start = relay.find_first_not_of("\r\n", at);
    if (start == std::string::npos) break;
    const std::size_t end = relay.find_first_of("\r\n", start);
    const std::string line = relay.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const auto colon = line.find(':');
    if (colon != std::string::npos && colon > 0) {
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      out.emplace_back(lower(line.substr(0, colon)), value);
    }
    at = end;
  }
  return out;
}

// A Location as a browser reads it (WHATWG URL: tabs and newlines dropped,
// backslashes are slashes in http(s) URLs), resolved against the page.
std::optional<std::string> browser_location(const std::string& page, std::string loc) {
  std::erase_if(loc, [](char c) { return c == '\t' || c == '\n' || c == '\r'; });
  loc.erase(0, loc.find_first_not_of(" "));
  std::replace(loc.begin(), loc.end(), '\\', '/');
  return core::http::resolve_reference(page, loc);
}

std::optional<SecurityFinding> judge_relay(const Threat& th, const TargetSp& t, const Observed& o) {
  if (!o.relay_sent) return std::nullopt;
  SecurityFinding f;
  for (const auto& [name, value] : injected_headers(*o.relay_sent)) {
    for (const auto& x : o.exchanges) {
      for (const auto& [hn, hv] : x.reply.headers) {
        if (hn == name && hv.find(value) != std::string::npos) {
          f.gain = Gain::header_injection;
          f.seen = x.method + " " + x.url + " answered with the header '" + hn + ": " + hv +
                   "' written from the RelayState";
          f.expected = kHeader.expected;
          f.fix = kHeader.fix;
          return f;
        }
      }
    }
  }
  const std::string own = lower(t.base);
  for (const auto& x : o.exchanges) {
    const std::string* loc = x.reply.header("location");
    if (loc == nullptr || x.reply.status / 100 != 3) continue;
    const auto next = browser_location(x.url, *loc);
    const auto url = next ? core::http::parse_url(*next) : std::nullopt;
    const bool off = !url || lower(url->origin()) != own;
    if (!off) continue;
    f.gain = Gain::open_redirect;
    f.seen = x.method + " " + x.url + " answered " + std::to_string(x.reply.status) + " with Location '" + *loc +
             "' (" + (url ? "off-origin: " + url->origin() : std::string("not an http(s) URL")) + ")";
    f.expected = th.expected;
    f.fix = th.fix;
    return f;
  }
  return std::nullopt;
}

bool any_of(const std::string& x, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (x == n) return true;
  }
  return false;
}

// A finding the target's declared profile makes a choice (nullopt: none).
std::optional<std::string> declared(const Scenario& s, const TargetProfile& p, Gain& g) {
  const std::string& m = s.mutation.empty() ? s.name : s.mutation;
  const std::string from = p.source.empty() ? "the defaults" : p.source;
  if (g == Gain::weak_crypto_accepted) {
    if (p.allow_sha1 && any_of(m, {"al1_sha1_digest", "al3_rsa_sha1", "rsa-sha1-refused", "sha1-digest-refused"})) {
      return "SHA-1 accepted: declared (allow-sha1 in " + from + ")";
    }
    if (p.allow_rsa15 && any_of(m, {"ea3_rsa_1_5", "encrypt-rsa-1-5-refused"})) {
      return "RSA 1.5 key transport accepted: declared (allow-rsa15 in " + from + ")";
    }
    if (!p.require_gcm && any_of(m, {"ea4_cbc", "encrypt-aes256-cbc-require-gcm"})) {
      return "AES-CBC accepted: GCM is not declared required (require-gcm in --sp-profile tests the downgrade)";
    }
  }
  if (any_of(m, {"pr18_expired", "pr20_not_yet_valid"}) && p.skew && *p.skew >= core::Millis(181'000)) {
    g = Gain::spec_deviation;  // 181 s out: within the declared skew
  }
  if (m == "pr22_stale_issue_instant" && p.max_age && *p.max_age >= core::Millis(86'400'000)) {
    return "an IssueInstant a day old accepted: declared (max-age in " + from + ")";
  }
  return std::nullopt;
}

}  // namespace

Threat threat_of(const Scenario& s) {
  return s.kind == Kind::attack && !s.mutation.empty() ? attack_threat(s.mutation) : format_threat(s);
}

std::optional<SecurityFinding> judge_gain(const Scenario& s, const TargetSp& t, const Observed& o, std::string& note) {
  const Threat th = threat_of(s);
  SecurityFinding f;
  f.expected = th.expected;
  f.fix = th.fix;
  if (th.family == Family::relay) {
    if (auto r = judge_relay(th, t, o)) {
      r->rows = f.rows;
      return r;
    }
    // A RelayState followed only within the SP: not exploitable.
    for (const auto& x : o.exchanges) {
      const std::string* loc = x.reply.header("location");
      if (loc != nullptr && o.relay_sent && !o.relay_sent->empty() && *loc == *o.relay_sent) {
        note = "RelayState followed as a same-origin path (" + *loc + "): not an open redirect";
        return std::nullopt;
      }
    }
    if (!o.session) return std::nullopt;
  }
  if (!o.session) {
    if (th.family == Family::positive || (th.family == Family::format && s.expect.outcome == Outcome::accepted)) {
      note = "refused a valid variant (" + o.oracle + "): stricter than needed, no security effect";
    }
    return std::nullopt;
  }
  const bool as_attacker = same(o.identity, o.attacker);
  const bool as_victim = same(o.identity, o.victim);
  f.seen = "a session as " + (o.identity.empty() ? std::string("an unnamed user") : o.identity) + " (" + o.oracle + ")";
  auto finding = [&](Gain g) {
    f.gain = g;
    return std::optional<SecurityFinding>(f);
  };
  switch (th.family) {
    case Family::forge:
      return finding(as_attacker ? Gain::forged_accepted : Gain::identity_takeover);
    case Family::wrap:
      if (as_attacker) {
        note = "logged in the attacker, whom the IdP signed for: the SP read the signed content";
        return std::nullopt;
      }
      return finding(Gain::identity_takeover);
    case Family::split:
      if (as_victim) return finding(Gain::identity_takeover);
      note = "logged in the identity the IdP signed (" + o.identity + "), not the truncated victim";
      return std::nullopt;
    case Family::positive:
      if (as_attacker) return std::nullopt;
      return finding(Gain::identity_takeover);
    case Family::replay:
      return finding(Gain::replay_accepted);
    case Family::csrf:
      if (t.profile.idp_initiated && (s.mutation == "pr5_in_response_to_missing" ||
                                      s.mutation == "pr5_unsigned_in_response_to" || s.name == "idp-initiated-refused")) {
        note = "an unsolicited response accepted: declared allowed (" + t.profile.source + ")";
        return std::nullopt;
      }
      return finding(Gain::csrf_accepted);
    case Family::relay:
      return std::nullopt;
    case Family::shape:
    case Family::format:
      if (!as_attacker && !as_victim && th.family == Family::shape && s.kind == Kind::attack) {
        // Someone the scenario never named: not the shape's signed identity.
        return finding(Gain::identity_takeover);
      }
      if (th.family == Family::format && s.expect.outcome == Outcome::accepted) return std::nullopt;
      f.gain = th.gain;
      if (auto d = declared(s, t.profile, f.gain)) {
        note = *d;
        return std::nullopt;
      }
      return f;
  }
  return std::nullopt;
}

}  // namespace samlh::harness
