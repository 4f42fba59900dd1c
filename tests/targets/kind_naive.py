"""SP kind `naive`: a deliberately vulnerable SP, written the way vulnerable SPs are.

Its check is the deliberately vulnerable demo SP's (harness/demo/vulnerable_sp/naive.py):
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
import os
import secrets
import sys
import time
import urllib.parse
import zlib
from xml.sax.saxutils import quoteattr

from sp_common import Login, Refused

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "harness", "demo",
                                "vulnerable_sp"))
import naive  # noqa: E402
from naive import NS, POST  # noqa: E402


class NaiveValidator:
    decrypts = False

    def __init__(self, cfg):
        self.cfg = cfg
        self._idp = None

    def idp(self):
        """(entity ID, SSO URL for HTTP-Redirect, certificate PEM) from the IdP metadata."""
        if self._idp is None:
            try:
                self._idp = naive.idp_from_metadata(self.cfg.idp.text().encode("utf-8"))
            except naive.NaiveRefusal as e:
                raise Refused(e.code, e.detail, e.status)
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
            name_id, in_response_to = naive.first_signature_then_first_name_id(saml_response, cert)
        except naive.NaiveRefusal as e:
            raise Refused(e.code, e.detail, e.status)
        return Login(name_id, None, None, in_response_to)
