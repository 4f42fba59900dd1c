#include "harness/run/target_judge.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "attacks/mutations.hpp"
#include "core/http/url.hpp"

namespace samlh::harness {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

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

const Topic& topic(Check c) {
  switch (c) {
    case Check::signature: return kSignature;
    case Check::key: return kKey;
    case Check::encrypted: return kEncrypted;
    case Check::replay: return kReplay;
    case Check::csrf: return kCsrf;
    case Check::destination: return kDestination;
    case Check::recipient: return kRecipient;
    case Check::audience: return kAudience;
    case Check::issuer: return kIssuer;
    case Check::time: return kTime;
    case Check::age: return kAge;
    case Check::confirmation: return kConfirmation;
    case Check::status: return kStatus;
    case Check::weak: return kWeak;
    case Check::transform: return kTransform;
    case Check::dtd: return kDtd;
    case Check::syntax: return kSyntax;
    case Check::tolerance: return kTolerance;
    case Check::relay: return kRelay;
  }
  return kSignature;
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

// A finding the target's declared profile makes a choice (nullopt: none);
// the scenario names the profile key that may (`target.declared_by`).
std::optional<std::string> declared(const Scenario& s, const TargetProfile& p, Gain& g) {
  if (!s.target.declared_by) return std::nullopt;
  const std::string from = p.source.empty() ? "the defaults" : p.source;
  switch (*s.target.declared_by) {
    case ProfileKey::allow_sha1:
      if (p.allow_sha1) return "SHA-1 accepted: declared (allow-sha1 in " + from + ")";
      break;
    case ProfileKey::allow_rsa15:
      if (p.allow_rsa15) return "RSA 1.5 key transport accepted: declared (allow-rsa15 in " + from + ")";
      break;
    case ProfileKey::allow_3des:
      if (p.allow_3des) return "3DES-CBC accepted: declared (allow-3des in " + from + ")";
      break;
    case ProfileKey::require_gcm:
      if (!p.require_gcm) {
        return "AES-CBC accepted: GCM is not declared required (require-gcm in --sp-profile tests the downgrade)";
      }
      break;
    case ProfileKey::skew:
      if (p.skew && *p.skew >= core::Millis(181'000)) g = Gain::spec_deviation;  // 181 s out: within the skew
      break;
    case ProfileKey::max_age:
      if (p.max_age && *p.max_age >= core::Millis(86'400'000)) {
        return "an IssueInstant a day old accepted: declared (max-age in " + from + ")";
      }
      break;
    case ProfileKey::allow_idp_initiated:
      if (p.idp_initiated) return "an unsolicited response accepted: declared allowed (" + from + ")";
      break;
  }
  return std::nullopt;
}

}  // namespace

Threat threat_of(const Scenario& s) {
  const Topic& t = topic(s.target.check);
  return Threat{s.target.family, s.target.gain, t.expected, t.fix};
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
    case Family::csrf: {
      Gain g = Gain::csrf_accepted;
      if (auto d = declared(s, t.profile, g)) {
        note = *d;
        return std::nullopt;
      }
      return finding(g);
    }
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
