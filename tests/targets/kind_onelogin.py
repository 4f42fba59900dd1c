"""SP kinds on python3-saml (Debian's python3-onelogin-saml2 1.12): `onelogin-careful` and `lax`.

The library is configured as a careful user configures it (README.md in this
folder): strict mode, both the Response and the Assertion signed (Okta's
default), a NameID required, requests signed when asked. What version 1.12
has no switch for, the SP around it does (sp_common.py): the request ID bound
to the browser's session and required (1.12 checks InResponseTo only when the
caller passes a request ID AND the response carries one: response.py
`if in_response_to is not None and request_id is not None`), and a replay
cache of assertion IDs (the library keeps none).
"""

from urllib.parse import urlsplit

from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.constants import OneLogin_Saml2_Constants as C
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.settings import OneLogin_Saml2_Settings
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

from sp_common import Login, Refused


def peek_in_response_to(saml_response_b64):
    """The Response's InResponseTo, read before validation only to pick which pending ID to check."""
    try:
        from onelogin.saml2.utils import OneLogin_Saml2_Utils
        doc = OneLogin_Saml2_XML.to_etree(OneLogin_Saml2_Utils.b64decode(saml_response_b64))
        return doc.get("InResponseTo")
    except Exception:
        return None


class OneLoginValidator:
    decrypts = True  # python3-saml decrypts an EncryptedAssertion with the SP key

    def __init__(self, cfg):
        self.cfg = cfg
        self._settings = None

    def settings(self):
        """Built at the first login: the IdP metadata may come from a URL fetched lazily."""
        if self._settings is None:
            cfg = self.cfg
            idp = OneLogin_Saml2_IdPMetadataParser.parse(cfg.idp.text(), required_sso_binding=C.BINDING_HTTP_REDIRECT)
            if "idp" not in idp or "singleSignOnService" not in idp["idp"]:
                raise Refused("idp_metadata_unusable", "no HTTP-Redirect SingleSignOnService", status=502)
            data = {
                "strict": True,
                "debug": False,
                "sp": {
                    "entityId": cfg.entity_id,
                    "assertionConsumerService": {"url": cfg.acs, "binding": C.BINDING_HTTP_POST},
                    "NameIDFormat": C.NAMEID_EMAIL_ADDRESS,
                    "x509cert": cfg.sp_cert_pem or "",
                    "privateKey": cfg.sp_key_pem or "",
                },
                "idp": idp["idp"],
                "security": {
                    "authnRequestsSigned": cfg.sign_requests,
                    "wantAssertionsSigned": cfg.want_assertions_signed,
                    "wantMessagesSigned": cfg.want_messages_signed,
                    "wantNameId": True,
                    "wantAttributeStatement": False,  # SAML core does not require one
                    "requestedAuthnContext": False,   # Okta answers PasswordProtectedTransport
                    "signatureAlgorithm": C.RSA_SHA256,  # for our own signed AuthnRequests
                    "digestAlgorithm": C.SHA256,
                },
            }
            self._settings = OneLogin_Saml2_Settings(data, sp_validation_only=not cfg.sp_key_pem)
        return self._settings

    def request_data(self, url, post=None, get=None):
        u = urlsplit(url)
        return {"https": "off", "http_host": u.netloc, "script_name": u.path,
                "get_data": get or {}, "post_data": post or {}}

    def authn_request(self, relay_state):
        auth = OneLogin_Saml2_Auth(self.request_data(self.cfg.base + "/saml/login"), self.settings())
        url = auth.login(return_to=relay_state)
        return url, auth.get_last_request_id()

    def consume(self, saml_response, pending, acs_url):
        # Which of this browser's requests the response claims to answer; the
        # library then checks it equals the Response's (and the bearer
        # confirmation's) InResponseTo. None when it claims none we sent.
        claimed = peek_in_response_to(saml_response)
        request_id = claimed if claimed in pending else None
        auth = OneLogin_Saml2_Auth(self.request_data(acs_url, post={"SAMLResponse": saml_response}),
                                   self.settings())
        auth.process_response(request_id=request_id)
        if auth.get_errors():
            raise Refused("invalid_response", auth.get_last_error_reason() or ",".join(auth.get_errors()))
        if not auth.is_authenticated():
            raise Refused("invalid_response", "not authenticated")
        # Equal to request_id when one was pending (the library compared them);
        # otherwise unverified, and the SP refuses it as no request of this browser.
        irt = OneLogin_Saml2_XML.to_etree(auth.get_last_response_xml()).get("InResponseTo")
        return Login(auth.get_nameid(), auth.get_last_assertion_id(), auth.get_last_assertion_not_on_or_after(), irt)
