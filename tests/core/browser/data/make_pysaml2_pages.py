#!/usr/bin/python3
"""Renders pysaml2's own HTTP-POST binding pages (saml2.pack.http_form_post_message)
into this folder, as test data for tests/core/browser/html_test.cpp: the page an
IdP built on pysaml2 sends (SAMLResponse) and the page an SP built on it sends
(SAMLRequest). Run with Debian's python3: /usr/bin/python3 make_pysaml2_pages.py"""
import os

from saml2.pack import http_form_post_message

HERE = os.path.dirname(os.path.abspath(__file__))

# ">>>" and "???" make base64 with '+' and '/'; the message need not be valid SAML.
RESPONSE = ('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_pysaml2_r" '
            'Version="2.0">>>>???</samlp:Response>')
REQUEST = ('<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_pysaml2_q" '
           'Version="2.0">???>>></samlp:AuthnRequest>')

for name, message, location, relay, typ in (
        ("pysaml2_response.html", RESPONSE, "https://sp.example.com/acs?a=1&b=2", "/dashboard?x=1&y=<2>",
         "SAMLResponse"),
        ("pysaml2_request.html", REQUEST, "https://idp.example.org/sso/post", "it's \"quoted\"", "SAMLRequest")):
    page = http_form_post_message(message, location, relay_state=relay, typ=typ)["data"]
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write(page + "\n")
