#!/usr/bin/python3
"""Probes of what each careful library checks, with responses the IdP's (test-only) key re-signs.

Usage: probes.py [--root REPO] [--bin BUILD/bin] [--kind KIND ...]

Each probe changes one thing in a response idp-mock minted for an SP-initiated
login, re-signs it with certs/idp.key (so only the changed check can refuse it)
and posts it from the browser that started the login. The table printed is the
evidence for the "known weaknesses" in README.md; EXPECTED is that table, and
selftest.py fails when a library's behaviour drifts from it (a Debian update).
"""

import argparse
import os
import select
import socketserver
import subprocess
import sys
import threading
import tempfile
import time

import xmlsec
from lxml import etree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from selftest_lib import Browser, Idp, Sp, b64_xml, header, request_id_from_redirect, xml_b64  # noqa: E402

NS = {"ds": "http://www.w3.org/2000/09/xmldsig#", "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
      "samlp": "urn:oasis:names:tc:SAML:2.0:protocol"}
# label -> (kind, extra target_sp.py arguments)
KINDS = {"onelogin-careful": ("onelogin-careful", []), "pysaml2-careful": ("pysaml2-careful", []),
         "lasso-careful": ("lasso-careful", []), "lasso-bare": ("lasso-careful", ["--lasso-bare"])}


def saml_time(offset):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + offset))


def set_all(root, xpath, attr, value):
    for e in root.xpath(xpath, namespaces=NS):
        if value is None:
            e.attrib.pop(attr, None)
        else:
            e.set(attr, value)


def remove(root, xpath):
    for e in root.xpath(xpath, namespaces=NS):
        e.getparent().remove(e)


# name -> (what it shows, change to the parsed Response)
PROBES = {
    "control": ("the probe machinery itself (re-signed, unchanged)", lambda r, sp: None),
    "sha1": ("RSA-SHA1 signatures with SHA-1 digests", None),  # minted by idp-mock with the app set to SHA-1
    "rsa-1_5": ("the assertion encrypted with RSA 1.5 key transport (AES-256-CBC)", None),  # idem, encrypting
    "no-audience": ("no AudienceRestriction at all",
                    lambda r, sp: remove(r, "//saml:AudienceRestriction")),
    "destination-prefix": ("Destination = the ACS URL + '/x' (a prefix match)",
                           lambda r, sp: r.set("Destination", sp.acs + "/x")),
    "no-destination": ("no Destination on a signed Response (Bindings 3.5.5.2 requires it)",
                       lambda r, sp: r.attrib.pop("Destination")),
    "audience-other": ("the only Audience is another SP's",
                       lambda r, sp: [setattr(e, "text", "http://other.example/sp")
                                      for e in r.xpath("//saml:Audience", namespaces=NS)]),
    "destination-other": ("Destination = another SP's ACS",
                          lambda r, sp: r.set("Destination", "http://evil.example/saml/acs")),
    "recipient-other": ("Recipient = another SP's ACS",
                        lambda r, sp: set_all(r, "//saml:SubjectConfirmationData", "Recipient",
                                              "http://evil.example/saml/acs")),
    "issuer-other": ("Issuer (Response and Assertion) another entity, signed with the trusted key",
                     lambda r, sp: [setattr(e, "text", "http://evil.example/idp")
                                    for e in r.xpath("//saml:Issuer", namespaces=NS)]),
    "bearer-expired": ("the bearer confirmation's NotOnOrAfter passed, Conditions still valid",
                       lambda r, sp: set_all(r, "//saml:SubjectConfirmationData", "NotOnOrAfter",
                                             saml_time(-600))),
    "recipient-substring": ("Recipient = 'http://evil.example/?' + the ACS URL (a substring match)",
                            lambda r, sp: set_all(r, "//saml:SubjectConfirmationData", "Recipient",
                                                  "http://evil.example/?" + sp.acs)),
    "issued-2h-ago": ("IssueInstant 2 hours old, NotOnOrAfter still in the future (no age limit)",
                      lambda r, sp: (set_all(r, "//*[@IssueInstant]", "IssueInstant", saml_time(-7200)),
                                     set_all(r, "//saml:AuthnStatement", "AuthnInstant", saml_time(-7200)))),
    "lifetime-1-day": ("NotOnOrAfter a day away (Conditions and bearer)",
                       lambda r, sp: (set_all(r, "//saml:Conditions", "NotOnOrAfter", saml_time(86400)),
                                      set_all(r, "//saml:SubjectConfirmationData", "NotOnOrAfter",
                                              saml_time(86400)))),
    "assertion-signature-broken": ("the Assertion's own signature invalid, the Response's valid over it",
                                   lambda r, sp: None),
    "sender-vouches": ("SubjectConfirmation Method sender-vouches instead of bearer",
                       lambda r, sp: set_all(r, "//saml:SubjectConfirmation", "Method",
                                             "urn:oasis:names:tc:SAML:2.0:cm:sender-vouches")),
    "no-authn-statement": ("no AuthnStatement (the Web SSO profile requires one)",
                           lambda r, sp: remove(r, "//saml:AuthnStatement")),
    "version-1.1": ("Version=\"1.1\" on the Response and the Assertion",
                    lambda r, sp: set_all(r, "//*[@Version]", "Version", "1.1")),
    "external-dtd": ("a DOCTYPE naming an external DTD on a loopback listener (added after signing)",
                     lambda r, sp: None),
    "scd-irt-dropped": ("the bearer confirmation's InResponseTo removed (Response's kept)",
                        lambda r, sp: set_all(r, "//saml:SubjectConfirmationData", "InResponseTo", None)),
}

# What each SP accepted on Debian 12 (python3-onelogin-saml2 1.12.0-2+deb12u1, python3-pysaml2 7.0.1-2,
# python3-lasso 2.8.1-1+deb12u1); every other probe is refused. "control" must be accepted everywhere.
ACCEPTED = {
    "onelogin-careful": {"control", "sha1", "rsa-1_5", "no-audience", "destination-prefix", "no-destination",
                         "recipient-substring", "issued-2h-ago", "lifetime-1-day", "scd-irt-dropped"},
    "pysaml2-careful": {"control", "sha1", "rsa-1_5", "no-audience", "no-destination", "issued-2h-ago",
                        "lifetime-1-day", "sender-vouches", "external-dtd"},
    "lasso-careful": {"control", "sha1", "rsa-1_5", "no-audience", "no-destination", "issued-2h-ago",
                      "lifetime-1-day", "no-authn-statement", "version-1.1"},
    "lasso-bare": {"control", "sha1", "rsa-1_5", "no-audience", "destination-prefix", "no-destination",
                   "destination-other", "recipient-other", "bearer-expired", "recipient-substring", "issued-2h-ago",
                   "lifetime-1-day", "sender-vouches", "no-authn-statement", "version-1.1"},
}


def expected(label, probe):
    return "accepted" if probe in ACCEPTED[label] else "refused"


def resign(xml, key_path, cert_path, break_assertion_signature=False):
    """Signs the Assertion, then the Response (enveloped, exc-c14n, RSA-SHA256), as Okta does.

    break_assertion_signature: the Assertion's SignatureValue is corrupted before the Response is signed,
    so only a library that verifies the Assertion's own signature can notice."""
    root = etree.fromstring(xml.encode("utf-8"))
    remove(root, "//ds:Signature")
    xmlsec.tree.add_ids(root, ["ID"])
    for elem in (root.xpath("saml:Assertion", namespaces=NS) + [root]):
        if elem is root and break_assertion_signature:
            value = root.xpath("saml:Assertion/ds:Signature/ds:SignatureValue", namespaces=NS)[0]
            value.text = ("A" if value.text.strip()[0] != "A" else "B") + value.text.strip()[1:]
        sig = xmlsec.template.create(elem, xmlsec.constants.TransformExclC14N, xmlsec.constants.TransformRsaSha256)
        issuer = elem.find("saml:Issuer", NS)
        issuer.addnext(sig)
        ref = xmlsec.template.add_reference(sig, xmlsec.constants.TransformSha256, uri="#" + elem.get("ID"))
        xmlsec.template.add_transform(ref, xmlsec.constants.TransformEnveloped)
        xmlsec.template.add_transform(ref, xmlsec.constants.TransformExclC14N)
        xmlsec.template.add_x509_data(xmlsec.template.ensure_key_info(sig))
        ctx = xmlsec.SignatureContext()
        key = xmlsec.Key.from_file(key_path, xmlsec.constants.KeyDataFormatPem)
        key.load_cert_from_file(cert_path, xmlsec.constants.KeyDataFormatPem)
        ctx.key = key
        ctx.sign(sig)
    return etree.tostring(root).decode("utf-8")


def run_probe(name, sp, idp, root_dir, configs):
    b = Browser(name)
    st, h, _ = b.get(sp.login)
    rid, relay, _ = request_id_from_redirect(header(h, "Location"))
    if name in configs:
        resp = idp.mint(configs[name], "carol@acme.test", rid)
    else:
        doc = etree.fromstring(b64_xml(idp.mint(sp.config, "carol@acme.test", rid)).encode("utf-8"))
        PROBES[name][1](doc, sp)
        certs = os.path.join(root_dir, "certs")
        resp = xml_b64(resign(etree.tostring(doc).decode("utf-8"), os.path.join(certs, "idp.key"),
                              os.path.join(certs, "idp.crt"), name == "assertion-signature-broken"))
    fetched = None
    if name == "external-dtd":
        resp, fetched = with_external_dtd(resp)
    st, _, body = b.post(sp.acs, {"SAMLResponse": resp, "RelayState": relay})
    who = b.get(sp.oracle)[0]
    verdict = "accepted" if st == 303 and who == 200 else "refused"
    why = "" if verdict == "accepted" else body.strip()[:140]
    if fetched is not None:
        fetched.stop = True
        if select.select([fetched.socket], [], [], 0.5)[0]:  # a connection not yet handled
            fetched.hits += 1
        fetched.server_close()
        if fetched.hits:  # a parser that fetches DTDs is worse than one that accepts them
            verdict, why = "fetched", "the SP fetched the DTD %d time(s)" % fetched.hits
    return verdict, why


class _DtdListener(socketserver.TCPServer):
    """Counts connections; answers nothing useful."""

    def __init__(self):
        self.hits = 0
        self.stop = False
        super().__init__(("127.0.0.1", 0), _DtdHandler)
        self.timeout = 0.1

    def run(self):
        while not self.stop:
            self.handle_request()


class _DtdHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.server.hits += 1


def with_external_dtd(resp):
    """The response with a DOCTYPE whose external subset is on a listener that counts fetches."""
    listener = _DtdListener()
    threading.Thread(target=listener.run, daemon=True).start()
    xml = b64_xml(resp)
    if xml.startswith("<?xml"):
        xml = xml[xml.index("?>") + 2:].lstrip()
    root_name = xml[1:xml.index(" ")]
    url = "http://127.0.0.1:%d/x.dtd" % listener.server_address[1]
    return xml_b64('<?xml version="1.0"?>\n<!DOCTYPE %s SYSTEM "%s">\n%s' % (root_name, url, xml)), listener


def probe_kind(label, idp, md, root_dir):
    """{probe: (verdict, why)} for one kind."""
    out = {}
    kind, extra = KINDS[label]
    crt, key = os.path.join(root_dir, "certs", "sp.crt"), os.path.join(root_dir, "certs", "sp.key")
    with Sp(kind, md, "--sp-cert", crt, "--sp-key", key, *extra) as sp:
        sp.config = idp.config_for(sp)
        with open(sp.config, encoding="utf-8") as f:
            text = f.read()
        configs = {"sha1": sp.config.replace(".yaml", "-sha1.yaml")}
        with open(configs["sha1"], "w", encoding="utf-8") as f:
            f.write(text.replace("signature_algorithm: RSA_SHA256", "signature_algorithm: RSA_SHA1")
                    .replace("digest_algorithm: SHA256", "digest_algorithm: SHA1"))
        configs["rsa-1_5"] = idp.config_for(sp, encrypt_to=crt, key_transport="RSA_15")
        for name in PROBES:
            out[name] = run_probe(name, sp, idp, root_dir, configs)
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--root", default=os.path.normpath(os.path.join(here, "..", "..")))
    p.add_argument("--bin")
    p.add_argument("--kind", action="append", choices=sorted(KINDS))
    a = p.parse_args()
    bin_dir = a.bin or os.path.join(a.root, "build", "bin")
    with tempfile.TemporaryDirectory(prefix="target-probes-") as work:
        md = os.path.join(work, "idp-metadata.xml")
        with open(md, "wb") as f:
            f.write(subprocess.run([os.path.join(bin_dir, "harness"), "target-info", "--metadata", "--root", a.root],
                                   check=True, capture_output=True, timeout=60).stdout)
        idp = Idp(a.root, bin_dir, work)
        failures = 0
        for kind in a.kind or KINDS:
            res = probe_kind(kind, idp, md, a.root)
            print(kind)
            for name, (verdict, why) in res.items():
                want = expected(kind, name)
                drift = "" if verdict == want else "  UNEXPECTED (ACCEPTED says %s)" % want
                print("  %-20s %-8s %s%s%s" % (name, verdict, PROBES[name][0], "  [" + why + "]" if why else "", drift))
                failures += bool(drift)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
