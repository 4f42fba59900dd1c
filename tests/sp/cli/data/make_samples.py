#!/usr/bin/env python3
"""Makes the sample captures in this folder (run from anywhere; stdlib only).

capture.har              a Chrome-style HAR 1.2 of an SP-initiated login: the
                         SP's login page, the HTTP-Redirect AuthnRequest to the
                         IdP (ID id_req_vectors_1, RelayState /dashboard), the
                         IdP's password POST (whose HTML answer holds the
                         auto-POST form), and the POST of SAMLResponse +
                         RelayState to the ACS.
saml_tracer_export.json  the same login as SAML-tracer 1.x exports it
                         (src/SAMLTraceIO.js: {"requests": [...], "timestamp"}).
authn_request.xml        the AuthnRequest both captures carry.

The response is tests/vectors/responses/xmlsec1-okta-template-assertion-signed.xml
(signed with tests/vectors/keys/idp.key; validate with tests/vectors/keys/idp.crt,
--now 2026-03-01T12:01:00Z and the manifest's entity IDs and ACS).
"""
import base64
import json
import pathlib
import urllib.parse
import zlib

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[3]
RESPONSE = (ROOT / "tests/vectors/responses/xmlsec1-okta-template-assertion-signed.xml").read_bytes()

SP = "https://sp.vectors.test"
ACS = SP + "/sso/acme/acs"
IDP_SSO = "https://idp.vectors.test/app/acme_hotjar_1/exk1a2b3c4d5e6f7g8h9/sso/saml"
RELAY = "/dashboard"

AUTHN_REQUEST = (
    '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
    'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="id_req_vectors_1" Version="2.0" '
    'IssueInstant="2026-03-01T11:58:00Z" Destination="' + IDP_SSO + '" '
    'ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
    'AssertionConsumerServiceURL="' + ACS + '">'
    "<saml:Issuer>https://sp.vectors.test/saml/metadata</saml:Issuer>"
    '<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" AllowCreate="true"/>'
    "</samlp:AuthnRequest>"
)


def deflate_raw(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


req_b64 = base64.b64encode(deflate_raw(AUTHN_REQUEST.encode())).decode()
redirect_query = "SAMLRequest=" + urllib.parse.quote(req_b64, safe="") + "&RelayState=" + urllib.parse.quote(RELAY, safe="")
redirect_url = IDP_SSO + "?" + redirect_query
resp_b64 = base64.b64encode(RESPONSE).decode()
acs_body = "SAMLResponse=" + urllib.parse.quote(resp_b64, safe="") + "&RelayState=" + urllib.parse.quote(RELAY, safe="")
auto_post = (
    '<html><body onload="document.forms[0].submit()"><form method="post" action="' + ACS + '">'
    '<input type="hidden" name="SAMLResponse" value="' + resp_b64 + '"/>'
    '<input type="hidden" name="RelayState" value="' + RELAY + '"/></form></body></html>'
)
UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"


def har_headers(pairs):
    return [{"name": n, "value": v} for n, v in pairs]


def har_entry(when, method, url, status, status_text, resp_headers, post=None, content=None):
    query = urllib.parse.urlsplit(url).query
    request = {
        "method": method,
        "url": url,
        "httpVersion": "http/2.0",
        "headers": har_headers([("user-agent", UA)]),
        "queryString": [{"name": n, "value": v} for n, v in urllib.parse.parse_qsl(query, keep_blank_values=True)],
        "cookies": [],
        "headersSize": -1,
        "bodySize": len(post) if post else 0,
    }
    if post is not None:
        request["postData"] = {
            "mimeType": "application/x-www-form-urlencoded",
            "text": post,
            "params": [{"name": n, "value": urllib.parse.quote(v, safe="")} for n, v in urllib.parse.parse_qsl(post)],
        }
    text = content or ""
    return {
        "_initiator": {"type": "other"},
        "_priority": "VeryHigh",
        "_resourceType": "document",
        "cache": {},
        "connection": "443",
        "request": request,
        "response": {
            "status": status,
            "statusText": status_text,
            "httpVersion": "http/2.0",
            "headers": har_headers(resp_headers),
            "cookies": [],
            "content": {"size": len(text), "mimeType": "text/html", "text": text},
            "redirectURL": dict(resp_headers).get("location", ""),
            "headersSize": -1,
            "bodySize": len(text),
            "_transferSize": len(text) + 200,
            "_error": None,
        },
        "serverIPAddress": "192.0.2.10",
        "startedDateTime": when,
        "time": 41.2,
        "timings": {"blocked": 1.1, "dns": -1, "ssl": -1, "connect": -1, "send": 0.2, "wait": 38.0, "receive": 1.9},
    }


har = {
    "log": {
        "version": "1.2",
        "creator": {"name": "WebInspector", "version": "537.36"},
        "pages": [],
        "entries": [
            har_entry("2026-03-01T11:58:00.010Z", "GET", SP + "/sso/acme/login", 302, "", [("location", redirect_url)]),
            har_entry("2026-03-01T11:58:00.120Z", "GET", redirect_url, 200, "", [("content-type", "text/html")],
                      content="<html><form method=post action=/login>...</form></html>"),
            har_entry("2026-03-01T11:58:19.900Z", "POST", "https://idp.vectors.test/login", 200, "",
                      [("content-type", "text/html")], post="username=alice%40acme.test&password=hunter2",
                      content=auto_post),
            har_entry("2026-03-01T12:00:30.000Z", "POST", ACS, 302, "", [("location", SP + RELAY)], post=acs_body),
        ],
    }
}


def tracer_request(rid, method, url, status, status_line, resp_headers, get=None, post=None, saml=None):
    r = {
        "method": method,
        "url": url,
        "requestId": str(rid),
        "requestHeaders": [{"name": "User-Agent", "value": UA}],
    }
    if get is not None:
        r["get"] = get
    if post is not None:
        r["postData"] = {n: [v] for n, v in post}
        r["post"] = [[n, v] for n, v in post]
    if get is not None or post is not None:
        if any(n in ("SAMLRequest", "SAMLResponse") for n, _ in (get or []) + (post or [])):
            r["protocol"] = "SAML-P"
            r["saml"] = saml
    r["responseStatus"] = status
    r["responseStatusText"] = status_line
    r["responseHeaders"] = [{"name": n, "value": v} for n, v in resp_headers]
    return r


tracer = {
    "requests": [
        tracer_request(1201, "GET", SP + "/sso/acme/login", 302, "HTTP/1.1 302 Found", [("Location", redirect_url)], get=[]),
        tracer_request(1202, "GET", redirect_url, 200, "HTTP/1.1 200 OK", [("Content-Type", "text/html")],
                       get=[["SAMLRequest", req_b64], ["RelayState", RELAY]], saml=AUTHN_REQUEST),
        tracer_request(1207, "POST", "https://idp.vectors.test/login", 200, "HTTP/1.1 200 OK",
                       [("Content-Type", "text/html")], post=[("username", "alice@acme.test"), ("password", "hunter2")]),
        tracer_request(1208, "POST", ACS, 302, "HTTP/1.1 302 Found", [("Location", SP + RELAY)],
                       post=[("SAMLResponse", resp_b64), ("RelayState", RELAY)], saml=RESPONSE.decode()),
    ],
    "timestamp": "2026-03-01T12:01:05.123Z",
}

(HERE / "authn_request.xml").write_text(AUTHN_REQUEST + "\n")
(HERE / "capture.har").write_text(json.dumps(har, indent=2) + "\n")
(HERE / "saml_tracer_export.json").write_text(json.dumps(tracer, indent=2) + "\n")
print("wrote capture.har, saml_tracer_export.json, authn_request.xml")
