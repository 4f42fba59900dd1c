#!/usr/bin/python3
"""Signature-only peer: verify every ds:Signature of a SAML Response with the xmlsec1 CLI.

Usage: xmlsec1_peer.py --peer xmlsec1 --settings FILE.json RESPONSE.xml

Accept only if at least one signature exists and every signature present
verifies with the pinned IdP certificate (never a key from KeyInfo). For an
encrypted assertion the Response signature is verified on the message as
received, then `xmlsec1 --decrypt --privkey-pem` decrypts in place and the
signatures that were inside the ciphertext are verified where they land.
It does NOT check time, audience, recipient or InResponseTo: `now`,
`request_id` and the rest are read but not used. Same JSON contract and exit
codes as sp_peer.py (see README.md).
"""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common as pc  # noqa: E402

from lxml import etree  # noqa: E402

NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
    "xenc": "http://www.w3.org/2001/04/xmlenc#",
}
RESPONSE_TAG = "{%s}Response" % NS["samlp"]
ASSERTION_TAG = "{%s}Assertion" % NS["saml"]
SIGNATURE_TAG = "{%s}Signature" % NS["ds"]
ENCDATA_TAG = "{%s}EncryptedData" % NS["xenc"]
SIG_XPATH = "(//*[local-name()='Signature' and namespace-uri()='%s'])[%d]"
ENC_XPATH = "(//*[local-name()='EncryptedData' and namespace-uri()='%s'])[1]" % NS["xenc"]

# The xmlsec1 CLI verifies whatever libxmlsec1-openssl implements.
SUPPORTED = {
    "SignatureMethod": {pc.ALG[a] for a in ("rsa-sha1", "rsa-sha256", "rsa-sha384", "rsa-sha512",
                                            "ecdsa-sha1", "ecdsa-sha256", "ecdsa-sha384", "ecdsa-sha512")},
    "DigestMethod": {pc.ALG[a] for a in ("sha1", "sha256", "sha384", "sha512")},
    "EncryptionMethod": {pc.ALG[a] for a in ("tripledes-cbc", "aes128-cbc", "aes192-cbc", "aes256-cbc",
                                             "aes128-gcm", "aes256-gcm", "rsa-oaep-mgf1p", "rsa-1_5")},
}

# Hardening shared by every xmlsec1 call:
#  - only "#id" references (no empty URI = whole document, no files, no network);
#  - KeyInfo may only name a key: certificates or KeyValue in the message are ignored,
#    so the only usable key is the one loaded from the pinned certificate;
#  - ID attributes declared for Response and Assertion only.
HARDENING = [
    "--enabled-reference-uris", "same-doc",
    "--enabled-key-data", "key-name",
    "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response",
    "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
]


def xmlsec1_version():
    try:
        out = subprocess.run(["xmlsec1", "--version"], capture_output=True, text=True,
                             timeout=pc.SUBPROCESS_TIMEOUT_S).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        raise pc.PeerError("the xmlsec1 command is not available (Debian package 'xmlsec1')")
    return out.split()[1] if len(out.split()) > 1 else out


# xmlsec1 prints these when it did not understand its command line: that is a
# peer bug or a build without a feature, never a verdict about the message.
USAGE_MARKERS = (b"Unknown command", b"invalid parameters", b"is not supported or the requested", b"Usage: xmlsec")


def run_xmlsec1(args):
    try:
        proc = subprocess.run(["xmlsec1"] + args, capture_output=True, timeout=pc.SUBPROCESS_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise pc.PeerError("xmlsec1 timed out after %ds" % pc.SUBPROCESS_TIMEOUT_S)
    except OSError as e:
        raise pc.PeerError("cannot run xmlsec1: %s" % e)
    if proc.returncode != 0 and any(m in proc.stderr for m in USAGE_MARKERS):
        raise pc.PeerError("xmlsec1 rejected its command line: %s" % proc.stderr.decode("utf-8", "replace")[:300])
    return proc


def parse(xml):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as e:
        raise pc.Rejected("not well-formed XML: %s" % e)
    if root.tag != RESPONSE_TAG:
        raise pc.Rejected("root element is %s, not samlp:Response" % root.tag)
    return root


def signatures(root):
    """All ds:Signature elements in document order (same order as SIG_XPATH indexes)."""
    return list(root.iter(SIGNATURE_TAG))


def inside_encrypted(node):
    return any(a.tag == ENCDATA_TAG for a in node.iterancestors())


def check_shape(sig):
    """Peer-level XSW guard: enveloped by a Response/Assertion, one Reference to '#'+parent ID."""
    parent = sig.getparent()
    if parent is None or parent.tag not in (RESPONSE_TAG, ASSERTION_TAG):
        raise pc.Rejected("a ds:Signature is not enveloped by a Response or Assertion")
    refs = sig.findall("ds:SignedInfo/ds:Reference", NS)
    if len(refs) != 1:
        raise pc.Rejected("a ds:Signature has %d References, expected 1" % len(refs))
    if refs[0].get("URI") != "#" + (parent.get("ID") or "\0"):
        raise pc.Rejected("Reference URI %r does not name its parent's ID" % refs[0].get("URI"))
    return parent


def verify_one(path, index, cert):
    proc = run_xmlsec1(["--verify", "--pubkey-cert-pem", cert] + HARDENING
                       + ["--node-xpath", SIG_XPATH % (NS["ds"], index), path])
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise pc.Rejected("xmlsec1 --verify failed for signature #%d: %s" % (index, detail[-1] if detail else "?"))


def write_tmp(tmpdir, name, data):
    path = os.path.join(tmpdir, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def validate(s, xml):
    root = parse(xml)
    verified_parents = []
    with tempfile.TemporaryDirectory(prefix="xmlsec1-peer-") as tmp:
        original = write_tmp(tmp, "original.xml", xml)
        # 1. signatures in the message as received (skip any inside ciphertext: none visible).
        for i, sig in enumerate(signatures(root), start=1):
            if inside_encrypted(sig):
                continue
            parent = check_shape(sig)
            verify_one(original, i, s["idp_cert"])
            verified_parents.append(parent)
        # 2. decrypt in place, then verify signatures that were inside the ciphertext.
        doc = root
        if root.find(".//" + ENCDATA_TAG) is not None:
            if not s["sp_key"]:
                raise pc.Rejected("the response is encrypted and no sp_key is configured")
            before = {a.get("ID") for a in root.iter(ASSERTION_TAG)}
            current = original
            for step in range(1, 9):
                # --id-attr lets the CLI follow Okta's RetrievalMethod from EncryptedData
                # to the sibling EncryptedKey (okta-hotjar.md B.12).
                proc = run_xmlsec1(["--decrypt", "--privkey-pem", s["sp_key"],
                                    "--id-attr:Id", "http://www.w3.org/2001/04/xmlenc#:EncryptedKey",
                                    "--node-xpath", ENC_XPATH, current])
                if proc.returncode != 0:
                    detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
                    raise pc.Rejected("xmlsec1 --decrypt failed: %s" % (detail[-1] if detail else "?"))
                current = write_tmp(tmp, "decrypted-%d.xml" % step, proc.stdout)
                doc = parse(proc.stdout)
                if doc.find(".//" + ENCDATA_TAG) is None:
                    break
            else:
                raise pc.Rejected("too many EncryptedData elements")
            for i, sig in enumerate(signatures(doc), start=1):
                parent = sig.getparent()
                if parent is not None and parent.tag == ASSERTION_TAG and parent.get("ID") not in before:
                    check_shape(sig)
                    verify_one(current, i, s["idp_cert"])
                    verified_parents.append(parent)
        if not verified_parents:
            raise pc.Rejected("no ds:Signature found")
    signed_tags = {p.tag for p in verified_parents}
    if s["want_response_signed"] and RESPONSE_TAG not in signed_tags:
        raise pc.Rejected("response signature required but absent")
    if s["want_assertions_signed"] and ASSERTION_TAG not in signed_tags:
        raise pc.Rejected("assertion signature required but absent")
    return identity_from(doc, verified_parents)


def identity_from(doc, verified_parents):
    """Identity read from a verified element: the signed Assertion, or the one inside the signed Response."""
    assertion = next((p for p in verified_parents if p.tag == ASSERTION_TAG), None)
    if assertion is None:
        # The Response signature was verified on the received bytes; after
        # decryption the Assertion inside it is the one that signature covered.
        # (xmlsec1 decrypts in place: the Assertion then sits inside EncryptedAssertion.)
        found = doc.findall("saml:Assertion", NS) + doc.findall("saml:EncryptedAssertion/saml:Assertion", NS)
        if len(found) != 1:
            raise pc.Rejected("expected exactly one Assertion, found %d" % len(found))
        assertion = found[0]
    name_id = assertion.find("saml:Subject/saml:NameID", NS)
    attributes = {}
    for attr in assertion.findall("saml:AttributeStatement/saml:Attribute", NS):
        attributes.setdefault(attr.get("Name"), []).extend(
            "".join(v.itertext()) for v in attr.findall("saml:AttributeValue", NS))
    return {
        "name_id": name_id.text.strip() if name_id is not None and name_id.text else None,
        "name_id_format": name_id.get("Format") if name_id is not None else None,
        "attributes": attributes,
    }


def main(argv=None):
    parser = pc.JsonArgumentParser(
        prog="xmlsec1_peer.py",
        description="Verify every ds:Signature of a SAML Response with the xmlsec1 CLI and the pinned "
                    "IdP certificate (decrypting encrypted assertions with sp_key first). Signature-only: "
                    "no time, audience or recipient checks. Prints one JSON object.",
        epilog="Exit status: 0 accept, 1 reject, 2 usage/setup error, 3 unsupported algorithm.")
    parser.peer_name = "xmlsec1"
    parser.add_argument("--peer", required=True, choices=["xmlsec1"])
    parser.add_argument("--settings", required=True, help="settings JSON file (same keys as sp_peer.py)")
    parser.add_argument("--no-precheck", action="store_true",
                        help="skip the 'unsupported algorithm' pre-check")
    parser.add_argument("response", help="raw XML of the samlp:Response")
    args = parser.parse_args(argv)
    library = None
    try:
        library = "xmlsec1 " + xmlsec1_version()
        s = pc.load_settings(args.settings)
        xml = pc.read_file(args.response, "response")
        if not args.no_precheck:
            scan = pc.scan_algorithms(xml)
            inner = pc.decrypt_for_scan(xml, s["sp_key"])
            if inner is not None:
                scan = pc.merge_scans(scan, pc.scan_algorithms(inner))
            pc.check_supported(scan, SUPPORTED, library)
        identity = validate(s, xml)
    except pc.PeerError as e:
        return pc.emit(pc.result("xmlsec1", library, "error", error=str(e)))
    except pc.Unsupported as e:
        return pc.emit(pc.result("xmlsec1", library, "unsupported", error=str(e)))
    except pc.Rejected as e:
        return pc.emit(pc.result("xmlsec1", library, "reject", error=str(e)))
    except Exception as e:  # a peer bug must never read as a verdict
        return pc.emit(pc.result("xmlsec1", library, "error", error="peer failure: %s: %s" % (type(e).__name__, e)))
    return pc.emit(pc.result("xmlsec1", library, "accept", identity=identity))


if __name__ == "__main__":
    sys.exit(main())
