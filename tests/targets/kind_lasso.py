"""SP kind `lasso-careful` on Lasso (Debian's python3-lasso 2.8.1, C on libxml2 + xmlsec).

Configured as a careful user configures it (README.md in this folder): the
Login state of every AuthnRequest kept (Lasso's own dump) and restored for
the response that answers it, so Lasso checks InResponseTo; the signature
verify hint FORCE (a valid signature is required, Lasso's default "MAYBE"
verifies one only when present); acceptSso, then the assertion's Conditions
(time window and Audience) through validateConditions, which acceptSso does not
call. Lasso 2.8.1 itself does not look at the Response's Destination, the
bearer confirmation's Recipient or its NotOnOrAfter (probes.py, kind
lasso-bare), so a careful Lasso SP checks those itself (sp_checks below; off
with --lasso-bare). Lasso keeps no replay cache; the SP around it does
(sp_common.py). Lasso is not thread-safe: every call runs under one lock.
"""

import threading
import time

import lasso

from sp_common import Login, Refused, sp_metadata_xml
from kind_onelogin import peek_in_response_to


SKEW = 60  # seconds of clock skew allowed on the bearer confirmation's times


def sp_checks(login, assertion, acs_url):
    """What Lasso leaves to the SP: Destination (when present) and the bearer confirmation (SAML profiles 4.1.4.3)."""
    destination = login.response.destination
    if destination is not None and destination != acs_url:
        raise Refused("invalid_response", "Destination %s is not this ACS (%s)" % (destination, acs_url))
    sc = assertion.subject.subjectConfirmation if assertion.subject else None
    if sc is None or sc.method != lasso.SAML2_CONFIRMATION_METHOD_BEARER or sc.subjectConfirmationData is None:
        raise Refused("invalid_response", "no bearer SubjectConfirmation with data")
    data = sc.subjectConfirmationData
    if data.recipient != acs_url:
        raise Refused("invalid_response", "Recipient %s is not this ACS" % data.recipient)
    now = time.time()
    if not data.notOnOrAfter or _epoch(data.notOnOrAfter) + SKEW <= now:
        raise Refused("invalid_response", "bearer NotOnOrAfter %s missing or passed" % data.notOnOrAfter)
    if data.notBefore and _epoch(data.notBefore) - SKEW > now:
        raise Refused("invalid_response", "bearer NotBefore %s not reached" % data.notBefore)


def _epoch(saml_time):
    if not saml_time:
        return None
    return time.mktime(time.strptime(saml_time[:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone


class LassoValidator:
    decrypts = True  # Lasso decrypts an EncryptedAssertion with the server's encryption key

    def __init__(self, cfg):
        self.cfg = cfg
        self._server = None
        self._dumps = {}  # request ID -> Login dump (Lasso's state of that request)
        self._lock = threading.Lock()

    def server(self):
        """Built at the first login: the IdP metadata may come from a URL fetched lazily."""
        if self._server is None:
            cfg = self.cfg
            try:
                server = lasso.Server.newFromBuffers(sp_metadata_xml(cfg, self), cfg.sp_key_pem, None,
                                                     cfg.sp_cert_pem)
                if cfg.sp_key_path:
                    server.setEncryptionPrivateKey(cfg.sp_key_path)
                    server.signatureMethod = lasso.SIGNATURE_METHOD_RSA_SHA256  # Lasso's default is RSA-SHA1
                server.addProviderFromBuffer(lasso.PROVIDER_ROLE_IDP, cfg.idp.text())
            except lasso.Error as e:
                raise Refused("idp_metadata_unusable", "lasso: %s" % e, status=502)
            providers = list(server.providerIds)
            if len(providers) != 1:
                raise Refused("idp_metadata_unusable", "%d IdPs in the metadata" % len(providers), status=502)
            self._idp_entity_id = providers[0]
            self._server = server
        return self._server

    def authn_request(self, relay_state):
        with self._lock:
            login = lasso.Login(self.server())
            # Lasso signs requests unless told not to (before initAuthnRequest, which loads the key)
            if not self.cfg.sign_requests:
                login.setSignatureHint(lasso.PROFILE_SIGNATURE_HINT_FORBID)
            login.initAuthnRequest(self._idp_entity_id, lasso.HTTP_METHOD_REDIRECT)
            req = login.request
            req.nameIdPolicy.format = lasso.SAML2_NAME_IDENTIFIER_FORMAT_EMAIL
            req.nameIdPolicy.allowCreate = True
            req.protocolBinding = lasso.SAML2_METADATA_BINDING_POST
            login.msgRelayState = relay_state
            login.buildAuthnRequestMsg()
            request_id = req.iD
            self._dumps[request_id] = login.dump()
            if len(self._dumps) > 10000:  # bounded: the oldest go first
                for k in list(self._dumps)[:1000]:
                    del self._dumps[k]
            return login.msgUrl, request_id

    def consume(self, saml_response, pending, acs_url):
        claimed = peek_in_response_to(saml_response)
        with self._lock:
            server = self.server()
            dump = self._dumps.get(claimed) if claimed in pending else None
            login = lasso.Login.newFromDump(server, dump) if dump else lasso.Login(server)
            login.setSignatureVerifyHint(lasso.PROFILE_SIGNATURE_VERIFY_HINT_FORCE)
            try:
                login.processAuthnResponseMsg(saml_response)
                login.acceptSso()
            except lasso.Error as e:
                raise Refused("invalid_response", "%s: %s" % (type(e).__name__, e))
            assertion = login.assertion
            if assertion is None:
                raise Refused("invalid_response", "lasso: no assertion")
            state = assertion.validateConditions(self.cfg.entity_id)
            if state != lasso.SAML2_ASSERTION_VALID:
                raise Refused("invalid_response", "lasso validateConditions: %s (time window or audience)" % state)
            if not self.cfg.lasso_bare:
                sp_checks(login, assertion, acs_url)
            if self.cfg.want_assertions_signed:
                node = assertion.getOriginalXmlnode() or ""
                if "http://www.w3.org/2000/09/xmldsig#" not in node:
                    raise Refused("invalid_response", "the assertion is not signed")
            name_id = assertion.subject.nameID if assertion.subject else None
            if name_id is None or not name_id.content:
                raise Refused("no_name_id", "no NameID")
            conditions = assertion.conditions
            irt = login.response.inResponseTo
            if irt and dump:
                self._dumps.pop(irt, None)
            return Login(name_id.content.strip(), assertion.iD,
                         _epoch(conditions.notOnOrAfter if conditions else None), irt)
