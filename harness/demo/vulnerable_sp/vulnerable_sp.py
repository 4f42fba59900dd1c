#!/usr/bin/python3
"""The deliberately vulnerable demo SP: what `harness demo` shows a class an attack succeeding on.

Usage: vulnerable_sp.py --idp-metadata-url URL [--host 127.0.0.1] [--port 8082]

NEVER for real accounts, and never part of `sp`: it listens on loopback only,
and every page it serves says it is deliberately vulnerable. Its named
behaviours (BEHAVIOURS below, also on its pages and in the README):
  - it verifies one signature (the first in the document) then reads the
    first NameID (naive.py), so a signature-wrapping attack signs in as the victim;
  - it keeps no replay cache: the same response signs in again;
  - it follows any RelayState after a login, wherever it points (an open redirect).
Run with Debian's /usr/bin/python3 (python3-xmlsec, lxml). Every decision is
one line on stderr.
"""

import argparse
import html
import http.server
import ipaddress
import os
import secrets
import sys
import threading
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import naive  # noqa: E402

BEHAVIOURS = (
    ("verifies one signature, then reads the first NameID",
     "it checks only the first ds:Signature in the document and takes the first NameID anywhere as the user: a "
     "signature-wrapping (XSW) response signs in as whoever the attacker wrote"),
    ("no replay cache", "the same response, posted again, signs in again"),
    ("follows any RelayState", "after a login it redirects to whatever RelayState says, even another site"),
)
MAX_BODY = 1024 * 1024
COOKIE = "vulnerable_sid"


def page(title, body):
    items = "".join("<li><b>%s</b>: %s</li>" % (html.escape(n), html.escape(d)) for n, d in BEHAVIOURS)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s - deliberately vulnerable "
            "demo SP</title><style>body{font:18px/1.45 system-ui,sans-serif;margin:0;background:#fff7e6}"
            ".vuln-banner{background:#b00020;color:#fff;padding:.6em 1em;font:700 1.1rem sans-serif}"
            "main{max-width:1100px;margin:0 auto;padding:0 1.5em 2em}code{font-family:ui-monospace,monospace}"
            "</style></head><body><div class=\"vuln-banner\" role=\"alert\">DELIBERATELY VULNERABLE demo SP "
            "(saml-harness training): never use it for real accounts.<ul>%s</ul></div><main><h1>%s</h1>%s"
            "<p><a href=\"/\">Home</a> &middot; <a href=\"/app\">Who am I</a></p></main></body></html>\n"
            % (html.escape(title), items, html.escape(title), body))


class State:
    def __init__(self, metadata_url):
        self.metadata_url = metadata_url
        self.lock = threading.Lock()
        self.sessions = {}
        self.cert = None

    def idp_cert(self):
        with self.lock:
            if self.cert is None:
                with urllib.request.urlopen(self.metadata_url, timeout=10) as r:
                    self.cert = naive.idp_from_metadata(r.read(MAX_BODY))[2]
            return self.cert


def log(**fields):
    print(" ".join("%s=%s" % (k, v) for k, v in fields.items()), file=sys.stderr, flush=True)


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "vulnerable-demo-sp"
    protocol_version = "HTTP/1.1"
    timeout = 30

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, body, headers=()):
        data = body.encode("utf-8")
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def user(self):
        for part in (self.headers.get("Cookie") or "").split(";"):
            k, _, v = part.strip().partition("=")
            if k == COOKIE:
                return self.server.state.sessions.get(v)
        return None

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/":
            self.reply(200, page("Deliberately vulnerable demo SP", "<p>Its ACS is <code>/acs</code> (HTTP-POST, "
                                 "IdP-initiated or not: it does not care).</p>"))
        elif path == "/app":
            who = self.user()
            if who is None:
                self.reply(401, page("Not signed in", "<p>Nobody is signed in here.</p>"))
            else:
                self.reply(200, page("Signed in", "<p id=\"who\">Signed in as <code>%s</code>.</p>" % html.escape(who)))
        else:
            self.reply(404, page("Not found", "<p>There is nothing at this address.</p>"))

    def do_POST(self):
        if urllib.parse.urlsplit(self.path).path != "/acs":
            self.reply(404, page("Not found", "<p>There is nothing at this address.</p>"))
            return
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self.reply(413, page("Too large", "<p>The form is larger than 1 MiB.</p>"))
            return
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8", "replace"), max_num_fields=20)
        response = (form.get("SAMLResponse") or [""])[0]
        relay = (form.get("RelayState") or [None])[0]
        try:
            who, _ = naive.first_signature_then_first_name_id(response, self.server.state.idp_cert())
        except naive.NaiveRefusal as e:
            log(event="refused", reason=e.code)
            self.reply(e.status, page("Refused", "<p>Even this SP refused it: <code>%s</code> (%s).</p>"
                                      % (html.escape(e.code), html.escape(e.detail))))
            return
        except OSError as e:
            self.reply(502, page("IdP unreachable", "<p>The IdP metadata could not be read: %s</p>"
                                 % html.escape(str(e))))
            return
        sid = secrets.token_urlsafe(24)
        self.server.state.sessions[sid] = who
        log(event="signed_in", user=who)
        # VULNERABLE on purpose: no replay cache, and any RelayState is followed.
        self.reply(303, page("Signed in", "<p>Signed in as <code>%s</code>.</p>" % html.escape(who)),
                   (("Location", relay or "/app"), ("Set-Cookie", "%s=%s; Path=/; HttpOnly; SameSite=Lax" % (COOKIE, sid))))


def main():
    p = argparse.ArgumentParser(prog="vulnerable_sp.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8082)
    p.add_argument("--idp-metadata-url", required=True)
    a = p.parse_args()
    host = "127.0.0.1" if a.host == "localhost" else a.host
    try:
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(host)
    except ValueError:
        print("vulnerable_sp.py: loopback only, not %s" % a.host, file=sys.stderr)
        return 2

    class Server(http.server.ThreadingHTTPServer):
        address_family = 10 if ":" in host else 2  # AF_INET6 / AF_INET
        daemon_threads = True

    server = Server((host, a.port), Handler)
    server.state = State(a.idp_metadata_url)
    print("vulnerable demo SP on http://%s:%d/" % (host, server.server_address[1]), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
