#!/usr/bin/env node
// Validate one SAML Response with @node-saml/node-saml (validatePostResponseAsync)
// at a pinned instant; print one JSON verdict. Same contract as ../sp_peer.py:
//   node sp_peer.js --peer node-saml --settings FILE.json RESPONSE.xml
// Exit: 0 accept, 1 reject, 2 usage/setup error, 3 unsupported algorithm.
// See ../README.md for the settings keys and what node-saml supports.
"use strict";

const fs = require("fs");
const path = require("path");

const PEER = "node-saml";
const EXIT = { accept: 0, reject: 1, error: 2, unsupported: 3 };
const USAGE =
  "usage: sp_peer.js --peer node-saml --settings FILE.json [--no-precheck] RESPONSE.xml\n\n" +
  "Validate a SAML Response (raw XML) with @node-saml/node-saml validatePostResponseAsync at the\n" +
  "settings' pinned 'now' (zero clock skew); print one JSON object: peer, library, verdict\n" +
  "(accept|reject|unsupported|error), name_id, name_id_format, attributes, error.\n" +
  "Exit status: 0 accept, 1 reject, 2 usage/setup error, 3 unsupported algorithm.\n" +
  "--no-precheck  skip the 'unsupported algorithm' pre-check and let node-saml decide.\n";

const SETTINGS_KEYS = {
  idp_entity_id: [true, "string"],
  idp_cert: [true, "path"],
  sp_entity_id: [true, "string"],
  acs: [true, "string"],
  request_id: [false, "string"],
  now: [true, "string"],
  sp_key: [false, "path"],
  sp_cert: [false, "path"],
  want_assertions_signed: [false, "boolean"],
  want_response_signed: [false, "boolean"],
  want_assertions_encrypted: [false, "boolean"],
  signature_algorithm: [false, "string"],
  digest_algorithm: [false, "string"],
};

// What xml-crypto 6.3 and xml-encryption 3.1 (node-saml 5.1.0's dependencies) implement.
const SUPPORTED = {
  SignatureMethod: new Set([
    "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
  ]),
  DigestMethod: new Set([
    "http://www.w3.org/2000/09/xmldsig#sha1",
    "http://www.w3.org/2001/04/xmlenc#sha256",
    "http://www.w3.org/2001/04/xmlenc#sha512",
  ]),
  EncryptionMethod: new Set([
    "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
    "http://www.w3.org/2001/04/xmlenc#aes256-cbc",
    "http://www.w3.org/2001/04/xmlenc#tripledes-cbc",
    "http://www.w3.org/2009/xmlenc11#aes128-gcm",
    "http://www.w3.org/2009/xmlenc11#aes256-gcm",
    "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p",
    // rsa-1_5 is implemented by xml-encryption, but Node 20 refuses PKCS#1 v1.5
    // private decryption (CVE-2023-46809), so node-saml cannot use it here.
  ]),
};

class PeerError extends Error {}
class Unsupported extends Error {}
class Rejected extends Error {}

function result(library, verdict, identity, error) {
  identity = identity || {};
  return {
    peer: PEER,
    library: library,
    verdict: verdict,
    name_id: identity.name_id === undefined ? null : identity.name_id,
    name_id_format: identity.name_id_format === undefined ? null : identity.name_id_format,
    attributes: identity.attributes || {},
    error: error === undefined ? null : error,
  };
}

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
  process.exitCode = EXIT[obj.verdict];
}

function parseArgs(argv) {
  const args = { peer: null, settings: null, response: null, noPrecheck: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") return { help: true };
    if (a === "--peer" || a === "--settings") {
      if (i + 1 >= argv.length) throw new PeerError("usage: " + a + " needs a value");
      args[a.slice(2)] = argv[++i];
    } else if (a.startsWith("--peer=")) args.peer = a.slice(7);
    else if (a.startsWith("--settings=")) args.settings = a.slice(11);
    else if (a === "--no-precheck") args.noPrecheck = true;
    else if (a.startsWith("-")) throw new PeerError("usage: unknown option " + a);
    else if (args.response === null) args.response = a;
    else throw new PeerError("usage: more than one RESPONSE file given");
  }
  if (args.peer !== PEER) throw new PeerError("usage: --peer must be node-saml");
  if (!args.settings) throw new PeerError("usage: --settings FILE.json is required");
  if (!args.response) throw new PeerError("usage: RESPONSE.xml is required");
  return args;
}

function parseRfc3339(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text || "");
  if (!m) throw new PeerError("'now' must be RFC 3339, e.g. 2026-03-01T12:01:00Z; got " + JSON.stringify(text));
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new PeerError("'now' is not a valid instant: " + text);
  return ms;
}

function readFile(p, what) {
  try {
    return fs.readFileSync(p);
  } catch (e) {
    throw new PeerError("cannot read " + what + " " + p + ": " + e.code);
  }
}

function loadSettings(file) {
  let raw;
  try {
    raw = JSON.parse(readFile(file, "settings").toString("utf8"));
  } catch (e) {
    if (e instanceof PeerError) throw e;
    throw new PeerError("settings " + file + " is not JSON: " + e.message);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new PeerError("settings must be a JSON object");
  const unknown = Object.keys(raw).filter((k) => !(k in SETTINGS_KEYS)).sort();
  if (unknown.length) throw new PeerError("unknown settings key(s): " + unknown.join(", "));
  const base = path.dirname(path.resolve(file));
  const s = {};
  for (const [key, [required, kind]] of Object.entries(SETTINGS_KEYS)) {
    let v = raw[key];
    if (v === undefined || v === null) {
      if (required) throw new PeerError("settings key '" + key + "' is required");
      s[key] = kind === "boolean" ? false : null;
      continue;
    }
    if (kind === "boolean") {
      if (typeof v !== "boolean") throw new PeerError("settings key '" + key + "' must be true or false");
    } else if (typeof v !== "string" || v === "") {
      throw new PeerError("settings key '" + key + "' must be a non-empty string");
    }
    if (kind === "path") {
      v = path.resolve(base, v);
      if (!fs.existsSync(v) || !fs.statSync(v).isFile()) throw new PeerError("settings key '" + key + "': no such file " + v);
    }
    s[key] = v;
  }
  if (Boolean(s.sp_key) !== Boolean(s.sp_cert)) throw new PeerError("sp_key and sp_cert go together");
  s.nowMs = parseRfc3339(s.now);
  return s;
}

// node-saml reads the clock with `new Date()`; freeze the global Date at `now`
// before the library is loaded. Date(x) with arguments is untouched.
function pinDate(nowMs) {
  const RealDate = Date;
  class PinnedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(nowMs);
      else super(...args);
    }
    static now() {
      return nowMs;
    }
  }
  globalThis.Date = PinnedDate;
  if (new Date().getTime() !== nowMs || Date.now() !== nowMs) throw new PeerError("Date pin did not take effect");
}

const ALG_RE =
  /<(?:[A-Za-z_][\w.-]*:)?(SignatureMethod|DigestMethod|EncryptionMethod)\b[^>]*?\sAlgorithm\s*=\s*["']([^"']+)["']/g;

function scanAlgorithms(xml, into) {
  for (const m of xml.matchAll(ALG_RE)) {
    if (!into[m[1]]) into[m[1]] = new Set();
    into[m[1]].add(m[2]);
  }
  return into;
}

async function checkSupported(xml, s, library) {
  const scan = scanAlgorithms(xml, {});
  if (s.sp_key && xml.includes("EncryptedAssertion")) {
    // See inside the ciphertext with the same decryptor node-saml uses; a failure
    // here is left for node-saml to report as a rejection.
    try {
      const { decryptXml, parseDomFromString, xpath } = require("@node-saml/node-saml/lib/xml");
      const doc = await parseDomFromString(xml);
      const enc = xpath.selectElements(doc, "//*[local-name()='EncryptedAssertion']");
      const key = fs.readFileSync(s.sp_key, "utf8");
      for (const node of enc) scanAlgorithms(await decryptXml(node.toString(), key), scan);
    } catch (e) {
      /* node-saml decides */
    }
  }
  for (const kind of ["SignatureMethod", "DigestMethod", "EncryptionMethod"]) {
    for (const uri of [...(scan[kind] || [])].sort()) {
      if (!SUPPORTED[kind].has(uri)) throw new Unsupported(library + " does not support " + kind + " " + uri);
    }
  }
}

function textOf(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "object" && typeof v._ === "string") return v._;
  return JSON.stringify(v);
}

async function validate(s, xmlBytes) {
  const { SAML } = require("@node-saml/node-saml");
  const options = {
    callbackUrl: s.acs,
    issuer: s.sp_entity_id,
    audience: s.sp_entity_id,
    idpCert: readFile(s.idp_cert, "certificate").toString("utf8"),
    idpIssuer: s.idp_entity_id,
    wantAssertionsSigned: s.want_assertions_signed,
    wantAuthnResponseSigned: s.want_response_signed,
    acceptedClockSkewMs: 0,
    // SP-initiated: the response must answer our request. Unsolicited: it must not
    // claim to answer any request (an empty cache rejects any InResponseTo).
    validateInResponseTo: s.request_id ? "always" : "ifPresent",
  };
  if (s.sp_key) options.decryptionPvk = readFile(s.sp_key, "key").toString("utf8");
  let saml;
  try {
    saml = new SAML(options);
  } catch (e) {
    throw new PeerError("node-saml options: " + e.message);
  }
  if (s.request_id) await saml.cacheProvider.saveAsync(s.request_id, new Date().toISOString());
  let out;
  try {
    out = await saml.validatePostResponseAsync({ SAMLResponse: xmlBytes.toString("base64") });
  } catch (e) {
    throw new Rejected(e && e.message ? e.message : String(e));
  }
  const profile = out && out.profile;
  if (!profile) throw new Rejected("node-saml returned no profile");
  if (s.want_assertions_encrypted && !/EncryptedAssertion/.test(xmlBytes.toString("utf8"))) {
    throw new Rejected("assertion is not encrypted (node-saml has no such switch; peer check)");
  }
  const attributes = {};
  for (const [name, value] of Object.entries(profile.attributes || {})) {
    attributes[name] = (Array.isArray(value) ? value : [value]).map(textOf);
  }
  return {
    name_id: profile.nameID === undefined ? null : profile.nameID,
    name_id_format: profile.nameIDFormat === undefined ? null : profile.nameIDFormat,
    attributes: attributes,
  };
}

function libraryName() {
  try {
    const pkg = require("@node-saml/node-saml/package.json");
    return "@node-saml/node-saml " + pkg.version;
  } catch (e) {
    return null;
  }
}

async function main() {
  let library = null;
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(USAGE);
    return emit(result(null, "error", null, e.message));
  }
  if (args.help) {
    process.stdout.write(USAGE);
    process.exitCode = 0;
    return;
  }
  try {
    library = libraryName();
    if (!library) throw new PeerError("@node-saml/node-saml is not installed: run `npm ci` in tests/interop/node");
    const s = loadSettings(args.settings);
    const xmlBytes = readFile(args.response, "response");
    pinDate(s.nowMs);
    if (!args.noPrecheck) await checkSupported(xmlBytes.toString("utf8"), s, library);
    const identity = await validate(s, xmlBytes);
    return emit(result(library, "accept", identity));
  } catch (e) {
    if (e instanceof Rejected) return emit(result(library, "reject", null, e.message));
    if (e instanceof Unsupported) return emit(result(library, "unsupported", null, e.message));
    if (e instanceof PeerError) return emit(result(library, "error", null, e.message));
    return emit(result(library, "error", null, "peer failure: " + (e && e.stack ? e.stack.split("\n")[0] : String(e))));
  }
}

// Bounded runtime: nothing here waits on the network, but never hang a test.
const watchdog = setTimeout(() => {
  emit(result(libraryName(), "error", null, "peer timed out after 30 s"));
  process.exit(2);
}, 30000);
watchdog.unref();

main();
