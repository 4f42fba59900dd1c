"""`idp-mock serve|mint|init --sp-metadata` against SPs on python3-saml and pysaml2 (issue 22).

usage: quickstart_test.py IDP_MOCK SP_LOGIN WORK_DIR

  1. Two target SPs (target_sp.py: onelogin-careful signing its requests, pysaml2-careful) publish
     their metadata; one `idp-mock serve --sp-metadata URL --sp-metadata URL` serves both, and its
     start-up lines name, per app, the IdP metadata URL each SP was given, the entity IDs and users.
  2. An SP-initiated login for each through the harness's browser (SP_LOGIN, core/browser): carol
     reaches the SP's /app and its oracle names her; dave (deactivated in the demo directory) cannot
     sign in to Okta at all ("Unable to sign in", 401) and no Response is sent.
  3. `idp-mock mint --sp-metadata` (URL and file, plain and --encrypt) answers a request of the SP's
     and is accepted by the SP's library; `init -o` writes a tenant that mints the same bytes.
  4. Bad metadata and bad options exit 2 naming what is wrong.
Loopback only; every wait bounded; about 15 s.
"""

import faulthandler
import json
import os
import re
import select
import socket
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from selftest_lib import Browser, Failure, Sp, header, request_id_from_redirect  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CERT = os.path.join(ROOT, "certs", "sp.crt")
KEY = os.path.join(ROOT, "certs", "sp.key")
SEED_NOW = ["--seed", "3", "--now", "2026-03-01T12:00:00Z"]

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, timeout=30):
    r = subprocess.run(args, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout, r.stderr


def external_key(idp, entity_id):
    """The app's external key, as `init` writes it (the same derivation `serve` uses)."""
    rc, out, err = run([idp, "init", "--acs", "http://127.0.0.1:9/acs", "--audience", entity_id])
    m = re.search(r"^\s*external_key: (\S+)$", out, re.M)
    if rc != 0 or not m:
        raise Failure("init for %s: %d %s" % (entity_id, rc, err))
    return m.group(1)


def app_block(text, entity_id):
    """The start-up lines of the app made for `entity_id`, as a dict."""
    for block in text.split("\n  app ")[1:]:
        fields = dict(re.findall(r"^    (\S.*?\S)\s{2,}(\S.*)$", block, re.M))
        if fields.get("SP entity ID") == entity_id:
            return fields
    return {}


def login(sp_login, sp, user):
    rc, out, err = run([sp_login, sp.login + "?next=/app", user, "demo", sp.oracle])
    if rc not in (0, 1):
        raise Failure("sp_login: %d %s" % (rc, err))
    return rc, json.loads(out)


def minted_login(idp, sp, metadata, *extra):
    """The SP's AuthnRequest answered by `mint --sp-metadata`; the oracle's answer after the POST."""
    b = Browser("mint-" + sp.kind)
    status, headers, _ = b.get(sp.login + "?next=/app")
    location = header(headers, "Location") or ""
    if status != 302:
        raise Failure("%s /saml/login answered %d" % (sp.kind, status))
    request_id, relay, _ = request_id_from_redirect(location)
    rc, form, err = run([idp, "mint", "--sp-metadata", metadata, "--user", "carol@acme.test",
                         "--in-response-to", request_id, "--form"] + list(extra))
    if rc != 0:
        return rc, err, None
    fields = dict(urllib.parse.parse_qsl(form.strip()))
    fields["RelayState"] = relay or "/app"
    status, _, body = b.post(sp.acs, fields)
    oracle = b.get(sp.oracle)
    return status, body, oracle


def error_cases(idp, sp, work):
    def exits_2(args, needle, what):
        rc, out, err = run([idp] + args)
        check(rc == 2 and needle in err and out == "", "%s: exit 2 naming %r (got %d: %s)" %
              (what, needle, rc, err.strip()[:300]))

    rc, xml, err = run([idp, "mint", "--acs", "http://127.0.0.1:9/acs", "--audience", "urn:no-metadata",
                        "--user", "carol@acme.test"])
    check(rc == 0 and 'Destination="http://127.0.0.1:9/acs"' in xml and ">urn:no-metadata</saml2:Audience>" in xml,
          "mint --acs --audience: a Response for an SP without metadata (%s)" % err.strip())
    closed = free_port()
    exits_2(["serve", "--port", "0", "--sp-metadata", "http://127.0.0.1:%d/saml/metadata" % closed],
            "cannot fetch", "unreachable metadata URL")
    exits_2(["serve", "--port", "0", "--sp-metadata", sp.base + "/nothing-here"], "answered HTTP 404",
            "metadata URL answering 404")
    with Sp("onelogin-careful", "http://127.0.0.1:9/md", "--bad-metadata", accounts="carol@acme.test",
            metadata_flag="--idp-metadata-url") as bad:
        exits_2(["serve", "--port", "0", "--sp-metadata", bad.metadata], "no AssertionConsumerService with Binding",
                "metadata without an HTTP-POST ACS (the SP's --bad-metadata)")
    doctype = os.path.join(work, "doctype.xml")
    with open(doctype, "w") as f:
        f.write('<!DOCTYPE x [<!ENTITY e "x">]><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"'
                ' entityID="urn:x"/>')
    exits_2(["mint", "--sp-metadata", doctype, "--user", "carol@acme.test"], "xml_doctype", "a DOCTYPE")
    exits_2(["init", "--sp-metadata", os.path.join(work, "missing.xml")], "cannot read", "a missing file")
    exits_2(["serve", "--port", "0", "--sp-metadata", "https://127.0.0.1:1/md"], "https:// is not fetched",
            "an https:// URL")
    exits_2(["serve", "--port", "0", "--config", os.path.join(ROOT, "idp-mock/examples/acme.yaml"),
             "--sp-metadata", sp.metadata], "alternatives", "--config with --sp-metadata")
    exits_2(["serve", "--port", "0", "--acs", "http://127.0.0.1:9/acs"], "--acs needs --audience", "--acs alone")
    exits_2(["init", "--acs", "http://127.0.0.1:9/acs", "--audience", "urn:x", "--encrypt"],
            "--encrypt needs", "--encrypt without metadata")


def main():
    faulthandler.dump_traceback_later(25)
    idp, sp_login, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    port = None
    kinds = {"onelogin-careful": ["--sp-cert", CERT, "--sp-key", KEY, "--sign-requests"],
             "pysaml2-careful": ["--sp-cert", CERT, "--sp-key", KEY]}
    sps, idp_proc = [], None
    try:
        port = free_port()
        for kind, extra in kinds.items():
            entity = "urn:samlh:quickstart:" + kind
            md_url = "http://127.0.0.1:%d/app/%s/sso/saml/metadata" % (port, external_key(idp, entity))
            sp = Sp(kind, md_url, "--entity-id", entity, *extra, accounts="carol@acme.test,dave@acme.test", cookie="session",
                    metadata_flag="--idp-metadata-url")
            sp.idp_metadata_url = md_url
            sps.append(sp)
        args = []
        for sp in sps:
            args += ["--sp-metadata", sp.metadata]
        # the port the SPs were told; another process may take it first (then start_idp's retry
        # cannot help: the SPs know this port, so the test fails loudly rather than flakily passing)
        idp_log = open(os.path.join(work, "idp-mock.err"), "wb")
        idp_proc = subprocess.Popen([idp, "serve", "--port", str(port)] + args, stdout=subprocess.PIPE,
                                    stderr=idp_log, stdin=subprocess.DEVNULL)
        text, deadline = "", time.time() + 20
        while time.time() < deadline and "control API" not in text:
            ready, _, _ = select.select([idp_proc.stdout], [], [], max(0.0, deadline - time.time()))
            chunk = os.read(idp_proc.stdout.fileno(), 65536) if ready else b""
            if not chunk:
                break
            text += chunk.decode("utf-8", "replace")
        if "control API" not in text:
            raise Failure("idp-mock serve did not start: " + text + open(idp_log.name).read()[-2000:])
        print(text, end="")

        for sp in sps:
            fields = app_block(text, sp.entity_id)
            check(fields.get("IdP metadata URL") == sp.idp_metadata_url,
                  "%s: the start-up lines name the IdP metadata URL the SP was given" % sp.kind)
            check(fields.get("SP ACS URL") == sp.acs, "%s: the SP's ACS is the Single sign-on URL" % sp.kind)
            check("carol@acme.test" in fields.get("users to try", "") and
                  "password demo" in fields.get("users to try", ""), "%s: users to try listed" % sp.kind)
            check(fields.get("IdP SSO URL", "").startswith("http://127.0.0.1:%d/app/acme_" % port),
                  "%s: an Okta-shaped SSO URL" % sp.kind)

            rc, r = login(sp_login, sp, "carol@acme.test")
            check(rc == 0 and json.loads(r["oracle_body"]).get("email") == "carol@acme.test" and
                  sp.acs in r["chain"] and any(u.startswith(fields.get("IdP SSO URL", "-") + "?SAMLRequest=")
                                               for u in r["chain"]),
                  "%s: SP-initiated login through the harness browser (%s)" % (sp.kind, r["chain"][-1:]))
            rc, r = login(sp_login, sp, "dave@acme.test")
            check(rc == 1 and r["status"] == 401 and sp.acs not in r["chain"],
                  "%s: a deactivated user cannot sign in (401, Okta's Unable to sign in) and no Response (%s %s)"
                  % (sp.kind, rc, r.get("status")))
            decisions = [d for d in sp.decisions() if d.get("event") == "acs"]
            check([d["verdict"] for d in decisions] == ["accepted"], "%s: the SP's library accepted exactly "
                  "the one Response (%s)" % (sp.kind, decisions))

            md_file = os.path.join(work, sp.kind + "-metadata.xml")
            with open(md_file, "w") as f:
                f.write(Browser("md").get(sp.metadata)[2])
            for source, extra in ((sp.metadata, []), (md_file, ["--encrypt"])):
                status, body, oracle = minted_login(idp, sp, source, *extra)
                check(status == 303 and oracle[0] == 200 and "carol@acme.test" in oracle[2],
                      "%s: mint --sp-metadata %s %s accepted by the library (%s %s)" %
                      (sp.kind, "URL" if source == sp.metadata else "FILE", " ".join(extra), status,
                       str(body)[:200]))

            tenant = os.path.join(work, sp.kind + "-tenant.yaml")
            rc, _, err = run([idp, "init", "--sp-metadata", md_file, "-o", tenant])
            app = re.search(r"^  - name: (\S+)$", open(tenant).read(), re.M).group(1) if rc == 0 else ""
            rc1, a, _ = run([idp, "mint", "--config", tenant, "--app", app, "--user", "carol@acme.test"] + SEED_NOW)
            rc2, b, _ = run([idp, "mint", "--sp-metadata", md_file, "--user", "carol@acme.test"] + SEED_NOW)
            signed = "signed_requests: true" in open(tenant).read() if rc == 0 else None
            check(signed == ("--sign-requests" in kinds[sp.kind]),
                  "%s: Signed Requests on exactly when the metadata says AuthnRequestsSigned" % sp.kind)
            check(rc == 0 and rc1 == 0 and rc2 == 0 and a == b and a.startswith("<?xml"),
                  "%s: init -o writes a tenant that mints the same bytes as --sp-metadata (%s)" % (sp.kind, err))

        error_cases(idp, sps[0], work)
    except Failure as e:
        failures.append(str(e))
        print("FAIL " + str(e))
    finally:
        if idp_proc is not None:
            idp_proc.terminate()
            idp_proc.wait(10)
            idp_proc.stdout.close()
        for sp in sps:
            sp.stop()
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
