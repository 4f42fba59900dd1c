"""HTTP plumbing shared by the target SPs (tests/targets/target_sp.py).

Each SP kind supplies a validator (a SAML library configured one way); this
module does what every SP around it does the same way: routing, cookie
sessions with pending AuthnRequest IDs, the accounts table, the replay cache,
the RelayState policy, the oracle (/whoami), the SP's metadata, the IdP's
metadata (a file, or a URL fetched lazily at the first login), and one log line
on stderr per decision.

Run with Debian's /usr/bin/python3. Loopback only; every request is bounded
(body size, socket timeout).
"""

import http.server
import json
import secrets
import sys
import threading
import time
import urllib.parse
import urllib.request
from xml.sax.saxutils import escape, quoteattr

from sp_state import ReplayCache, Sessions

BINDING_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
BINDING_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
MAX_BODY = 2 * 1024 * 1024       # an ACS POST larger than this is refused (413)
MAX_METADATA = 1024 * 1024       # IdP metadata larger than this is an error
METADATA_TIMEOUT = 5.0           # seconds, for --idp-metadata-url


class Refused(Exception):
    """A login the SP refuses: the HTTP status, a short reason, a detail for the log."""

    def __init__(self, reason, detail="", status=403):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail
        self.status = status


class Login:
    """What a validator hands back for an accepted response."""

    def __init__(self, name_id, assertion_id=None, not_on_or_after=None, in_response_to=None):
        self.name_id = name_id
        self.assertion_id = assertion_id
        self.not_on_or_after = not_on_or_after  # epoch seconds, or None
        self.in_response_to = in_response_to


class Policy:
    """What the SP around the library decides (per kind)."""

    def __init__(self, unsolicited="refuse", replay_cache=True, relay="safe", reflect_relay=False,
                 accept_nothing=False):
        # "refuse": InResponseTo must be a pending request of this browser (used once);
        # "allow": the same when there is an InResponseTo, and none is fine (IdP-initiated);
        # "ignore": InResponseTo is not looked at (the naive SP)
        self.unsolicited = unsolicited
        self.replay_cache = replay_cache            # an assertion ID is accepted once
        self.relay = relay                          # "safe": same-origin path only; "any": followed as given
        self.reflect_relay = reflect_relay          # RelayState written raw into X-Return-To
        self.accept_nothing = accept_nothing


def log(kind, event, **fields):
    """One JSON line on stderr per decision (tests grep these)."""
    rec = {"kind": kind, "event": event}
    rec.update({k: (" ".join(str(v).split()) if isinstance(v, str) else v) for k, v in fields.items()})
    sys.stderr.write(json.dumps(rec, sort_keys=False) + "\n")
    sys.stderr.flush()


def pem_body(pem):
    """The base64 body of a PEM certificate (for ds:X509Certificate)."""
    lines = [ln.strip() for ln in pem.strip().splitlines()]
    return "".join(ln for ln in lines if ln and not ln.startswith("-----"))


def safe_relay(value):
    """A same-origin relative path (`/x`, not `//x`, `/\\x`, no control characters), else None."""
    if not value or len(value) > 2048 or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return None
    return value


class IdpMetadata:
    """The IdP's metadata XML: read from a file at start, or fetched from a URL at first use."""

    def __init__(self, path=None, url=None):
        self._lock = threading.Lock()
        self._text = None
        self._url = url
        if path:
            with open(path, "rb") as f:
                data = f.read(MAX_METADATA + 1)
            if len(data) > MAX_METADATA:
                raise ValueError("IdP metadata file %s is larger than 1 MiB" % path)
            self._text = data.decode("utf-8")

    def text(self):
        with self._lock:
            if self._text is None:
                try:
                    with urllib.request.urlopen(self._url, timeout=METADATA_TIMEOUT) as r:
                        data = r.read(MAX_METADATA + 1)
                except Exception as e:  # URLError, timeouts, HTTP errors
                    raise Refused("idp_metadata_unavailable", "%s: %s" % (self._url, e), status=502)
                if len(data) > MAX_METADATA:
                    raise Refused("idp_metadata_unavailable", "larger than 1 MiB", status=502)
                self._text = data.decode("utf-8", "replace")
            return self._text


def sp_metadata_xml(cfg, validator):
    """The SP's metadata: entityID, HTTP-POST ACS index 0 (default), optional second ACS and certificate."""
    key = ""
    if cfg.sp_cert_pem:
        body = pem_body(cfg.sp_cert_pem)
        uses = ["signing", "encryption"] if validator.decrypts else ["signing"]
        key = "".join('<md:KeyDescriptor use="%s"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%s'
                      '</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>' % (u, body)
                      for u in uses)
    binding = BINDING_REDIRECT if cfg.bad_metadata else BINDING_POST
    acs = '<md:AssertionConsumerService Binding="%s" Location=%s index="0" isDefault="true"/>' % (
        binding, quoteattr(cfg.acs))
    if cfg.second_acs:
        acs += '<md:AssertionConsumerService Binding="%s" Location=%s index="1"/>' % (
            binding, quoteattr(cfg.acs2))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
            'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID=%s>'
            '<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" '
            'AuthnRequestsSigned="%s" WantAssertionsSigned="%s">%s'
            '<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>%s'
            '</md:SPSSODescriptor></md:EntityDescriptor>\n'
            % (quoteattr(cfg.entity_id), "true" if cfg.sign_requests else "false",
               "true" if cfg.want_assertions_signed else "false", key, acs))


class App:
    """The state of one SP: configuration, validator, sessions, replay cache."""

    def __init__(self, cfg, validator, policy):
        self.cfg = cfg
        self.validator = validator
        self.policy = policy
        self.sessions = Sessions()
        self.replay = ReplayCache()
        self.accounts = {a.strip().lower(): a.strip() for a in cfg.accounts if a.strip()}


class Handler(http.server.BaseHTTPRequestHandler):
    """Routes: /saml/metadata, /saml/login, /saml/acs (and /saml/acs2), /app, /whoami, /logout."""

    server_version = "target-sp"
    protocol_version = "HTTP/1.1"
    timeout = 30

    def log_message(self, fmt, *args):  # the decision lines are the log
        pass

    @property
    def app(self):
        return self.server.app

    # ------------------------------------------------------------------ plumbing
    def cookie_sid(self):
        name = self.app.cfg.cookie_name
        for part in (self.headers.get("Cookie") or "").split(";"):
            k, _, v = part.strip().partition("=")
            if k == name:
                return v
        return None

    def set_cookie_header(self, sid, clear=False):
        c = self.app.cfg
        attrs = "; Path=/; HttpOnly; SameSite=%s" % c.cookie_samesite
        if c.cookie_samesite == "None":
            attrs += "; Secure"
        if clear:
            return "%s=; Max-Age=0%s" % (c.cookie_name, attrs)
        return "%s=%s%s" % (c.cookie_name, sid, attrs)

    def reply(self, status, body=b"", ctype="text/plain; charset=utf-8", headers=(), raw_headers=()):
        """Writes the answer; raw_headers are (name, bytes) written as given (the lax SP's reflection)."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        for k, v in raw_headers:
            # http.server would encode as latin-1; this writes the bytes the SP was given, CR LF included
            self._headers_buffer.append(k.encode("ascii") + b": " + v + b"\r\n")
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def route(self):
        return urllib.parse.urlsplit(self.path)

    # ------------------------------------------------------------------ GET
    def do_GET(self):
        u = self.route()
        query = urllib.parse.parse_qs(u.query)
        handlers = {"/saml/metadata": self.get_metadata, "/saml/login": self.get_login, "/app": self.get_app,
                    "/whoami": self.get_whoami, "/logout": self.get_logout, "/": self.get_app}
        h = handlers.get(u.path)
        if h is None:
            return self.reply(404, "not found\n")
        try:
            h(query)
        except Refused as e:
            log(self.app.cfg.kind, u.path, verdict="error", reason=e.reason, detail=e.detail)
            self.reply(e.status, "%s\n" % e.reason)
        except Exception as e:  # a bug or a library failure: the server keeps serving
            log(self.app.cfg.kind, u.path, verdict="error", reason="internal", detail="%s: %s" % (type(e).__name__, e))
            self.reply(500, "internal error\n")

    def get_metadata(self, _query):
        self.reply(200, sp_metadata_xml(self.app.cfg, self.app.validator), "application/samlmetadata+xml")

    def get_login(self, query):
        cfg = self.app.cfg
        if cfg.redirect_loop:
            log(cfg.kind, "login", verdict="redirect-loop")
            return self.reply(302, "", headers=[("Location", cfg.base + "/saml/login?loop=" + secrets.token_hex(4))])
        next_path = (query.get("next") or ["/app"])[0]
        sid = self.cookie_sid()
        fresh = self.app.sessions.get(sid) is None
        if fresh:
            sid = self.app.sessions.create()
        url, request_id = self.app.validator.authn_request(next_path)
        self.app.sessions.add_pending(sid, request_id, next_path)
        log(cfg.kind, "login", verdict="redirect", request_id=request_id, next=next_path)
        headers = [("Location", url)]
        if fresh:
            headers.append(("Set-Cookie", self.set_cookie_header(sid)))
        self.reply(302, "", headers=headers)

    def user(self):
        s = self.app.sessions.get(self.cookie_sid())
        return s["user"] if s else None

    def get_app(self, _query):
        user = self.user()
        if not user:
            return self.reply(302, "", headers=[("Location", "/saml/login?next=/app")])
        self.reply(200, "<!doctype html><title>app</title><p>Signed in as <b>%s</b></p>\n" % escape(user),
                   "text/html; charset=utf-8")

    def get_whoami(self, _query):
        cfg = self.app.cfg
        user = None if self.app.policy.accept_nothing else self.user()
        if user is None and cfg.oracle_always_200 and self.app.accounts:
            user = sorted(self.app.accounts.values())[0]  # a lie, for the harness's logged-out control
        if user is None:
            return self.reply(401, json.dumps({"error": "not logged in"}) + "\n", "application/json")
        self.reply(200, json.dumps({"email": user}) + "\n", "application/json")

    def get_logout(self, _query):
        self.app.sessions.drop(self.cookie_sid())
        self.reply(302, "", headers=[("Location", "/app"), ("Set-Cookie", self.set_cookie_header("", clear=True))])

    # ------------------------------------------------------------------ POST
    def do_POST(self):
        u = self.route()
        if u.path not in ("/saml/acs", "/saml/acs2") or (u.path == "/saml/acs2" and not self.app.cfg.second_acs):
            return self.reply(404, "not found\n")
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return self.reply(411, "length required\n")
        if int(length) > MAX_BODY:
            self.close_connection = True
            return self.reply(413, "too large\n")
        body = self.rfile.read(int(length))
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        acs_url = self.app.cfg.acs if u.path == "/saml/acs" else self.app.cfg.acs2
        try:
            self.post_acs(form, acs_url)
        except Exception as e:  # a bug: logged, answered, and the server keeps serving
            log(self.app.cfg.kind, "acs", verdict="error", reason="internal", detail="%s: %s" % (type(e).__name__, e))
            self.reply(500, "internal error\n")

    def post_acs(self, form, acs_url):
        app, cfg = self.app, self.app.cfg
        if cfg.hang_acs:
            time.sleep(cfg.hang_acs)
        relay = (form.get("RelayState") or [None])[0]
        try:
            login = self.validate(form, acs_url)
        except Refused as e:
            log(cfg.kind, "acs", verdict="refused", reason=e.reason, detail=e.detail)
            # the detail too: a test SP's page is evidence for the harness's reports
            return self.reply(e.status, "refused: %s: %s\n" % (e.reason, " ".join(e.detail.split())[:300]))
        user = app.accounts[login.name_id.lower()]
        sid = app.sessions.login(self.cookie_sid(), user)
        target = self.relay_target(relay)
        log(cfg.kind, "acs", verdict="accepted", user=user, assertion_id=login.assertion_id,
            in_response_to=login.in_response_to, location=target)
        raw = []
        if app.policy.reflect_relay and relay is not None:
            raw.append(("X-Return-To", relay.encode("utf-8")))
        if app.policy.relay == "any" and relay:
            raw.append(("Location", relay.encode("utf-8")))  # written raw: CR LF in it reaches the wire
            headers = [("Set-Cookie", self.set_cookie_header(sid))]
        else:
            headers = [("Location", target), ("Set-Cookie", self.set_cookie_header(sid))]
        self.reply(303, "", headers=headers, raw_headers=raw)

    def relay_target(self, relay):
        if self.app.policy.relay == "any" and relay:
            return relay
        return safe_relay(relay) or "/app"

    def validate(self, form, acs_url):
        """The whole decision: library validation, then request binding, replay, account."""
        app, policy = self.app, self.app.policy
        if policy.accept_nothing:
            raise Refused("accept_nothing", "this SP accepts no response")
        values = form.get("SAMLResponse") or []
        if len(values) != 1 or not values[0]:
            raise Refused("no_saml_response", "%d SAMLResponse fields" % len(values), status=400)
        sid = self.cookie_sid()
        pending = app.sessions.pending(sid)
        try:
            login = app.validator.consume(values[0], pending, acs_url)
        except Refused:
            raise
        except Exception as e:  # a library error is a refusal with its message
            raise Refused("invalid_response", "%s: %s" % (type(e).__name__, e))
        if not login.name_id:
            raise Refused("no_name_id", "the response names no subject")
        if policy.unsolicited != "ignore":
            # Bound to this browser: the request ID must be one this session sent, and is used once.
            if not login.in_response_to and policy.unsolicited == "refuse":
                raise Refused("unsolicited", "no InResponseTo; IdP-initiated logins are not accepted")
            if login.in_response_to and not app.sessions.take_pending(sid, login.in_response_to):
                raise Refused("unknown_in_response_to", "InResponseTo %s is not a pending request of this "
                              "browser" % login.in_response_to)
        if policy.replay_cache:
            key = login.assertion_id or ""
            if not key:
                raise Refused("no_assertion_id", "cannot track replays without an assertion ID")
            if not app.replay.first_use(key, login.not_on_or_after):
                raise Refused("replay", "assertion %s was already used" % key)
        if login.name_id.lower() not in app.accounts:
            raise Refused("no account", "%s has no account at this SP" % login.name_id)
        return login


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, app, port):
        self.app = app
        super().__init__(("127.0.0.1", port), Handler)
