"""Shared plumbing for the interop peers: settings, time, JSON verdicts, algorithm scan.

Every peer prints exactly one JSON object on stdout and exits with:
  0 accept, 1 reject, 2 usage/setup error, 3 unsupported (the library cannot
  process an algorithm the message uses).
Nothing here decides a verdict: the libraries do. This module only loads
settings, formats the answer and lists the algorithms a message names, so a
peer can say "unsupported" instead of pretending to validate.
"""

import argparse
import calendar
import datetime
import glob
import json
import math
import os
import re
import subprocess
import sys
import time

EXIT_ACCEPT = 0
EXIT_REJECT = 1
EXIT_SETUP = 2
EXIT_UNSUPPORTED = 3

VERDICT_EXIT = {"accept": EXIT_ACCEPT, "reject": EXIT_REJECT,
                "error": EXIT_SETUP, "unsupported": EXIT_UNSUPPORTED}

# Upper bound for any child process a peer starts (xmlsec1, re-exec).
SUBPROCESS_TIMEOUT_S = 30

# Algorithm URIs, named once.
ALG = {
    "rsa-sha1": "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
    "rsa-sha256": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    "rsa-sha384": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
    "rsa-sha512": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
    "ecdsa-sha1": "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1",
    "ecdsa-sha256": "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
    "ecdsa-sha384": "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
    "ecdsa-sha512": "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
    "sha1": "http://www.w3.org/2000/09/xmldsig#sha1",
    "sha256": "http://www.w3.org/2001/04/xmlenc#sha256",
    "sha384": "http://www.w3.org/2001/04/xmldsig-more#sha384",
    "sha512": "http://www.w3.org/2001/04/xmlenc#sha512",
    "exc-c14n": "http://www.w3.org/2001/10/xml-exc-c14n#",
    "exc-c14n-comments": "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
    "c14n": "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
    "c14n-comments": "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
    "enveloped": "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
    "tripledes-cbc": "http://www.w3.org/2001/04/xmlenc#tripledes-cbc",
    "aes128-cbc": "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
    "aes192-cbc": "http://www.w3.org/2001/04/xmlenc#aes192-cbc",
    "aes256-cbc": "http://www.w3.org/2001/04/xmlenc#aes256-cbc",
    "aes128-gcm": "http://www.w3.org/2009/xmlenc11#aes128-gcm",
    "aes256-gcm": "http://www.w3.org/2009/xmlenc11#aes256-gcm",
    "rsa-oaep-mgf1p": "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p",
    "rsa-oaep": "http://www.w3.org/2009/xmlenc11#rsa-oaep",
    "rsa-1_5": "http://www.w3.org/2001/04/xmlenc#rsa-1_5",
}
ALG_NAME = {uri: name for name, uri in ALG.items()}

SETTINGS_KEYS = {
    # key: (required, kind)
    "idp_entity_id": (True, str),
    "idp_cert": (True, "path"),
    "sp_entity_id": (True, str),
    "acs": (True, str),
    "request_id": (False, str),
    "now": (True, str),
    "sp_key": (False, "path"),
    "sp_cert": (False, "path"),
    "want_assertions_signed": (False, bool),
    "want_response_signed": (False, bool),
    "want_assertions_encrypted": (False, bool),
    "signature_algorithm": (False, str),
    "digest_algorithm": (False, str),
}


class PeerError(Exception):
    """Usage or setup problem: exit 2, never a verdict about the message."""


class Unsupported(Exception):
    """The library cannot process what the message uses: exit 3."""


class Rejected(Exception):
    """The library (or the peer's documented application check) refused it."""


def parse_rfc3339(text):
    """RFC 3339 UTC instant ('2026-03-01T12:01:00Z', fractions allowed) -> float epoch."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})", text or "")
    if not m:
        raise PeerError("'now' must be RFC 3339, e.g. 2026-03-01T12:01:00Z; got %r" % (text,))
    y, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
    frac = float(m.group(7)) if m.group(7) else 0.0
    epoch = calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)) + frac
    tz = m.group(8)
    if tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        epoch -= sign * (int(tz[1:3]) * 3600 + int(tz[4:6]) * 60)
    return epoch


def format_utc(epoch, fmt="%Y-%m-%dT%H:%M:%SZ"):
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime(fmt)


def load_settings(path):
    """Reads and checks the settings JSON. Relative paths are relative to its folder."""
    try:
        with open(path, "rb") as f:
            raw = json.load(f)
    except OSError as e:
        raise PeerError("cannot read settings %s: %s" % (path, e.strerror))
    except ValueError as e:
        raise PeerError("settings %s is not JSON: %s" % (path, e))
    if not isinstance(raw, dict):
        raise PeerError("settings must be a JSON object")
    unknown = sorted(set(raw) - set(SETTINGS_KEYS))
    if unknown:
        raise PeerError("unknown settings key(s): %s" % ", ".join(unknown))
    base = os.path.dirname(os.path.abspath(path))
    out = {}
    for key, (required, kind) in SETTINGS_KEYS.items():
        value = raw.get(key)
        if value is None:
            if required:
                raise PeerError("settings key %r is required" % key)
            out[key] = False if kind is bool else None
            continue
        if kind is bool:
            if not isinstance(value, bool):
                raise PeerError("settings key %r must be true or false" % key)
        elif not isinstance(value, str) or not value:
            raise PeerError("settings key %r must be a non-empty string" % key)
        if kind == "path":
            value = os.path.normpath(os.path.join(base, value))
            if not os.path.isfile(value):
                raise PeerError("settings key %r: no such file %s" % (key, value))
        out[key] = value
    if bool(out["sp_key"]) != bool(out["sp_cert"]):
        raise PeerError("sp_key and sp_cert go together")
    out["now_epoch"] = parse_rfc3339(out["now"])
    return out


def read_file(path, what="file"):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise PeerError("cannot read %s %s: %s" % (what, path, e.strerror))


def result(peer, library, verdict, identity=None, error=None):
    identity = identity or {}
    return {
        "peer": peer,
        "library": library,
        "verdict": verdict,
        "name_id": identity.get("name_id"),
        "name_id_format": identity.get("name_id_format"),
        "attributes": identity.get("attributes") or {},
        "error": error,
    }


def emit(obj):
    sys.stdout.write(json.dumps(obj, sort_keys=False) + "\n")
    sys.stdout.flush()
    return VERDICT_EXIT[obj["verdict"]]


class JsonArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors as the JSON contract (exit 2)."""

    peer_name = None

    def error(self, message):
        self.print_usage(sys.stderr)
        sys.stderr.write("%s: error: %s\n" % (self.prog, message))
        emit(result(self.peer_name, None, "error", error="usage: " + message))
        sys.exit(EXIT_SETUP)


_ALG_ATTR = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?(SignatureMethod|DigestMethod|EncryptionMethod|CanonicalizationMethod|Transform)\b[^>]*?\sAlgorithm\s*=\s*[\"']([^\"']+)[\"']")


def scan_algorithms(xml_bytes):
    """{'SignatureMethod': {...}, 'DigestMethod': {...}, ...} named in the cleartext."""
    found = {}
    for kind, uri in _ALG_ATTR.findall(xml_bytes):
        found.setdefault(kind.decode(), set()).add(uri.decode("utf-8", "replace"))
    return found


def merge_scans(*scans):
    out = {}
    for s in scans:
        for k, v in s.items():
            out.setdefault(k, set()).update(v)
    return out


def check_supported(scan, supported, library):
    """Raises Unsupported naming the first algorithm outside `supported` ({kind: set of URIs})."""
    for kind in ("SignatureMethod", "DigestMethod", "EncryptionMethod"):
        allowed = supported.get(kind)
        if allowed is None:
            continue
        for uri in sorted(scan.get(kind, ())):
            if uri not in allowed:
                raise Unsupported("%s does not support %s %s" % (library, kind, ALG_NAME.get(uri, uri)))


def decrypt_for_scan(xml_bytes, sp_key_path):
    """Decrypts every EncryptedData with xmlsec1 (CLI) so inner algorithms can be listed.

    Used only to pick 'unsupported' honestly; the verdict still comes from the
    library. Returns the decrypted bytes, or None when decryption fails (the
    library will then reject it on its own terms)."""
    if sp_key_path is None or b"EncryptedData" not in xml_bytes:
        return None
    import tempfile
    with tempfile.NamedTemporaryFile(suffix=".xml") as tmp:
        tmp.write(xml_bytes)
        tmp.flush()
        try:
            proc = subprocess.run(
                ["xmlsec1", "--decrypt", "--privkey-pem", sp_key_path,
                 "--enabled-retrieval-uris", "empty,same-doc", tmp.name],
                capture_output=True, timeout=SUBPROCESS_TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired):
            return None
    return proc.stdout if proc.returncode == 0 else None


def pin_python_clock(epoch):
    """Freeze time.time, time.gmtime() and datetime.now/utcnow before saml2 is imported."""
    import datetime as _dt

    real_gmtime = time.gmtime

    def fake_time():
        return float(epoch)

    def fake_gmtime(secs=None):
        return real_gmtime(epoch if secs is None else secs)

    class FrozenDatetime(_dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls.fromtimestamp(epoch, tz)

        @classmethod
        def utcnow(cls):
            return cls.utcfromtimestamp(epoch)

        @classmethod
        def today(cls):
            return cls.fromtimestamp(epoch)

    time.time = fake_time
    time.gmtime = fake_gmtime
    _dt.datetime = FrozenDatetime


FAKETIME_ENV = "SAMLH_PEER_FAKETIME"


def faketime_library():
    for pattern in ("/usr/lib/*/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1",
                    "/usr/local/lib/faketime/libfaketime.so.1"):
        hits = sorted(glob.glob(pattern))
        if hits:
            return hits[0]
    return None


def reexec_under_faketime(now_epoch, script):
    """Lasso is C and calls time(): re-run this script with libfaketime frozen at `now`."""
    lib = faketime_library()
    if lib is None:
        raise PeerError("libfaketime not found: install Debian's 'faketime' package (scripts/setup)")
    frozen = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(math.floor(now_epoch)))
    env = dict(os.environ)
    env["LD_PRELOAD"] = lib + ((":" + env["LD_PRELOAD"]) if env.get("LD_PRELOAD") else "")
    env["FAKETIME"] = frozen            # no '@' or '+': an absolute, frozen instant
    env["TZ"] = "UTC"                   # libfaketime reads the instant in local time
    env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
    env["FAKETIME_NO_CACHE"] = "1"
    env[FAKETIME_ENV] = str(int(math.floor(now_epoch)))
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, os.path.abspath(script)] + sys.argv[1:], env)


def ensure_faketime(now_epoch, script):
    """Makes the process clock read `now` (frozen), re-executing `script` under libfaketime once."""
    expected = str(int(math.floor(now_epoch)))
    if os.environ.get(FAKETIME_ENV) != expected:
        reexec_under_faketime(now_epoch, script)  # does not return
    if abs(time.time() - float(expected)) > 1:
        raise PeerError("libfaketime is preloaded but the clock reads %d, not %s" % (time.time(), expected))


def library_version(dist_name, fallback="unknown"):
    try:
        from importlib import metadata
        return metadata.version(dist_name)
    except Exception:
        return fallback


def lasso_version():
    try:
        import lasso
    except ImportError:
        raise PeerError("the lasso Python binding is not installed (Debian package 'python3-lasso')")
    for major in (2,):
        for minor in range(5, 12):
            for sub in range(0, 30):
                if lasso.checkVersion(major, minor, sub, lasso.CHECK_VERSION_EXACT):
                    return "%d.%d.%d" % (major, minor, sub)
    return "unknown"
