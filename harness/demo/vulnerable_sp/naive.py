"""The naive SAML check, written the way vulnerable SPs are (python3-xmlsec and lxml).

Shared by the deliberately vulnerable demo SP (vulnerable_sp.py, started by
`harness demo`) and the target-SP tests' `naive` kind (tests/targets/kind_naive.py).

  1. finds the FIRST ds:Signature anywhere in the document and verifies it with
     the IdP's certificate (from the IdP metadata; KeyInfo is not trusted), so
     a response with no valid signature at all is refused;
  2. reads the FIRST NameID in document order, `(//saml:NameID)[1]`, with
     lxml's `.text`, as the identity.
What it never checks (on purpose): that the signed element is the one it
reads (signature wrapping), replays, NotBefore/NotOnOrAfter, InResponseTo,
Destination, Recipient, Audience, Issuer, Status.
"""

import base64

import xmlsec
from lxml import etree

NS = {"ds": "http://www.w3.org/2000/09/xmldsig#", "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
      "samlp": "urn:oasis:names:tc:SAML:2.0:protocol", "md": "urn:oasis:names:tc:SAML:2.0:metadata"}
REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"


class NaiveRefusal(Exception):
    def __init__(self, code, detail, status=403):
        super().__init__(detail)
        self.code, self.detail, self.status = code, detail, status


def parser():
    # Even the naive SP does not load DTDs, entities or the network.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def idp_from_metadata(xml):
    """(entity ID, SSO URL for HTTP-Redirect, certificate PEM) from IdP metadata bytes."""
    md = etree.fromstring(xml, parser())
    desc = md.xpath("//md:IDPSSODescriptor", namespaces=NS)
    sso = md.xpath("//md:IDPSSODescriptor/md:SingleSignOnService[@Binding=$b]/@Location", namespaces=NS, b=REDIRECT)
    certs = md.xpath("//md:IDPSSODescriptor/md:KeyDescriptor[not(@use) or @use='signing']"
                     "//ds:X509Certificate/text()", namespaces=NS)
    if not desc or not sso or not certs:
        raise NaiveRefusal("idp_metadata_unusable", "no IDPSSODescriptor, Redirect SSO or certificate", 502)
    body = "".join(certs[0].split())
    pem = "-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n" % "\n".join(
        body[i:i + 64] for i in range(0, len(body), 64))
    return md.get("entityID"), sso[0], pem


def first_signature_then_first_name_id(saml_response, cert_pem):
    """(NameID text, InResponseTo) of a base64 SAMLResponse, checked the naive way."""
    try:
        root = etree.fromstring(base64.b64decode(saml_response), parser())
    except Exception as e:
        raise NaiveRefusal("invalid_response", "not XML: %s" % e, 400)
    signatures = root.xpath("//ds:Signature", namespaces=NS)
    if not signatures:
        raise NaiveRefusal("no_signature", "the response carries no ds:Signature")
    xmlsec.tree.add_ids(root, ["ID"])
    ctx = xmlsec.SignatureContext()
    ctx.key = xmlsec.Key.from_memory(cert_pem, xmlsec.constants.KeyDataFormatCertPem)
    try:
        ctx.verify(signatures[0])  # ONE signature: the first one in the document
    except xmlsec.Error as e:
        raise NaiveRefusal("bad_signature", "the first ds:Signature does not verify: %s" % e)
    name_ids = root.xpath("(//saml:NameID)[1]", namespaces=NS)  # the FIRST NameID, wherever it is
    if not name_ids or not name_ids[0].text:
        raise NaiveRefusal("no_name_id", "no NameID")
    return name_ids[0].text.strip(), root.get("InResponseTo")
