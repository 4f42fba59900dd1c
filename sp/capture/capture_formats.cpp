// HAR and SAML-tracer captures: where the SAML messages sit in each format.
//
// HAR 1.2 (browser DevTools "Save all as HAR", proxies): log.entries[] in
// request order; entry.request.url carries an HTTP-Redirect message in its
// query; entry.request.postData carries a POST form, as `text` (the raw
// x-www-form-urlencoded body; base64 of it when postData.encoding is
// "base64") or, when there is no text, as `params` [{name, value}].
//
// SAML-tracer (simplesamlphp/SAML-tracer, src/SAMLTraceIO.js exportRequests:
// JSON.stringify({requests, timestamp})): each request is the extension's
// SAMLTrace.Request: method, url, requestId (legacy exports: id), get
// ([name, value] pairs, decoded), post ([name, value] pairs, decoded;
// postData {name: [values]} before parsing), protocol ("SAML-P"), saml (the
// decoded XML), samlart, and response status and headers. The export
// profiles "hash" and "obfuscate" replace every post value by
// "{hash:...}" / "{obf:alternative_N}" but keep `saml`; the decoded `saml`
// field is then used, as raw XML.
#include "sp/capture/capture_formats.hpp"

#include <algorithm>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/bindings.hpp"
#include "core/xml.hpp"

namespace samlh::sp::detail {
namespace {

using nlohmann::json;
namespace ns = core::ns;

constexpr std::size_t kMaxUrlInSource = 160;

std::string str(const json& o, const char* key) {
  if (!o.is_object()) return {};
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// "har entry 4: POST https://sp/acs"; a query is shown as "?..." (it is
// the message itself, and can be kilobytes long).
std::string source(std::string_view what, std::size_t index, std::string_view method, std::string_view url) {
  const std::size_t q = url.find_first_of("?#");
  std::string u(url.substr(0, std::min(q, kMaxUrlInSource)));
  if (q != std::string_view::npos) u += url[q] == '?' ? "?..." : "";
  else if (url.size() > kMaxUrlInSource) u += "...";
  std::string s = std::string(what) + " " + std::to_string(index + 1);
  if (!method.empty() || !u.empty()) s += ": " + std::string(method) + (method.empty() ? "" : " ") + u;
  return s;
}

std::string_view query_of(std::string_view url) {
  const std::size_t q = url.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view rest = url.substr(q + 1);
  return rest.substr(0, rest.find('#'));
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Lenient percent-decoding, only to *find* fields and to undo a capture
// tool's encoding of `params`; the validator re-parses every form strictly.
std::string lenient_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// The value of the first field called `name` in an encoded form or query.
std::optional<std::string> field(std::string_view encoded, std::string_view name) {
  std::size_t pos = 0;
  while (pos <= encoded.size()) {
    std::size_t amp = encoded.find('&', pos);
    if (amp == std::string_view::npos) amp = encoded.size();
    const std::string_view part = encoded.substr(pos, amp - pos);
    const std::size_t eq = part.find('=');
    if (lenient_decode(part.substr(0, eq), true) == name) {
      return eq == std::string_view::npos ? std::string{} : lenient_decode(part.substr(eq + 1), true);
    }
    pos = amp + 1;
  }
  return std::nullopt;
}

bool filtered_at_export(std::string_view v) {
  return v.size() >= 2 && v.back() == '}' && (v.starts_with("{hash:") || v.starts_with("{obf:") || v == "{overwritten}");
}

const std::string* get(const core::FormFields& f, std::string_view name) { return core::form_get(f, name); }

// Collects what a capture holds, in order.
class Builder {
 public:
  Builder(CaptureFormat format, const CaptureLimits& limits) : limits_(limits) { capture_.format = format; }

  void note(std::string s) { capture_.notes.push_back(std::move(s)); }

  // A Response to validate, unless it decodes to a SAML protocol response
  // that is not a Web SSO <Response> (a LogoutResponse): those are skipped.
  void response(std::string payload, InputEncoding encoding, std::string src,
                std::optional<std::string> relay_state_unknown = std::nullopt) {
    if (auto xml = decode_payload(payload, encoding, limits_.binding)) {
      if (auto doc = core::parse_untrusted(*xml, limits_.parse)) {
        const xmlNode* root = xmlDocGetRootElement(doc->get());
        const std::string_view local = core::local_name(root);
        if (core::ns_uri(root) == ns::kSamlp && local != "Response" && local.ends_with("Response")) {
          note(src + ": a " + std::string(local) + ", not a Web SSO Response; skipped");
          return;
        }
      }
    }
    CapturedResponse r;
    r.source = std::move(src);
    r.payload = std::move(payload);
    r.encoding = encoding;
    r.requests_before = capture_.requests.size();
    r.relay_state_unknown = std::move(relay_state_unknown);
    capture_.responses.push_back(std::move(r));
  }

  void failed_response(std::string src, core::Failure f) {
    CapturedResponse r;
    r.source = std::move(src);
    r.extract_failure = std::move(f);
    r.requests_before = capture_.requests.size();
    capture_.responses.push_back(std::move(r));
  }

  void request(std::string_view xml, std::optional<std::string> relay_state, const std::string& src) {
    auto doc = core::parse_untrusted(xml, limits_.parse);
    if (!doc) {
      note(src + ": the SAMLRequest does not parse (" + std::string(core::spelling(doc.reason())) + "); ignored");
      return;
    }
    const xmlNode* root = xmlDocGetRootElement(doc->get());
    if (!core::is_element(root, ns::kSamlp, "AuthnRequest")) {
      note(src + ": a " + std::string(core::local_name(root)) + " request; only AuthnRequest IDs are matched");
      return;
    }
    const std::string id = core::attr(root, "ID");
    if (id.empty()) {
      note(src + ": an AuthnRequest without ID; ignored");
      return;
    }
    capture_.requests.push_back({id, std::move(relay_state), src});
  }

  // HTTP-Redirect messages in a URL query.
  bool query(std::string_view q, const std::string& src) {
    bool found = false;
    if (field(q, "SAMLResponse")) {
      found = true;
      auto m = core::decode_redirect(q, "SAMLResponse", limits_.binding);
      if (!m) {
        failed_response(src + " (HTTP-Redirect)", std::move(m).failure());
      } else {
        // Why raw XML: the Redirect binding's query signature is not an XML
        // signature; the validator still demands one inside the message.
        response(std::move(m->xml), InputEncoding::xml, src + " (HTTP-Redirect; query signature not checked)");
      }
    }
    if (field(q, "SAMLRequest")) {
      found = true;
      auto m = core::decode_redirect(q, "SAMLRequest", limits_.binding);
      if (!m) note(src + ": the Redirect SAMLRequest does not decode (" + std::string(core::spelling(m.reason())) + "); ignored");
      else request(m->xml, m->relay_state, src);
    }
    return found;
  }

  // A POST form (fields already decoded, as SAML-tracer and HAR params give them).
  bool form(const core::FormFields& f, const std::string& src, const std::string* decoded_saml) {
    const std::string* resp = get(f, "SAMLResponse");
    const std::string* req = get(f, "SAMLRequest");
    const std::string* rs = get(f, "RelayState");
    if (resp != nullptr) {
      // A RelayState filtered at export is unknown, not different: it is
      // left out of the form and the relay_state check says why.
      std::optional<std::string> rs_unknown;
      core::FormFields fields = f;
      if (rs != nullptr && filtered_at_export(*rs)) {
        rs_unknown = "the RelayState value was filtered at export (SAML-tracer hash/obfuscate profile); not compared";
        std::erase_if(fields, [](const auto& kv) { return kv.first == "RelayState"; });
      }
      if (!filtered_at_export(*resp)) {
        response(core::form_encode(fields), InputEncoding::form, src, std::move(rs_unknown));
      } else if (decoded_saml != nullptr) {
        response(*decoded_saml, InputEncoding::xml, src + " (decoded 'saml' field: the POST value was filtered at export)",
                 std::move(rs_unknown));
      } else {
        failed_response(src, core::fail(core::Reason::binding_missing,
                                        "the SAMLResponse value was filtered at export and no decoded message is present"));
      }
      return true;
    }
    if (req != nullptr) {
      std::optional<std::string> relay;
      if (rs != nullptr && !filtered_at_export(*rs)) relay = *rs;
      if (!filtered_at_export(*req)) {
        auto xml = core::decode_post_value(*req, limits_.binding);
        if (!xml) note(src + ": the POST SAMLRequest does not decode (" + std::string(core::spelling(xml.reason())) + "); ignored");
        else request(*xml, relay, src);
      } else if (decoded_saml != nullptr) {
        request(*decoded_saml, relay, src);
      } else {
        note(src + ": the SAMLRequest value was filtered at export; ignored");
      }
      return true;
    }
    return false;
  }

  // A raw x-www-form-urlencoded body (HAR postData.text): handed over as
  // captured, so the validator's strict form rules judge it.
  void body(std::string_view b, const std::string& src) {
    if (field(b, "SAMLResponse")) {
      response(std::string(b), InputEncoding::form, src);
    } else if (auto req = field(b, "SAMLRequest")) {
      auto xml = core::decode_post_value(*req, limits_.binding);
      if (!xml) note(src + ": the POST SAMLRequest does not decode (" + std::string(core::spelling(xml.reason())) + "); ignored");
      else request(*xml, field(b, "RelayState"), src);
    } else if (b.find("SAMLResponse") != std::string_view::npos || b.find("SAMLRequest") != std::string_view::npos) {
      note(src + ": the body mentions a SAML message but not as an x-www-form-urlencoded field (multipart?); not read");
    }
  }

  CaptureRead done() { return {std::move(capture_), {}}; }

 private:
  const CaptureLimits& limits_;
  Capture capture_;
};

// HAR postData as the raw form body.
std::optional<std::string> har_body(const json& post, const std::string& src, Builder& b, const CaptureLimits& limits) {
  if (post.contains("text") && post["text"].is_string()) {
    const std::string& text = post["text"].get_ref<const std::string&>();
    if (str(post, "encoding") == "base64") {
      auto raw = core::base64_decode(text, limits.binding.max_encoded);
      if (!raw) {
        b.note(src + ": postData.text is marked base64 but does not decode (" +
               std::string(core::spelling(raw.reason())) + "); not read");
        return std::nullopt;
      }
      return std::move(raw).value();
    }
    return text;
  }
  if (post.contains("params") && post["params"].is_array()) {
    // Tools differ: some keep params percent-encoded, some decode them. A
    // base64 value never holds '%', so a '%' means "still encoded".
    core::FormFields f;
    for (const json& p : post["params"]) {
      std::string name = str(p, "name");
      std::string value = str(p, "value");
      if (name.find('%') != std::string::npos) name = lenient_decode(name, true);
      if (value.find('%') != std::string::npos) value = lenient_decode(value, true);
      f.emplace_back(std::move(name), std::move(value));
    }
    return core::form_encode(f);
  }
  return std::nullopt;
}

core::FormFields tracer_post(const json& r) {
  core::FormFields f;
  if (r.contains("post") && r["post"].is_array()) {
    for (const json& p : r["post"]) {
      if (!p.is_array() || p.empty() || !p[0].is_string()) continue;
      f.emplace_back(p[0].get<std::string>(), p.size() >= 2 && p[1].is_string() ? p[1].get<std::string>() : std::string{});
    }
  } else if (r.contains("postData") && r["postData"].is_object()) {
    for (const auto& [k, v] : r["postData"].items()) {
      if (v.is_string()) f.emplace_back(k, v.get<std::string>());
      if (!v.is_array()) continue;
      for (const json& x : v) {
        if (x.is_string()) f.emplace_back(k, x.get<std::string>());
      }
    }
  }
  return f;
}

}  // namespace

core::Result<std::string> decode_payload(std::string_view payload, InputEncoding encoding,
                                         const core::BindingLimits& limits) {
  std::string_view t = payload;
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t' || t.front() == '\r' || t.front() == '\n')) t.remove_prefix(1);
  if (encoding == InputEncoding::detect) {
    encoding = !t.empty() && t.front() == '<'                          ? InputEncoding::xml
               : payload.find("SAMLResponse=") != std::string_view::npos ? InputEncoding::form
                                                                          : InputEncoding::base64;
  }
  switch (encoding) {
    case InputEncoding::xml: return std::string(payload);
    case InputEncoding::base64: return core::decode_post_value(t, limits);
    case InputEncoding::form:
    case InputEncoding::detect: {
      while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.remove_suffix(1);
      auto f = core::parse_form(t, limits);
      if (!f) return std::move(f).failure();
      const std::string* v = core::form_get(*f, "SAMLResponse");
      if (v == nullptr) return core::fail(core::Reason::binding_missing, "form without SAMLResponse");
      return core::decode_post_value(*v, limits);
    }
  }
  return core::fail(core::Reason::binding_missing, "unknown encoding");
}

CaptureRead read_har(const json& doc, const CaptureLimits& limits) {
  const json& entries = doc["log"]["entries"];
  if (!entries.is_array()) return {std::nullopt, "HAR log.entries is not an array"};
  Builder b(CaptureFormat::har, limits);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const json& e = entries[i];
    if (!e.is_object() || !e.contains("request") || !e["request"].is_object()) {
      b.note(source("har entry", i, "", "") + ": no request object; skipped");
      continue;
    }
    const json& req = e["request"];
    const std::string url = str(req, "url");
    const std::string src = source("har entry", i, str(req, "method"), url);
    b.query(query_of(url), src);
    if (req.contains("postData") && req["postData"].is_object()) {
      if (auto body = har_body(req["postData"], src, b, limits)) b.body(*body, src);
    }
  }
  return b.done();
}

CaptureRead read_saml_tracer(const json& doc, const CaptureLimits& limits) {
  const json& requests = doc["requests"];
  if (!requests.is_array()) return {std::nullopt, "the SAML-tracer export's \"requests\" is not an array"};
  Builder b(CaptureFormat::saml_tracer, limits);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const json& r = requests[i];
    if (!r.is_object()) {
      b.note(source("saml-tracer request", i, "", "") + ": not an object; skipped");
      continue;
    }
    const std::string url = str(r, "url");
    const std::string src = source("saml-tracer request", i, str(r, "method"), url);
    const std::string saml = str(r, "saml");
    const std::string* decoded = saml.empty() ? nullptr : &saml;
    bool found = b.query(query_of(url), src);
    found = b.form(tracer_post(r), src, decoded) || found;
    if (found || decoded == nullptr) continue;
    // Only the decoded message survived (an import of an import, or a tool
    // that writes just `saml`): classify it by its root element.
    auto parsed = core::parse_untrusted(saml, limits.parse);
    const xmlNode* root = parsed ? xmlDocGetRootElement(parsed->get()) : nullptr;
    if (core::is_element(root, ns::kSamlp, "AuthnRequest")) {
      b.request(saml, std::nullopt, src + " (decoded 'saml' field)");
    } else if (root == nullptr || core::local_name(root) == "Response") {
      b.response(saml, InputEncoding::xml, src + " (decoded 'saml' field)");
    } else {
      b.note(src + ": a decoded " + std::string(core::local_name(root)) + "; not a Web SSO message; skipped");
    }
  }
  return b.done();
}

}  // namespace samlh::sp::detail
