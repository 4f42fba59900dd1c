"""SP kind `pysaml2-careful` on pysaml2 (Debian's python3-pysaml2 7.0.1).

Configured as a careful user configures it (README.md in this folder):
`allow_unsolicited: False`, the outstanding queries of this browser passed at
every response, the Response and the Assertion signatures required (Okta's
default), `conv_info` given so the library checks Recipient (pysaml2 skips the
Recipient check when it is empty: response.py `verify_recipient`), the IdP
metadata as the only source of keys. The library keeps no replay cache (its
`allow_unsolicited` branch even says "Should check that I haven't seen this
before"), so the SP around it keeps one (sp_common.py).
"""

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.xmldsig import SIG_RSA_SHA256

from sp_common import Login, Refused

NAMEID_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"


class Pysaml2Validator:
    decrypts = True  # pysaml2 decrypts with encryption_keypairs (through the xmlsec1 CLI)

    def __init__(self, cfg):
        self.cfg = cfg
        self._client = None
        self._idp_entity_id = None

    def client(self):
        """Built at the first login: the IdP metadata may come from a URL fetched lazily."""
        if self._client is None:
            cfg = self.cfg
            acs = [(cfg.acs, BINDING_HTTP_POST)] + ([(cfg.acs2, BINDING_HTTP_POST)] if cfg.second_acs else [])
            sp = {
                "endpoints": {"assertion_consumer_service": acs},
                "allow_unsolicited": cfg.allow_unsolicited,
                "want_assertions_signed": cfg.want_assertions_signed,
                "want_response_signed": cfg.want_messages_signed,
                "want_assertions_or_response_signed": True,
                "authn_requests_signed": cfg.sign_requests,
                "name_id_format": [NAMEID_EMAIL],
                "name_id_format_allow_create": False,
            }
            conf = {
                "entityid": cfg.entity_id,
                "service": {"sp": sp},
                "metadata": {"inline": [cfg.idp.text()]},
                "xmlsec_binary": "/usr/bin/xmlsec1",
                "accepted_time_diff": 60,
                "allow_unknown_attributes": True,
                "signing_algorithm": SIG_RSA_SHA256,
            }
            if cfg.sp_key_path:
                conf["key_file"] = cfg.sp_key_path
                conf["cert_file"] = cfg.sp_cert_path
                conf["encryption_keypairs"] = [{"key_file": cfg.sp_key_path, "cert_file": cfg.sp_cert_path}]
            config = SPConfig()
            config.load(conf)
            client = Saml2Client(config=config)
            idps = list(client.metadata.identity_providers())
            if len(idps) != 1:
                raise Refused("idp_metadata_unusable", "%d IdPs in the metadata" % len(idps), status=502)
            self._idp_entity_id = idps[0]
            self._client = client
        return self._client

    def authn_request(self, relay_state):
        client = self.client()
        kwargs = {"sign": True, "sigalg": SIG_RSA_SHA256} if self.cfg.sign_requests else {}
        request_id, info = client.prepare_for_authenticate(
            entityid=self._idp_entity_id, relay_state=relay_state, binding=BINDING_HTTP_REDIRECT, **kwargs)
        location = dict(info["headers"])["Location"]
        return location, request_id

    def consume(self, saml_response, pending, acs_url):
        client = self.client()
        # conv_info turns on the Recipient check (against the ACS list and entity ID).
        conv_info = {"entity_id": self.cfg.entity_id, "remote_addr": "127.0.0.1", "request_uri": acs_url}
        resp = client.parse_authn_request_response(saml_response, BINDING_HTTP_POST,
                                                   outstanding=dict(pending), conv_info=conv_info)
        if resp is None or resp.assertion is None:
            raise Refused("invalid_response", "pysaml2 returned no assertion")
        name_id = resp.assertion.subject.name_id if resp.assertion.subject else None
        if name_id is None or not name_id.text:
            raise Refused("no_name_id", "no NameID in the assertion")
        return Login(name_id.text.strip(), resp.assertion.id, resp.not_on_or_after or None, resp.in_response_to)

