#!/usr/bin/python3
"""A target SP for `harness run --target-sp`: one of several independent SAML SPs on loopback.

Usage: target_sp.py KIND [--port N] (--idp-metadata FILE | --idp-metadata-url URL)
                         [--accounts EMAIL,EMAIL...] [options]

KIND: onelogin-careful, pysaml2-careful, lasso-careful, naive, lax, accept-nothing
(README.md in this folder says what each one is). When it listens it prints one
JSON line on stdout ({"ready": true, "base": ..., "metadata": ..., "login": ...,
"oracle": ...}); every decision is one JSON line on stderr. Exit 2 on a usage or
setup error. Run with Debian's /usr/bin/python3.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sp_common import App, IdpMetadata, Policy, Server  # noqa: E402

KINDS = ("onelogin-careful", "pysaml2-careful", "lasso-careful", "naive", "lax", "accept-nothing")


def make_validator(kind, cfg):
    if kind in ("onelogin-careful", "lax", "accept-nothing"):
        from kind_onelogin import OneLoginValidator
        return OneLoginValidator(cfg)
    if kind == "pysaml2-careful":
        from kind_pysaml2 import Pysaml2Validator
        return Pysaml2Validator(cfg)
    if kind == "lasso-careful":
        from kind_lasso import LassoValidator
        return LassoValidator(cfg)
    from kind_naive import NaiveValidator
    return NaiveValidator(cfg)


def make_policy(a):
    unsolicited = "allow" if a.allow_unsolicited else "refuse"
    if a.kind == "naive":
        return Policy(unsolicited="ignore", replay_cache=False)
    if a.kind == "lax":
        return Policy(unsolicited=unsolicited, relay="any", reflect_relay=True)
    if a.kind == "accept-nothing":
        return Policy(accept_nothing=True)
    return Policy(unsolicited=unsolicited)


def build_parser():
    p = argparse.ArgumentParser(prog="target_sp.py", description=__doc__.split("\n\n")[0])
    p.add_argument("kind", choices=KINDS)
    p.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: a free one)")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--idp-metadata", metavar="FILE", help="the IdP's SAML metadata")
    src.add_argument("--idp-metadata-url", metavar="URL", help="the same, fetched at the first login")
    p.add_argument("--accounts", default="mallory@acme.test,carol@acme.test",
                   help="comma-separated emails with an account here; anyone else gets 403 'no account'")
    p.add_argument("--entity-id", help="the SP's entity ID (default: BASE/saml/metadata)")
    p.add_argument("--cookie-name", default="session", help="the session cookie's name")
    p.add_argument("--cookie-samesite", default="Lax", choices=("Lax", "Strict", "None"))
    p.add_argument("--sp-cert", help="PEM certificate published in the metadata (signing, encryption)")
    p.add_argument("--sp-key", help="its private key (decrypts assertions, signs requests)")
    p.add_argument("--sign-requests", action="store_true", help="sign AuthnRequests (needs --sp-key)")
    p.add_argument("--want-assertions-signed", action=argparse.BooleanOptionalAction, default=True,
                   help="require a signed Assertion (default: yes; Okta signs both)")
    p.add_argument("--want-messages-signed", action=argparse.BooleanOptionalAction, default=True,
                   help="require a signed Response (default: yes)")
    p.add_argument("--allow-unsolicited", action="store_true",
                   help="also accept IdP-initiated (unsolicited) responses; a solicited one must still "
                        "answer a request of this browser")
    p.add_argument("--lasso-bare", action="store_true",
                   help="lasso-careful without the checks the SP adds to Lasso's (for probes.py)")
    p.add_argument("--second-acs", action="store_true", help="also publish /saml/acs2 (index 1)")
    bad = p.add_argument_group("misbehaviour, for the harness's bad-input tests")
    bad.add_argument("--oracle-always-200", action="store_true", help="/whoami names a user to everyone")
    bad.add_argument("--hang-acs", type=float, default=0.0, metavar="SECONDS", help="the ACS sleeps first")
    bad.add_argument("--redirect-loop", action="store_true", help="/saml/login redirects to itself")
    bad.add_argument("--bad-metadata", action="store_true", help="metadata without an HTTP-POST ACS")
    return p


class Config:
    """Everything the SP and its validator read, resolved once at start."""

    def __init__(self, a, base):
        self.kind = a.kind
        self.base = base
        self.entity_id = a.entity_id or base + "/saml/metadata"
        self.acs = base + "/saml/acs"
        self.acs2 = base + "/saml/acs2"
        self.second_acs = a.second_acs
        self.accounts = [x for x in a.accounts.split(",") if x.strip()]
        self.cookie_name = a.cookie_name
        self.cookie_samesite = a.cookie_samesite
        self.sp_cert_path = os.path.abspath(a.sp_cert) if a.sp_cert else None
        self.sp_key_path = os.path.abspath(a.sp_key) if a.sp_key else None
        self.sp_cert_pem = open(a.sp_cert).read() if a.sp_cert else None
        self.sp_key_pem = open(a.sp_key).read() if a.sp_key else None
        self.sign_requests = a.sign_requests
        self.want_assertions_signed = a.want_assertions_signed
        self.want_messages_signed = a.want_messages_signed
        self.oracle_always_200 = a.oracle_always_200
        self.hang_acs = a.hang_acs
        self.redirect_loop = a.redirect_loop
        self.bad_metadata = a.bad_metadata
        self.allow_unsolicited = a.allow_unsolicited
        self.lasso_bare = a.lasso_bare
        self.idp = IdpMetadata(path=a.idp_metadata, url=a.idp_metadata_url)


def main(argv=None):
    a = build_parser().parse_args(argv)
    if bool(a.sp_cert) != bool(a.sp_key):
        sys.stderr.write("target_sp.py: --sp-cert and --sp-key go together\n")
        return 2
    if a.sign_requests and not a.sp_key:
        sys.stderr.write("target_sp.py: --sign-requests needs --sp-cert and --sp-key\n")
        return 2
    if a.sign_requests and a.kind == "naive":
        sys.stderr.write("target_sp.py: the naive SP does not sign requests\n")
        return 2
    try:
        server = Server(None, a.port)
        base = "http://127.0.0.1:%d" % server.server_address[1]
        cfg = Config(a, base)
        server.app = App(cfg, make_validator(a.kind, cfg), make_policy(a))
    except (OSError, ValueError, ImportError) as e:
        sys.stderr.write("target_sp.py: %s\n" % e)
        return 2
    ready = {"ready": True, "kind": a.kind, "base": base, "entity_id": cfg.entity_id,
             "metadata": base + "/saml/metadata", "login": base + "/saml/login", "acs": cfg.acs,
             "oracle": base + "/whoami"}
    sys.stdout.write(json.dumps(ready) + "\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
