#!/usr/bin/env python3
"""Makes the seed corpora (stdlib only; run from anywhere).

corpus/          fuzz_validate seeds: first byte = encoding ('X' xml,
                 'B' base64, 'F' form, 'D' detect), then the input. Valid
                 interop vectors (accepted by the target's fixed settings)
                 and a few refused variants.
capture_corpus/  fuzz_capture seeds: the sample HAR and SAML-tracer captures
                 and small hand-made ones.
"""
import base64
import pathlib
import shutil
import urllib.parse

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
V = ROOT / "tests/vectors/responses"


def vec(name):
    return (V / name).read_bytes()


def form(xml, relay=b"/dashboard"):
    return b"SAMLResponse=" + urllib.parse.quote(base64.b64encode(xml)).encode() + b"&RelayState=" + relay


okta = vec("xmlsec1-okta-template-assertion-signed.xml")
seeds = {
    "okta-assertion-signed.xml": b"X" + okta,
    "pysaml2-both-signed.xml": b"X" + vec("pysaml2-both-signed.xml"),
    "lasso-encrypted-both-signed.xml": b"X" + vec("lasso-encrypted-both-signed.xml"),
    "pysaml2-encrypted-response-signed.xml": b"X" + vec("pysaml2-encrypted-response-signed.xml"),
    "samlify-assertion-signed.b64": b"B" + base64.encodebytes(vec("samlify-template-assertion-signed.xml")),
    "okta-both-signed.form": b"F" + form(vec("xmlsec1-okta-template-both-signed.xml")),
    "lasso-idp-initiated.detect": b"D" + vec("lasso-both-signed-idp-initiated.xml"),
    "tampered-nameid.xml": b"X" + okta.replace(b">alice@acme.test</saml2:NameID>", b">mallory@acme.test</saml2:NameID>"),
    "doctype.xml": b"X<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"b\">]><r>&a;</r>",
    "bad-base64.b64": b"BPHNhbWxwOlJlc3BvbnNl!!==",
}
out = HERE / "corpus"
shutil.rmtree(out, ignore_errors=True)
out.mkdir()
for name, data in seeds.items():
    (out / name).write_bytes(data)

cap = HERE / "capture_corpus"
shutil.rmtree(cap, ignore_errors=True)
cap.mkdir()
data = ROOT / "tests/sp/cli/data"
shutil.copy(data / "capture.har", cap / "sample.har")
shutil.copy(data / "saml_tracer_export.json", cap / "sample-saml-tracer.json")
(cap / "tiny.har").write_text('{"log":{"entries":[{"request":{"method":"POST","url":"https://sp/acs",'
                              '"postData":{"text":"SAMLResponse=PHg%2B&RelayState=%2F"}}}]}}')
(cap / "tiny-tracer.json").write_text('{"requests":[{"method":"POST","url":"https://sp/acs",'
                                      '"post":[["SAMLResponse","{hash:1}"]],"saml":"<x/>"}]}')
print("wrote", len(seeds), "validate seeds and 4 capture seeds")
