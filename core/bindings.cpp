#include "core/bindings.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <zlib.h>

#include "core/handles.hpp"

namespace samlh::core {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<signed char, 256> make_b64_table() {
  std::array<signed char, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(kB64[i])] = static_cast<signed char>(i);
  return t;
}
constexpr auto kB64Table = make_b64_table();

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

constexpr std::array<signed char, 256> make_hex_table() {
  std::array<signed char, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 10; ++i) t[static_cast<unsigned char>('0' + i)] = static_cast<signed char>(i);
  for (int i = 0; i < 6; ++i) {
    t[static_cast<unsigned char>('a' + i)] = static_cast<signed char>(10 + i);
    t[static_cast<unsigned char>('A' + i)] = static_cast<signed char>(10 + i);
  }
  return t;
}
constexpr auto kHexTable = make_hex_table();

// Percent-decoding for form and query values; '+' means space in forms.
// A POSTed response is base64 text whose '+', '/' and '=' arrive escaped:
// plain runs between escapes are found with memchr and copied whole.
Result<std::string> url_decode(std::string_view in, bool plus_is_space) {
  std::string out(in.size(), '\0');
  char* o = out.data();
  const char* p = in.data();
  const char* const end = p + in.size();
  while (p < end) {
    const auto* pct = static_cast<const char*>(std::memchr(p, '%', static_cast<std::size_t>(end - p)));
    const char* run_end = pct != nullptr ? pct : end;
    const auto run = static_cast<std::size_t>(run_end - p);
    std::memcpy(o, p, run);
    if (plus_is_space && std::memchr(o, '+', run) != nullptr) std::replace(o, o + run, '+', ' ');
    o += run;
    p = run_end;
    if (p == end) break;
    if (end - p < 3) return fail(Reason::binding_bad_form, "truncated %-escape");
    const int hi = kHexTable[static_cast<unsigned char>(p[1])];
    const int lo = kHexTable[static_cast<unsigned char>(p[2])];
    if (hi < 0 || lo < 0) return fail(Reason::binding_bad_form, "invalid %-escape");
    *o++ = static_cast<char>(hi * 16 + lo);
    p += 3;
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

struct RawPair {
  std::string_view name;
  std::string_view raw_value;
};

// Splits "a=b&c=d" keeping the raw (still encoded) values. Names must be
// plain; a repeated name is refused (which value would be used is exactly the
// ambiguity an attacker wants).
Result<std::vector<RawPair>> split_pairs(std::string_view s) {
  std::vector<RawPair> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t amp = s.find('&', pos);
    if (amp == std::string_view::npos) amp = s.size();
    const std::string_view part = s.substr(pos, amp - pos);
    if (!part.empty()) {
      const std::size_t eq = part.find('=');
      const std::string_view name = part.substr(0, eq);
      const std::string_view value = eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1);
      for (const RawPair& p : out) {
        if (p.name == name) return fail(Reason::binding_bad_form, "field '" + std::string(name) + "' repeated");
      }
      out.push_back({name, value});
    }
    pos = amp + 1;
  }
  return out;
}

const EVP_MD* md_for(SignatureAlgorithm a) {
  switch (a) {
    case SignatureAlgorithm::rsa_sha1:
      return EVP_sha1();
    case SignatureAlgorithm::rsa_sha256:
    case SignatureAlgorithm::ecdsa_sha256:
      return EVP_sha256();
    case SignatureAlgorithm::rsa_sha384:
    case SignatureAlgorithm::ecdsa_sha384:
      return EVP_sha384();
    case SignatureAlgorithm::rsa_sha512:
    case SignatureAlgorithm::ecdsa_sha512:
      return EVP_sha512();
  }
  return nullptr;
}

bool is_ecdsa(SignatureAlgorithm a) {
  return a == SignatureAlgorithm::ecdsa_sha256 || a == SignatureAlgorithm::ecdsa_sha384 ||
         a == SignatureAlgorithm::ecdsa_sha512;
}

// XML DSig (RFC 4051) carries ECDSA signatures as r||s, each padded to the
// curve size; OpenSSL speaks DER. These convert between the two.
std::string ecdsa_der_to_raw(std::string_view der, int field_bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  if (sig == nullptr) return {};
  std::string out(static_cast<std::size_t>(2 * field_bytes), '\0');
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig, &r, &s);
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  const bool ok = BN_bn2binpad(r, o, field_bytes) == field_bytes && BN_bn2binpad(s, o + field_bytes, field_bytes) == field_bytes;
  ECDSA_SIG_free(sig);
  return ok ? out : std::string{};
}

std::string ecdsa_raw_to_der(std::string_view raw) {
  if (raw.empty() || raw.size() % 2 != 0) return {};
  const int half = static_cast<int>(raw.size() / 2);
  const auto* p = reinterpret_cast<const unsigned char*>(raw.data());
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(p, half, nullptr);
  BIGNUM* s = BN_bin2bn(p + half, half, nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return {};
  }
  unsigned char* der = nullptr;
  const int n = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (n <= 0) return {};
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(n));
  OPENSSL_free(der);
  return out;
}

int ec_field_bytes(EVP_PKEY* key) { return (EVP_PKEY_get_bits(key) + 7) / 8; }

}  // namespace

Result<std::string> base64_decode(std::string_view in, std::size_t max_out) {
  if (in.size() / 4 * 3 > max_out + 3) {
    return fail(Reason::binding_too_large, "base64 text of " + std::to_string(in.size()) + " bytes");
  }
  // One pass, no intermediate copy: this runs on every POSTed response.
  std::string out(in.size() / 4 * 3 + 3, '\0');
  std::size_t w = 0;
  // Fast path: whole quanta of four alphabet characters (the body of any
  // unwrapped base64 text) decode with four table lookups and one test; the
  // first quantum holding anything else (whitespace, '=', a bad byte) is left
  // to the checking loop below, from its start.
  std::size_t i = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(in.data());
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  for (; i + 4 <= in.size(); i += 4) {
    const int a = kB64Table[bytes[i]], b = kB64Table[bytes[i + 1]], c = kB64Table[bytes[i + 2]],
              d = kB64Table[bytes[i + 3]];
    if ((a | b | c | d) < 0) break;
    const auto q = (static_cast<std::uint32_t>(a) << 18) | (static_cast<std::uint32_t>(b) << 12) |
                   (static_cast<std::uint32_t>(c) << 6) | static_cast<std::uint32_t>(d);
    o[w] = static_cast<unsigned char>(q >> 16);
    o[w + 1] = static_cast<unsigned char>(q >> 8);
    o[w + 2] = static_cast<unsigned char>(q);
    w += 3;
  }
  std::uint32_t acc = 0;
  int n = 0;              // sextets (or pads) in the current quantum
  int pad = 0;            // '=' seen in the current quantum
  bool finished = false;  // a padded quantum ends the data
  for (const char c : in.substr(i)) {
    if (is_ws(c)) continue;
    if (finished) return fail(Reason::binding_bad_base64, "data after padding");
    if (c == '=') {
      // '=' only in the last two places of a quantum.
      if (n < 2) return fail(Reason::binding_bad_base64, "misplaced padding");
      ++pad;
      acc <<= 6;
    } else {
      if (pad != 0) return fail(Reason::binding_bad_base64, "data after padding");
      const int v = kB64Table[static_cast<unsigned char>(c)];
      if (v < 0) return fail(Reason::binding_bad_base64, "character outside the base64 alphabet");
      acc = (acc << 6) | static_cast<std::uint32_t>(v);
    }
    if (++n == 4) {
      // Canonical encoding only: the bits under the padding must be zero.
      if ((pad == 1 && (acc & 0xFF) != 0) || (pad == 2 && (acc & 0xFFFF) != 0)) {
        return fail(Reason::binding_bad_base64, "non-zero pad bits");
      }
      out[w++] = static_cast<char>((acc >> 16) & 0xFF);
      if (pad < 2) out[w++] = static_cast<char>((acc >> 8) & 0xFF);
      if (pad < 1) out[w++] = static_cast<char>(acc & 0xFF);
      finished = pad != 0;
      acc = 0;
      n = 0;
    }
  }
  if (n != 0) return fail(Reason::binding_bad_base64, "length is not a multiple of four");
  out.resize(w);
  if (out.size() > max_out) return fail(Reason::binding_too_large, "decoded size exceeds the limit");
  return out;
}

std::string base64_encode(std::string_view in, std::size_t wrap) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4 + (wrap != 0 ? in.size() / wrap + 1 : 0));
  std::size_t line = 0;
  auto put = [&](char c) {
    if (wrap != 0 && line == wrap) {
      out.push_back('\n');
      line = 0;
    }
    out.push_back(c);
    ++line;
  };
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const std::uint32_t v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                            static_cast<unsigned char>(in[i + 2]);
    put(kB64[(v >> 18) & 63]);
    put(kB64[(v >> 12) & 63]);
    put(kB64[(v >> 6) & 63]);
    put(kB64[v & 63]);
  }
  const std::size_t rest = in.size() - i;
  if (rest != 0) {
    std::uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    put(kB64[(v >> 18) & 63]);
    put(kB64[(v >> 12) & 63]);
    put(rest == 2 ? kB64[(v >> 6) & 63] : '=');
    put('=');
  }
  return out;
}

Result<FormFields> parse_form(std::string_view body, const BindingLimits& limits) {
  if (body.size() > limits.max_encoded) {
    return fail(Reason::binding_too_large, "form body of " + std::to_string(body.size()) + " bytes");
  }
  auto pairs = split_pairs(body);
  if (!pairs) return std::move(pairs).failure();
  FormFields out;
  for (const RawPair& p : *pairs) {
    auto name = url_decode(p.name, true);
    if (!name) return std::move(name).failure();
    auto value = url_decode(p.raw_value, true);
    if (!value) return std::move(value).failure();
    for (const auto& [n, v] : out) {
      if (n == *name) return fail(Reason::binding_bad_form, "field '" + n + "' repeated");
    }
    out.emplace_back(std::move(name).value(), std::move(value).value());
  }
  return out;
}

const std::string* form_get(const FormFields& f, std::string_view name) {
  for (const auto& [n, v] : f) {
    if (n == name) return &v;
  }
  return nullptr;
}

std::string url_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string form_encode(const FormFields& f) {
  std::string out;
  for (const auto& [n, v] : f) {
    if (!out.empty()) out.push_back('&');
    out += url_encode(n);
    out.push_back('=');
    out += url_encode(v);
  }
  return out;
}

Result<std::string> inflate_raw(std::string_view in, std::size_t max_out) {
  z_stream zs{};
  if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) return fail(Reason::binding_inflate_failed, "inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  std::array<char, 16384> buf{};
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf.data());
    zs.avail_out = static_cast<uInt>(buf.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return fail(Reason::binding_inflate_failed, zs.msg != nullptr ? zs.msg : "corrupt DEFLATE stream");
    }
    const std::size_t produced = buf.size() - zs.avail_out;
    // Why: stop before allocating past the cap (compression bombs, DS-2).
    if (out.size() + produced > max_out) {
      inflateEnd(&zs);
      return fail(Reason::binding_inflate_too_large, "inflated size exceeds " + std::to_string(max_out));
    }
    out.append(buf.data(), produced);
    if (rc == Z_OK && produced == 0 && zs.avail_in == 0) {
      inflateEnd(&zs);
      return fail(Reason::binding_inflate_failed, "truncated DEFLATE stream");
    }
  }
  const bool trailing = zs.avail_in != 0;
  inflateEnd(&zs);
  if (trailing) return fail(Reason::binding_inflate_failed, "bytes after the end of the DEFLATE stream");
  return out;
}

std::string deflate_raw(std::string_view in) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, static_cast<uLong>(in.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(rc == Z_STREAM_END ? zs.total_out : 0);
  deflateEnd(&zs);
  return out;
}

Result<std::string> decode_post_value(std::string_view b64, const BindingLimits& limits) {
  if (b64.empty()) return fail(Reason::binding_missing, "empty SAML message");
  if (b64.size() > limits.max_encoded) {
    return fail(Reason::binding_too_large, "encoded message of " + std::to_string(b64.size()) + " bytes");
  }
  return base64_decode(b64, limits.max_decoded);
}

Result<RedirectMessage> decode_redirect(std::string_view raw_query, std::string_view param,
                                        const BindingLimits& limits) {
  if (raw_query.size() > limits.max_encoded) {
    return fail(Reason::binding_too_large, "query of " + std::to_string(raw_query.size()) + " bytes");
  }
  auto pairs = split_pairs(raw_query);
  if (!pairs) return std::move(pairs).failure();
  const RawPair* msg = nullptr;
  const RawPair* relay = nullptr;
  const RawPair* sig_alg = nullptr;
  const RawPair* sig = nullptr;
  for (const RawPair& p : *pairs) {
    if (p.name == param) msg = &p;
    else if (p.name == "RelayState") relay = &p;
    else if (p.name == "SigAlg") sig_alg = &p;
    else if (p.name == "Signature") sig = &p;
  }
  if (msg == nullptr || msg->raw_value.empty()) return fail(Reason::binding_missing, "no " + std::string(param));
  auto b64 = url_decode(msg->raw_value, false);
  if (!b64) return std::move(b64).failure();
  auto deflated = base64_decode(*b64, limits.max_encoded);
  if (!deflated) return std::move(deflated).failure();
  auto xml = inflate_raw(*deflated, limits.max_decoded);
  if (!xml) return std::move(xml).failure();

  RedirectMessage out;
  out.xml = std::move(xml).value();
  // Bindings 3.4.4.1: the signature covers the raw, still-encoded values in
  // this order; re-encoding them would verify something else.
  out.signed_input = std::string(param) + "=" + std::string(msg->raw_value);
  if (relay != nullptr) {
    auto rs = url_decode(relay->raw_value, false);
    if (!rs) return std::move(rs).failure();
    out.relay_state = std::move(rs).value();
    out.signed_input += "&RelayState=" + std::string(relay->raw_value);
  }
  if (sig_alg != nullptr) {
    auto alg = url_decode(sig_alg->raw_value, false);
    if (!alg) return std::move(alg).failure();
    out.sig_alg = std::move(alg).value();
    out.signed_input += "&SigAlg=" + std::string(sig_alg->raw_value);
  }
  if (sig != nullptr) {
    auto sig_b64 = url_decode(sig->raw_value, false);
    if (!sig_b64) return std::move(sig_b64).failure();
    auto bytes = base64_decode(*sig_b64, 16 * 1024);
    if (!bytes) return std::move(bytes).failure();
    out.signature = std::move(bytes).value();
  }
  return out;
}

ToolResult<std::string> sign_bytes(std::string_view data, const PrivateKey& key, SignatureAlgorithm alg) {
  const bool ec = is_ecdsa(alg);
  if (ec != (key.key_type() == KeyType::ec)) return fail(ToolError::key_mismatch, "key type does not fit the algorithm");
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md_for(alg), nullptr, key.pkey()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    return fail(ToolError::sign_failed, "EVP_DigestSign setup failed");
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    return fail(ToolError::sign_failed, "EVP_DigestSign failed");
  }
  sig.resize(len);
  if (ec) sig = ecdsa_der_to_raw(sig, ec_field_bytes(key.pkey()));
  return sig;
}

bool verify_bytes(std::string_view data, std::string_view sig, EVP_PKEY* key, SignatureAlgorithm alg) {
  std::string der;
  if (is_ecdsa(alg)) {
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) return false;
    der = ecdsa_raw_to_der(sig);
    if (der.empty()) return false;
    sig = der;
  } else if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
    return false;
  }
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  // Only 1 is success: OpenSSL's -1 error must never count (CVE-2016-9814 class).
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, md_for(alg), nullptr, key) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

std::string encode_redirect(std::string_view xml, std::string_view param, std::optional<std::string_view> relay_state,
                            const PrivateKey* key, SignatureAlgorithm alg) {
  std::string q = std::string(param) + "=" + url_encode(base64_encode(deflate_raw(xml)));
  if (relay_state) q += "&RelayState=" + url_encode(*relay_state);
  if (key != nullptr) {
    q += "&SigAlg=" + url_encode(uri(alg));
    auto sig = sign_bytes(q, *key, alg);
    if (sig) q += "&Signature=" + url_encode(base64_encode(*sig));
  }
  return q;
}

Status verify_redirect_signature(const RedirectMessage& m, std::span<const Certificate> keys, bool allow_sha1) {
  if (!m.sig_alg || !m.signature) return fail(Reason::binding_signature, "no SigAlg/Signature");
  const auto alg = signature_algorithm_from_uri(*m.sig_alg);
  if (!alg) return fail(Reason::binding_signature, "SigAlg not allowed: " + *m.sig_alg);
  if (*alg == SignatureAlgorithm::rsa_sha1 && !allow_sha1) {
    return fail(Reason::binding_signature, "RSA-SHA1 refused by policy");
  }
  for (const Certificate& c : keys) {
    if (verify_bytes(m.signed_input, *m.signature, c.public_key(), *alg)) return {};
  }
  return fail(Reason::binding_signature, "no pinned key verifies the query signature");
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string auto_post_form(std::string_view action, const FormFields& fields, std::string_view title) {
  std::string html =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html_escape(title) +
      "</title></head>\n<body onload=\"document.forms[0].submit()\">\n<form method=\"post\" action=\"" +
      html_escape(action) + "\">\n";
  for (const auto& [n, v] : fields) {
    html += "<input type=\"hidden\" name=\"" + html_escape(n) + "\" value=\"" + html_escape(v) + "\"/>\n";
  }
  html += "<noscript><button type=\"submit\">" + html_escape(title) + "</button></noscript>\n</form>\n</body></html>\n";
  return html;
}

}  // namespace samlh::core
