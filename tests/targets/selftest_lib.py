"""Helpers for selftest.py: start a target SP, a browser with a cookie jar, mint responses with idp-mock.

Loopback only; every wait is bounded.
"""

import base64
import http.client
import json
import os
import re
import select
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"


class Failure(Exception):
    pass


class Sp:
    """A target_sp.py process; .base, .acs, .login, .oracle, .metadata, .entity_id from its ready line."""

    def __init__(self, kind, idp_metadata, *extra, accounts="mallory@acme.test,carol@acme.test",
                 cookie="sid", metadata_flag="--idp-metadata"):
        self.kind = kind
        self.log = tempfile.NamedTemporaryFile(prefix="target-sp-%s-" % kind, suffix=".log", delete=False)
        args = [PY, os.path.join(HERE, "target_sp.py"), kind, "--port", "0", metadata_flag, idp_metadata,
                "--accounts", accounts, "--cookie-name", cookie] + list(extra)
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, stdin=subprocess.DEVNULL)
        ready, _, _ = select.select([self.proc.stdout], [], [], 20)
        line = self.proc.stdout.readline() if ready else b""
        if not line:
            self.stop()
            raise Failure("%s did not start: %s" % (kind, self.stderr()[-2000:]))
        info = json.loads(line)
        for k in ("base", "acs", "login", "oracle", "metadata", "entity_id"):
            setattr(self, k, info[k])
        self.config = None  # the idp-mock tenant pointed at this SP (mint_config)

    def stderr(self):
        with open(self.log.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def decisions(self):
        return [json.loads(ln) for ln in self.stderr().splitlines() if ln.startswith("{")]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc.stdout.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        os.unlink(self.log.name)


class Browser:
    """A cookie jar (per host, names only) and requests that never follow redirects."""

    def __init__(self, name):
        self.name = name
        self.cookies = {}

    def request(self, method, url, form=None, timeout=15):
        u = urllib.parse.urlsplit(url)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        path = u.path + ("?" + u.query if u.query else "")
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read().decode("utf-8", "replace")
        hdrs = r.getheaders()
        conn.close()
        for k, v in hdrs:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";")[0]
                if "Max-Age=0" in v:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        return r.status, hdrs, data

    def get(self, url):
        return self.request("GET", url)

    def post(self, url, form):
        return self.request("POST", url, form)


def header(headers, name):
    for k, v in headers:
        if k.lower() == name.lower():
            return v
    return None


def raw_post(url, body, cookies=None, timeout=15):
    """POSTs a urlencoded body over a bare socket; returns the answer's head as bytes, as it was on the wire."""
    u = urllib.parse.urlsplit(url)
    cookie = "Cookie: %s\r\n" % "; ".join("%s=%s" % kv for kv in cookies.items()) if cookies else ""
    with socket.create_connection((u.hostname, u.port), timeout=timeout) as s:
        head = ("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n%s"
                "Content-Length: %d\r\nConnection: close\r\n\r\n" % (u.path, u.netloc, cookie, len(body)))
        req = head.encode() + body
        s.sendall(req)
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    return data.split(b"\r\n\r\n", 1)[0]


def request_id_from_redirect(location):
    """The ID of the AuthnRequest in an HTTP-Redirect URL (and the RelayState)."""
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    xml = zlib.decompress(base64.b64decode(q["SAMLRequest"][0]), -15).decode("utf-8")
    m = re.search(r'<(?:\w+:)?AuthnRequest\b[^>]*\sID="([^"]+)"', xml)
    if not m:
        raise Failure("no AuthnRequest ID in %s" % xml[:300])
    return m.group(1), (q.get("RelayState") or [None])[0], q


def redirect_signature_valid(location, cert_path):
    """Verifies an HTTP-Redirect binding signature (Bindings 3.4.4.1) with the SP's certificate (RSA-SHA256 only)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    query = urllib.parse.urlsplit(location).query
    raw = dict(p.split("=", 1) for p in query.split("&"))
    if urllib.parse.unquote(raw.get("SigAlg", "")) != "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256":
        return False
    # the signed octets are the parameters as they appear in the URL, in this order
    signed = "&".join("%s=%s" % (k, raw[k]) for k in ("SAMLRequest", "RelayState", "SigAlg") if k in raw)
    with open(cert_path, "rb") as f:
        key = x509.load_pem_x509_certificate(f.read()).public_key()
    try:
        key.verify(base64.b64decode(urllib.parse.unquote(raw["Signature"])), signed.encode("ascii"),
                   padding.PKCS1v15(), hashes.SHA256())
        return True
    except Exception:
        return False


class Idp:
    """idp-mock mint over a tenant retargeted to one SP (entity ID, ACS), optionally encrypting."""

    def __init__(self, root, bin_dir, work):
        self.root = root
        self.mint_bin = os.path.join(bin_dir, "idp-mock")
        self.work = work
        with open(os.path.join(root, "idp-mock", "examples", "acme.yaml"), encoding="utf-8") as f:
            self.template = f.read()

    def config_for(self, sp, encrypt_to=None, key_transport="RSA_OAEP"):
        text = self.template.replace("../../certs/", os.path.join(self.root, "certs") + "/")
        text = text.replace("http://127.0.0.1:8081/sso/acme/acs", sp.acs)
        text = text.replace("http://127.0.0.1:8081/sso/acme/metadata", sp.entity_id)
        if encrypt_to:
            text = text.replace("      assertion_lifetime_seconds: 300\n",
                                "      assertion_lifetime_seconds: 300\n      assertion_encryption: {enabled: true, "
                                "encryption_algorithm: AES256_CBC, key_transport_algorithm: %s, "
                                "encryption_certificate: %s}\n" % (key_transport, encrypt_to))
        port = sp.base.rsplit(":", 1)[1]
        suffix = "-enc-" + key_transport if encrypt_to else ""
        path = os.path.join(self.work, "tenant-%s-%s%s.yaml" % (sp.kind, port, suffix))
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def mint(self, config, user, in_response_to=None, now=None, acs=None):
        """A signed Response, base64 (the POST form value)."""
        args = [self.mint_bin, "mint", "--config", config, "--app", "hotjar", "--user", user, "--base64"]
        if acs:
            args += ["--acs", acs]
        if in_response_to:
            args += ["--in-response-to", in_response_to]
        if now:
            args += ["--now", now]
        r = subprocess.run(args, capture_output=True, timeout=30)
        if r.returncode != 0:
            raise Failure("mint failed: %s" % r.stderr.decode()[-500:])
        return r.stdout.decode("ascii").strip()


def b64_xml(value):
    return base64.b64decode(value).decode("utf-8")


def xml_b64(xml):
    return base64.b64encode(xml.encode("utf-8")).decode("ascii")


def rfc3339(offset_seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + offset_seconds))


def log(msg):
    sys.stdout.write(msg + "\n")
    sys.stdout.flush()
