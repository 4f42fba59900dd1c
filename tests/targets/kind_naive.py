"""SP kind `naive`: a deliberately vulnerable SP, written the way vulnerable SPs are.

What it does, on python3-xmlsec and lxml:
  1. finds the FIRST ds:Signature anywhere in the document and verifies it with
     the IdP's certificate (from the IdP metadata; KeyInfo is not trusted), so
     a response with no valid signature at all is refused;
  2. reads the FIRST NameID in document order, `(//saml:NameID)[1]`, with
     lxml's `.text`, as the identity.
What it never checks (on purpose): that the signed element is the one it
reads (signature wrapping), replays, NotBefore/NotOnOrAfter, InResponseTo
(unsolicited responses are welcome), Destination, Recipient, Audience,
Issuer, Status. The SP around it still requires an account (sp_common.py).
"""

import base64
import secrets
import time
import urllib.parse
import zlib
from xml.sax.saxutils import quoteattr

import xmlsec
from lxml import etree

from sp_common import Login, Refused

NS = {"ds": "http://www.w3.org/2000/09/xmldsig#", "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
      "samlp": "urn:oasis:names:tc:SAML:2.0:protocol", "md": "urn:oasis:names:tc:SAML:2.0:metadata"}
REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"


def parser():
    # Even the naive SP does not load DTDs, entities or the network.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class NaiveValidator:
    decrypts = False

    def __init__(self, cfg):
        self.cfg = cfg
        self._idp = None

    def idp(self):
        """(entity ID, SSO URL for HTTP-Redirect, certificate PEM) from the IdP metadata."""
        if self._idp is None:
            md = etree.fromstring(self.cfg.idp.text().encode("utf-8"), parser())
            desc = md.xpath("//md:IDPSSODescriptor", namespaces=NS)
            sso = md.xpath("//md:IDPSSODescriptor/md:SingleSignOnService[@Binding=$b]/@Location",
                           namespaces=NS, b=REDIRECT)
            certs = md.xpath("//md:IDPSSODescriptor/md:KeyDescriptor[not(@use) or @use='signing']"
                             "//ds:X509Certificate/text()", namespaces=NS)
            if not desc or not sso or not certs:
                raise Refused("idp_metadata_unusable", "no IDPSSODescriptor, Redirect SSO or certificate", 502)
            body = "".join(certs[0].split())
            pem = "-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n" % "\n".join(
                body[i:i + 64] for i in range(0, len(body), 64))
            self._idp = (md.get("entityID"), sso[0], pem)
        return self._idp

    def authn_request(self, relay_state):
        _, sso, _ = self.idp()
        request_id = "_" + secrets.token_hex(16)
        instant = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        xml = ('<samlp:AuthnRequest xmlns:samlp="%s" xmlns:saml="%s" ID="%s" Version="2.0" IssueInstant="%s" '
               'Destination=%s AssertionConsumerServiceURL=%s ProtocolBinding="%s">'
               '<saml:Issuer>%s</saml:Issuer></samlp:AuthnRequest>'
               % (NS["samlp"], NS["saml"], request_id, instant, quoteattr(sso), quoteattr(self.cfg.acs), POST,
                  self.cfg.entity_id))
        deflated = zlib.compress(xml.encode("utf-8"))[2:-4]  # raw DEFLATE, as the Redirect binding wants
        query = {"SAMLRequest": base64.b64encode(deflated).decode("ascii")}
        if relay_state:
            query["RelayState"] = relay_state
        return sso + ("&" if "?" in sso else "?") + urllib.parse.urlencode(query), request_id

    def consume(self, saml_response, _pending, _acs_url):
        _, _, cert = self.idp()
        try:
            root = etree.fromstring(base64.b64decode(saml_response), parser())
        except Exception as e:
            raise Refused("invalid_response", "not XML: %s" % e, 400)
        signatures = root.xpath("//ds:Signature", namespaces=NS)
        if not signatures:
            raise Refused("no_signature", "the response carries no ds:Signature")
        xmlsec.tree.add_ids(root, ["ID"])
        ctx = xmlsec.SignatureContext()
        ctx.key = xmlsec.Key.from_memory(cert, xmlsec.constants.KeyDataFormatCertPem)
        try:
            ctx.verify(signatures[0])  # ONE signature: the first one in the document
        except xmlsec.Error as e:
            raise Refused("bad_signature", "the first ds:Signature does not verify: %s" % e)
        name_ids = root.xpath("(//saml:NameID)[1]", namespaces=NS)  # the FIRST NameID, wherever it is
        if not name_ids or not name_ids[0].text:
            raise Refused("no_name_id", "no NameID")
        return Login(name_ids[0].text.strip(), None, None, root.get("InResponseTo"))
