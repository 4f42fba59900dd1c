#!/usr/bin/python3
"""Mint a signed SAML Response as an independent IdP (pysaml2 or Lasso) would.

Usage: idp_peer.py --peer {pysaml2,lasso} --settings FILE.json -o OUT.xml

Writes the library's Response (raw XML, unchanged) to OUT.xml and prints one
JSON object: {"peer", "library", "status": "ok"|"unsupported"|"error",
"output", "error"}. Exit: 0 ok, 2 usage/setup error, 3 unsupported (the
library cannot produce what was asked, e.g. Lasso cannot sign only the
Response). The clock is pinned to `now` (pysaml2: time functions patched;
Lasso: libfaketime), so IssueInstant = now and the validity window is
[now - 5 min, now + 5 min) for Lasso and [now, now + 5 min) for pysaml2.
Run with /usr/bin/python3. See README.md for the settings keys.
"""

import base64
import json
import math
import os
import sys
import tempfile
from xml.sax.saxutils import escape, quoteattr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common as pc  # noqa: E402

EXIT_OK = 0

SETTINGS = {
    "idp_entity_id": (True, str), "idp_key": (True, "path"), "idp_cert": (True, "path"),
    "sp_entity_id": (True, str), "acs": (True, str), "request_id": (False, str), "now": (True, str),
    "name_id": (True, str), "name_id_format": (False, str), "attributes": (False, dict),
    "sign": (True, str), "encrypt_to": (False, "path"),
    "signature_algorithm": (False, str), "digest_algorithm": (False, str),
}
SIGN_MODES = ("assertion", "response", "both")
EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
BASIC = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
PPT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
BINDING_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
BINDING_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SIG_ALGS = ("rsa-sha1", "rsa-sha256", "rsa-sha384", "rsa-sha512")
DIGEST_ALGS = ("sha1", "sha256", "sha384", "sha512")
LIFETIME_S = 300


def load_settings(path):
    try:
        with open(path, "rb") as f:
            raw = json.load(f)
    except OSError as e:
        raise pc.PeerError("cannot read settings %s: %s" % (path, e.strerror))
    except ValueError as e:
        raise pc.PeerError("settings %s is not JSON: %s" % (path, e))
    if not isinstance(raw, dict):
        raise pc.PeerError("settings must be a JSON object")
    unknown = sorted(set(raw) - set(SETTINGS))
    if unknown:
        raise pc.PeerError("unknown settings key(s): %s" % ", ".join(unknown))
    base = os.path.dirname(os.path.abspath(path))
    s = {}
    for key, (required, kind) in SETTINGS.items():
        v = raw.get(key)
        if v is None:
            if required:
                raise pc.PeerError("settings key %r is required" % key)
            s[key] = None
            continue
        if kind is dict:
            if not isinstance(v, dict) or not all(
                    isinstance(k, str) and isinstance(vals, list) and all(isinstance(x, str) for x in vals)
                    for k, vals in v.items()):
                raise pc.PeerError("attributes must be an object of name -> [string values]")
        elif not isinstance(v, str) or not v:
            raise pc.PeerError("settings key %r must be a non-empty string" % key)
        if kind == "path":
            v = os.path.normpath(os.path.join(base, v))
            if not os.path.isfile(v):
                raise pc.PeerError("settings key %r: no such file %s" % (key, v))
        s[key] = v
    if s["sign"] not in SIGN_MODES:
        raise pc.PeerError("sign must be one of %s" % ", ".join(SIGN_MODES))
    s["attributes"] = s["attributes"] or {}
    s["name_id_format"] = s["name_id_format"] or EMAIL_FORMAT
    s["signature_algorithm"] = s["signature_algorithm"] or "rsa-sha256"
    s["digest_algorithm"] = s["digest_algorithm"] or "sha256"
    if s["signature_algorithm"] not in SIG_ALGS:
        raise pc.Unsupported("signature_algorithm %s: these IdPs sign with %s" % (s["signature_algorithm"],
                                                                                 ", ".join(SIG_ALGS)))
    if s["digest_algorithm"] not in DIGEST_ALGS:
        raise pc.Unsupported("digest_algorithm %s is not one of %s" % (s["digest_algorithm"], ", ".join(DIGEST_ALGS)))
    s["now_epoch"] = pc.parse_rfc3339(s["now"])
    return s


def pem_body(path):
    text = pc.read_file(path, "certificate").decode("ascii", "replace")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("-----")]
    return "".join(lines)


def sp_metadata(s):
    enc = ""
    if s["encrypt_to"]:
        enc = ('<md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%s'
               '</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>' % pem_body(s["encrypt_to"]))
    return ('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
            'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID=%s>'
            '<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" '
            'AuthnRequestsSigned="false">%s'
            '<md:AssertionConsumerService Binding="%s" Location=%s index="0" isDefault="true"/>'
            '</md:SPSSODescriptor></md:EntityDescriptor>'
            % (quoteattr(s["sp_entity_id"]), enc, BINDING_POST, quoteattr(s["acs"])))


def idp_metadata(s):
    return ('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
            'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID=%s>'
            '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
            '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%s'
            '</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>'
            '<md:SingleSignOnService Binding="%s" Location="https://idp.invalid/sso"/>'
            '</md:IDPSSODescriptor></md:EntityDescriptor>'
            % (quoteattr(s["idp_entity_id"]), pem_body(s["idp_cert"]), BINDING_REDIRECT))


# --------------------------------------------------------------------------- pysaml2

def mint_pysaml2(s):
    """saml2.server.Server.create_authn_response, signing/encrypting through xmlsec1."""
    pc.pin_python_clock(s["now_epoch"])
    from saml2 import BINDING_HTTP_POST, xmldsig
    from saml2.config import IdPConfig
    from saml2.saml import NAME_FORMAT_BASIC, NameID
    from saml2.server import Server

    sig_uri = {"rsa-sha1": xmldsig.SIG_RSA_SHA1, "rsa-sha256": xmldsig.SIG_RSA_SHA256,
               "rsa-sha384": xmldsig.SIG_RSA_SHA384, "rsa-sha512": xmldsig.SIG_RSA_SHA512}
    dig_uri = {"sha1": xmldsig.DIGEST_SHA1, "sha256": xmldsig.DIGEST_SHA256,
               "sha384": xmldsig.DIGEST_SHA384, "sha512": xmldsig.DIGEST_SHA512}
    with tempfile.TemporaryDirectory(prefix="idp-peer-pysaml2-") as tmp:
        md = os.path.join(tmp, "sp-metadata.xml")
        with open(md, "w") as f:
            f.write(sp_metadata(s))
        # An attribute map that keeps the caller's names (pysaml2's built-in maps
        # would rename e.g. `email` to a urn:mace name).
        names = sorted(s["attributes"])
        with open(os.path.join(tmp, "keepnames.py"), "w") as f:
            f.write("MAP = %r\n" % {"identifier": NAME_FORMAT_BASIC,
                                    "fro": {n: n for n in names}, "to": {n: n for n in names}})
        conf = {
            "entityid": s["idp_entity_id"],
            "service": {"idp": {
                "endpoints": {"single_sign_on_service": [("https://idp.invalid/sso", BINDING_HTTP_POST)]},
                "policy": {"default": {"lifetime": {"seconds": LIFETIME_S}, "name_form": NAME_FORMAT_BASIC,
                                       "attribute_restrictions": None}},
                "name_id_format": [s["name_id_format"]],
            }},
            "key_file": s["idp_key"],
            "cert_file": s["idp_cert"],
            "metadata": {"local": [md]},
            "attribute_map_dir": tmp,
            "xmlsec_binary": "/usr/bin/xmlsec1",
        }
        try:
            cfg = IdPConfig()
            cfg.load(conf)
            server = Server(config=cfg)
        except Exception as e:
            raise pc.PeerError("pysaml2 IdP configuration: %s" % e)
        kwargs = {}
        if s["encrypt_to"]:
            kwargs.update(encrypt_assertion=True,
                          encrypt_cert_assertion=pc.read_file(s["encrypt_to"]).decode("ascii"))
        try:
            out = server.create_authn_response(
                identity=s["attributes"],
                in_response_to=s["request_id"],
                destination=s["acs"],
                sp_entity_id=s["sp_entity_id"],
                name_id=NameID(format=s["name_id_format"], text=s["name_id"]),
                authn={"class_ref": PPT, "authn_auth": s["idp_entity_id"]},
                sign_response=s["sign"] in ("response", "both"),
                sign_assertion=s["sign"] in ("assertion", "both"),
                sign_alg=sig_uri[s["signature_algorithm"]],
                digest_alg=dig_uri[s["digest_algorithm"]],
                **kwargs)
        except Exception as e:
            raise pc.PeerError("pysaml2 create_authn_response: %s: %s" % (type(e).__name__, e))
        return str(out).encode("utf-8")


# --------------------------------------------------------------------------- lasso

def mint_lasso(s):
    """Lasso Login: AuthnRequest in, buildAssertion, buildAuthnResponseMsg (HTTP-POST)."""
    if s["sign"] == "response":
        raise pc.Unsupported("Lasso always signs the Assertion it builds: it cannot sign only the Response")
    pc.ensure_faketime(s["now_epoch"], __file__)
    import lasso

    methods = {"rsa-sha1": lasso.SIGNATURE_METHOD_RSA_SHA1, "rsa-sha256": lasso.SIGNATURE_METHOD_RSA_SHA256,
               "rsa-sha384": lasso.SIGNATURE_METHOD_RSA_SHA384, "rsa-sha512": lasso.SIGNATURE_METHOD_RSA_SHA512}
    if s["digest_algorithm"] != s["signature_algorithm"].split("-")[1]:
        raise pc.Unsupported("Lasso derives the digest from the signature method (%s); %s was asked"
                             % (s["signature_algorithm"], s["digest_algorithm"]))
    try:
        server = lasso.Server.newFromBuffers(idp_metadata(s), pc.read_file(s["idp_key"]).decode(), None,
                                             pc.read_file(s["idp_cert"]).decode())
        server.signatureMethod = methods[s["signature_algorithm"]]
        server.addProviderFromBuffer(lasso.PROVIDER_ROLE_SP, sp_metadata(s))
        if s["encrypt_to"]:
            sp = server.getProvider(s["sp_entity_id"])
            sp.setEncryptionMode(lasso.ENCRYPTION_MODE_ASSERTION)
            sp.setEncryptionSymKeyType(lasso.ENCRYPTION_SYM_KEY_TYPE_AES_128)
            sp.setKeyEncryptionMethod(lasso.KEY_ENCRYPTION_METHOD_OAEP)
    except lasso.Error as e:
        raise pc.PeerError("lasso IdP setup: %s" % e)
    now = int(math.floor(s["now_epoch"]))
    instant = pc.format_utc(now)
    try:
        login = lasso.Login(server)
        if s["request_id"]:
            # The AuthnRequest the SP would have sent, with the caller's ID.
            request = ('<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
                       'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID=%s Version="2.0" '
                       'IssueInstant="%s" AssertionConsumerServiceURL=%s ProtocolBinding="%s">'
                       '<saml:Issuer>%s</saml:Issuer><samlp:NameIDPolicy Format=%s AllowCreate="true"/>'
                       '</samlp:AuthnRequest>'
                       % (quoteattr(s["request_id"]), instant, quoteattr(s["acs"]), BINDING_POST,
                          escape(s["sp_entity_id"]), quoteattr(s["name_id_format"])))
            login.processAuthnRequestMsg(base64.b64encode(request.encode()).decode())
        else:
            login.initIdpInitiatedAuthnRequest(s["sp_entity_id"])
            login.request.nameIdPolicy.format = s["name_id_format"]
            login.request.nameIdPolicy.allowCreate = True
            login.request.protocolBinding = lasso.SAML2_METADATA_BINDING_POST
            login.processAuthnRequestMsg(None)
        login.validateRequestMsg(True, True)
        login.buildAssertion(PPT, instant, None, pc.format_utc(now - LIFETIME_S), pc.format_utc(now + LIFETIME_S))
        assertion = login.assertion
        name_id = lasso.Saml2NameID()
        name_id.format = s["name_id_format"]
        name_id.content = s["name_id"]
        assertion.subject.nameID = name_id
        if s["attributes"]:
            statement = lasso.Saml2AttributeStatement()
            attrs = []
            for name in s["attributes"]:
                attr = lasso.Saml2Attribute()
                attr.name = name
                attr.nameFormat = BASIC
                values = []
                for text in s["attributes"][name]:
                    value = lasso.Saml2AttributeValue()
                    node = lasso.MiscTextNode.newWithString(text)
                    node.textChild = True
                    value.any = [node]
                    values.append(value)
                attr.attributeValue = values
                attrs.append(attr)
            statement.attribute = attrs
            assertion.attributeStatement = [statement]
        if s["sign"] == "assertion":
            login.setSignatureHint(lasso.PROFILE_SIGNATURE_HINT_FORBID)  # no Response signature
        login.buildAuthnResponseMsg()
    except lasso.Error as e:
        raise pc.PeerError("lasso: %s: %s" % (type(e).__name__, e))
    return base64.b64decode(login.msgBody)


MINTERS = {"pysaml2": mint_pysaml2, "lasso": mint_lasso}


def library(peer):
    if peer == "pysaml2":
        return "pysaml2 " + pc.library_version("pysaml2")
    return "lasso " + pc.lasso_version()


def emit(peer, lib, status, output=None, error=None):
    print(json.dumps({"peer": peer, "library": lib, "status": status, "output": output, "error": error}))
    sys.stdout.flush()
    return {"ok": EXIT_OK, "error": pc.EXIT_SETUP, "unsupported": pc.EXIT_UNSUPPORTED}[status]


class Parser(pc.JsonArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        sys.stderr.write("%s: error: %s\n" % (self.prog, message))
        emit(None, None, "error", error="usage: " + message)
        sys.exit(pc.EXIT_SETUP)


def main(argv=None):
    ap = Parser(prog="idp_peer.py",
                description="Mint a signed SAML Response with an independent IdP library (pysaml2 or Lasso) "
                            "at a pinned instant and write its raw XML to OUT. Prints one JSON object: peer, "
                            "library, status (ok|unsupported|error), output, error.",
                epilog="Exit status: 0 ok, 2 usage/setup error, 3 unsupported. Settings keys: idp_entity_id, "
                       "idp_key, idp_cert, sp_entity_id, acs, request_id, now, name_id, name_id_format, "
                       "attributes, sign (assertion|response|both), encrypt_to, signature_algorithm, "
                       "digest_algorithm (see tests/interop/README.md).")
    ap.add_argument("--peer", required=True, choices=sorted(MINTERS))
    ap.add_argument("--settings", required=True, help="settings JSON file")
    ap.add_argument("-o", "--output", required=True, help="where to write the Response XML")
    args = ap.parse_args(argv)
    lib = None
    try:
        lib = library(args.peer)
        s = load_settings(args.settings)
        xml = MINTERS[args.peer](s)
        tmp = args.output + ".tmp"
        with open(tmp, "wb") as f:
            f.write(xml)
        os.replace(tmp, args.output)
    except pc.Unsupported as e:
        return emit(args.peer, lib, "unsupported", error=str(e))
    except pc.PeerError as e:
        return emit(args.peer, lib, "error", error=str(e))
    except Exception as e:  # a bug here must not look like success
        return emit(args.peer, lib, "error", error="peer failure: %s: %s" % (type(e).__name__, e))
    return emit(args.peer, lib, "ok", output=os.path.abspath(args.output))


if __name__ == "__main__":
    sys.exit(main())
