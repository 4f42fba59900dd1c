#!/usr/bin/python3
"""Validate one SAML Response with an independent SP library; print one JSON verdict.

Usage: sp_peer.py --peer {python3-saml,pysaml2,lasso} --settings FILE.json RESPONSE.xml

Run it with Debian's /usr/bin/python3 (the apt packages live there). The
verdict always comes from the library's own strict SP path; see README.md in
this folder for the JSON contract, the settings keys, how time is pinned and
what each library supports. Exit: 0 accept, 1 reject, 2 usage/setup error,
3 unsupported.
"""

import base64
import math
import os
import sys
import tempfile
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common as pc  # noqa: E402

PEERS = ("python3-saml", "pysaml2", "lasso")

# What each library can verify or decrypt, per algorithm kind. Anything else
# in a message makes the peer answer "unsupported" (exit 3), never a verdict.
# tests/interop/check_algorithms.py proves each claim both ways.
_RSA_SHA = {pc.ALG[a] for a in ("rsa-sha1", "rsa-sha256", "rsa-sha384", "rsa-sha512")}
_ECDSA = {pc.ALG[a] for a in ("ecdsa-sha1", "ecdsa-sha256", "ecdsa-sha384", "ecdsa-sha512")}
_DIGESTS = {pc.ALG[a] for a in ("sha1", "sha256", "sha384", "sha512")}
# xmlenc11#rsa-oaep is left out: no test can produce it here (python-xmlsec has
# no transform constant for it), so it is not claimed.
_CIPHERS = {pc.ALG[a] for a in ("tripledes-cbc", "aes128-cbc", "aes192-cbc", "aes256-cbc",
                                "aes128-gcm", "aes256-gcm", "rsa-oaep-mgf1p", "rsa-1_5")}
SUPPORTED = {
    # python-xmlsec over libxmlsec1-openssl: whatever xmlsec verifies.
    "python3-saml": {"SignatureMethod": _RSA_SHA | _ECDSA, "DigestMethod": _DIGESTS,
                     "EncryptionMethod": _CIPHERS},
    # pysaml2 shells out to the xmlsec1 binary for verify and decrypt.
    "pysaml2": {"SignatureMethod": _RSA_SHA | _ECDSA, "DigestMethod": _DIGESTS,
                "EncryptionMethod": _CIPHERS},
    # Lasso loads RSA (and DSA) public keys only; it has no ECDSA. It decrypts
    # through xmlsec, so its ciphers are xmlsec's.
    "lasso": {"SignatureMethod": _RSA_SHA, "DigestMethod": _DIGESTS, "EncryptionMethod": _CIPHERS},
}

NAMEID_UNSPECIFIED = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
BINDING_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
BINDING_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
# A placeholder SSO endpoint: metadata formats need one; nothing is ever sent there.
PLACEHOLDER_SSO = "https://idp.invalid/sso"


def pem_body(path):
    text = pc.read_file(path, "certificate").decode("ascii", "replace")
    lines = [ln.strip() for ln in text.splitlines()]
    try:
        start = lines.index("-----BEGIN CERTIFICATE-----")
        end = lines.index("-----END CERTIFICATE-----", start)
    except ValueError:
        raise pc.PeerError("%s is not a PEM certificate" % path)
    return "".join(lines[start + 1:end])


def idp_metadata(s):
    return (
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID=%s>'
        '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%s'
        '</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>'
        '<md:SingleSignOnService Binding="%s" Location="%s"/>'
        '</md:IDPSSODescriptor></md:EntityDescriptor>'
        % (quoteattr(s["idp_entity_id"]), pem_body(s["idp_cert"]), BINDING_REDIRECT, PLACEHOLDER_SSO))


def sp_metadata(s):
    key = ""
    if s["sp_cert"]:
        key = ('<md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%s'
               '</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>' % pem_body(s["sp_cert"]))
    return (
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID=%s>'
        '<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" '
        'AuthnRequestsSigned="false" WantAssertionsSigned=%s>%s'
        '<md:AssertionConsumerService Binding="%s" Location=%s index="0" isDefault="true"/>'
        '</md:SPSSODescriptor></md:EntityDescriptor>'
        % (quoteattr(s["sp_entity_id"]), quoteattr("true" if s["want_assertions_signed"] else "false"),
           key, BINDING_POST, quoteattr(s["acs"])))


# --------------------------------------------------------------------------- python3-saml

def run_python3_saml(s, xml):
    """OneLogin_Saml2_Response.is_valid with strict=True, zero clock drift."""
    from onelogin.saml2 import constants as ol_constants
    from onelogin.saml2.response import OneLogin_Saml2_Response
    from onelogin.saml2.settings import OneLogin_Saml2_Settings
    from onelogin.saml2.utils import OneLogin_Saml2_Utils

    pinned = int(math.floor(s["now_epoch"]))
    # python3-saml reads time only through Utils.now(); drift applies to Conditions only.
    OneLogin_Saml2_Utils.now = staticmethod(lambda: pinned)
    ol_constants.OneLogin_Saml2_Constants.ALLOWED_CLOCK_DRIFT = 0

    settings = {
        "strict": True,
        "debug": False,
        "sp": {
            "entityId": s["sp_entity_id"],
            "assertionConsumerService": {"url": s["acs"], "binding": BINDING_POST},
            "NameIDFormat": NAMEID_UNSPECIFIED,
            "x509cert": pc.read_file(s["sp_cert"]).decode() if s["sp_cert"] else "",
            "privateKey": pc.read_file(s["sp_key"]).decode() if s["sp_key"] else "",
        },
        "idp": {
            "entityId": s["idp_entity_id"],
            "singleSignOnService": {"url": PLACEHOLDER_SSO, "binding": BINDING_REDIRECT},
            "x509cert": pc.read_file(s["idp_cert"]).decode(),
        },
        "security": {
            "wantAssertionsSigned": s["want_assertions_signed"],
            "wantMessagesSigned": s["want_response_signed"],
            "wantAssertionsEncrypted": s["want_assertions_encrypted"],
            "wantNameId": True,
            # SAML core does not require an AttributeStatement; do not invent a rule.
            "wantAttributeStatement": False,
        },
    }
    try:
        saml_settings = OneLogin_Saml2_Settings(settings, sp_validation_only=True)
    except Exception as e:  # the toolkit raises its own error type for bad settings
        raise pc.PeerError("python3-saml settings: %s" % e)
    acs = urlsplit(s["acs"])
    request_data = {
        "https": "on" if acs.scheme == "https" else "off",
        "http_host": acs.netloc,
        "script_name": acs.path,
        "get_data": {},
        "post_data": {},
    }
    try:
        response = OneLogin_Saml2_Response(saml_settings, base64.b64encode(xml))
        response.is_valid(request_data, s["request_id"], raise_exceptions=True)
    except Exception as e:
        raise pc.Rejected(str(e) or type(e).__name__)
    return {
        "name_id": response.get_nameid(),
        "name_id_format": response.get_nameid_format(),
        "attributes": {k: list(v) for k, v in response.get_attributes().items()},
    }


# --------------------------------------------------------------------------- pysaml2

def run_pysaml2(s, xml):
    """Saml2Client.parse_authn_request_response, outstanding = {request_id} when set."""
    pc.pin_python_clock(s["now_epoch"])
    from saml2 import BINDING_HTTP_POST
    from saml2.client import Saml2Client
    from saml2.config import SPConfig
    from saml2 import time_util

    if abs(time_util.utc_now() - int(s["now_epoch"])) > 1:
        raise pc.PeerError("pysaml2 clock pin did not take effect")

    with tempfile.TemporaryDirectory(prefix="sp-peer-pysaml2-") as tmp:
        md_path = os.path.join(tmp, "idp-metadata.xml")
        with open(md_path, "w") as f:
            f.write(idp_metadata(s))
        sp_conf = {
            "endpoints": {"assertion_consumer_service": [(s["acs"], BINDING_HTTP_POST)]},
            "allow_unsolicited": s["request_id"] is None,
            "want_assertions_signed": s["want_assertions_signed"],
            "want_response_signed": s["want_response_signed"],
            "want_assertions_or_response_signed": True,
            "authn_requests_signed": False,
        }
        conf = {
            "entityid": s["sp_entity_id"],
            "service": {"sp": sp_conf},
            "metadata": {"local": [md_path]},
            "accepted_time_diff": 0,
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "allow_unknown_attributes": True,
        }
        if s["sp_key"]:
            conf["key_file"] = s["sp_key"]
            conf["cert_file"] = s["sp_cert"]
            conf["encryption_keypairs"] = [{"key_file": s["sp_key"], "cert_file": s["sp_cert"]}]
        try:
            config = SPConfig()
            config.load(conf)
            client = Saml2Client(config=config)
        except Exception as e:
            raise pc.PeerError("pysaml2 configuration: %s" % e)
        outstanding = {s["request_id"]: "/"} if s["request_id"] else {}
        # conv_info turns on pysaml2's Recipient check against the ACS list.
        conv_info = {"entity_id": s["sp_entity_id"], "remote_addr": "127.0.0.1", "request_uri": s["acs"]}
        try:
            resp = client.parse_authn_request_response(
                base64.b64encode(xml).decode("ascii"), BINDING_HTTP_POST,
                outstanding=outstanding, conv_info=conv_info)
        except Exception as e:
            raise pc.Rejected("%s: %s" % (type(e).__name__, e))
        if resp is None or resp.assertion is None:
            raise pc.Rejected("pysaml2 returned no response/assertion")
        # pysaml2 empties response.encrypted_assertion once it has decrypted, so
        # the check reads the message as received.
        if s["want_assertions_encrypted"] and b"EncryptedAssertion" not in xml:
            raise pc.Rejected("assertion is not encrypted (pysaml2 has no such switch; peer check)")
        a = resp.assertion
        attributes = {}
        for statement in a.attribute_statement or []:
            for attr in statement.attribute or []:
                attributes.setdefault(attr.name, []).extend(
                    (v.text or "") for v in attr.attribute_value or [])
        name_id = a.subject.name_id if a.subject else None
        return {
            "name_id": name_id.text.strip() if name_id is not None and name_id.text else None,
            "name_id_format": name_id.format if name_id is not None else None,
            "attributes": attributes,
        }


# --------------------------------------------------------------------------- lasso

def run_lasso(s, xml):
    """Login.processAuthnResponseMsg + acceptSso + Saml2Assertion.validateConditions."""
    pc.ensure_faketime(s["now_epoch"], __file__)  # may re-exec this script under libfaketime
    import lasso

    sp_key = pc.read_file(s["sp_key"]).decode() if s["sp_key"] else None
    try:
        server = lasso.Server.newFromBuffers(sp_metadata(s), sp_key, None, None)
        if sp_key:
            server.setEncryptionPrivateKey(s["sp_key"])
        server.addProviderFromBuffer(lasso.PROVIDER_ROLE_IDP, idp_metadata(s))
    except lasso.Error as e:
        raise pc.PeerError("lasso server setup: %s" % e)
    if s["request_id"]:
        # Lasso checks SubjectConfirmationData/@InResponseTo against the ID of the
        # request it sent, kept in the Login's private state. Restore that state
        # the supported way (a Login dump) with the caller's request ID.
        dump = ('<lasso:Login xmlns:lasso="http://www.entrouvert.org/namespaces/lasso/0.0" '
                'LoginDumpVersion="2"><lasso:HttpRequestMethod>0</lasso:HttpRequestMethod>'
                '<lasso:RequestID>%s</lasso:RequestID></lasso:Login>' % escape(s["request_id"]))
        login = lasso.Login.newFromDump(server, dump)
    else:
        login = lasso.Login(server)
    if s["want_assertions_signed"] and s["want_response_signed"]:
        login.setSignatureVerifyHint(lasso.PROFILE_SIGNATURE_VERIFY_HINT_FORCE)
    try:
        login.processAuthnResponseMsg(base64.b64encode(xml).decode("ascii"))
        login.acceptSso()
    except lasso.Error as e:
        raise pc.Rejected("%s: %s" % (type(e).__name__, e))
    assertion = login.assertion
    if assertion is None:
        raise pc.Rejected("lasso: no assertion")
    state = assertion.validateConditions(s["sp_entity_id"])
    if state != lasso.SAML2_ASSERTION_VALID:
        names = {lasso.SAML2_ASSERTION_INVALID: "invalid", lasso.SAML2_ASSERTION_INDETERMINATE: "indeterminate"}
        raise pc.Rejected("lasso validateConditions: %s (time window or audience)" % names.get(state, state))
    if not s["request_id"] and login.response.inResponseTo:
        # Lasso only checks InResponseTo when it holds a request ID; an unsolicited
        # flow must not answer a request (peer-level check, documented).
        raise pc.Rejected("InResponseTo %r but no request is outstanding" % login.response.inResponseTo)
    if s["want_response_signed"]:
        try:
            login.getSignatureStatus()  # raises unless the Response signature verified
        except lasso.Error as e:
            raise pc.Rejected("response signature required: %s" % e)
    if s["want_assertions_signed"]:
        node = assertion.getOriginalXmlnode() if hasattr(assertion, "getOriginalXmlnode") else None
        if not node or "http://www.w3.org/2000/09/xmldsig#" not in str(node):
            raise pc.Rejected("assertion signature required but the assertion is unsigned")
    if s["want_assertions_encrypted"] and not login.response.encryptedAssertion:
        raise pc.Rejected("assertion is not encrypted")
    name_id = assertion.subject.nameID if assertion.subject else None
    attributes = {}
    for statement in assertion.attributeStatement or []:
        for attr in statement.attribute or []:
            values = attributes.setdefault(attr.name, [])
            for value in attr.attributeValue or []:
                values.append("".join(getattr(n, "content", None) or "" for n in (value.any or [])))
    return {
        "name_id": name_id.content if name_id is not None else None,
        "name_id_format": name_id.format if name_id is not None else None,
        "attributes": attributes,
    }


RUNNERS = {"python3-saml": run_python3_saml, "pysaml2": run_pysaml2, "lasso": run_lasso}
LIBRARY = {
    "python3-saml": lambda: "python3-saml " + pc.library_version("python3-saml", "1.12"),
    "pysaml2": lambda: "pysaml2 " + pc.library_version("pysaml2"),
    "lasso": lambda: "lasso %s" % _lasso_version(),
}


def _lasso_version():
    """The Python binding exposes no version string; ask the C library which release it is."""
    return pc.lasso_version()


def build_parser():
    p = pc.JsonArgumentParser(
        prog="sp_peer.py",
        description="Validate a SAML Response (raw XML file) with an independent SP library at a "
                    "pinned instant; print one JSON object: peer, library, verdict "
                    "(accept|reject|unsupported|error), name_id, name_id_format, attributes, error.",
        epilog="Exit status: 0 accept, 1 reject, 2 usage/setup error, 3 unsupported algorithm. "
               "Run with /usr/bin/python3. Settings keys: idp_entity_id, idp_cert, sp_entity_id, acs, "
               "request_id, now, sp_key, sp_cert, want_assertions_signed, want_response_signed, "
               "want_assertions_encrypted (see tests/interop/README.md).")
    p.add_argument("--peer", required=True, choices=PEERS, help="which library validates")
    p.add_argument("--settings", required=True, help="settings JSON file")
    p.add_argument("--no-precheck", action="store_true",
                   help="skip the 'unsupported algorithm' pre-check and let the library decide "
                        "(used by tests that prove the support table)")
    p.add_argument("response", help="raw XML of the samlp:Response")
    return p


def main(argv=None):
    parser = build_parser()
    parser.peer_name = None
    args = parser.parse_args(argv)
    peer = args.peer
    library = None
    try:
        library = LIBRARY[peer]()
        s = pc.load_settings(args.settings)
        xml = pc.read_file(args.response, "response")
        if not args.no_precheck:
            scan = pc.scan_algorithms(xml)
            inner = pc.decrypt_for_scan(xml, s["sp_key"])
            if inner is not None:
                scan = pc.merge_scans(scan, pc.scan_algorithms(inner))
            pc.check_supported(scan, SUPPORTED[peer], library)
        identity = RUNNERS[peer](s, xml)
    except pc.PeerError as e:
        return pc.emit(pc.result(peer, library, "error", error=str(e)))
    except pc.Unsupported as e:
        return pc.emit(pc.result(peer, library, "unsupported", error=str(e)))
    except pc.Rejected as e:
        return pc.emit(pc.result(peer, library, "reject", error=str(e)))
    except Exception as e:  # a peer bug must never read as a verdict
        return pc.emit(pc.result(peer, library, "error", error="peer failure: %s: %s" % (type(e).__name__, e)))
    return pc.emit(pc.result(peer, library, "accept", identity=identity))


if __name__ == "__main__":
    sys.exit(main())
